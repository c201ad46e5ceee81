import path from 'node:path';
import os from 'node:os';
import { writeFile } from 'node:fs/promises';
import sharp from 'sharp';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGroup, createGroupPosts } from '../support/factories/community.js';
import { createAccount, createOrganization, TEST_PASSWORD } from '../support/factories/identity.js';
import { expectAccessible, startBrowserHarness, type BrowserHarness } from '../support/browser.js';

let h: BrowserHarness;
let picture: string;

beforeAll(async () => {
  h = await startBrowserHarness();
  const org = await createOrganization(h.db, { slug: 'cedar', nameEn: 'Cedar Hospital', nameFr: 'Hôpital des Cèdres' });
  const me = await createAccount(h.db, { email: 'searcher@example.ca', org, roles: ['member'], displayName: 'Sage Searcher' });
  const group = await createGroup(h.db, { organizationId: org.id, kind: 'private', slug: 'garden-club', nameEn: 'Garden club', nameFr: 'Club du jardin', members: [{ accountId: me.id }] });
  await createGroupPosts(h.db, group, [{ authorId: me.id, body: 'The hospital gardens open on Monday' }]);
  picture = path.join(os.tmpdir(), `foyer-garden-${process.pid}.png`);
  await writeFile(picture, await sharp({ create: { width: 300, height: 200, channels: 3, background: '#2e7d32' } }).png().toBuffer());
});
afterAll(() => h?.close());

async function signIn(page: Page) {
  await page.goto('/sign-in');
  await page.locator('#f-email').fill('searcher@example.ca');
  await page.locator('#f-password').fill(TEST_PASSWORD);
  await page.locator('form[action="/sign-in"] button[type="submit"]').click();
  await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
}

describe('community search and image posts, in Chromium', () => {
  it('searches with the keyboard, then posts an image whose alt text is required', async () => {
    const page = await (await h.newContext()).newPage();
    await signIn(page);
    await page.goto('/o/cedar/community');
    await page.getByRole('link', { name: 'Search the community' }).click();
    await page.locator('#f-q').fill('garden');
    await page.keyboard.press('Enter');
    await page.waitForURL((u) => u.searchParams.get('q') === 'garden');
    expect(await page.locator('.snippet').allTextContents()).toEqual(['The hospital gardens open on Monday']);
    await expectAccessible(page);

    await page.goto('/o/cedar/groups/garden-club/image-posts');
    await expectAccessible(page);
    await page.locator('#f-body').fill('Our new raised beds');
    await page.locator('#f-image').setInputFiles(picture);
    await page.getByRole('button', { name: 'Post' }).click();
    await page.waitForLoadState();
    expect(await page.locator('#f-alt-error').count()).toBe(1);
    await expectAccessible(page);

    await page.locator('#f-body').fill('Our new raised beds');
    await page.locator('#f-image').setInputFiles(picture);
    await page.locator('#f-alt').fill('Three wooden raised beds full of seedlings');
    await page.getByRole('button', { name: 'Post' }).click();
    await page.waitForURL((u) => /\/posts\/[0-9a-f-]{36}$/.test(u.pathname));
    const img = page.getByRole('img', { name: 'Three wooden raised beds full of seedlings' });
    expect(await img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBe(300);
    await expectAccessible(page);
  });
});
