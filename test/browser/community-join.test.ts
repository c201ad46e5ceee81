import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGroup, createGroupPosts } from '../support/factories/community.js';
import { createAccount, createOrganization, TEST_PASSWORD } from '../support/factories/identity.js';
import { expectAccessible, startBrowserHarness, type BrowserHarness } from '../support/browser.js';

let h: BrowserHarness;
const GROUP = '/o/maple/groups/heart-parents';

beforeAll(async () => {
  h = await startBrowserHarness();
  const org = await createOrganization(h.db, { slug: 'maple', nameEn: 'Maple Children’s Hospital', nameFr: 'Hôpital pour enfants Érable' });
  const mod = await createAccount(h.db, { email: 'mod@example.ca', org, roles: ['member'], displayName: 'Mo Derator' });
  const friend = await createAccount(h.db, { email: 'friend@example.ca', org, roles: ['member'], displayName: 'Fran Friend' });
  await createAccount(h.db, { email: 'parent@example.ca', org, roles: ['member'], displayName: 'Pat Parent' });
  const group = await createGroup(h.db, { organizationId: org.id, kind: 'private', slug: 'heart-parents', nameEn: 'Heart parents', members: [{ accountId: mod.id, role: 'owner' }, { accountId: friend.id }] });
  await createGroupPosts(h.db, group, [{ authorId: friend.id, body: 'Welcome, everyone. **Ask anything.**' }]);
});
afterAll(() => h?.close());

async function signIn(page: Page, email: string) {
  await page.goto('/sign-in');
  await page.locator('#f-email').fill(email);
  await page.locator('#f-password').fill(TEST_PASSWORD);
  await page.locator('form[action="/sign-in"] button[type="submit"]').click();
  await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
}

describe('joining a private group, in Chromium', () => {
  it('a parent asks, the moderator approves from a live notice, the parent posts a mention, the mentioned member sees it arrive', async () => {
    // The moderator and the friend keep their notifications open; nothing is waiting yet.
    const moderator = await (await h.newContext()).newPage();
    await signIn(moderator, 'mod@example.ca');
    await moderator.goto('/o/maple/notifications');
    await expectAccessible(moderator);
    expect(await moderator.locator('[data-unread-count]').textContent()).toBe('0 unread notifications');

    const friend = await (await h.newContext()).newPage();
    await signIn(friend, 'friend@example.ca');
    await friend.goto('/o/maple/notifications');
    await expectAccessible(friend);

    // The parent finds the group and asks to join; its posts stay closed until then.
    const parent = await (await h.newContext()).newPage();
    await signIn(parent, 'parent@example.ca');
    await parent.goto('/o/maple/groups');
    await expectAccessible(parent);
    await parent.getByRole('link', { name: 'Heart parents' }).click();
    await parent.waitForURL((u) => u.pathname === GROUP);
    await expectAccessible(parent);
    expect(await parent.locator('main').textContent()).toContain('Only members of this group can read its posts.');
    await parent.getByRole('button', { name: 'Ask to join' }).click();
    await parent.waitForURL((u) => u.pathname === GROUP);
    await expect.poll(() => parent.locator('.notice').textContent()).toContain('Your request was sent');
    await expectAccessible(parent);

    // The request arrives on the moderator's open page without a reload; they approve it from there.
    const notice = moderator.getByRole('link', { name: 'Pat Parent asks to join Heart parents' });
    await notice.waitFor({ timeout: 10_000 });
    expect(await moderator.locator('[data-unread-count]').textContent()).toBe('1 unread notification');
    await expectAccessible(moderator);
    await notice.click();
    await moderator.waitForURL((u) => u.pathname === `${GROUP}/moderation`);
    await expectAccessible(moderator);
    await moderator.getByRole('button', { name: 'Approve Pat Parent' }).click();
    await expect.poll(() => moderator.locator('.notice').textContent()).toContain('approved');
    await expectAccessible(moderator);

    // The parent now reads the group and posts, mentioning Fran.
    await parent.goto(GROUP);
    expect(await parent.locator('main').textContent()).toContain('Ask anything.');
    await parent.locator('#f-body').fill('Thank you @FranFriend! Our first week home went well.');
    await parent.getByRole('button', { name: 'Post', exact: true }).click();
    await parent.waitForURL((u) => u.pathname.startsWith(`${GROUP}/posts/`));
    await expectAccessible(parent);

    // Fran's open page shows the mention arrive, without a reload.
    const mention = friend.getByRole('link', { name: 'Pat Parent mentioned you in Heart parents' });
    await mention.waitFor({ timeout: 10_000 });
    expect(await friend.locator('[data-live-announce]').textContent()).toContain('Pat Parent mentioned you');
    await expectAccessible(friend);
    await mention.click();
    await friend.waitForURL((u) => u.pathname.startsWith(`${GROUP}/posts/`));
    expect(await friend.locator('main').textContent()).toContain('Our first week home went well.');
    await expectAccessible(friend);
  }, 90_000);
});
