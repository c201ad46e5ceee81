/** The fundraising module's only public door. */
export { createFundraisingModule, type FundraisingModule } from './module.js';
export { fundraisingMigrations } from './db/migrations/index.js';
export type { FundraisingTables, GiftChannel, GiftStatus } from './db/schema.js';
export type { CampaignSummary, GivingApi, TextGiftApi, TextGiftDonor, TextGiftInput, TextGiftReceipt } from './services/giving-api.js';
export { textGiftRefs } from './links.js';
export { GIFT_CONFIRMED_JOB, TEXT_LINK_GIFT_PAID_JOB, TEXT_LINK_GIFT_REVERSED_JOB, type TextLinkGiftPaidPayload, type TextLinkGiftReversedPayload } from './services/gifts.js';
export type { ConsentEntry, ConsentLedger, ConsentStanding } from './services/consents.js';
export { seedFundraisingDemo } from './demo.js';
export { DonorFields as ReceiptDonorFields, PROVINCES } from './schemas.js';
