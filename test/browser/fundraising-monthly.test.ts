import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCampaign } from '../support/factories/fundraising.js';
import { createAccount, TEST_PASSWORD } from '../support/factories/identity.js';
import { createReceiptingFoundation } from '../support/factories/receipting.js';
import { expectAccessible, startBrowserHarness, type BrowserHarness } from '../support/browser.js';

let h: BrowserHarness;
beforeAll(async () => {
  h = await startBrowserHarness();
  const org = await createReceiptingFoundation(h.db, { slug: 'lakeshore' });
  await createCampaign(h.db, { organizationId: org.id, slug: 'new-wing', goalCents: 500_000, suggestedAmountsCents: [2500, 5000, 10000] });
});
afterAll(() => h?.close());

describe('a signed-in donor starts a monthly gift through the test gateway and manages it', () => {
  it('starts it, thanks them, and lets them change the amount and pause it from their account', async () => {
    const account = await createAccount(h.db, { email: 'monthly.browser@example.ca', locale: 'en' });
    const context = await h.newContext({ locale: 'en-CA' });
    const page = await context.newPage();
    await page.goto('/sign-in');
    await page.getByLabel('E-mail address').fill(account.email);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));

    await page.goto('/o/lakeshore/give/new-wing');
    await expectAccessible(page);
    await page.getByLabel('$25.00').check();
    await page.getByRole('group', { name: 'How often' }).getByLabel('Every month').check();
    await page.getByLabel(/one official receipt for the year/).check();
    await page.getByLabel('First name', { exact: true }).fill('Noah');
    await page.getByLabel('Last name').fill('Singh');
    await page.getByLabel('E-mail address').fill(account.email);
    await page.getByLabel('Street address').fill('9 King Street');
    await page.getByLabel('City', { exact: true }).fill('Kingston');
    await page.getByLabel('Postal code').fill('K7L 3A1');
    await page.getByRole('group', { name: 'Language for your receipt' }).getByLabel('English', { exact: true }).check();
    await page.getByRole('button', { name: 'Continue to payment' }).click();

    await page.waitForURL(/\/monthly\/[0-9a-f-]+\/test-checkout/);
    await expectAccessible(page);
    expect(await page.textContent('body')).toContain('TEST — no money moves');
    await page.getByRole('button', { name: /Start the test monthly gift of \$25\.00/ }).click();

    await page.waitForURL(/\/monthly\/[0-9a-f-]+\?t=/);
    await expectAccessible(page);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Thank you, Noah! Your monthly gift has started');
    await page.getByRole('link', { name: 'Manage my monthly gift' }).click();

    await page.waitForURL(/\/account\/giving\/monthly\/[0-9a-f-]+$/);
    await expectAccessible(page);
    await page.getByLabel('New amount each month').fill('40');
    await page.getByRole('button', { name: 'Save the new amount' }).click();
    await page.waitForURL(/\/account\/giving\/monthly\/[0-9a-f-]+$/);
    expect(await page.textContent('body')).toContain('$40.00 a month');
    await page.getByRole('button', { name: 'Pause the monthly gift' }).click();
    await page.waitForURL(/\/account\/giving\/monthly\/[0-9a-f-]+$/);
    await expectAccessible(page);
    expect(await page.textContent('body')).toContain('Paused');
    await page.getByLabel('New amount each month').fill('abc');
    await page.getByRole('button', { name: 'Save the new amount' }).click();
    await expectAccessible(page);

    await page.goto('/account/giving/monthly');
    await expectAccessible(page);
    const monthly = await h.db.selectFrom('fundraisingMonthlyGifts').selectAll().executeTakeFirstOrThrow();
    expect(monthly).toMatchObject({ status: 'paused', amountCents: 4000, receiptAnnually: true, accountId: account.id });
    const gifts = await h.db.selectFrom('fundraisingGifts').selectAll().where('monthlyGiftId', '=', monthly.id).execute();
    expect(gifts).toHaveLength(1);
    await context.close();
  });
});
