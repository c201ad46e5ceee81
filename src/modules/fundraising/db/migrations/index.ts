import type { Migration } from '../../../../platform/db/migrator.js';
import * as createCampaignsGifts from './20261201T1000-fundraising-create-campaigns-gifts.js';

export const fundraisingMigrations: Migration[] = [{ name: '20261201T1000-fundraising-create-campaigns-gifts', ...createCampaignsGifts }];
