import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, startBrowserHarness, type BrowserHarness } from '../support/browser.js';

let h: BrowserHarness;
beforeAll(async () => {
  h = await startBrowserHarness();
});
afterAll(() => h?.close());

describe('public pages in Chromium', () => {
  it.each(['/', '/sign-in', '/sign-up', '/password/forgot', '/no-such-page'])('%s has no accessibility violation', async (url) => {
    const context = await h.newContext();
    const page = await context.newPage();
    await page.goto(url);
    await expectAccessible(page);
    await context.close();
  });

  it('keyboard users reach the main content through the skip link', async () => {
    const context = await h.newContext();
    const page = await context.newPage();
    await page.goto('/');
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => document.activeElement?.textContent);
    expect(focused).toBe('Skip to main content');
    await page.keyboard.press('Enter');
    await page.waitForURL(/#main$/);
    expect(await page.evaluate(() => document.activeElement?.closest('#main') !== null || document.activeElement?.id === 'main')).toBe(true);
    await context.close();
  });

  it('switches to French and stays in French', async () => {
    const context = await h.newContext();
    const page = await context.newPage();
    await page.goto('/sign-in');
    await page.getByRole('button', { name: 'Français' }).click();
    await expect.poll(() => page.getAttribute('html', 'lang')).toBe('fr');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Se connecter');
    await page.goto('/');
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    await expectAccessible(page);
    await context.close();
  });

  it('shows form errors tied to their fields, without JavaScript', async () => {
    const context = await h.browser.newContext({ baseURL: h.baseUrl, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto('/sign-up');
    await page.getByRole('button', { name: 'Create my account' }).click();
    await expect.poll(() => page.locator('.error-summary').count()).toBe(1);
    const describedBy = await page.locator('#f-email').getAttribute('aria-describedby', { timeout: 5000 });
    expect(describedBy).toContain('f-email-error');
    await context.close();
    // axe needs script in the page, so the same error state is checked with JavaScript on.
    const withJs = await h.newContext();
    const page2 = await withJs.newPage();
    await page2.goto('/sign-up');
    await page2.getByRole('button', { name: 'Create my account' }).click();
    await expect.poll(() => page2.locator('.error-summary').count()).toBe(1);
    await expectAccessible(page2);
    await withJs.close();
  });
});
