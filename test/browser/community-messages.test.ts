import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, createOrganization, TEST_PASSWORD } from '../support/factories/identity.js';
import { expectAccessible, startBrowserHarness, type BrowserHarness } from '../support/browser.js';

let h: BrowserHarness;
let benId: string;

beforeAll(async () => {
  h = await startBrowserHarness();
  const org = await createOrganization(h.db, { slug: 'birch', nameEn: 'Birch Hospital', nameFr: 'Hôpital du Bouleau' });
  await createAccount(h.db, { email: 'ada@example.ca', org, roles: ['member'], displayName: 'Ada Lovelace' });
  benId = (await createAccount(h.db, { email: 'ben@example.ca', org, roles: ['member'], displayName: 'Ben Côté' })).id;
  await createAccount(h.db, { email: 'admin@example.ca', org, roles: ['admin', 'member'], displayName: 'Ann Admin' });
});
afterAll(() => h?.close());

async function signIn(page: Page, email: string) {
  await page.goto('/sign-in');
  await page.locator('#f-email').fill(email);
  await page.locator('#f-password').fill(TEST_PASSWORD);
  await page.locator('form[action="/sign-in"] button[type="submit"]').click();
  await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
}

describe('direct messages, in Chromium', () => {
  it('a member messages another from their page, who sees it arrive live, answers, and blocks; an admin switches messages off', async () => {
    const ben = await (await h.newContext()).newPage();
    await signIn(ben, 'ben@example.ca');
    await ben.goto('/o/birch/notifications');
    expect(await ben.locator('[data-unread-count]').textContent()).toBe('0 unread notifications');

    const ada = await (await h.newContext()).newPage();
    await signIn(ada, 'ada@example.ca');
    await ada.goto(`/o/birch/people/${benId}`);
    await expectAccessible(ada);
    await ada.getByRole('link', { name: 'Message Ben Côté' }).click();
    await ada.waitForURL((u) => u.pathname === `/o/birch/messages/with/${benId}`);
    await expectAccessible(ada);
    await ada.getByRole('textbox', { name: 'Message' }).fill('Hello **Ben**, are you coming on Friday?');
    await ada.getByRole('button', { name: 'Send' }).click();
    await ada.waitForURL((u) => /^\/o\/birch\/messages\/[0-9a-f-]{36}$/.test(u.pathname));
    await expect.poll(() => ada.locator('.notice').first().textContent()).toContain('Your message was sent');
    expect(await ada.locator('.post-body strong').textContent()).toBe('Ben');
    await expectAccessible(ada);

    // Ben's open notifications page fills in without a reload.
    const notice = ben.getByRole('link', { name: 'Ada Lovelace sent you a message' });
    await notice.waitFor({ timeout: 10_000 });
    await expectAccessible(ben);
    await notice.click();
    await ben.waitForURL((u) => /^\/o\/birch\/messages\/[0-9a-f-]{36}$/.test(u.pathname));
    await ben.getByRole('textbox', { name: 'Message' }).fill('Yes, see you there.');
    await ben.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => ben.locator('main').textContent()).toContain('Yes, see you there.');
    await ben.goto('/o/birch/messages');
    await expectAccessible(ben);

    await ada.goto('/o/birch/messages');
    expect(await ada.locator('main').textContent()).toContain('1 conversation with unread messages');
    await expectAccessible(ada);

    // Ben blocks Ada from the conversation: the block is listed, and Ada's next message is refused neutrally.
    await ben.getByRole('link', { name: 'Conversation with Ada Lovelace' }).click();
    await ben.locator('summary').click();
    await ben.getByRole('button', { name: 'Block Ada Lovelace' }).click();
    await expect.poll(() => ben.locator('main').textContent()).toContain('You block Ada Lovelace');
    await expectAccessible(ben);
    await ben.goto('/o/birch/blocks');
    expect(await ben.locator('main').textContent()).toContain('Ada Lovelace');
    await expectAccessible(ben);

    await ada.getByRole('link', { name: 'Conversation with Ben Côté' }).click();
    await ada.getByRole('textbox', { name: 'Message' }).fill('Hello?');
    await ada.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => ada.locator('.error-summary').textContent()).toContain('This message could not be sent.');
    await expectAccessible(ada);

    const admin = await (await h.newContext()).newPage();
    await signIn(admin, 'admin@example.ca');
    await admin.goto('/o/birch/community/settings');
    await expectAccessible(admin);
    await admin.getByLabel('Members can send each other direct messages').uncheck();
    await admin.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => admin.locator('.notice').first().textContent()).toBeTruthy();
    await ada.reload();
    expect(await ada.locator('main').textContent()).toContain('Direct messages are switched off');
    expect(await ada.locator('textarea').count()).toBe(0);
    await expectAccessible(ada);
  });
});
