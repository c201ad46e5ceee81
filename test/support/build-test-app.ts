import { buildApp, type BuiltApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { Db } from '../../src/platform/db/types.js';
import { startSmtpInbox, type SmtpInbox } from './smtp-inbox.js';
import { createTestDb } from './test-db.js';

export type TestApp = BuiltApp & { db: Db; inbox: SmtpInbox; close(): Promise<void> };

/**
 * The real app on its own fresh database, with a real SMTP server receiving its mail.
 * Jobs do not run by themselves: call `worker.drain()` (or `deliverMail()`) to run them.
 */
export async function buildTestApp(opts: { env?: Record<string, string>; authRateLimit?: number } = {}): Promise<TestApp> {
  const handle = await createTestDb();
  const inbox = await startSmtpInbox();
  const config = loadConfig({
    NODE_ENV: 'test',
    FOYER_PUBLIC_URL: 'http://localhost:3000',
    FOYER_SMTP_URL: inbox.url,
    FOYER_SECRET: 'test-secret-test-secret-test-secret-0123456789',
    ...opts.env,
  });
  const built = await buildApp({ config, db: handle.db, logger: false, authRateLimit: opts.authRateLimit ?? 1000 });
  await built.app.ready();
  return {
    ...built,
    // The app's own handle, so rows a test writes drop cached pages as the app's writes do.
    db: built.db,
    inbox,
    async close() {
      await built.app.close();
      await inbox.close();
      await handle.close();
    },
  };
}
