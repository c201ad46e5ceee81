import { sql } from 'kysely';
import type { Executor } from '../../../../platform/db/types.js';

/**
 * A number's pledges for the staff list, newest first: each with the text that started it, its
 * contact's sealed phone and state, and the status of its thank-you text (if one was queued).
 */
export function listNumberPledges(ex: Executor, organizationId: string, numberId: string, opts: { pledgeId?: string | undefined; limit: number }) {
  let q = ex
    .selectFrom('textGivingPledges as p')
    .innerJoin('textGivingContacts as c', 'c.id', 'p.contactId')
    .innerJoin('textGivingInboundMessages as m', 'm.id', 'p.inboundMessageId')
    .leftJoin('textGivingOutboundMessages as o', (j) => j.onRef('o.contactId', '=', 'p.contactId').on('o.kind', '=', 'paid_thanks').on(sql<boolean>`o.dedupe_key = p.id::text || ':paid_thanks'`))
    .select(['p.id', 'p.campaignId', 'p.amountCents', 'p.flow', 'p.status', 'p.lang', 'p.giftId', 'p.createdAt', 'm.body', 'c.phoneSealed', 'c.phoneLast4', 'c.optedOutAt', 'c.erasedAt', 'o.status as thanksStatus'])
    .where('p.organizationId', '=', organizationId)
    .where('p.numberId', '=', numberId);
  if (opts.pledgeId) q = q.where('p.id', '=', opts.pledgeId);
  return q.orderBy('p.createdAt', 'desc').orderBy('p.id', 'desc').limit(opts.limit).execute();
}

/** Marks a pledge's receipt details as completed by staff (once). */
export async function markPledgeReceiptCompleted(ex: Executor, pledgeId: string): Promise<void> {
  await ex.updateTable('textGivingPledges').set({ receiptCompletedAt: new Date(), updatedAt: new Date() }).where('id', '=', pledgeId).where('receiptCompletedAt', 'is', null).execute();
}
