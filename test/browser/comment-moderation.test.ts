import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBlog, createPost } from '../support/factories/blog.js';
import { createComment } from '../support/factories/blog-comments.js';
import { createAccount, createOrganization, TEST_PASSWORD } from '../support/factories/identity.js';
import { expectAccessible, startBrowserHarness, type BrowserHarness } from '../support/browser.js';

let h: BrowserHarness;
let orgId: string;
let postId: string;
let approvedId: string;
const POST = '/o/maple/blogs/parents/first-steps';
const CARD = '1234-567-897-AB';

beforeAll(async () => {
  h = await startBrowserHarness();
  const org = await createOrganization(h.db, { slug: 'maple', nameEn: 'Maple Children’s Hospital', nameFr: 'Hôpital pour enfants Érable' });
  orgId = org.id;
  const writer = await createAccount(h.db, { org, roles: ['communicator', 'member'], displayName: 'Cam Communicator' });
  await createAccount(h.db, { email: 'moderator@example.ca', org, roles: ['moderator', 'member'], displayName: 'Mo Derator' });
  const blog = await createBlog(h.db, { organizationId: org.id, slug: 'parents', titleEn: 'Parents’ blog', titleFr: 'Blogue des parents', allowGuestComments: true });
  postId = (await createPost(h.db, { blog, createdBy: writer.id, slug: 'first-steps', title: 'First steps at home', bodyMd: 'Our first weeks at home.' })).id;
  approvedId = (await createComment(h.db, { organizationId: org.id, postId, guestName: 'Jordan', body: 'Thank you for sharing.' })).id;
});
afterAll(() => h?.close());

describe('a comment with a health card number, in Chromium', () => {
  it('is held, redacted by a moderator, approved, and shown redacted; every page accessible', async () => {
    // A guest leaves a reply with an Ontario health card number.
    const guest = await h.newContext();
    const reader = await guest.newPage();
    expect((await reader.goto(POST))?.status()).toBe(200);
    await expectAccessible(reader);
    expect(await reader.locator('#comments-title').textContent()).toBe('1 Response');
    await reader.locator('#f-commentName').fill('Sam Parent');
    await reader.locator('#f-commentEmail').fill('sam.parent@example.ca');
    await reader.locator('#f-commentBody').fill(`Could someone check my daughter’s file? Her card is ${CARD}. Thanks!`);
    await reader.getByRole('button', { name: 'Post comment' }).click();
    await reader.waitForURL((u) => u.pathname === POST);
    await expect.poll(() => reader.locator('.notice').textContent()).toContain('personal health information');
    await expectAccessible(reader);
    expect(await reader.locator('#comments').textContent()).not.toContain(CARD);

    const held = await h.db.selectFrom('blogComments').selectAll().where('guestEmail', '=', 'sam.parent@example.ca').executeTakeFirstOrThrow();
    expect(held).toMatchObject({ status: 'held', holdReasons: ['first_comment', 'phi:ontario_health_card'] });

    // The reply form on its own page, and its errors, are accessible too.
    await reader.goto(`${POST}/comments?replyTo=${approvedId}`);
    await expectAccessible(reader);
    await reader.getByRole('button', { name: 'Post comment' }).click();
    await expect.poll(() => reader.locator('.error-summary').count()).toBe(1);
    expect(await reader.locator('#f-commentBody').getAttribute('aria-describedby')).toContain('f-commentBody-error');
    await expectAccessible(reader);

    // A moderator finds it in the queue, with the number suggested for redaction.
    const staff = await h.newContext();
    const mod = await staff.newPage();
    await mod.goto('/sign-in');
    await mod.locator('#f-email').fill('moderator@example.ca');
    await mod.locator('#f-password').fill(TEST_PASSWORD);
    await mod.locator('form[action="/sign-in"] button[type="submit"]').click();
    await mod.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
    await mod.goto(POST);
    await expectAccessible(mod);
    await mod.getByRole('link', { name: '1 comment awaiting moderation' }).click();
    await mod.waitForURL((u) => u.pathname === '/o/maple/blogs/moderation');
    await expectAccessible(mod);
    expect(await mod.locator('mark').first().textContent()).toBe(CARD);
    await mod.getByRole('link', { name: 'Review and redact the health information found' }).click();
    await mod.waitForURL((u) => u.pathname === `/o/maple/blogs/moderation/comments/${held.id}`);
    await expectAccessible(mod);
    expect(await mod.locator('#f-redact').inputValue()).toBe(CARD);

    // A wrong text is refused, tied to the field.
    await mod.locator('#f-redact').fill('not in the comment');
    await mod.getByRole('button', { name: 'Redact and approve' }).click();
    await expect.poll(() => mod.locator('#f-redact-error').count()).toBe(1);
    await expectAccessible(mod);

    await mod.locator('#f-redact').fill(CARD);
    await mod.getByRole('button', { name: 'Redact and approve' }).click();
    await mod.waitForURL((u) => u.pathname === '/o/maple/blogs/moderation');
    await expect.poll(() => mod.locator('.notice').textContent()).toContain('redacted and published');
    await expectAccessible(mod);

    await mod.goto('/o/maple/blogs/moderation/settings');
    await expectAccessible(mod);
    await staff.close();

    // The comment now shows on the post, redacted, in both languages.
    await reader.goto(POST);
    const section = await reader.locator('#comments').textContent();
    expect(section).toContain('2 Responses');
    expect(section).toContain('Her card is [redacted]. Thanks!');
    expect(section).not.toContain(CARD);
    await expectAccessible(reader);
    await reader.getByRole('button', { name: 'Français' }).click();
    await expect.poll(() => reader.getAttribute('html', 'lang')).toBe('fr');
    expect(await reader.locator('#comments').textContent()).toContain('Her card is [caviardé]. Thanks!');
    await expectAccessible(reader);
    await guest.close();

    // The guest is told by e-mail, without the number.
    const mail = await h.inbox.waitFor('sam.parent@example.ca');
    expect(mail.subject).toBe('Your comment on “First steps at home” is published');
    expect(mail.text).not.toContain(CARD);
    const stored = await h.db.selectFrom('blogComments').select(['body', 'status']).where('id', '=', held.id).executeTakeFirstOrThrow();
    expect(stored).toEqual({ body: 'Could someone check my daughter’s file? Her card is [redacted]. Thanks!', status: 'approved' });
    expect(orgId).toBeTruthy();
  }, 180_000);
});
