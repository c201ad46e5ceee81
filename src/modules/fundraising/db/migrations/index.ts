import type { Migration } from '../../../../platform/db/migrator.js';
import * as createCampaignsGifts from './20261201T1000-fundraising-create-campaigns-gifts.js';
import * as peerPages from './20261201T1100-fundraising-peer-pages.js';
import * as consents from './20261201T1200-fundraising-consents.js';
import * as gratefulPatients from './20261201T1300-fundraising-grateful-patients.js';
import * as ecards from './20261201T1400-fundraising-ecards.js';
import * as monthlyGifts from './20261201T2200-fundraising-monthly-gifts.js';
import * as covers from './20261201T2330-fundraising-covers.js';
import * as invoicePayments from './20261202T0400-fundraising-invoice-payments.js';
import * as campaignTallies from './20261202T0410-fundraising-campaign-tallies.js';

export const fundraisingMigrations: Migration[] = [
  { name: '20261201T1000-fundraising-create-campaigns-gifts', ...createCampaignsGifts },
  { name: '20261201T1100-fundraising-peer-pages', ...peerPages },
  { name: '20261201T1200-fundraising-consents', ...consents },
  { name: '20261201T1300-fundraising-grateful-patients', ...gratefulPatients },
  { name: '20261201T1400-fundraising-ecards', ...ecards },
  { name: '20261201T2200-fundraising-monthly-gifts', ...monthlyGifts },
  { name: '20261201T2330-fundraising-covers', ...covers },
  { name: '20261202T0400-fundraising-invoice-payments', ...invoicePayments },
  { name: '20261202T0410-fundraising-campaign-tallies', ...campaignTallies },
];
