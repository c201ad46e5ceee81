import PDFDocument from 'pdfkit';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBlog, createPost } from '../support/factories/blog.js';
import { createAccount, createOrganization, TEST_PASSWORD } from '../support/factories/identity.js';
import { expectAccessible, startBrowserHarness, type BrowserHarness } from '../support/browser.js';

let h: BrowserHarness;

function slideDeck(): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: [960, 540] });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.rect(0, 0, 960, 540).fill('#003366');
    doc.fillColor('#ffffff').fontSize(48).text('Sleep and autism', 80, 200);
    doc.addPage().fillColor('#000000').text('Thank you');
    doc.end();
  });
}

beforeAll(async () => {
  h = await startBrowserHarness();
  const org = await createOrganization(h.db, { slug: 'maple-hospital', nameEn: 'Maple Hospital', nameFr: 'Hôpital des Érables' });
  const comm = await createAccount(h.db, { email: 'comm@example.ca', org, roles: ['communicator', 'member'], displayName: 'Cleo Communicator' });
  await createAccount(h.db, { email: 'writer@example.ca', org, roles: ['member'], displayName: 'Wren Writer' });
  await createAccount(h.db, { email: 'parent@example.ca', displayName: 'Paz Parent' });
  const blog = await createBlog(h.db, { organizationId: org.id, slug: 'newsroom', titleEn: 'Newsroom', titleFr: 'Salle de presse' });
  await createPost(h.db, { blog, createdBy: comm.id, slug: 'sleep-talk', title: 'Sleep and autism: the talk', bodyMd: 'A talk at the **hospital** about sleep.' });
  await createPost(h.db, { blog, createdBy: comm.id, slug: 'conference-sommeil', lang: 'fr', title: 'Conférence sur le sommeil', bodyMd: 'Une conférence à l’hôpital sur le sommeil des enfants.' });
});
afterAll(() => h?.close());

async function signedInPage(locale: string) {
  const context = await h.newContext({ locale });
  const page = await context.newPage();
  await page.goto('/sign-in');
  await page.locator('#f-email').fill('comm@example.ca');
  await page.locator('#f-password').fill(TEST_PASSWORD);
  await page.locator('form[action="/sign-in"] button[type="submit"]').click();
  await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
  return { context, page };
}

