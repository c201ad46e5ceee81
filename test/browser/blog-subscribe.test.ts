import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, startBrowserHarness, type BrowserHarness } from '../support/browser.js';
import { createBlog, createPost } from '../support/factories/blog.js';
import { createAccount, createOrganization } from '../support/factories/identity.js';
import { linkIn } from '../support/smtp-inbox.js';
import { enqueueJob } from '../../src/platform/jobs/queue.js';

let h: BrowserHarness;
beforeAll(async () => {
  h = await startBrowserHarness();
});
afterAll(() => h?.close());

/** Every page visited is checked by axe once it has loaded. */
async function visit(page: Page, action: () => Promise<unknown>) {
  await action();
  await page.waitForLoadState('load');
  await expectAccessible(page);
}

const path = (url: string) => {
  const u = new URL(url);
  return u.pathname + u.search;
};

describe('subscribing to a blog by e-mail in Chromium', () => {
  it('subscribe form → check your e-mail → confirm → a new post arrives → unsubscribe', async () => {
    const org = await createOrganization(h.db, { slug: 'lakeside', nameEn: 'Lakeside Hospital', nameFr: 'Hôpital Lakeside' });
    const writer = await createAccount(h.db, { org, roles: ['communicator'] });
    const blog = await createBlog(h.db, { organizationId: org.id, slug: 'news', titleEn: 'Lakeside news', titleFr: 'Nouvelles Lakeside' });
    await h.db.insertInto('blogSenderDetails').values({ organizationId: org.id, mailingAddress: '1 Lake Rd, Barrie ON', contactEmail: 'news@lakeside.example.ca', contactPhone: null }).execute();
    const first = await createPost(h.db, { blog, createdBy: writer.id, slug: 'first-post', title: 'First post' });
    const email = 'subscriber@example.ca';

    const context = await h.newContext();
    const page = await context.newPage();
    await visit(page, () => page.goto('/o/lakeside/blogs/news'));
    await visit(page, () => page.goto(`/o/lakeside/blogs/news/${first.slug}`));

    // Without the consent box the form comes back with the error tied to the box.
    await page.getByLabel('E-mail address').fill(email);
    await visit(page, () => page.getByRole('button', { name: 'Subscribe' }).click());
    await expect.poll(() => page.locator('.error-summary').count()).toBe(1);
    expect(await page.locator('#f-subscriptionConsent').getAttribute('aria-describedby')).toBe('f-subscriptionConsent-error');

    await page.getByLabel('E-mail address').fill(email);
    await page.getByLabel('A weekly digest, on Mondays').check();
    await page.getByLabel(/I agree to receive e-mails from Lakeside Hospital/).check();
    await visit(page, () => page.getByRole('button', { name: 'Subscribe' }).click());
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Check your e-mail');

    const confirmMail = await h.inbox.waitFor(email, (m) => m.subject.startsWith('Confirm'));
    const confirm = path(linkIn(confirmMail, '/subscriptions/confirm'));
    await visit(page, () => page.goto(confirm));
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Subscription confirmed');
    await visit(page, () => page.goto(confirm));
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('This link was already used');

    // A digest subscriber gets the week's posts; here the per-post path is exercised by a second address.
    const other = 'each-post@example.ca';
    await page.goto('/o/lakeside/blogs/news/subscribe');
    await page.getByLabel('E-mail address').fill(other);
    await page.getByLabel(/I agree to receive e-mails from Lakeside Hospital/).check();
    await page.getByRole('button', { name: 'Subscribe' }).click();
    await page.goto(path(linkIn(await h.inbox.waitFor(other, (m) => m.subject.startsWith('Confirm')), '/subscriptions/confirm')));
    const second = await createPost(h.db, { blog, createdBy: writer.id, slug: 'second-post', title: 'Second post' });
    await enqueueJob(h.db, 'blog.post.published', { postId: second.id }, { dedupeKey: `blog.post.published:${second.id}` });
    const postMail = await h.inbox.waitFor(other, (m) => m.subject === 'Lakeside news: Second post');
    expect(postMail.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');

    await visit(page, () => page.goto(path(linkIn(postMail, '/subscriptions/unsubscribe'))));
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Unsubscribe');
    await visit(page, () => page.getByRole('button', { name: 'Unsubscribe' }).click());
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('You are unsubscribed');
    const row = await h.db.selectFrom('blogSubscriptions').select('status').where('email', '=', other).executeTakeFirstOrThrow();
    expect(row.status).toBe('unsubscribed');
    await context.close();
  });

  it('the subscribe page in French has no accessibility violation', async () => {
    const context = await h.newContext({ locale: 'fr-CA' });
    const page = await context.newPage();
    await visit(page, () => page.goto('/o/lakeside/blogs/news/subscribe'));
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    await visit(page, () => page.goto('/subscriptions/unsubscribe?token=nonsense'));
    await context.close();
  });
});
