import type { Config } from '../../config.js';
import type { Db } from '../../platform/db/types.js';
import type { I18n } from '../../platform/i18n/i18n.js';
import type { Mailer } from '../../platform/mail/mailer.js';

/** Seals and opens small secrets (the signing key) with the deployment secret: the identity module's sealer. */
export type Sealer = { seal(plain: string): string; open(sealed: string): string };

/** What the receipting module is built from. */
export type ReceiptingDeps = {
  db: Db;
  config: Pick<Config, 'publicUrl' | 'secret'>;
  mailer: Mailer;
  i18n: I18n;
  sealer: Sealer;
  /** The moment of issue; tests pass a fixed clock. */
  now?: () => Date;
};
