/** The text-giving module's only public door. */
export { createTextGivingModule, type TextGivingModule } from './module.js';
export { textGivingMigrations } from './db/migrations/index.js';
export type { TextGivingTables } from './db/schema.js';
export type { CampaignDirectory, CampaignRef } from './deps.js';
export { createTwilioGateway, type TwilioGateway } from './twilio-gateway.js';
export { inboundPath } from './services/inbound.js';
export { liveTotalsUrl } from './views/urls.js';
