import { sql, type RawBuilder } from 'kysely';
import { newId } from '../../../platform/db/ids.js';
import type { Executor } from '../../../platform/db/types.js';
import { enqueueJobsSql } from '../../../platform/jobs/queue.js';
import type { CampaignRow, DonorRow, GiftRow, GiftStatus, NewCampaignRow, NewGiftRow, PageRow } from './schema.js';

export type OrgRef = { id: string; slug: string; nameEn: string; nameFr: string; kind: string; craRegistrationNumber: string | null };

/** The organization (shared kernel) a fundraising URL names. */
export const findOrganizationBySlug = (ex: Executor, slug: string): Promise<OrgRef | undefined> =>
  ex.selectFrom('identityOrganizations').select(['id', 'slug', 'nameEn', 'nameFr', 'kind', 'craRegistrationNumber']).where('slug', '=', slug).executeTakeFirst();

export const findOrganizationById = (ex: Executor, id: string): Promise<OrgRef | undefined> =>
  ex.selectFrom('identityOrganizations').select(['id', 'slug', 'nameEn', 'nameFr', 'kind', 'craRegistrationNumber']).where('id', '=', id).executeTakeFirst();

// ---- Campaigns ----

/** A campaign's tallies (aliased `t`) summed: its total. */
const TALLY_SUMS = [sql<number>`coalesce(sum(t.raised_cents), 0)::bigint`.as('raisedCents'), sql<number>`coalesce(sum(t.gift_count), 0)::bigint`.as('giftCount')] as const;

/** Campaigns (aliased `c`) with their totals: the sums of their tallies, read once per campaign. */
const campaignsWithTotals = (ex: Executor) =>
  ex
    .selectFrom('fundraisingCampaigns as c')
    .innerJoinLateral((eb) => eb.selectFrom('fundraisingCampaignTallies as t').select(TALLY_SUMS).whereRef('t.campaignId', '=', 'c.id').as('totals'), (join) => join.onTrue())
    .selectAll('c')
    .select(['totals.raisedCents', 'totals.giftCount']);

export const findCampaignBySlug = (ex: Executor, organizationId: string, slug: string): Promise<CampaignRow | undefined> =>
  campaignsWithTotals(ex).where('c.organizationId', '=', organizationId).where('c.slug', '=', slug).executeTakeFirst();

export const findCampaignById = (ex: Executor, organizationId: string, id: string): Promise<CampaignRow | undefined> =>
  campaignsWithTotals(ex).where('c.organizationId', '=', organizationId).where('c.id', '=', id).executeTakeFirst();

export const listCampaigns = (ex: Executor, organizationId: string): Promise<CampaignRow[]> =>
  campaignsWithTotals(ex).where('c.organizationId', '=', organizationId).orderBy('c.startsOn', 'desc').orderBy('c.id', 'desc').execute();

export async function insertCampaign(ex: Executor, row: NewCampaignRow): Promise<void> {
  await ex.insertInto('fundraisingCampaigns').values(row).execute();
}

export async function updateCampaign(ex: Executor, organizationId: string, id: string, set: Partial<Omit<NewCampaignRow, 'id' | 'organizationId' | 'raisedCents' | 'giftCount'>>): Promise<void> {
  await ex.updateTable('fundraisingCampaigns').set({ ...set, updatedAt: new Date() }).where('organizationId', '=', organizationId).where('id', '=', id).execute();
}

/** A campaign's total: the sum of its tallies. */
export async function campaignTotals(ex: Executor, campaignId: string): Promise<{ raisedCents: number; giftCount: number }> {
  const row = await ex.selectFrom('fundraisingCampaignTallies as t').select(TALLY_SUMS).where('t.campaignId', '=', campaignId).executeTakeFirstOrThrow();
  return { raisedCents: Number(row.raisedCents), giftCount: Number(row.giftCount) };
}

/** Slots a campaign's total is kept in; enough for the commits of a surge to proceed side by side. */
export const TALLY_SLOTS = 16;

