import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, startBrowserHarness, type BrowserHarness } from '../support/browser.js';
import { createAccount, TEST_PASSWORD } from '../support/factories/identity.js';

let h: BrowserHarness;
beforeAll(async () => {
  h = await startBrowserHarness();
});
afterAll(() => h?.close());

describe('passkeys in Chromium with a virtual authenticator', () => {
  it('adds a passkey, then signs in with it alone', async () => {
    const account = await createAccount(h.db, { email: 'keyholder@example.ca', displayName: 'Kim Keyholder' });
    const context = await h.newContext();
    const page = await context.newPage();
    // Chromium's DevTools WebAuthn domain stands in for a platform authenticator with a fingerprint.
    const cdp = await context.newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
    });

    await page.goto('/sign-in');
    await page.getByLabel('E-mail address').fill(account.email);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect.poll(() => page.locator('form[action="/sign-out"]').count()).toBe(1);

    await page.goto('/account/security');
    await page.getByLabel('Name of this passkey').fill('Test laptop');
    await page.getByRole('button', { name: 'Add a passkey' }).click();
    await expect.poll(async () => (await h.db.selectFrom('identityPasskeys').selectAll().where('accountId', '=', account.id).execute()).length, { timeout: 10_000 }).toBe(1);
    // The page reloads itself once the server has stored the passkey; wait for that, not a reload of ours.
    await expect.poll(() => page.getByRole('rowheader', { name: 'Test laptop' }).count(), { timeout: 10_000 }).toBe(1);
    await page.waitForLoadState('load');
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect.poll(() => page.locator('form[action="/sign-out"]').count()).toBe(0);

    await page.goto('/sign-in');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
    await expect.poll(() => page.locator('form[action="/sign-out"]').count(), { timeout: 10_000 }).toBe(1);
    const audit = await h.db.selectFrom('auditEvents').select(['action', 'data']).where('actorAccountId', '=', account.id).where('action', '=', 'auth.signed_in').execute();
    expect(audit.map((a) => (a.data as { method?: string }).method)).toContain('passkey');
    await context.close();
  });
});
