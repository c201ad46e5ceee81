import type { Config } from '../../config.js';
import type { Db } from '../../platform/db/types.js';
import type { I18n } from '../../platform/i18n/i18n.js';
import type { Mailer } from '../../platform/mail/mailer.js';
import type { Sealer } from './crypto.js';

/** What the identity module's services are built from. */
export type IdentityDeps = {
  db: Db;
  config: Pick<Config, 'publicUrl' | 'secret' | 'cookieSecure' | 'env'>;
  mailer: Mailer;
  i18n: I18n;
  sealer: Sealer;
};

/** Where a request comes from, for the audit log. */
export type RequestMeta = { ip: string | null; userAgent: string | null };