/**
 * One atomic increment of one of the campaign's tallies, chosen at random, so concurrent
 * confirmations never lose an update to the total and rarely wait for one another's commit.
 */
export async function addToCampaignTotal(ex: Executor, campaignId: string, cents: number, gifts: number, slot = Math.floor(Math.random() * TALLY_SLOTS)): Promise<void> {
  await ex
    .insertInto('fundraisingCampaignTallies')
    .values({ campaignId, slot, raisedCents: cents, giftCount: gifts })
    .onConflict((oc) =>
      oc.columns(['campaignId', 'slot']).doUpdateSet({
        raisedCents: sql`fundraising_campaign_tallies.raised_cents + excluded.raised_cents`,
        giftCount: sql`fundraising_campaign_tallies.gift_count + excluded.gift_count`,
      }),
    )
    .execute();
}

// ---- A gift's success or reversal: each one statement ----

/** The names of the jobs a gift's success queues (their handlers live in the services). */
export type SuccessJobs = { confirmed: string; receipt: string; textLinkPaid: string };

/**
 * Data-modifying CTEs over `changed` (the gift a statement just moved, one row at most): the
 * campaign's tally (one slot chosen at random), the gift's page and that page's team, each moved
 * by `sign` times the gift.
 */
const totalsMoves = (sign: 1 | -1, now: Date): RawBuilder<unknown> => sql`
  tallied as (
    insert into fundraising_campaign_tallies (campaign_id, slot, raised_cents, gift_count)
    select campaign_id, ${Math.floor(Math.random() * TALLY_SLOTS)}::int, ${sign}::int * amount_cents, ${sign}::int from changed
    on conflict (campaign_id, slot) do update set
      raised_cents = fundraising_campaign_tallies.raised_cents + excluded.raised_cents,
      gift_count = fundraising_campaign_tallies.gift_count + excluded.gift_count
  ),
  paged as (
    update fundraising_pages p set raised_cents = p.raised_cents + ${sign}::int * c.amount_cents, gift_count = p.gift_count + ${sign}::int, updated_at = ${now}
    from changed c join fundraising_pages own on own.id = c.page_id
    where p.id in (own.id, own.team_id)
  )`;

/**
 * For the gift `c`, when it was paid online through a text message's link, the payload its
 * pledge's jobs carry ({ organizationId, campaignId, giftId, pledgeId, amountCents }); null for
 * any other gift (a text gift billed by the carrier was recorded from its pledge already).
 */
const TEXT_LINK_PAYLOAD = sql`case when c.channel = 'text' and c.method <> 'text' and c.reference is not null
  then jsonb_build_object('organizationId', c.organization_id, 'campaignId', c.campaign_id, 'giftId', c.id, 'pledgeId', c.reference, 'amountCents', c.amount_cents) end`;

/**
 * A data-modifying CTE queuing, for the gift in `changed` (`c`), each (id, name, payload) row of
 * `rows` whose payload is not null, deduplicated by "name:giftId".
 */
const queuedJobs = (rows: RawBuilder<unknown>): RawBuilder<unknown> => sql`
  queued as (${enqueueJobsSql(sql`
    select j.id, j.name, j.payload, j.name || ':' || c.id from changed c
    cross join lateral (values ${rows}) as j(id, name, payload)
    where j.payload is not null`)})`;

/**
 * What a gift's success sets going, over `changed`: the thank-you and the receipt jobs
 * (payload { giftId, organizationId }), for a gift paid through a text message's link the job
 * that tells its pledge; then the totals.
 */
const successMoves = (jobs: SuccessJobs, now: Date): RawBuilder<unknown> => sql`
  ${queuedJobs(sql`
    (${newId()}::uuid, ${jobs.confirmed}::text, jsonb_build_object('giftId', c.id, 'organizationId', c.organization_id)),
    (${newId()}::uuid, ${jobs.receipt}::text, jsonb_build_object('giftId', c.id, 'organizationId', c.organization_id)),
    (${newId()}::uuid, ${jobs.textLinkPaid}::text, ${TEXT_LINK_PAYLOAD})`)},
  ${totalsMoves(1, now)}`;

