import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/platform/db/ids.js';
import { createBlog, createPost } from '../support/factories/blog.js';
import { createAccount, createOrganization, TEST_PASSWORD } from '../support/factories/identity.js';
import { expectAccessible, startBrowserHarness, type BrowserHarness } from '../support/browser.js';

let h: BrowserHarness;
const POST = '/o/maple-hospital/blogs/parents/first-week-home';

beforeAll(async () => {
  h = await startBrowserHarness();
  const org = await createOrganization(h.db, { slug: 'maple-hospital', nameEn: 'Maple Hospital', nameFr: 'Hôpital des Érables' });
  const writer = await createAccount(h.db, { org, roles: ['member'], displayName: 'Rosa Parent' });
  await createAccount(h.db, { email: 'reader@example.ca', org, roles: ['member'], displayName: 'Riley Reader' });
  const blog = await createBlog(h.db, { organizationId: org.id, slug: 'parents', titleEn: 'Parents’ blog', titleFr: 'Le blogue des parents', authors: [{ accountId: writer.id, role: 'author' }] });
  const group = newId();
  await createPost(h.db, {
    blog, createdBy: writer.id, slug: 'first-week-home', title: 'Our first week home', lang: 'en', translationGroupId: group,
    excerpt: 'What helped us in the first days after the hospital.', bodyMd: 'We learned a lot.\n\n## Sleep\n\nNobody slept.', tags: [{ tag: 'home', label: 'Home' }],
  });
  await createPost(h.db, { blog, createdBy: writer.id, slug: 'premiere-semaine', title: 'Notre première semaine à la maison', lang: 'fr', translationGroupId: group });
});
afterAll(() => h?.close());

async function signedIn(locale = 'en-CA') {
  const context = await h.newContext({ locale });
  const page = await context.newPage();
  await page.goto('/sign-in');
  await page.locator('#f-email').fill('reader@example.ca');
  await page.locator('#f-password').fill(TEST_PASSWORD);
  await page.locator('form[action="/sign-in"] button[type="submit"]').click();
  await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
  return { context, page };
}

describe('sharing and favourites in Chromium', () => {
  it('shows the share section, reveals the copy button with script, and copies the link', async () => {
    const context = await h.newContext();
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: h.baseUrl });
    const page = await context.newPage();
    const external: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(h.baseUrl)) external.push(r.url());
    });
    await page.goto(POST);
    await expect.poll(() => page.getByRole('heading', { name: 'Share this post' }).isVisible()).toBe(true);
    expect(await page.getByRole('link', { name: 'Share on Bluesky' }).getAttribute('href')).toContain('https://bsky.app/intent/compose?text=');
    const copy = page.getByRole('button', { name: 'Copy the link' });
    await expect.poll(() => copy.isVisible()).toBe(true);
    await copy.click();
    await expect.poll(() => page.locator('[data-share-status]').textContent()).toBe('The link was copied.');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`${h.baseUrl}${POST}`);
    // The Web Share button appears only where the browser has navigator.share.
    const hasShare = await page.evaluate(() => typeof navigator.share === 'function');
    expect(await page.locator('[data-share-native]').isVisible()).toBe(hasShare);
    await expectAccessible(page);
    expect(external).toEqual([]);
    await context.close();
  });

  it('keeps the script-only buttons hidden without JavaScript', async () => {
    const context = await h.browser.newContext({ baseURL: h.baseUrl, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(POST);
    expect(await page.getByRole('link', { name: 'Share on Facebook' }).isVisible()).toBe(true);
    expect(await page.locator('[data-share-actions]').isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: 'Copy the link' }).count()).toBe(0);
    await context.close();
  });

  it('asks for a Mastodon server and explains a wrong one, accessibly', async () => {
    const context = await h.newContext();
    const page = await context.newPage();
    await page.goto(POST);
    await page.getByLabel('Your Mastodon server').fill('not a server');
    await page.getByRole('button', { name: 'Share on Mastodon' }).click();
    await expect.poll(() => page.locator('.error-summary').count()).toBe(1);
    expect(await page.locator('#f-instance').getAttribute('aria-describedby')).toContain('f-instance-error');
    await expectAccessible(page);
    await context.close();
  });

  it.each(['en-CA', 'fr-CA'])('saves a post and lists it on the favourites page (%s)', async (locale) => {
    const { context, page } = await signedIn(locale);
    await page.goto(POST);
    await expectAccessible(page);
    const fr = locale === 'fr-CA';
    await page.getByRole('button', { name: fr ? 'Ajouter à mes favoris' : 'Save to my favourites' }).click();
    await expect.poll(() => page.getByRole('button', { name: fr ? 'Retirer de mes favoris' : 'Remove from my favourites' }).isVisible()).toBe(true);
    await expectAccessible(page);
    await page.getByRole('link', { name: fr ? 'Mes favoris' : 'My favourites' }).click();
    await page.waitForURL('**/account/favourites');
    expect(await page.getByRole('link', { name: 'Our first week home' }).getAttribute('href')).toBe(POST);
    await expectAccessible(page);
    await page.getByRole('button', { name: fr ? 'Retirer « Our first week home » de mes favoris' : 'Remove “Our first week home” from my favourites' }).click();
    await expect.poll(() => page.getByRole('link', { name: 'Our first week home' }).count()).toBe(0);
    await expectAccessible(page);
    await context.close();
  });
});
