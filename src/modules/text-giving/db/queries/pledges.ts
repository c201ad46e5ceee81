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

type LinkGift = { organizationId: string; campaignId: string; pledgeId: string; giftId: string; amountCents: number };

/**
 * A link pledge's gift was paid: the pledge (link used, same campaign, no gift yet) becomes
 * `paid` with the gift's id and the amount given. Once: a second call changes nothing.
 */
export async function markLinkPledgePaid(ex: Executor, g: LinkGift): Promise<void> {
  await ex
    .updateTable('textGivingPledges')
    .set({ status: 'paid', giftId: g.giftId, amountCents: g.amountCents, updatedAt: new Date() })
    .where('id', '=', g.pledgeId)
    .where('organizationId', '=', g.organizationId)
    .where('campaignId', '=', g.campaignId)
    .where('flow', '=', 'link')
    .where('status', '=', 'link_used')
    .where('giftId', 'is', null)
    .execute();
}

/**
 * A link pledge's gift was refunded or disputed: the pledge paid by that gift becomes `refunded`.
 * One still `link_used` (its paid write-back not run yet) takes the gift and the refund at once,
 * so a late write-back finds nothing to mark paid. Once: a second call changes nothing.
 */
export async function markLinkPledgeRefunded(ex: Executor, g: LinkGift): Promise<void> {
  await ex
    .updateTable('textGivingPledges')
    .set({ status: 'refunded', giftId: g.giftId, amountCents: g.amountCents, updatedAt: new Date() })
    .where('id', '=', g.pledgeId)
    .where('organizationId', '=', g.organizationId)
    .where('campaignId', '=', g.campaignId)
    .where('flow', '=', 'link')
    .where((eb) => eb.or([eb.and([eb('status', '=', 'paid'), eb('giftId', '=', g.giftId)]), eb.and([eb('status', '=', 'link_used'), eb('giftId', 'is', null)])]))
    .execute();
}