/** A gift just recorded as succeeded (offline, by text, a month of a monthly gift): its jobs and totals. */
export async function applyGiftSuccess(ex: Executor, giftId: string, jobs: SuccessJobs): Promise<void> {
  await sql`with changed as (select * from fundraising_gifts where id = ${giftId}), ${successMoves(jobs, new Date())} select 1`.execute(ex);
}

/** The names of the jobs a gift's refund or dispute queues (their handlers live in the services). */
export type ReversalJobs = { receiptCancel: string; textLinkReversed: string };

/**
 * A gift just refunded or disputed, in one statement: the job that cancels its receipt (payload
 * { giftId, organizationId, reason }), for a gift paid through a text message's link the job that
 * tells its pledge (the pledge payload and the reason), and the gift off its campaign's, page's
 * and team's totals.
 */
export async function applyGiftReversal(ex: Executor, giftId: string, jobs: ReversalJobs, reason: 'refunded' | 'disputed'): Promise<void> {
  await sql`with changed as (select * from fundraising_gifts where id = ${giftId}),
    ${queuedJobs(sql`
      (${newId()}::uuid, ${jobs.receiptCancel}::text, jsonb_build_object('giftId', c.id, 'organizationId', c.organization_id, 'reason', ${reason}::text)),
      (${newId()}::uuid, ${jobs.textLinkReversed}::text, ${TEXT_LINK_PAYLOAD} || jsonb_build_object('reason', ${reason}::text))`)},
    ${totalsMoves(-1, new Date())}
    select 1`.execute(ex);
}

export type SucceededOutcome = 'succeeded' | 'no_change' | 'unknown_gift' | 'replayed';

/**
 * A verified "payment succeeded" event naming a gift, applied in one statement: unless this
 * event was recorded before, the gift moves from pending (or failed) to succeeded with the jobs
 * and totals that follow, and the event is recorded with what it did. Concurrent deliveries of
 * one event queue on the gift's row lock and the event's key, so it applies once.
 */
export async function succeedGiftFromEvent(ex: Executor, e: { eventId: string; gateway: 'stripe' | 'test'; type: string; giftId: string; intentId: string | null }, jobs: SuccessJobs): Promise<SucceededOutcome> {
  const now = new Date();
  const r = await sql<{ outcome: Exclude<SucceededOutcome, 'replayed'> }>`
    with changed as (
      update fundraising_gifts set status = 'succeeded', succeeded_at = ${now}, updated_at = ${now}, gateway_intent_id = coalesce(${e.intentId}::text, gateway_intent_id)
      where id = ${e.giftId} and status in ('pending', 'failed')
        and not exists (select 1 from fundraising_payment_events where event_id = ${e.eventId})
      returning *
    ),
    ${successMoves(jobs, now)},
    recorded as (
      insert into fundraising_payment_events (event_id, gateway, type, gift_id, outcome)
      select ${e.eventId}, ${e.gateway}, ${e.type}, g.id,
        case when exists (select 1 from changed) then 'succeeded' when g.id is null then 'unknown_gift' else 'no_change' end
      from (values (${e.giftId}::uuid)) as wanted (id) left join fundraising_gifts g on g.id = wanted.id
      on conflict (event_id) do nothing
      returning outcome
    )
    select outcome from recorded`.execute(ex);
  return r.rows[0]?.outcome ?? 'replayed';
}

// ---- Gifts ----

export async function insertGift(ex: Executor, row: NewGiftRow): Promise<void> {
  await ex.insertInto('fundraisingGifts').values(row).execute();
}

export const findGiftById = (ex: Executor, organizationId: string, id: string): Promise<GiftRow | undefined> =>
  ex.selectFrom('fundraisingGifts').selectAll().where('organizationId', '=', organizationId).where('id', '=', id).executeTakeFirst();

