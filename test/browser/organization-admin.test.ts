import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, createOrganization, TEST_PASSWORD } from '../support/factories/identity.js';
import { expectAccessible, startBrowserHarness, type BrowserHarness } from '../support/browser.js';

let h: BrowserHarness;
let slug: string;
let memberId: string;
const INVITATION_TOKEN = 'browser-invitation-token-0123456789abcdefghij';

beforeAll(async () => {
  h = await startBrowserHarness();
  const hospital = await createOrganization(h.db, { slug: 'birch-hospital', nameEn: 'Birch Hospital', nameFr: 'Hôpital des Bouleaux', kind: 'hospital' });
  await createOrganization(h.db, { slug: 'birch-foundation', nameEn: 'Birch Foundation', nameFr: 'Fondation des Bouleaux', kind: 'foundation', foundationOfId: hospital.id, craRegistrationNumber: '123456789RR0001' });
  slug = hospital.slug;
  await createAccount(h.db, { email: 'boss@example.ca', org: hospital, roles: ['admin', 'member'], platformAdmin: true, displayName: 'Bea Boss' });
  memberId = (await createAccount(h.db, { org: hospital, roles: ['staff', 'member'], displayName: 'Sam Staff' })).id;
  await h.db
    .insertInto('identityInvitations')
    .values({
      id: randomUUID(),
      organizationId: hospital.id,
      email: 'guest@example.ca',
      roles: ['staff', 'member'],
      tokenHash: createHash('sha256').update(INVITATION_TOKEN).digest('hex'),
      invitedBy: memberId,
      expiresAt: new Date(Date.now() + 86_400_000),
      acceptedAt: null,
      acceptedBy: null,
      revokedAt: null,
    })
    .execute();
});
afterAll(() => h?.close());

async function signedInPage(locale: string) {
  const context = await h.newContext({ locale });
  const page = await context.newPage();
  await page.goto('/sign-in');
  await page.locator('#f-email').fill('boss@example.ca');
  await page.locator('#f-password').fill(TEST_PASSWORD);
  await page.locator('form[action="/sign-in"] button[type="submit"]').click();
  await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
  return { context, page };
}

describe('organization pages and their administration in Chromium', () => {
  it.each(['en-CA', 'fr-CA'])('have no accessibility violation (%s)', async (locale) => {
    const { context, page } = await signedInPage(locale);
    for (const url of [
      '/o/birch-foundation',
      `/o/${slug}`,
      '/admin/organizations',
      `/o/${slug}/admin`,
      `/o/${slug}/admin/settings`,
      `/o/${slug}/admin/members`,
      `/o/${slug}/admin/members/${memberId}`,
      `/o/${slug}/admin/invitations`,
      `/o/${slug}/admin/audit`,
    ]) {
      const res = await page.goto(url);
      expect(res?.status(), url).toBe(200);
      await expectAccessible(page);
    }
    await context.close();
  });

  it.each(['en-CA', 'fr-CA'])('shows an invitation accessibly to someone not signed in and to the wrong account (%s)', async (locale) => {
    const anon = await h.newContext({ locale });
    const page = await anon.newPage();
    expect((await page.goto(`/invitations/${INVITATION_TOKEN}`))?.status()).toBe(200);
    await expectAccessible(page);
    await anon.close();
    const { context, page: wrong } = await signedInPage(locale);
    await wrong.goto(`/invitations/${INVITATION_TOKEN}`);
    expect(await wrong.locator('[role="alert"]').count()).toBe(1);
    await expectAccessible(wrong);
    await context.close();
  });

  it('ties creation errors to their fields, and stays accessible', async () => {
    const { context, page } = await signedInPage('en-CA');
    await page.goto('/admin/organizations');
    await page.locator('#f-slug').fill('Bad Slug');
    await page.locator('form[action="/admin/organizations"] button[type="submit"]').click();
    await expect.poll(() => page.locator('.error-summary').count()).toBe(1);
    expect(await page.locator('#f-slug').getAttribute('aria-describedby')).toContain('f-slug-error');
    expect(await page.locator('#f-nameEn').getAttribute('aria-describedby')).toContain('f-nameEn-error');
    await expectAccessible(page);

    // The contrast rule is the service's: it answers once the form itself is well formed.
    await page.locator('#f-slug').fill('pale-org');
    await page.locator('#f-nameEn').fill('Pale Org');
    await page.locator('#f-nameFr').fill('Org pâle');
    await page.getByLabel('Other organization').check();
    await page.locator('#f-brandColour').fill('#ffbf47');
    await page.locator('form[action="/admin/organizations"] button[type="submit"]').click();
    await expect.poll(() => page.locator('#f-brandColour-error').count()).toBe(1);
    expect(await page.locator('#f-brandColour').getAttribute('aria-describedby')).toContain('f-brandColour-error');
    expect(await page.locator('#f-brandColour-error').textContent()).toContain('1.64:1');
    await expectAccessible(page);
    await context.close();
  });

  it('ties audit filter errors to their fields', async () => {
    const { context, page } = await signedInPage('fr-CA');
    const res = await page.goto(`/o/${slug}/admin/audit?person=pas-un-courriel`);
    expect(res?.status()).toBe(400);
    expect(await page.locator('#f-person').getAttribute('aria-describedby')).toContain('f-person-error');
    await expectAccessible(page);
    await context.close();
  });
});
