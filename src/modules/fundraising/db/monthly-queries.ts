import { sql } from 'kysely';
import type { Executor } from '../../../platform/db/types.js';
import type { GiftRow, MonthlyChangeRow, MonthlyGiftRow, MonthlyStatus, NewGiftRow, NewMonthlyGiftRow } from './schema.js';

export async function insertMonthlyGift(ex: Executor, row: NewMonthlyGiftRow): Promise<void> {
  await ex.insertInto('fundraisingMonthlyGifts').values(row).execute();
}

export const findMonthlyGiftById = (ex: Executor, id: string): Promise<MonthlyGiftRow | undefined> =>
  ex.selectFrom('fundraisingMonthlyGifts').selectAll().where('id', '=', id).executeTakeFirst();

export const findMonthlyGiftByIdempotencyKey = (ex: Executor, organizationId: string, key: string): Promise<MonthlyGiftRow | undefined> =>
  ex.selectFrom('fundraisingMonthlyGifts').selectAll().where('organizationId', '=', organizationId).where('idempotencyKey', '=', key).executeTakeFirst();

/** The monthly gift a verified event names (by our metadata, else by its subscription), row-locked for the transaction. */
export async function lockMonthlyGiftForEvent(ex: Executor, gateway: 'stripe' | 'test', ref: { monthlyGiftId: string | null; subscriptionId: string | null }): Promise<MonthlyGiftRow | undefined> {
  if (ref.monthlyGiftId) {
    const row = await ex.selectFrom('fundraisingMonthlyGifts').selectAll().where('id', '=', ref.monthlyGiftId).where('gateway', '=', gateway).forUpdate().executeTakeFirst();
    if (row) return row;
  }
  if (ref.subscriptionId)
    return ex.selectFrom('fundraisingMonthlyGifts').selectAll().where('gateway', '=', gateway).where('gatewaySubscriptionId', '=', ref.subscriptionId).forUpdate().executeTakeFirst();
  return undefined;
}

export const lockMonthlyGift = (ex: Executor, id: string): Promise<MonthlyGiftRow | undefined> =>
  ex.selectFrom('fundraisingMonthlyGifts').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();

export async function updateMonthlyGift(
  ex: Executor,
  id: string,
  set: Partial<Pick<MonthlyGiftRow, 'status' | 'amountCents' | 'receiptAnnually' | 'gatewaySessionId' | 'gatewaySubscriptionId' | 'gatewayCustomerId' | 'activatedAt' | 'cancelledAt' | 'lastChargedAt'>> & { chargeCountPlusOne?: boolean },
): Promise<void> {
  const { chargeCountPlusOne, ...rest } = set;
  await ex
    .updateTable('fundraisingMonthlyGifts')
    .set({ ...rest, ...(chargeCountPlusOne ? { chargeCount: sql`charge_count + 1` } : {}), updatedAt: new Date() })
    .where('id', '=', id)
    .execute();
}

export async function insertMonthlyChange(ex: Executor, row: Omit<MonthlyChangeRow, 'createdAt'>): Promise<void> {
  await ex.insertInto('fundraisingMonthlyGiftChanges').values(row).execute();
}

export const listMonthlyChanges = (ex: Executor, monthlyGiftId: string): Promise<MonthlyChangeRow[]> =>
  ex.selectFrom('fundraisingMonthlyGiftChanges').selectAll().where('monthlyGiftId', '=', monthlyGiftId).orderBy('createdAt', 'desc').orderBy('id', 'desc').limit(200).execute();

export type MonthlyListRow = MonthlyGiftRow & { campaignSlug: string; campaignTitleEn: string; campaignTitleFr: string; orgSlug: string };

export const listMonthlyGiftsForAccount = (ex: Executor, accountId: string): Promise<MonthlyListRow[]> =>
  ex
    .selectFrom('fundraisingMonthlyGifts as m')
    .innerJoin('fundraisingCampaigns as c', 'c.id', 'm.campaignId')
    .innerJoin('identityOrganizations as o', 'o.id', 'm.organizationId')
    .selectAll('m')
    .select(['c.slug as campaignSlug', 'c.titleEn as campaignTitleEn', 'c.titleFr as campaignTitleFr', 'o.slug as orgSlug'])
    .where('m.accountId', '=', accountId)
    .where('m.status', '<>', 'pending')
    .orderBy('m.createdAt', 'desc')
    .limit(100)
    .execute();