/**
 * The gift a verified gateway event names (the event's organization is the gift's own): by our
 * id, else by its PaymentIntent — kept on the gift, or (a month of a monthly gift) through the
 * invoice that intent paid.
 */
export async function findGiftForEvent(ex: Executor, ref: { giftId: string | null; intentId: string | null }): Promise<GiftRow | undefined> {
  if (ref.giftId) return ex.selectFrom('fundraisingGifts').selectAll().where('id', '=', ref.giftId).executeTakeFirst();
  if (!ref.intentId) return undefined;
  const direct = await ex.selectFrom('fundraisingGifts').selectAll().where('gatewayIntentId', '=', ref.intentId).executeTakeFirst();
  if (direct) return direct;
  return ex
    .selectFrom('fundraisingGifts as g')
    .innerJoin('fundraisingInvoicePayments as p', (j) => j.onRef('p.gateway', '=', 'g.gateway').onRef('p.invoiceId', '=', 'g.gatewayPaymentId'))
    .selectAll('g')
    .where('p.intentId', '=', ref.intentId)
    .where('g.monthlyGiftId', 'is not', null)
    .executeTakeFirst();
}

/** Records which PaymentIntent paid an invoice (once; a replay or a second event changes nothing). */
export async function recordInvoicePayment(ex: Executor, row: { gateway: 'stripe' | 'test'; intentId: string; invoiceId: string; eventId: string }): Promise<void> {
  await ex.insertInto('fundraisingInvoicePayments').values(row).onConflict((oc) => oc.columns(['gateway', 'intentId']).doNothing()).execute();
}

/** The PaymentIntent that paid an invoice, when a verified event said so. */
export async function findInvoiceIntent(ex: Executor, gateway: 'stripe' | 'test', invoiceId: string): Promise<string | null> {
  const row = await ex.selectFrom('fundraisingInvoicePayments').select('intentId').where('gateway', '=', gateway).where('invoiceId', '=', invoiceId).orderBy('createdAt').executeTakeFirst();
  return row?.intentId ?? null;
}

/** Gifts about to be receipted, held (shared) until the caller's commit so none turns refunded meanwhile. */
export const lockGiftsForReceipt = (ex: Executor, ids: string[]): Promise<GiftRow[]> =>
  ids.length === 0 ? Promise.resolve([]) : ex.selectFrom('fundraisingGifts').selectAll().where('id', 'in', ids).orderBy('id').forShare().execute();

export const findGiftByIdempotencyKey = (ex: Executor, organizationId: string, key: string): Promise<GiftRow | undefined> =>
  ex.selectFrom('fundraisingGifts').selectAll().where('organizationId', '=', organizationId).where('idempotencyKey', '=', key).executeTakeFirst();

/** Whether a text message's link (its pledge, `reference`) already made a gift that was paid: a link makes one text gift. */
export async function textRefAlreadyPaid(ex: Executor, organizationId: string, ref: string): Promise<boolean> {
  const row = await ex
    .selectFrom('fundraisingGifts')
    .select('id')
    .where('organizationId', '=', organizationId)
    .where('channel', '=', 'text')
    .where('reference', '=', ref)
    .where('status', 'in', ['succeeded', 'refunded', 'disputed'])
    .executeTakeFirst();
  return row !== undefined;
}

export async function setGiftPayment(ex: Executor, id: string, paymentId: string): Promise<void> {
  await ex.updateTable('fundraisingGifts').set({ gatewayPaymentId: paymentId, updatedAt: new Date() }).where('id', '=', id).execute();
}

/**
 * Moves a gift from one of `from` to `to`, and says whether this call did it: the row lock
 * makes concurrent or replayed confirmations apply once.
 */
