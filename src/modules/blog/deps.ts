import type { Config } from '../../config.js';
import type { Db } from '../../platform/db/types.js';
import type { I18n } from '../../platform/i18n/i18n.js';
import type { PageCache } from '../../platform/http/page-cache.js';
import type { Mailer } from '../../platform/mail/mailer.js';

/** What the blog module's services are built from. */
export type BlogDeps = {
  db: Db;
  config: Pick<Config, 'publicUrl' | 'secret' | 'cookieSecure' | 'env'>;
  mailer: Mailer;
  i18n: I18n;
  /** Rendered public pages and feeds for anonymous readers; the app drops them on every content write. */
  pageCache: PageCache;
};
