import type { FundraisingDeps } from '../deps.js';
import { findCampaignById, findGiftById, findOrganizationById } from '../db/queries.js';
import type { GiftConfirmedPayload } from './gifts.js';

/** After a gift is confirmed: the thank-you e-mail in the donor's language. Idempotent per gift. */
export function createFollowUpService(deps: Pick<FundraisingDeps, 'db' | 'mailer' | 'i18n'>) {
  const { db, mailer, i18n } = deps;
  return {
    async runGiftConfirmed(payload: GiftConfirmedPayload): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const gift = await findGiftById(trx, payload.organizationId, payload.giftId);
        if (!gift || gift.status !== 'succeeded') return;
        const [campaign, org] = await Promise.all([findCampaignById(trx, gift.organizationId, gift.campaignId), findOrganizationById(trx, gift.organizationId)]);
        if (!campaign || !org) return;
        const lang = gift.donorLanguage;
        const t = i18n.t(lang);
        const money = new Intl.NumberFormat(lang === 'fr' ? 'fr-CA' : 'en-CA', { style: 'currency', currency: 'CAD' }).format(gift.amountCents / 100);
        const vars = { name: gift.donorFirstName, amount: money, campaign: lang === 'fr' ? campaign.titleFr : campaign.titleEn, org: lang === 'fr' ? org.nameFr : org.nameEn };
        await mailer.enqueue(trx, {
          to: gift.donorEmail,
          subject: t('fundraising.mail.thanksSubject', vars),
          text: [t('fundraising.mail.thanksBody', vars), gift.gateway === 'test' ? t('fundraising.test.banner') : ''].filter(Boolean).join('\n\n'),
          purpose: 'transactional',
          organizationId: gift.organizationId,
        });
      });
    },
  };
}