export async function transitionGift(ex: Executor, id: string, from: GiftStatus[], to: GiftStatus, set: Partial<Pick<GiftRow, 'succeededAt' | 'gatewayIntentId' | 'donorId'>> = {}): Promise<GiftRow | undefined> {
  return ex
    .updateTable('fundraisingGifts')
    .set({ ...set, status: to, updatedAt: new Date() })
    .where('id', '=', id)
    .where('status', 'in', from)
    .returningAll()
    .executeTakeFirst();
}

export async function setGiftDonor(ex: Executor, id: string, donorId: string): Promise<void> {
  await ex.updateTable('fundraisingGifts').set({ donorId }).where('id', '=', id).execute();
}

export type WallEntry = { wallDisplay: 'name' | 'anonymous'; wallName: string | null; donorFirstName: string; donorLastName: string; wallMessage: string | null; succeededAt: Date | null };

/** The donor wall: succeeded gifts whose donors did not ask to be hidden, newest first. */
export const listWall = (ex: Executor, organizationId: string, campaignId: string, limit: number): Promise<WallEntry[]> =>
  ex
    .selectFrom('fundraisingGifts')
    .select(['wallDisplay', 'wallName', 'donorFirstName', 'donorLastName', 'wallMessage', 'succeededAt'])
    .where('organizationId', '=', organizationId)
    .where('campaignId', '=', campaignId)
    .where('status', '=', 'succeeded')
    .where('wallDisplay', '<>', 'hidden')
    .orderBy('succeededAt', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute() as Promise<WallEntry[]>;

/** The donor wall of one peer-to-peer page. */
export const listPageWall = (ex: Executor, organizationId: string, pageId: string, limit: number): Promise<WallEntry[]> =>
  ex
    .selectFrom('fundraisingGifts')
    .select(['wallDisplay', 'wallName', 'donorFirstName', 'donorLastName', 'wallMessage', 'succeededAt'])
    .where('organizationId', '=', organizationId)
    .where('pageId', '=', pageId)
    .where('status', '=', 'succeeded')
    .where('wallDisplay', '<>', 'hidden')
    .orderBy('succeededAt', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute() as Promise<WallEntry[]>;

export const listGiftsForAccount = (ex: Executor, accountId: string): Promise<(GiftRow & { campaignTitleEn: string; campaignTitleFr: string; orgSlug: string })[]> =>
  ex
    .selectFrom('fundraisingGifts as g')
    .innerJoin('fundraisingCampaigns as c', 'c.id', 'g.campaignId')
    .innerJoin('identityOrganizations as o', 'o.id', 'g.organizationId')
    .selectAll('g')
    .select(['c.titleEn as campaignTitleEn', 'c.titleFr as campaignTitleFr', 'o.slug as orgSlug'])
    .where('g.accountId', '=', accountId)
    .where('g.status', 'in', ['succeeded', 'refunded', 'disputed'])
    .orderBy('g.receivedOn', 'desc')
    .orderBy('g.id', 'desc')
    .limit(500)
    .execute();

// ---- Donors ----

type DonorFields = Pick<DonorRow, 'email' | 'firstName' | 'middleInitial' | 'lastName' | 'addressLine1' | 'addressLine2' | 'city' | 'province' | 'postalCode' | 'country' | 'language'>;

/**
 * The donor record a confirmed gift belongs to: the account's own when given signed in,
 * otherwise the guest record with the same e-mail. A guest record is never attached to an
 * account here: that takes the account holder's own step.
 */
export async function upsertDonor(ex: Executor, input: { id: string; organizationId: string; accountId: string | null } & DonorFields): Promise<string> {
  const values = sql.join([
    sql`${input.id}`, sql`${input.organizationId}`, sql`${input.accountId}`, sql`${input.email}`, sql`${input.firstName}`, sql`${input.middleInitial}`, sql`${input.lastName}`,
    sql`${input.addressLine1}`, sql`${input.addressLine2}`, sql`${input.city}`, sql`${input.province}`, sql`${input.postalCode}`, sql`${input.country}`, sql`${input.language}`,
  ]);
  const target = input.accountId ? sql`(organization_id, account_id) where account_id is not null` : sql`(organization_id, lower(email)) where account_id is null and email <> ''`;
  if (!input.accountId && input.email === '') {
    const { id, organizationId, accountId, ...fields } = input;
    await ex.insertInto('fundraisingDonors').values({ id, organizationId, accountId, ...fields }).execute();
    return id;
  }
  const r = await sql<{ id: string }>`
    insert into fundraising_donors (id, organization_id, account_id, email, first_name, middle_initial, last_name, address_line1, address_line2, city, province, postal_code, country, language)
    values (${values})
    on conflict ${target} do update set
      email = excluded.email, first_name = excluded.first_name, middle_initial = excluded.middle_initial, last_name = excluded.last_name,
      address_line1 = excluded.address_line1, address_line2 = excluded.address_line2, city = excluded.city, province = excluded.province,
      postal_code = excluded.postal_code, country = excluded.country, language = excluded.language, updated_at = now()
    returning id`.execute(ex);
  return r.rows[0]!.id;
}

// ---- Payment events ----

/** Records a verified event once; false when it was already recorded (a replay). */
export async function recordPaymentEvent(ex: Executor, e: { eventId: string; gateway: 'stripe' | 'test'; type: string; giftId: string | null; outcome: string }): Promise<boolean> {
  const r = await ex.insertInto('fundraisingPaymentEvents').values(e).onConflict((oc) => oc.column('eventId').doNothing()).returning('eventId').executeTakeFirst();
  return r !== undefined;
}

export async function setPaymentEventOutcome(ex: Executor, eventId: string, outcome: string, giftId: string | null): Promise<void> {
  await ex.updateTable('fundraisingPaymentEvents').set({ outcome, giftId }).where('eventId', '=', eventId).execute();
}

// ---- Peer-to-peer pages ----

export const findPageBySlug = (ex: Executor, organizationId: string, campaignId: string, slug: string): Promise<PageRow | undefined> =>
  ex.selectFrom('fundraisingPages').selectAll().where('organizationId', '=', organizationId).where('campaignId', '=', campaignId).where('slug', '=', slug).executeTakeFirst();

export const findPageById = (ex: Executor, id: string): Promise<PageRow | undefined> => ex.selectFrom('fundraisingPages').selectAll().where('id', '=', id).executeTakeFirst();

export const listTeams = (ex: Executor, organizationId: string, campaignId: string): Promise<PageRow[]> =>
  ex.selectFrom('fundraisingPages').selectAll().where('organizationId', '=', organizationId).where('campaignId', '=', campaignId).where('kind', '=', 'team').orderBy('title').execute();

/** Pages of a campaign by amount raised: the leaderboard. */
export const listLeaders = (ex: Executor, organizationId: string, campaignId: string, kind: 'personal' | 'team', limit: number): Promise<PageRow[]> =>
  ex.selectFrom('fundraisingPages').selectAll().where('organizationId', '=', organizationId).where('campaignId', '=', campaignId).where('kind', '=', kind).orderBy('raisedCents', 'desc').orderBy('id').limit(limit).execute();

export async function insertPage(ex: Executor, row: Omit<PageRow, 'raisedCents' | 'giftCount' | 'createdAt' | 'updatedAt' | 'photoObjectId' | 'photoAlt'>): Promise<void> {
  await ex.insertInto('fundraisingPages').values(row).execute();
}

export async function setPagePhoto(ex: Executor, pageId: string, photo: { photoObjectId: string | null; photoAlt: string | null }): Promise<void> {
  await ex.updateTable('fundraisingPages').set({ ...photo, updatedAt: new Date() }).where('id', '=', pageId).execute();
}

// ---- Reports (succeeded gifts only count toward totals) ----

export type Tally = { key: string; cents: number; gifts: number };
const tally = (rows: { key: string | null; cents: string | number | null; gifts: string | number }[]): Tally[] => rows.map((r) => ({ key: r.key ?? '', cents: Number(r.cents ?? 0), gifts: Number(r.gifts) }));

export async function totalsByCampaign(ex: Executor, organizationId: string): Promise<Tally[]> {
  const rows = await sql<{ key: string; cents: string; gifts: string }>`
    select campaign_id::text as key, sum(amount_cents) as cents, count(*) as gifts from fundraising_gifts
    where organization_id = ${organizationId} and status = 'succeeded' group by campaign_id order by sum(amount_cents) desc`.execute(ex);
  return tally(rows.rows);
}

export async function totalsByChannel(ex: Executor, organizationId: string): Promise<Tally[]> {
  const rows = await sql<{ key: string; cents: string; gifts: string }>`
    select channel as key, sum(amount_cents) as cents, count(*) as gifts from fundraising_gifts
    where organization_id = ${organizationId} and status = 'succeeded' group by channel order by channel`.execute(ex);
  return tally(rows.rows);
}

/** Peer-to-peer pages and share channels: which page and which link raised what. */
export async function totalsByAttribution(ex: Executor, organizationId: string): Promise<Tally[]> {
  const rows = await sql<{ key: string; cents: string; gifts: string }>`
    select coalesce(p.title, '—') || ' · ' || coalesce(g.attribution_channel, '—') as key, sum(g.amount_cents) as cents, count(*) as gifts
    from fundraising_gifts g left join fundraising_pages p on p.id = g.page_id
    where g.organization_id = ${organizationId} and g.status = 'succeeded' and (g.page_id is not null or g.attribution_channel is not null)
    group by p.title, g.attribution_channel order by sum(g.amount_cents) desc limit 50`.execute(ex);
  return tally(rows.rows);
}

export async function totalsByDay(ex: Executor, organizationId: string, days: number): Promise<Tally[]> {
  const rows = await sql<{ key: string; cents: string; gifts: string }>`
    select to_char(received_on, 'YYYY-MM-DD') as key, sum(amount_cents) as cents, count(*) as gifts from fundraising_gifts
    where organization_id = ${organizationId} and status = 'succeeded' and received_on >= current_date - ${days}::int
    group by received_on order by received_on desc`.execute(ex);
  return tally(rows.rows);
}

export type GiftFilter = { campaignId?: string | undefined; channel?: string | undefined; status?: string | undefined; from?: string | undefined; to?: string | undefined };

export const listGifts = (ex: Executor, organizationId: string, f: GiftFilter, limit: number) => {
  let q = ex
    .selectFrom('fundraisingGifts as g')
    .innerJoin('fundraisingCampaigns as c', 'c.id', 'g.campaignId')
    .leftJoin('fundraisingPages as p', 'p.id', 'g.pageId')
    .select(['g.id', 'g.receivedOn', 'g.status', 'g.channel', 'g.method', 'g.amountCents', 'g.advantageCents', 'g.donorFirstName', 'g.donorMiddleInitial', 'g.donorLastName', 'g.donorEmail', 'g.reference', 'g.attributionChannel', 'g.tributeKind', 'g.tributeName', 'c.titleEn as campaignTitleEn', 'c.titleFr as campaignTitleFr', 'p.title as pageTitle'])
    .where('g.organizationId', '=', organizationId);
  if (f.campaignId) q = q.where('g.campaignId', '=', f.campaignId);
  if (f.channel) q = q.where('g.channel', '=', f.channel as GiftRow['channel']);
  if (f.status) q = q.where('g.status', '=', f.status as GiftStatus);
  if (f.from) q = q.where('g.receivedOn', '>=', f.from as never);
  if (f.to) q = q.where('g.receivedOn', '<=', f.to as never);
  return q.orderBy('g.receivedOn', 'desc').orderBy('g.id', 'desc').limit(limit).execute();
};
export type GiftListRow = Awaited<ReturnType<typeof listGifts>>[number];
