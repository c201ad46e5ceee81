import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBlog } from '../support/factories/blog.js';
import { createAccount, createOrganization, TEST_PASSWORD } from '../support/factories/identity.js';
import { expectAccessible, startBrowserHarness, type BrowserHarness } from '../support/browser.js';

let h: BrowserHarness;
const blogPath = '/o/maple-hospital/blogs/newsroom';

beforeAll(async () => {
  h = await startBrowserHarness();
  const org = await createOrganization(h.db, { slug: 'maple-hospital', nameEn: 'Maple Hospital', nameFr: 'Hôpital des Érables' });
  const writer = await createAccount(h.db, { email: 'writer@example.ca', org, roles: ['communicator', 'member'], displayName: 'Cora Writer' });
  await createBlog(h.db, { organizationId: org.id, slug: 'newsroom', titleEn: 'Newsroom', titleFr: 'Salle de presse', authors: [{ accountId: writer.id, role: 'editor' }] });
});
afterAll(() => h?.close());

describe('the post editor in Chromium', () => {
  it('a communicator writes, previews and publishes a post, then its French translation, linked both ways', { timeout: 120_000 }, async () => {
    const context = await h.newContext({ locale: 'en-CA' });
    const page = await context.newPage();
    await page.goto('/sign-in');
    await page.locator('#f-email').fill('writer@example.ca');
    await page.locator('#f-password').fill(TEST_PASSWORD);
    await page.locator('form[action="/sign-in"] button[type="submit"]').click();
    await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));

    expect((await page.goto(`${blogPath}/desk`))?.status()).toBe(200);
    await expectAccessible(page);
    await page.getByRole('link', { name: 'New post' }).click();
    await page.waitForURL(`**${blogPath}/new`);
    await expectAccessible(page);

    // A first draft, then an error on the edit page: the title emptied.
    await page.getByLabel('Title', { exact: true }).fill('Our new family lounge');
    await page.getByLabel('Text (Markdown)').fill('## A place to rest\n\nParents can now rest **on every floor**.\n\n![Armchairs by a sunny window](https://example.ca/lounge.jpg)');
    await page.getByLabel('Tags (optional)').fill('Families, Facilities');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.waitForURL(`**${blogPath}/our-new-family-lounge/edit`);
    await page.getByLabel('Title', { exact: true }).fill('');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.locator('.error-summary').waitFor();
    expect(await page.locator('#f-title').getAttribute('aria-describedby')).toContain('f-title-error');
    await expectAccessible(page);

    // The preview, asked for from the keyboard, shows the rendering below the form without saving.
    await page.getByLabel('Title', { exact: true }).fill('Our new family lounge opens');
    await page.getByRole('button', { name: 'Preview' }).focus();
    await page.keyboard.press('Enter');
    await page.locator('#preview').waitFor();
    expect(await page.locator('#preview h4').textContent()).toBe('A place to rest');
    expect(await page.locator('#preview img').getAttribute('alt')).toBe('Armchairs by a sunny window');
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Publish now' }).click();
    await page.waitForURL(`**${blogPath}/our-new-family-lounge/edit`);
    expect(await page.locator('.notice').first().textContent()).toContain('published');
    await page.getByRole('link', { name: 'View the post' }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Our new family lounge opens');
    await expectAccessible(page);

    // The French version, linked to the English one from the "Translation of" list.
    await page.goto(`${blogPath}/new`);
    await page.getByLabel('Title', { exact: true }).fill('Notre nouveau salon des familles ouvre');
    await page.getByRole('radio', { name: 'French' }).check();
    await page.getByLabel('Translation of (optional)').selectOption({ label: 'Our new family lounge opens (English, Newsroom)' });
    await page.getByLabel('Text (Markdown)').fill('Les parents peuvent maintenant se reposer **à chaque étage**.');
    await page.getByRole('button', { name: 'Publish now' }).click();
    await page.waitForURL(`**${blogPath}/notre-nouveau-salon-des-familles-ouvre/edit`);
    expect(await page.locator('#f-title').getAttribute('lang')).toBe('fr');
    await expectAccessible(page);

    await page.goto(`${blogPath}/our-new-family-lounge`);
    const toFrench = page.getByRole('link', { name: 'Lire en français' });
    expect(await toFrench.getAttribute('hreflang')).toBe('fr');
    await toFrench.click();
    await page.waitForURL(`**${blogPath}/notre-nouveau-salon-des-familles-ouvre`);
    expect(await page.locator('article.post').getAttribute('lang')).toBe('fr');
    const toEnglish = page.getByRole('link', { name: 'Read in English' });
    expect(await toEnglish.getAttribute('hreflang')).toBe('en');
    await expectAccessible(page);
    await toEnglish.click();
    await page.waitForURL(`**${blogPath}/our-new-family-lounge`);

    // History and the diff of the first draft against the published text.
    await page.goto(`${blogPath}/our-new-family-lounge/history`);
    await expectAccessible(page);
    await page.getByRole('link', { name: /Compare with the current version/ }).last().click();
    await page.waitForURL(/\/history\/[0-9a-f-]{36}$/);
    expect(await page.locator('ins').filter({ hasText: 'opens' }).count()).toBeGreaterThan(0);
    await expectAccessible(page);
    await context.close();
  });

  it('reads as well in French: desk, form with errors, history', { timeout: 120_000 }, async () => {
    const context = await h.newContext({ locale: 'fr-CA' });
    const page = await context.newPage();
    await page.goto('/sign-in');
    await page.locator('#f-email').fill('writer@example.ca');
    await page.locator('#f-password').fill(TEST_PASSWORD);
    await page.locator('form[action="/sign-in"] button[type="submit"]').click();
    await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
    await page.goto(`${blogPath}/desk`);
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    await expectAccessible(page);
    await page.goto(`${blogPath}/new`);
    await page.getByRole('button', { name: 'Publier maintenant' }).click();
    await page.locator('.error-summary').waitFor();
    await expectAccessible(page);
    await page.goto(`${blogPath}/our-new-family-lounge/history`);
    await expectAccessible(page);
    await context.close();
  });
});
