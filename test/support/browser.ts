import net from 'node:net';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { buildApp, type BuiltApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { Db } from '../../src/platform/db/types.js';
import { TEST_PASSWORD } from './factories/identity.js';
import { startSmtpInbox, type SmtpInbox } from './smtp-inbox.js';
import { createTestDb } from './test-db.js';

export const CHROMIUM = '/usr/bin/chromium';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export type BrowserHarness = {
  baseUrl: string;
  db: Db;
  inbox: SmtpInbox;
  built: BuiltApp;
  browser: Browser;
  newContext(opts?: { locale?: string }): Promise<BrowserContext>;
  close(): Promise<void>;
};

/**
 * The real app listening on localhost with its own database and SMTP inbox, its job worker
 * running, and Debian's Chromium driven by playwright-core (never a downloaded browser). `env`
 * adds settings, such as a local stand-in's URL for an outside API.
 */
export async function startBrowserHarness(opts: { env?: Record<string, string> } = {}): Promise<BrowserHarness> {
  const handle = await createTestDb();
  const inbox = await startSmtpInbox();
  const port = await freePort();
  const baseUrl = `http://localhost:${port}`;
  const config = loadConfig({
    NODE_ENV: 'test',
    FOYER_PUBLIC_URL: baseUrl,
    FOYER_SMTP_URL: inbox.url,
    FOYER_SECRET: 'browser-test-secret-browser-test-secret-0123',
    FOYER_JOBS_POLL_MS: '50',
    ...opts.env,
  });
  const built = await buildApp({ config, db: handle.db, logger: false, authRateLimit: 1000 });
  await built.app.listen({ port, host: '127.0.0.1' });
  built.worker.start();
  // playwright-core gives each launch a fresh, empty profile folder of its own.
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    baseUrl,
    // The app's own handle, so rows a test writes drop cached pages as the app's writes do.
    db: built.db,
    inbox,
    built,
    browser,
    newContext: (opts = {}) => browser.newContext({ baseURL: baseUrl, locale: opts.locale ?? 'en-CA' }),
    async close() {
      await browser.close();
      await built.app.close();
      await inbox.close();
      await handle.close();
    },
  };
}

/** Runs axe (WCAG 2.0–2.2 A and AA) on the page as it is now; any violation fails the test. */
export async function expectAccessible(page: Page): Promise<void> {
  // Every rule still runs; resultTypes only spares axe listing each passing and inapplicable node.
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .options({ resultTypes: ['violations'] })
    .analyze();
  const summary = results.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(summary, `axe violations on ${page.url()}`).toEqual([]);
}

/** Signs in through the sign-in page, in any language (fields found by their ids). */
export async function signInAs(page: Page, email: string, password = TEST_PASSWORD): Promise<void> {
  await page.goto('/sign-in');
  await page.locator('#f-email').fill(email);
  await page.locator('#f-password').fill(password);
  await page.locator('form[action="/sign-in"] button[type="submit"]').click();
  await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
}
