import type { Config } from '../../config.js';
import type { Db } from '../../platform/db/types.js';
import type { I18n } from '../../platform/i18n/i18n.js';
import type { Mailer } from '../../platform/mail/mailer.js';

/** What the community module's services are built from. */
export type CommunityDeps = {
  db: Db;
  config: Pick<Config, 'publicUrl' | 'env'>;
  mailer: Mailer;
  i18n: I18n;
};
