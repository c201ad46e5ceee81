import type { Config } from '../../config.js';
import type { Db } from '../../platform/db/types.js';
import type { I18n } from '../../platform/i18n/i18n.js';
import type { Mailer } from '../../platform/mail/mailer.js';
import type { ReceiptingService } from '../receipting/index.js';

/** What the fundraising module's services are built from. */
export type FundraisingDeps = {
  db: Db;
  config: Pick<Config, 'publicUrl' | 'secret' | 'env' | 'stripe'>;
  mailer: Mailer;
  i18n: I18n;
  /** Official receipts for confirmed gifts. */
  receipting: ReceiptingService;
  /** Where a campaign page's live totals stream from (text-to-give's event stream), if anywhere. */
  liveTotals?: { url(orgSlug: string, campaignId: string): string } | undefined;
};
