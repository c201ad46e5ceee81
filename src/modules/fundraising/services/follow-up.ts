import { formatters } from '../../../platform/i18n/i18n.js';
import type { FundraisingDeps } from '../deps.js';
import { findCampaignById, findGiftById, findOrganizationById } from '../db/queries.js';
import { linkDonor, type GiftConfirmedPayload } from './gifts.js';
import { appendConsent, createConsentLedger, impliedConsentExpiry } from './consents.js';
import { createOutreach } from './outreach.js';
import { GIFT_ECARD_JOB } from './ecards.js';
import { enqueueJob } from '../../../platform/jobs/queue.js';
import { campaignUrl, guestManageMonthlyUrl, manageMonthlyUrl } from '../views/urls.js';
import { monthlyManageLinks } from '../links.js';

/** After a gift is confirmed: its donor record, and the thank-you e-mail in the donor's language. */
export function createFollowUpService(deps: Pick<FundraisingDeps, 'db' | 'mailer' | 'i18n' | 'config'>) {
  const { db, mailer, i18n, config } = deps;
  const ledger = createConsentLedger(deps);
  const outreach = createOutreach(deps);
  const manageLinks = monthlyManageLinks(config.secret);
  return {
    async runGiftConfirmed(payload: GiftConfirmedPayload): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const gift = await findGiftById(trx, payload.organizationId, payload.giftId);
        if (!gift || gift.status !== 'succeeded') return;
        // The donor record, matched by account or (guests) by e-mail; done once per gift.
        // A carrier-billed text gift names nobody until its donor fills in the receipt form.
        if (!gift.donorId && (gift.donorLastName || gift.donorEmail)) await linkDonor(trx, gift);
        // A tribute e-card, if the donor asked for one: its own job, once per gift.
        if (gift.tributeKind) {
          const card = await trx.selectFrom('fundraisingEcards').select('id').where('giftId', '=', gift.id).where('sentAt', 'is', null).executeTakeFirst();
          if (card) await enqueueJob(trx, GIFT_ECARD_JOB, { giftId: gift.id, organizationId: gift.organizationId }, { dedupeKey: `${GIFT_ECARD_JOB}:${gift.id}` });
        }
        // A cheque without an e-mail address is thanked by post, outside Foyer.
        if (!gift.donorEmail) return;
        // A gift gives implied consent (CASL) for two years after it, but never undoes an
        // unsubscribe: after a withdrawal only a new express consent opens fundraising e-mail again.
        const before = await ledger.standing(gift.organizationId, 'email', gift.donorEmail, new Date(), trx);
        const unsubscribed = !before.granted && before.basis !== null;
        if (!unsubscribed) await appendConsent(trx, { organizationId: gift.organizationId, channel: 'email', address: gift.donorEmail, basis: 'implied_gift', granted: true, expiresAt: impliedConsentExpiry(gift.receivedOn), source: 'gift', giftId: gift.id, evidence: { channel: gift.channel } });
        const [campaign, org] = await Promise.all([findCampaignById(trx, gift.organizationId, gift.campaignId), findOrganizationById(trx, gift.organizationId)]);
        if (!campaign || !org) return;
        const lang = gift.donorLanguage;
        const t = i18n.t(lang);
        const money = formatters(lang).money(gift.amountCents);
        const vars = { name: gift.donorFirstName, amount: money, campaign: lang === 'fr' ? campaign.titleFr : campaign.titleEn, org: lang === 'fr' ? org.nameFr : org.nameEn };
        const subject = t('fundraising.mail.thanksSubject', vars);
        const thanks = t('fundraising.mail.thanksBody', vars);
        const testLine = gift.gateway === 'test' ? t('fundraising.test.banner') : '';
        // A month of a monthly gift: how to manage it — a guest by a signed link that expires (each month's e-mail brings a new one).
        const monthly = gift.monthlyGiftId ? await trx.selectFrom('fundraisingMonthlyGifts').select(['id', 'accountId']).where('id', '=', gift.monthlyGiftId).executeTakeFirst() : undefined;
        const manageLine = !monthly
          ? ''
          : monthly.accountId
            ? t('fundraising-monthly.mail.manageAccount', { link: new URL(manageMonthlyUrl(monthly.id), config.publicUrl).toString() })
            : t('fundraising-monthly.mail.manageGuest', { link: new URL(guestManageMonthlyUrl(manageLinks.token(monthly.id)), config.publicUrl).toString() });
        // With consent, the thank-you also asks the donor to share the campaign: a fundraising
        // message, so it carries the unsubscribe link. Without, a plain acknowledgement.
        const share = new URL(campaignUrl(org.slug, campaign.slug), config.publicUrl).toString();
        const solicitation = [thanks, manageLine, t('fundraising.mail.thanksShare', { link: share }), testLine, `-- \n${t('fundraising.mail.unsubscribeFooter', { org: vars.org, link: outreach.unsubscribeLink(gift.id) })}`].filter(Boolean).join('\n\n');
        const sent = await outreach.queueSolicitation(trx, gift.id, { to: gift.donorEmail, subject, text: solicitation, organizationId: gift.organizationId });
        if (!sent) {
          await mailer.enqueue(trx, { to: gift.donorEmail, subject, text: [thanks, manageLine, testLine].filter(Boolean).join('\n\n'), purpose: 'transactional', organizationId: gift.organizationId });
        }
      });
    },
  };
}
