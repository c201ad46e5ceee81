import { sql } from 'kysely';
import type { Executor } from '../../../../platform/db/types.js';
import type { ConsentKind, ContactRow, InboundMessageRow, Lang, NewOutboundMessageRow, OutboundMessageRow, PledgeRow, PledgeStatus, TextGivingPledgesTable } from '../schema.js';
import type { Insertable } from 'kysely';

/** Records an inbound text once: a retry with the same MessageSid changes nothing. Returns true when new. */
export async function insertInboundOnce(
  ex: Executor,
  row: { id: string; organizationId: string; numberId: string; messageSid: string; fromHash: string; fromSealed: string; body: string },
): Promise<boolean> {
  const r = await ex.insertInto('textGivingInboundMessages').values(row).onConflict((oc) => oc.column('messageSid').doNothing()).executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
}

export const findInbound = (ex: Executor, id: string): Promise<InboundMessageRow | undefined> =>
  ex.selectFrom('textGivingInboundMessages').selectAll().where('id', '=', id).executeTakeFirst();

export async function markInboundProcessed(ex: Executor, id: string, outcome: string): Promise<void> {
  await ex.updateTable('textGivingInboundMessages').set({ processedAt: new Date(), outcome }).where('id', '=', id).execute();
}

/** The donor's row for this number, created on first contact; locked for the rest of the transaction. */
export async function upsertContact(
  ex: Executor,
  c: { id: string; organizationId: string; numberId: string; phoneHash: string; phoneSealed: string; phoneLast4: string; lang: Lang },
): Promise<ContactRow> {
  await ex.insertInto('textGivingContacts').values(c).onConflict((oc) => oc.columns(['numberId', 'phoneHash']).doNothing()).execute();
  return ex.selectFrom('textGivingContacts').selectAll().where('numberId', '=', c.numberId).where('phoneHash', '=', c.phoneHash).forUpdate().executeTakeFirstOrThrow();
}

export const findContact = (ex: Executor, organizationId: string, id: string): Promise<ContactRow | undefined> =>
  ex.selectFrom('textGivingContacts').selectAll().where('organizationId', '=', organizationId).where('id', '=', id).executeTakeFirst();

export async function updateContact(ex: Executor, id: string, set: Partial<Pick<ContactRow, 'lang' | 'optedOutAt' | 'phoneSealed' | 'phoneLast4' | 'erasedAt'>>): Promise<void> {
  await ex.updateTable('textGivingContacts').set({ ...set, updatedAt: new Date() }).where('id', '=', id).execute();
}

export async function insertConsent(
  ex: Executor,
  c: { id: string; organizationId: string; contactId: string; kind: ConsentKind; inboundMessageId: string | null; evidence: Record<string, unknown> },
): Promise<void> {
  await ex.insertInto('textGivingConsents').values({ ...c, evidence: JSON.stringify(c.evidence) }).execute();
}

/** The latest follow-up consent or opt-out decides whether thank-you and receipt texts may go. */
export async function hasFollowUpConsent(ex: Executor, contactId: string): Promise<boolean> {
  const last = await ex
    .selectFrom('textGivingConsents')
    .select('kind')
    .where('contactId', '=', contactId)
    .where('kind', 'in', ['follow_up', 'opt_out'])
    .orderBy('createdAt', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  return last?.kind === 'follow_up';
}

export const listConsents = (ex: Executor, contactId: string) =>
  ex.selectFrom('textGivingConsents').selectAll().where('contactId', '=', contactId).orderBy('createdAt').orderBy('id').execute();

export async function insertPledge(ex: Executor, row: Insertable<TextGivingPledgesTable>): Promise<void> {
  await ex.insertInto('textGivingPledges').values(row).onConflict((oc) => oc.column('inboundMessageId').doNothing()).execute();
}

/** The contact's pledge waiting for YES, if any (the newest). */
export const findAwaitingPledge = (ex: Executor, contactId: string): Promise<PledgeRow | undefined> =>
  ex.selectFrom('textGivingPledges').selectAll().where('contactId', '=', contactId).where('status', '=', 'awaiting_confirmation').orderBy('createdAt', 'desc').forUpdate().executeTakeFirst();

export async function setPledgeStatus(ex: Executor, id: string, status: PledgeStatus, extra: Partial<Pick<PledgeRow, 'confirmedMessageId' | 'giftId'>> = {}): Promise<void> {
  await ex.updateTable('textGivingPledges').set({ status, ...extra, updatedAt: new Date() }).where('id', '=', id).execute();
}

/** STOP ends every open flow of the contact. */
export async function cancelOpenPledges(ex: Executor, contactId: string): Promise<number> {
  const r = await ex
    .updateTable('textGivingPledges')
    .set({ status: 'cancelled', updatedAt: new Date() })
    .where('contactId', '=', contactId)
    .where('status', 'in', ['awaiting_confirmation', 'link_sent'])
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export async function insertOutbound(ex: Executor, row: NewOutboundMessageRow): Promise<boolean> {
  const r = await ex.insertInto('textGivingOutboundMessages').values(row).onConflict((oc) => oc.column('dedupeKey').doNothing()).executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Replies not yet handed to Twilio are dropped when the donor opts out. */
export async function cancelQueuedOutbound(ex: Executor, contactId: string): Promise<void> {
  await ex.updateTable('textGivingOutboundMessages').set({ status: 'cancelled' }).where('contactId', '=', contactId).where('status', '=', 'queued').execute();
}

export const findOutbound = (ex: Executor, id: string): Promise<OutboundMessageRow | undefined> =>
  ex.selectFrom('textGivingOutboundMessages').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();

export async function updateOutbound(ex: Executor, id: string, set: Partial<Pick<OutboundMessageRow, 'status' | 'attempts' | 'twilioSid' | 'lastError' | 'sendingStartedAt' | 'sentAt' | 'sendAfter'>>): Promise<void> {
  await ex.updateTable('textGivingOutboundMessages').set(set).where('id', '=', id).execute();
}

/**
 * Takes the next send slot of a number: returns when this message may leave. Slots are spaced by
 * 1/sendsPerSecond and shared by every worker, since the row is updated atomically.
 */
export async function takeSendSlot(ex: Executor, numberId: string): Promise<Date> {
  const r = await sql<{ slot: Date }>`
    update text_giving_numbers set next_send_at = greatest(next_send_at, now()) + make_interval(secs => 1.0 / sends_per_second)
    where id = ${numberId}
    returning next_send_at - make_interval(secs => 1.0 / sends_per_second) as slot`.execute(ex);
  return new Date(r.rows[0]!.slot);
}
