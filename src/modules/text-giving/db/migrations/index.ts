import type { Migration } from '../../../../platform/db/migrator.js';
import * as createTables from './20261201T1000-text-giving-create-tables.js';
import * as receiptLinks from './20261201T2300-textgifts-receipt-links.js';
import * as pledgeRefunded from './20261202T0840-text-giving-pledge-refunded.js';
import * as linkPledgeAmount from './20261202T0845-text-giving-link-pledge-amount.js';

export const textGivingMigrations: Migration[] = [
  { name: '20261201T1000-text-giving-create-tables', ...createTables },
  { name: '20261201T2300-textgifts-receipt-links', ...receiptLinks },
  { name: '20261202T0840-text-giving-pledge-refunded', ...pledgeRefunded },
  { name: '20261202T0845-text-giving-link-pledge-amount', ...linkPledgeAmount },
];
