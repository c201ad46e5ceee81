import { findNumberById, findOrganizationById } from '../db/queries/programs.js';
import { hasFollowUpConsent } from '../db/queries/messages.js';
import type { TextGivingDeps } from '../deps.js';
import type { SmsTexts } from '../sms-texts.js';
import type { OutboundService } from './outbound.js';
import { newToken } from './tokens.js';
import type { TextLinkGiftPaidPayload, TextLinkGiftReversedPayload } from '../../fundraising/index.js';
import { markLinkPledgePaid, markLinkPledgeRefunded } from '../db/queries/pledges.js';
import { isUuid } from '../../../platform/db/ids.js';

/** Queued by the settlement import for each pledge it marks paid: the pledge becomes a gift. */
export const RECORD_GIFT_JOB = 'text-giving.record-gift';
export type RecordGiftPayload = { pledgeId: string };

/** The calendar day (yyyy-mm-dd) in Toronto, the foundation's time zone, of a moment. */
export const torontoDay = (at: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Toronto', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);

/**
 * A confirmed pledge the billing partner reported paid becomes one fundraising gift (channel
 * `text`), recorded without a donor (a carrier-billed text gives no name nor address). The
 * campaign total moves then, at payment, and only then: a pledge is never counted at YES, so a
 * failed charge never reaches the total. The gift is recorded once whatever happens (fundraising
 * keys it by the pledge id); then, in one transaction, the pledge keeps the gift's id and, within
 * the donor's consent, the thank-you text with the receipt form's link is queued.
 */
export function createTextGiftService(deps: TextGivingDeps & { outbound: OutboundService; texts: SmsTexts }) {
  const { db, outbound, texts } = deps;
  return {
    /**
     * A gift paid online through a text's link is written back to its pledge: the pledge becomes
     * `paid` with the gift's id and the amount given (the donor may change it on the form), so
     * staff see the text that led to it and the board counts it once under text. Only the first
     * gift of a used link, of its own campaign, is taken; a second run changes nothing.
     */
    async runLinkGiftPaid(payload: TextLinkGiftPaidPayload): Promise<void> {
      if (!isUuid(payload.pledgeId)) return;
      await markLinkPledgePaid(db, payload);
    },

    /**
     * A gift paid through a text's link, then refunded or lost to a dispute: its pledge becomes
     * `refunded`, so the board no longer counts it under text (fundraising took the gift off the
     * campaign's total in the same transaction that queued this). No text is sent for it. A second
     * run, or a refund after the dispute, changes nothing.
     */
    async runLinkGiftReversed(payload: TextLinkGiftReversedPayload): Promise<void> {
      if (!isUuid(payload.pledgeId)) return;
      await markLinkPledgeRefunded(db, payload);
    },

    async runRecordGift(payload: RecordGiftPayload): Promise<void> {
      const pledge = await db.selectFrom('textGivingPledges').selectAll().where('id', '=', payload.pledgeId).executeTakeFirst();
      if (!pledge || pledge.status !== 'paid' || pledge.giftId || !deps.campaigns) return;
      const confirmed = pledge.confirmedMessageId ? await db.selectFrom('textGivingInboundMessages').select('receivedAt').where('id', '=', pledge.confirmedMessageId).executeTakeFirst() : undefined;
      const { giftId } = await deps.campaigns.recordTextGift({
        organizationId: pledge.organizationId,
        campaignId: pledge.campaignId,
        externalId: pledge.id,
        amountCents: pledge.amountCents,
        state: 'paid',
        language: pledge.lang,
        // The gift was made when the donor replied YES (it is billed to that phone bill).
        receivedOn: torontoDay(confirmed?.receivedAt ?? pledge.createdAt),
      });
      await db.transaction().execute(async (trx) => {
        const p = await trx.selectFrom('textGivingPledges').selectAll().where('id', '=', pledge.id).forUpdate().executeTakeFirst();
        if (!p || p.giftId) return;
        const contact = await trx.selectFrom('textGivingContacts').selectAll().where('id', '=', p.contactId).executeTakeFirst();
        const number = await findNumberById(trx, p.numberId);
        const org = await findOrganizationById(trx, p.organizationId);
        let receiptTokenHash: string | null = null;
        // Only within the consent the donor gave (CASL), and never after STOP or erasure.
        if (contact && number && org && !contact.optedOutAt && !contact.erasedAt && (await hasFollowUpConsent(trx, contact.id))) {
          const token = newToken();
          const url = new URL(`/r/${token.token}`, deps.config.publicUrl).href;
          const body = texts.text(p.lang, 'receipt', { org: p.lang === 'fr' ? org.nameFr : org.nameEn, amount: texts.money(p.lang, p.amountCents), url });
          if (await outbound.queue(trx, { number, contact, kind: 'paid_thanks', lang: p.lang, body, dedupeKey: `${p.id}:paid_thanks` })) receiptTokenHash = token.hash;
        }
        await trx.updateTable('textGivingPledges').set({ giftId, receiptTokenHash, updatedAt: new Date() }).where('id', '=', p.id).execute();
      });
    },
  };
}
export type TextGiftService = ReturnType<typeof createTextGiftService>;
