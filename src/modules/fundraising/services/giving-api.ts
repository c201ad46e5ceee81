import { newId } from '../../../platform/db/ids.js';
import { isUniqueViolation } from '../../../platform/db/pg-errors.js';
import { ValidationError } from '../../../platform/http/errors.js';
import { todayInToronto } from '../days.js';
import type { FundraisingDeps } from '../deps.js';
import { findCampaignById, findGiftByIdempotencyKey } from '../db/queries.js';
import { onGiftSucceeded } from './gifts.js';

/** What another module may know of a campaign. */
export type CampaignSummary = { id: string; organizationId: string; slug: string; titleEn: string; titleFr: string; goalCents: number; raisedCents: number; giftCount: number };

export type TextGiftInput = {
  organizationId: string;
  campaignId: string;
  /** The text-giving module's own id for the gift (its message or pledge id): recording twice is a no-op. */
  externalId: string;
  amountCents: number;
  /** `pledge_confirmed`: the donor replied YES and the carrier bills it; `paid`: the money arrived. Both count. */
  state: 'pledge_confirmed' | 'paid';
  donor: { email: string; firstName: string; lastName: string; middleInitial?: string | null; language: 'en' | 'fr'; addressLine1?: string | null; addressLine2?: string | null; city?: string | null; province?: string | null; postalCode?: string | null };
  /** Calendar date (yyyy-mm-dd) the gift was received; today in Toronto when omitted. */
  receivedOn?: string;
};

/**
 * The small surface other modules use (text-to-give). A recorded gift counts toward its
 * campaign's total at once and queues the same follow-up (thanks, receipt) as an online gift.
 */
export function createGivingApi(deps: Pick<FundraisingDeps, 'db'>) {
  const { db } = deps;
  return {
    async findCampaign(organizationId: string, campaignId: string): Promise<CampaignSummary | null> {
      const c = await findCampaignById(db, organizationId, campaignId);
      return c ? { id: c.id, organizationId: c.organizationId, slug: c.slug, titleEn: c.titleEn, titleFr: c.titleFr, goalCents: c.goalCents, raisedCents: c.raisedCents, giftCount: c.giftCount } : null;
    },

    async recordTextGift(input: TextGiftInput): Promise<{ giftId: string; created: boolean }> {
      if (!Number.isInteger(input.amountCents) || input.amountCents <= 0) throw new ValidationError('amountCents', 'too_small', { min: 1 });
      const key = `text:${input.externalId}`;
      const existing = await findGiftByIdempotencyKey(db, input.organizationId, key);
      if (existing) return { giftId: existing.id, created: false };
      try {
        return await db.transaction().execute(async (trx) => {
          const campaign = await findCampaignById(trx, input.organizationId, input.campaignId);
          if (!campaign) throw new ValidationError('campaignId', 'not_found');
          const id = newId();
          const d = input.donor;
          const gift = await trx
            .insertInto('fundraisingGifts')
            .values({
              id, organizationId: input.organizationId, campaignId: campaign.id, status: 'succeeded', channel: 'text', method: 'text', amountCents: input.amountCents,
              donorEmail: d.email, donorFirstName: d.firstName, donorLastName: d.lastName, donorMiddleInitial: d.middleInitial ?? null, donorLanguage: d.language,
              donorAddressLine1: d.addressLine1 ?? null, donorAddressLine2: d.addressLine2 ?? null, donorCity: d.city ?? null, donorProvince: d.province ?? null, donorPostalCode: d.postalCode ?? null,
              wallDisplay: 'anonymous', idempotencyKey: key, reference: input.state, receivedOn: input.receivedOn ?? todayInToronto(), succeededAt: new Date(),
              advantageCents: 0,
            })
            .returningAll()
            .executeTakeFirstOrThrow();
          await onGiftSucceeded(trx, gift);
          return { giftId: id, created: true };
        });
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        const again = await findGiftByIdempotencyKey(db, input.organizationId, key);
        if (!again) throw error;
        return { giftId: again.id, created: false };
      }
    },
  };
}
export type GivingApi = ReturnType<typeof createGivingApi>;
