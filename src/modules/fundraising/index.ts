/** The fundraising module's only public door. */
export { createFundraisingModule, type FundraisingModule } from './module.js';
export { fundraisingMigrations } from './db/migrations/index.js';
export type { FundraisingTables, GiftChannel, GiftStatus } from './db/schema.js';
export type { CampaignSummary, GivingApi, TextGiftInput } from './services/giving-api.js';
export { GIFT_CONFIRMED_JOB } from './services/gifts.js';
export { seedFundraisingDemo } from './demo.js';
