import type { Executor } from '../../../platform/db/types.js';
import type { GiftRow, NewGiftRow } from './schema.js';

/** Every statement on fundraising_gifts that the text-to-give surface (services/giving-api.ts) makes. */

/** Records a gift reported by text-to-give and returns it as stored. */
export const insertTextGift = (ex: Executor, row: NewGiftRow): Promise<GiftRow> => ex.insertInto('fundraisingGifts').values(row).returningAll().executeTakeFirstOrThrow();

/** What text-to-give's staff list needs of its gifts: whether each names a donor with a mailing address. Text gifts of the organization only. */
export const listTextGiftsForReceipts = (ex: Executor, organizationId: string, giftIds: string[]): Promise<Pick<GiftRow, 'id' | 'donorLastName' | 'donorAddressLine1'>[]> =>
  ex.selectFrom('fundraisingGifts').select(['id', 'donorLastName', 'donorAddressLine1']).where('organizationId', '=', organizationId).where('channel', '=', 'text').where('id', 'in', giftIds).execute();

/** A gift of the organization, row-locked until the caller's transaction ends. */
export const lockGift = (ex: Executor, organizationId: string, id: string): Promise<GiftRow | undefined> =>
  ex.selectFrom('fundraisingGifts').selectAll().where('organizationId', '=', organizationId).where('id', '=', id).forUpdate().executeTakeFirst();

export type GiftDonorSnapshot = Pick<
  GiftRow,
  'donorEmail' | 'donorFirstName' | 'donorMiddleInitial' | 'donorLastName' | 'donorAddressLine1' | 'donorAddressLine2' | 'donorCity' | 'donorProvince' | 'donorPostalCode' | 'donorLanguage'
>;

/** Fills in the donor a gift was recorded without (a carrier-billed text), returning the gift as it now is. */
export const setGiftDonorSnapshot = (ex: Executor, id: string, donor: GiftDonorSnapshot): Promise<GiftRow> =>
  ex.updateTable('fundraisingGifts').set({ ...donor, updatedAt: new Date() }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