describe('blog management, images, documents and search in Chromium', () => {
  it.each([
    ['en-CA', 'parents'],
    ['fr-CA', 'parents-fr'],
  ])('creates a blog with errors first, then manages its settings and authors (%s)', async (locale, slug) => {
    const { context, page } = await signedInPage(locale);
    await page.goto('/o/maple-hospital/blogs');
    await expectAccessible(page);
    await page.locator('a[href="/o/maple-hospital/blogs/new"]').click();
    await page.waitForURL('**/blogs/new');
    await expectAccessible(page);

    await page.locator('form[action="/o/maple-hospital/blogs/new"] button[type="submit"]').click();
    await expect.poll(() => page.locator('.error-summary').count()).toBe(1);
    expect(await page.locator('#f-titleEn').getAttribute('aria-describedby')).toContain('f-titleEn-error');
    await expectAccessible(page);

    await page.locator('#f-slug').fill(slug);
    await page.locator('#f-titleEn').fill('Parents’ blog');
    await page.locator('#f-titleFr').fill('Blogue des parents');
    await page.locator('#f-allowGuestComments').check();
    await page.locator('form[action="/o/maple-hospital/blogs/new"] button[type="submit"]').click();
    await page.waitForURL(`**/blogs/${slug}/authors`);
    await expectAccessible(page);

    await page.locator('#f-email').fill('writer@example.ca');
    await page.locator('#f-role-1').check();
    await page.locator(`form[action="/o/maple-hospital/blogs/${slug}/authors"] button[type="submit"]`).click();
    await page.waitForURL(`**/blogs/${slug}/authors`);
    await page.locator('#f-email').fill('parent@example.ca');
    await page.locator('#f-role-0').check();
    await page.locator(`form[action="/o/maple-hospital/blogs/${slug}/authors"] button[type="submit"]`).click();
    await expect.poll(() => page.locator('.error-summary').count()).toBe(1);
    await expectAccessible(page);
    await page.locator('#f-role-2').check();
    await page.locator(`form[action="/o/maple-hospital/blogs/${slug}/authors"] button[type="submit"]`).click();
    await expect.poll(() => page.locator('tbody tr').count()).toBe(2);
    await expectAccessible(page);

    await page.goto(`/o/maple-hospital/blogs/${slug}/settings`);
    await expectAccessible(page);
    await page.locator('#f-titleEn').fill('');
    await page.locator(`form[action="/o/maple-hospital/blogs/${slug}/settings"] button[type="submit"]`).click();
    await expect.poll(() => page.locator('.error-summary').count()).toBe(1);
    await expectAccessible(page);

    await page.goto(`/o/maple-hospital/blogs/${slug}`);
    await expectAccessible(page);
    await context.close();
  });

  it.each(['en-CA', 'fr-CA'])('uploads an image and a slide deck on the media page, and shows the preview on the post (%s)', async (locale) => {
    const { context, page } = await signedInPage(locale);
    await page.goto('/o/maple-hospital/blogs/newsroom/sleep-talk/media');
    await expectAccessible(page);

    // The description is required: the form comes back with the error tied to it.
    const photo = await sharp({ create: { width: 1800, height: 900, channels: 3, background: '#2a7' } }).jpeg().toBuffer();
    await page.locator('#f-image').setInputFiles({ name: 'photo.jpg', mimeType: 'image/jpeg', buffer: photo });
    await page.locator('form[action*="/images?"] button[type="submit"]').click();
    await expect.poll(() => page.locator('#f-alt-error').count()).toBe(1);
    await expectAccessible(page);
    await page.locator('#f-alt').fill('Parents in the sleep clinic');
    await page.locator('#f-image').setInputFiles({ name: 'photo.jpg', mimeType: 'image/jpeg', buffer: photo });
    await page.locator('form[action*="/images?"] button[type="submit"]').click();
    await page.waitForURL('**/images/*');
    expect(await page.locator('input.snippet-input').inputValue()).toMatch(/^!\[Parents in the sleep clinic\]\(\/media\/[0-9a-f-]{36}\)$/);
    await expectAccessible(page);

    await page.goto('/o/maple-hospital/blogs/newsroom/sleep-talk/media');
    await page.locator('#f-title').fill(`Slides ${locale}`);
    await page.locator('#f-attachment').setInputFiles({ name: 'slides.pdf', mimeType: 'application/pdf', buffer: await slideDeck() });
    await page.locator('form[action*="/attachments?"] button[type="submit"]').click();
    await expect.poll(() => page.locator('table tbody tr').count()).toBeGreaterThan(0);
    await expectAccessible(page);

    await page.goto('/o/maple-hospital/blogs/newsroom/sleep-talk');
    const preview = page.locator('img.attachment-preview').first();
    expect(await preview.getAttribute('alt')).toMatch(/Slides/);
    await expect.poll(() => preview.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(800);
    await expectAccessible(page);
    await context.close();
  });

  it.each(['en-CA', 'fr-CA'])('searches posts in both languages, accessibly, with and without errors (%s)', async (locale) => {
    const context = await h.newContext({ locale });
    const page = await context.newPage();
    await page.goto('/o/maple-hospital/blogs/newsroom');
    await page.locator('form[role="search"] #f-q').fill('hospitals');
    await page.locator('form[role="search"] button[type="submit"]').click();
    await page.waitForURL('**/blogs/search?*');
    expect(await page.locator('mark').first().textContent()).toBe('hospital');
    await expectAccessible(page);
    await page.goto(`/o/maple-hospital/blogs/search?q=${encodeURIComponent('hôpitaux')}`);
    expect(await page.locator('a[href="/o/maple-hospital/blogs/newsroom/conference-sommeil"]').count()).toBe(1);
    await expectAccessible(page);
    const bad = await page.goto('/o/maple-hospital/blogs/search?q=');
    expect(bad?.status()).toBe(400);
    await expectAccessible(page);
    await context.close();
  });
});
