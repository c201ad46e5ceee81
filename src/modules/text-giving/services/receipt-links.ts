import { NotFoundError } from '../../../platform/http/errors.js';
import type { ReceiptDonor, TextGivingDeps } from '../deps.js';
import { hashToken } from './tokens.js';

export type ReceiptLinkView = { amountCents: number; lang: 'en' | 'fr'; campaignTitle: string; orgName: string; done: boolean };

/**
 * /r/:token, the link a paid text gift's thank-you carries: the donor gives the name and mailing
 * address an official receipt needs (a carrier-billed text gives neither). Once only: the
 * fundraising module names the gift's donor and asks for the receipt through its usual job.
 */
export function createReceiptLinkService(deps: TextGivingDeps) {
  const { db } = deps;

  async function load(token: string) {
    if (!/^[A-Za-z0-9_-]{16}$/.test(token)) throw new NotFoundError();
    const pledge = await db.selectFrom('textGivingPledges').selectAll().where('receiptTokenHash', '=', hashToken(token)).executeTakeFirst();
    if (!pledge || !pledge.giftId) throw new NotFoundError();
    const campaign = deps.campaigns ? await deps.campaigns.findCampaign(pledge.organizationId, pledge.campaignId) : null;
    const org = await db.selectFrom('identityOrganizations').select(['nameEn', 'nameFr']).where('id', '=', pledge.organizationId).executeTakeFirstOrThrow();
    const orgName = pledge.lang === 'fr' ? org.nameFr : org.nameEn;
    const view: ReceiptLinkView = {
      amountCents: pledge.amountCents,
      lang: pledge.lang,
      campaignTitle: campaign ? (pledge.lang === 'fr' ? campaign.titleFr : campaign.titleEn) : orgName,
      orgName,
      done: pledge.receiptCompletedAt !== null,
    };
    return { pledge: { ...pledge, giftId: pledge.giftId }, view };
  }

  return {
    async showReceiptLink(token: string): Promise<ReceiptLinkView> {
      return (await load(token)).view;
    },

    /** The donor's name and address: recorded on the gift once; a second sending changes nothing. */
    async completeReceipt(token: string, donor: ReceiptDonor): Promise<ReceiptLinkView> {
      const { pledge, view } = await load(token);
      if (view.done || !deps.campaigns) return { ...view, done: true };
      await deps.campaigns.completeTextGiftDonor({ organizationId: pledge.organizationId, giftId: pledge.giftId, donor });
      await db.updateTable('textGivingPledges').set({ receiptCompletedAt: new Date(), updatedAt: new Date() }).where('id', '=', pledge.id).where('receiptCompletedAt', 'is', null).execute();
      return { ...view, done: true };
    },
  };
}
export type ReceiptLinkService = ReturnType<typeof createReceiptLinkService>;
