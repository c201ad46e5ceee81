import { newId } from '../../../platform/db/ids.js';
import { isUniqueViolation } from '../../../platform/db/pg-errors.js';
import { NotFoundError, ValidationError } from '../../../platform/http/errors.js';
import { enqueueJob } from '../../../platform/jobs/queue.js';
import { todayInToronto } from '../days.js';
import type { FundraisingDeps } from '../deps.js';
import { findCampaignById, findGiftByIdempotencyKey, listCampaigns } from '../db/queries.js';
import type { CampaignRow } from '../db/schema.js';
import { insertTextGift, listTextGiftsForReceipts, lockGift, setGiftDonorSnapshot } from '../db/text-gift-queries.js';
import { linkDonor, onGiftSucceeded } from './gifts.js';
import { GIFT_RECEIPT_JOB, GIFT_SOURCE_TYPE, type GiftReceiptPayload } from './receipts.js';
import { takesGifts } from './campaigns.js';

/** What another module may know of a campaign. */
export type CampaignSummary = {
  id: string; organizationId: string; slug: string; titleEn: string; titleFr: string; goalCents: number; raisedCents: number; giftCount: number;
  /** Whether it takes gifts now: published (a draft takes none) and not ended, by the gift form's rule. */
  open: boolean;
};

export type TextGiftInput = {
  organizationId: string;
  campaignId: string;
  /** The text-giving module's own id for the gift (its message or pledge id): recording twice is a no-op. */
  externalId: string;
  amountCents: number;
  /** `pledge_confirmed`: the donor replied YES and the carrier bills it; `paid`: the money arrived. Both count. */
  state: 'pledge_confirmed' | 'paid';
  /**
   * Absent for a carrier-billed text, which gives no name nor address: the gift is recorded
   * without a donor (no receipt can be issued) until `completeTextGiftDonor` names one.
   */
  donor?: { email: string; firstName: string; lastName: string; middleInitial?: string | null; language: 'en' | 'fr'; addressLine1?: string | null; addressLine2?: string | null; city?: string | null; province?: string | null; postalCode?: string | null };
  /** The donor's language when no donor is given (the text's language). */
  language?: 'en' | 'fr';
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
      return c ? summary(c) : null;
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
          const d = input.donor ?? { email: '', firstName: '', lastName: '', language: input.language ?? 'en' };
          const gift = await insertTextGift(trx, {
            id, organizationId: input.organizationId, campaignId: campaign.id, status: 'succeeded', channel: 'text', method: 'text', amountCents: input.amountCents,
            donorEmail: d.email, donorFirstName: d.firstName, donorLastName: d.lastName, donorMiddleInitial: d.middleInitial ?? null, donorLanguage: d.language,
            donorAddressLine1: d.addressLine1 ?? null, donorAddressLine2: d.addressLine2 ?? null, donorCity: d.city ?? null, donorProvince: d.province ?? null, donorPostalCode: d.postalCode ?? null,
            wallDisplay: 'anonymous', idempotencyKey: key, reference: input.state, receivedOn: input.receivedOn ?? todayInToronto(), succeededAt: new Date(),
            advantageCents: 0,
          });
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

/** A text gift's receipt as text-to-give's staff list shows it. */
export type TextGiftReceipt = { giftId: string; donorNamed: boolean; receipt: { id: string; serial: string; status: 'issued' | 'cancelled' } | null };

/** What a text donor gives on the receipt form: the name and mailing address an official receipt needs. */
export type TextGiftDonor = {
  email: string;
  firstName: string;
  middleInitial?: string | null;
  lastName: string;
  addressLine1: string;
  addressLine2?: string | null;
  city: string;
  province: string;
  postalCode: string;
  language: 'en' | 'fr';
};

const summary = (c: CampaignRow): CampaignSummary => ({ id: c.id, organizationId: c.organizationId, slug: c.slug, titleEn: c.titleEn, titleFr: c.titleFr, goalCents: c.goalCents, raisedCents: c.raisedCents, giftCount: c.giftCount, open: takesGifts(c) });

/** More of the surface for other modules: listing campaigns, and naming the donor of a text gift. */
export function createTextGiftApi(deps: Pick<FundraisingDeps, 'db' | 'receipting'>) {
  const { db } = deps;
  return {
    /**
     * Where each text gift's official receipt stands, for text-to-give's staff list: whether the
     * donor is named (a receipt needs a name and address) and the current receipt, if issued.
     */
    async textGiftReceipts(organizationId: string, giftIds: string[]): Promise<TextGiftReceipt[]> {
      if (giftIds.length === 0) return [];
      const gifts = await listTextGiftsForReceipts(db, organizationId, giftIds);
      const found = await deps.receipting.findReceiptsForSources(organizationId, gifts.map((g) => ({ type: GIFT_SOURCE_TYPE, id: g.id })));
      const bySource = new Map(found.map((f) => [f.source.id, f.receipt]));
      return gifts.map((g) => {
        const r = bySource.get(g.id);
        return { giftId: g.id, donorNamed: g.donorLastName !== '' && g.donorAddressLine1 !== null, receipt: r ? { id: r.id, serial: r.serial, status: r.status } : null };
      });
    },

    /** The organization's campaigns, newest first (a keyword's campaign picker). */
    async listCampaigns(organizationId: string): Promise<CampaignSummary[]> {
      return (await listCampaigns(db, organizationId)).map(summary);
    },

    /**
     * The donor of a text gift recorded without one gives their name and address: the gift's
     * snapshot is filled in, the donor record found or made (by e-mail, as for a guest), and the
     * receipt asked for through the usual job. Once only: a gift that already names its donor
     * is left as it is (`completed: false`).
     */
    async completeTextGiftDonor(input: { organizationId: string; giftId: string; donor: TextGiftDonor }): Promise<{ completed: boolean }> {
      return db.transaction().execute(async (trx) => {
        const gift = await lockGift(trx, input.organizationId, input.giftId);
        if (!gift || gift.channel !== 'text') throw new NotFoundError();
        if (gift.donorId || gift.donorLastName !== '') return { completed: false };
        const d = input.donor;
        const named = await setGiftDonorSnapshot(trx, gift.id, {
          donorEmail: d.email, donorFirstName: d.firstName, donorMiddleInitial: d.middleInitial?.toUpperCase() ?? null, donorLastName: d.lastName,
          donorAddressLine1: d.addressLine1, donorAddressLine2: d.addressLine2 ?? null, donorCity: d.city, donorProvince: d.province, donorPostalCode: d.postalCode,
          donorLanguage: d.language,
        });
        await linkDonor(trx, named);
        const payload: GiftReceiptPayload = { giftId: gift.id, organizationId: gift.organizationId };
        // The receipt job that ran when the gift succeeded found no address; this one will.
        if (named.status === 'succeeded') await enqueueJob(trx, GIFT_RECEIPT_JOB, payload, { dedupeKey: `${GIFT_RECEIPT_JOB}:${gift.id}:donor` });
        return { completed: true };
      });
    },
  };
}
export type TextGiftApi = ReturnType<typeof createTextGiftApi>;
