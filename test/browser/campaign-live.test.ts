import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCampaign } from '../support/factories/fundraising.js';
import { createReceiptingFoundation } from '../support/factories/receipting.js';
import { expectAccessible, startBrowserHarness, type BrowserHarness } from '../support/browser.js';

let h: BrowserHarness;
let org: { id: string; slug: string };
let campaign: { id: string; slug: string };
beforeAll(async () => {
  h = await startBrowserHarness();
  org = await createReceiptingFoundation(h.db, { slug: 'lakeshore' });
  campaign = await createCampaign(h.db, { organizationId: org.id, slug: 'telethon', goalCents: 100_000 });
});
afterAll(() => h?.close());

describe('the public campaign page during a telethon', () => {
  it('moves its total and progress bar as text gifts arrive, without reloading, and stays accessible', async () => {
    const context = await h.newContext();
    const page = await context.newPage();
    await page.goto('/o/lakeshore/give/telethon');
    await expect(page.locator('.progress-text').textContent()).resolves.toContain('$0.00 raised of a $1,000.00 goal');
    await expectAccessible(page);
    await h.built.fundraising.recordTextGift({ organizationId: org.id, campaignId: campaign.id, externalId: 'live-1', amountCents: 2500, state: 'paid', language: 'en' });
    await page.waitForFunction(() => document.querySelector('.progress-text')?.textContent?.includes('$25.00 raised'), undefined, { timeout: 10_000 });
    expect(await page.locator('progress#campaign-progress').getAttribute('value')).toBe('2500');
    expect(await page.locator('progress#campaign-progress').getAttribute('aria-valuetext')).toContain('$25.00 raised');
    expect(await page.locator('[data-live="giftCount"]').textContent()).toBe('1 gift');
    await expectAccessible(page);
    await context.close();
  });
});