export const listMonthlyGiftsForOrganization = (ex: Executor, organizationId: string, statuses: MonthlyStatus[], limit: number): Promise<MonthlyListRow[]> =>
  ex
    .selectFrom('fundraisingMonthlyGifts as m')
    .innerJoin('fundraisingCampaigns as c', 'c.id', 'm.campaignId')
    .innerJoin('identityOrganizations as o', 'o.id', 'm.organizationId')
    .selectAll('m')
    .select(['c.slug as campaignSlug', 'c.titleEn as campaignTitleEn', 'c.titleFr as campaignTitleFr', 'o.slug as orgSlug'])
    .where('m.organizationId', '=', organizationId)
    .where('m.status', 'in', statuses)
    .orderBy('m.createdAt', 'desc')
    .limit(limit)
    .execute();

/** One month's gift, once per invoice: a replayed or concurrent invoice meets the (gateway, payment id) key and inserts nothing. */
export async function insertInvoiceGift(ex: Executor, row: NewGiftRow): Promise<GiftRow | undefined> {
  return ex
    .insertInto('fundraisingGifts')
    .values(row)
    .onConflict((oc) => oc.columns(['gateway', 'gatewayPaymentId']).where('gatewayPaymentId', 'is not', null).doNothing())
    .returningAll()
    .executeTakeFirst();
}

/** The monthly gifts of a tax year whose donors asked for one annual receipt. */
export const listAnnualReceiptGifts = (ex: Executor, organizationId: string, year: number): Promise<GiftRow[]> =>
  ex
    .selectFrom('fundraisingGifts')
    .selectAll()
    .where('organizationId', '=', organizationId)
    .where('receiptAnnually', '=', true)
    .where('monthlyGiftId', 'is not', null)
    .where('status', '=', 'succeeded')
    .where('receivedOn', '>=', `${year}-01-01` as never)
    .where('receivedOn', '<=', `${year}-12-31` as never)
    .orderBy('receivedOn')
    .orderBy('id')
    .execute();

export type GuestMonthlyLinkRow = { id: string; amountCents: number; status: MonthlyStatus; donorEmail: string; donorFirstName: string; donorLanguage: 'en' | 'fr'; campaignTitleEn: string; campaignTitleFr: string };

/**
 * A guest's monthly gifts (no account) in one organization, by the e-mail they gave, newest
 * first: what a "send me a new manage link" request finds. Pending ones never started.
 */
export const listGuestMonthlyGiftsByEmail = (ex: Executor, organizationId: string, email: string): Promise<GuestMonthlyLinkRow[]> =>
  ex
    .selectFrom('fundraisingMonthlyGifts as m')
    .innerJoin('fundraisingCampaigns as c', 'c.id', 'm.campaignId')
    .select(['m.id', 'm.amountCents', 'm.status', 'm.donorEmail', 'm.donorFirstName', 'm.donorLanguage', 'c.titleEn as campaignTitleEn', 'c.titleFr as campaignTitleFr'])
    .where('m.organizationId', '=', organizationId)
    .where('m.accountId', 'is', null)
    .where('m.status', '<>', 'pending')
    .where(sql<string>`lower(m.donor_email)`, '=', email.toLowerCase())
    .orderBy('m.createdAt', 'desc')
    .limit(20)
    .execute();

/** The organization of a guest's monthly gift, for the page of a manage link that no longer works. */
export const findGuestMonthlyGiftOrgSlug = async (ex: Executor, id: string): Promise<string | undefined> =>
  (
    await ex
      .selectFrom('fundraisingMonthlyGifts as m')
      .innerJoin('identityOrganizations as o', 'o.id', 'm.organizationId')
      .select('o.slug')
      .where('m.id', '=', id)
      .where('m.accountId', 'is', null)
      .executeTakeFirst()
  )?.slug;
