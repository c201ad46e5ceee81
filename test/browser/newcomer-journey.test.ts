import { generate } from 'otplib';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, startBrowserHarness, type BrowserHarness } from '../support/browser.js';
import { createAccount, createOrganization, TEST_PASSWORD } from '../support/factories/identity.js';
import { linkIn } from '../support/smtp-inbox.js';
import { newId } from '../../src/platform/db/ids.js';

let h: BrowserHarness;
beforeAll(async () => {
  h = await startBrowserHarness();
});
afterAll(() => h?.close());

/** Every page the journey visits is checked by axe once it has loaded. */
async function visit(page: Page, action: () => Promise<unknown>) {
  await action();
  await page.waitForLoadState('load');
  await expectAccessible(page);
}

describe('the newcomer path in Chromium', () => {
  it('sign up → verify → sign in → enrol TOTP → sign out → sign in with TOTP → French profile → staff badge', async () => {
    const org = await createOrganization(h.db, { slug: 'riverside', nameEn: 'Riverside Hospital', nameFr: 'Hôpital Riverside' });
    const admin = await createAccount(h.db, { email: 'admin@riverside.example.ca', displayName: 'Ada Admin', org, roles: ['admin', 'member'] });
    const email = 'nadia.newcomer@example.ca';
    const password = 'orchard-violin-pebble-29';

    const context = await h.newContext();
    const page = await context.newPage();

    // Sign up.
    await visit(page, () => page.goto('/sign-up'));
    await page.getByLabel('Your name').fill('Nadia Newcomer');
    await page.getByLabel('E-mail address').fill(email);
    await page.getByLabel('Password').fill(password);
    await visit(page, () => page.getByRole('button', { name: 'Create my account' }).click());
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Check your e-mail');

    // Verify through the real SMTP inbox.
    const mail = await h.inbox.waitFor(email, (m) => /confirm/i.test(m.subject));
    const link = new URL(linkIn(mail, '/verify-email'));
    await visit(page, () => page.goto(link.pathname + link.search));
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toMatch(/confirmed/);

    // Sign in.
    await visit(page, () => page.goto('/sign-in'));
    await page.getByLabel('E-mail address').fill(email);
    await page.getByLabel('Password').fill(password);
    await visit(page, () => page.getByRole('button', { name: 'Sign in', exact: true }).click());
    await expect.poll(() => page.locator('form[action="/sign-out"]').count()).toBe(1);

    // Enrol an authenticator app.
    await visit(page, () => page.goto('/account/security'));
    await visit(page, () => page.getByRole('link', { name: 'Set up an authenticator app' }).click());
    const secret = (await page.locator('#totp-secret').textContent())!.replace(/\s/g, '');
    expect(secret.length).toBeGreaterThanOrEqual(16);
    await page.getByLabel('Code from your authenticator app').fill(await generate({ secret }));
    await visit(page, () => page.getByRole('button', { name: 'Turn on two-step verification' }).click());
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Two-step verification is on');

    // Sign out.
    await visit(page, () => page.getByRole('button', { name: 'Sign out' }).click());
    await expect.poll(() => page.locator('form[action="/sign-out"]').count()).toBe(0);

    // Sign in again: password, then a code from the next time step (the enrolment code is spent).
    await visit(page, () => page.goto('/sign-in'));
    await page.getByLabel('E-mail address').fill(email);
    await page.getByLabel('Password').fill(password);
    await visit(page, () => page.getByRole('button', { name: 'Sign in', exact: true }).click());
    await expect.poll(() => page.url()).toContain('/sign-in/two-factor');
    await page.getByLabel('Verification code').fill(await generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 }));
    await visit(page, () => page.getByRole('button', { name: 'Verify and sign in' }).click());
    await expect.poll(() => page.locator('form[action="/sign-out"]').count()).toBe(1);

    // Edit the profile in French.
    await visit(page, () => page.getByRole('button', { name: 'Français' }).click());
    await expect.poll(() => page.getAttribute('html', 'lang')).toBe('fr');
    await visit(page, () => page.goto('/account/profile'));
    await page.getByLabel('Pronoms').fill('elle');
    await page.getByLabel('Courte biographie en français').fill('Maman de deux enfants suivis en pédiatrie.');
    await visit(page, () => page.getByRole('button', { name: 'Enregistrer le profil' }).click());
    await expect.poll(() => page.locator('[role="status"]').first().textContent()).toBeTruthy();
    const account = await h.db.selectFrom('identityAccounts').select(['id', 'locale']).where('email', '=', email).executeTakeFirstOrThrow();
    const profile = await h.db.selectFrom('identityProfiles').selectAll().where('accountId', '=', account.id).executeTakeFirstOrThrow();
    expect(profile.pronouns).toBe('elle');
    expect(profile.bioFr).toBe('Maman de deux enfants suivis en pédiatrie.');

    // The newcomer joins the hospital as staff; an administrator grants the verified badge.
    await h.db
      .insertInto('identityMemberships')
      .values({ id: newId(), organizationId: org.id, accountId: account.id, roles: ['staff', 'member'], memberKind: null, staffKind: 'clinician', staffVerifiedAt: null, staffVerifiedBy: null })
      .execute();
    const adminContext = await h.newContext();
    const adminPage = await adminContext.newPage();
    await visit(adminPage, () => adminPage.goto('/sign-in'));
    await adminPage.getByLabel('E-mail address').fill(admin.email);
    await adminPage.getByLabel('Password').fill(TEST_PASSWORD);
    await visit(adminPage, () => adminPage.getByRole('button', { name: 'Sign in', exact: true }).click());
    await visit(adminPage, () => adminPage.goto(`/o/${org.slug}/admin/members`));
    await visit(adminPage, () => adminPage.getByRole('link', { name: 'Nadia Newcomer' }).click());
    await visit(adminPage, () => adminPage.getByRole('button', { name: 'Grant the verified-staff badge' }).click());
    const membership = await h.db.selectFrom('identityMemberships').selectAll().where('accountId', '=', account.id).executeTakeFirstOrThrow();
    expect(membership.staffVerifiedAt).not.toBeNull();
    expect(membership.staffVerifiedBy).toBe(admin.id);

    // The newcomer sees the badge on their public profile, in French.
    await visit(page, () => page.goto(`/people/${account.id}`));
    expect(await page.locator('main').textContent()).toContain('Personnel vérifié');

    await adminContext.close();
    await context.close();
  });
});
