import type { FundraisingDeps } from '../deps.js';
import { findCampaignById, findGiftById, findOrganizationById } from '../db/queries.js';
import type { GiftConfirmedPayload } from './gifts.js';

export const GIFT_ECARD_JOB = 'fundraising.gift.ecard';

/**
 * The tribute e-card, queued in the same job that thanks the donor once the gift is confirmed:
 * the recipient learns, in their language, that a gift was made in honour or memory of someone;
 * never the amount, and the donor's name only if they said so. Sent once: the job's dedupe key
 * and the row's `sent_at`, set in the transaction that queues the message.
 */
export function createEcardService(deps: Pick<FundraisingDeps, 'db' | 'mailer' | 'i18n'>) {
  const { db, mailer, i18n } = deps;
  return {
    async runEcard(payload: GiftConfirmedPayload): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const card = await trx.selectFrom('fundraisingEcards').selectAll().where('giftId', '=', payload.giftId).where('organizationId', '=', payload.organizationId).forUpdate().executeTakeFirst();
        if (!card || card.sentAt) return;
        const gift = await findGiftById(trx, payload.organizationId, payload.giftId);
        if (!gift || gift.status !== 'succeeded' || !gift.tributeKind || !gift.tributeName) return;
        const [campaign, org] = await Promise.all([findCampaignById(trx, gift.organizationId, gift.campaignId), findOrganizationById(trx, gift.organizationId)]);
        if (!campaign || !org) return;
        const lang = card.recipientLanguage;
        const t = i18n.t(lang);
        const vars = {
          recipient: card.recipientName,
          person: gift.tributeName,
          org: lang === 'fr' ? org.nameFr : org.nameEn,
          campaign: lang === 'fr' ? campaign.titleFr : campaign.titleEn,
          sender: `${gift.donorFirstName} ${gift.donorLastName}`,
        };
        const who = card.showSender ? 'named' : 'anonymous';
        const lines = [
          t('fundraising.ecard.greeting', vars),
          t(`fundraising.ecard.${gift.tributeKind}.${who}`, vars),
          card.message ? t(card.showSender ? 'fundraising.ecard.messageFrom' : 'fundraising.ecard.message', { ...vars, message: card.message }) : '',
          t('fundraising.ecard.closing', vars),
        ];
        await mailer.enqueue(trx, {
          to: card.recipientEmail,
          subject: t(`fundraising.ecard.subject.${gift.tributeKind}`, vars),
          text: lines.filter(Boolean).join('\n\n'),
          purpose: 'informational',
          organizationId: gift.organizationId,
        });
        await trx.updateTable('fundraisingEcards').set({ sentAt: new Date() }).where('id', '=', card.id).execute();
      });
    },
  };
}
