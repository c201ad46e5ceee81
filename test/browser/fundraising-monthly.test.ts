import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCampaign } from '../support/factories/fundraising.js';
import type { Page } from 'playwright-core';
import { createAccount, createOrganization, TEST_PASSWORD } from '../support/factories/identity.js';
import { createReceiptingFoundation } from '../support/factories/receipting.js';
import { expectAccessible, signInAs, startBrowserHarness, type BrowserHarness } from '../support/browser.js';

let h: BrowserHarness;
let hospital: { id: string; slug: string };
let foundation: { id: string; slug: string };
beforeAll(async () => {
  h = await startBrowserHarness();
  const org = await createReceiptingFoundation(h.db, { slug: 'lakeshore' });
  await createCampaign(h.db, { organizationId: org.id, slug: 'new-wing', goalCents: 500_000, suggestedAmountsCents: [2500, 5000, 10000] });
  hospital = await createOrganization(h.db, { slug: 'bay-hospital', nameEn: 'Bay Hospital', nameFr: 'Hôpital de la Baie', kind: 'hospital' });
  foundation = await createOrganization(h.db, { slug: 'bay-foundation', nameEn: 'Bay Foundation', nameFr: 'Fondation de la Baie', kind: 'foundation', foundationOfId: hospital.id });
});

/** The gift form as a guest fills it, in English. */
async function fillGiftForm(page: Page, email: string) {
  await page.getByRole('radio', { name: '$25.00' }).check();
  await page.getByLabel('First name', { exact: true }).fill('Ada');
  await page.getByLabel('Last name').fill('Moreau');
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('Street address').fill('3 Bay Street');
  await page.getByLabel('City', { exact: true }).fill('Kingston');
  await page.getByLabel('Postal code').fill('K7L 4B2');
  await page.getByRole('group', { name: 'Language for your receipt' }).getByLabel('English', { exact: true }).check();
}
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

describe('pages reached from e-mail and the grateful-patient program', () => {
  it('a guest’s monthly gift managed from the e-mailed link, and the unsubscribe page of a fundraising e-mail', async () => {
    const context = await h.newContext({ locale: 'en-CA' });
    const page = await context.newPage();
    // A one-time gift with e-mail consent: its thank-you is a fundraising message with an unsubscribe link.
    await page.goto('/o/lakeshore/give/new-wing');
    await fillGiftForm(page, 'ada.guest@example.ca');
    await page.getByLabel(/send me news and appeals from the foundation/).check();
    await page.getByRole('button', { name: 'Continue to payment' }).click();
    await page.waitForURL(/test-checkout/);
    await page.getByRole('button', { name: /Pay \$25\.00/ }).click();
    await page.waitForURL(/\/gifts\/[0-9a-f-]+\?t=/);
    const thanks = await h.inbox.waitFor('ada.guest@example.ca', (m) => m.text.includes('/fundraising/unsubscribe?token='), 20_000);
    const unsubscribe = new URL(thanks.text.match(/https?:\/\/\S+\/fundraising\/unsubscribe\?token=\S+/)![0]);
    await page.goto(unsubscribe.pathname + unsubscribe.search);
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Unsubscribe' }).click();
    await page.waitForLoadState();
    await expectAccessible(page);
    await page.goto('/fundraising/unsubscribe?token=forged');
    await expectAccessible(page);

    // A guest's monthly gift: the thank-you e-mail's link opens its manage page, no account needed.
    await page.goto('/o/lakeshore/give/new-wing');
    await fillGiftForm(page, 'ada.monthly@example.ca');
    await page.getByRole('group', { name: 'How often' }).getByLabel('Every month').check();
    await page.getByRole('button', { name: 'Continue to payment' }).click();
    await page.waitForURL(/\/monthly\/[0-9a-f-]+\/test-checkout/);
    await page.getByRole('button', { name: /Start the test monthly gift of \$25\.00/ }).click();
    await page.waitForURL(/\/monthly\/[0-9a-f-]+\?t=/);
    await expectAccessible(page);
    const monthlyMail = await h.inbox.waitFor('ada.monthly@example.ca', (m) => m.text.includes('/fundraising/monthly/manage/'), 20_000);
    const manage = new URL(monthlyMail.text.match(/https?:\/\/\S+\/fundraising\/monthly\/manage\/\S+/)![0]);
    const guest = await (await h.newContext({ locale: 'en-CA' })).newPage();
    await guest.goto(manage.pathname);
    await expectAccessible(guest);
    await guest.getByLabel('New amount each month').fill('abc');
    await guest.getByRole('button', { name: 'Save the new amount' }).click();
    await expectAccessible(guest);
    await guest.getByRole('button', { name: 'Pause the monthly gift' }).click();
    await guest.waitForURL(manage.pathname);
    expect(await guest.textContent('body')).toContain('Paused');
    await expectAccessible(guest);
    await guest.goto('/fundraising/monthly/manage/forged.token.here');
    await expectAccessible(guest);
    await guest.context().close();

    // From the thank-you page: ask for a new manage link by e-mail, without JavaScript's help.
    await page.getByRole('link', { name: 'Send me a new link to manage my monthly gift' }).click();
    await page.waitForURL('**/o/lakeshore/give/manage/monthly');
    await expectAccessible(page);
    await page.getByLabel('E-mail address').fill('not an address');
    await page.getByRole('button', { name: 'Send me a new link' }).click();
    await page.locator('.error-summary').waitFor();
    expect(await page.locator('#f-email').getAttribute('aria-describedby')).toContain('f-email-error');
    await expectAccessible(page);
    await page.getByLabel('E-mail address').fill('ada.monthly@example.ca');
    await page.getByRole('button', { name: 'Send me a new link' }).click();
    await page.getByRole('status').filter({ hasText: 'a new link is on its way' }).waitFor();
    await expectAccessible(page);
    const renewed = await h.inbox.waitFor('ada.monthly@example.ca', (m) => m.subject.startsWith('Your link to manage your monthly gift'), 20_000);
    expect(renewed.text).toContain('/fundraising/monthly/manage/');
    await context.close();
  });

  it('the hospital staff’s notice and transfer, the opt-out said by phone, the foundation’s list and the patient’s opt-out link', async () => {
    const staff = await createAccount(h.db, { email: 'staff.browser@example.ca', locale: 'en', org: hospital, roles: ['staff', 'member'] });
    const fundraiser = await createAccount(h.db, { email: 'fundraiser.browser@example.ca', locale: 'en', org: foundation, roles: ['fundraiser', 'member'] });
    const staffContext = await h.newContext({ locale: 'en-CA' });
    const page = await staffContext.newPage();
    await signInAs(page, staff.email);
    await page.goto('/o/bay-hospital/grateful-patients/new');
    await expectAccessible(page);
    // Sent empty: the error summary and each field's message.
    await page.getByRole('button', { name: 'Pass name and address to the foundation' }).click();
    await expectAccessible(page);
    await page.locator('[name=firstName]').fill('Marie');
    await page.locator('[name=lastName]').fill('Tremblay');
    await page.locator('[name=addressLine1]').fill('12 Elm Street');
    await page.locator('[name=city]').fill('Kingston');
    await page.locator('[name=province]').selectOption('ON');
    await page.locator('[name=postalCode]').fill('K7L 1A1');
    await page.locator('[name=noticeGivenOn]').fill('2026-11-20');
    await page.locator('[name=noticeGiven]').check();
    await page.getByRole('button', { name: 'Pass name and address to the foundation' }).click();
    await page.waitForLoadState();
    await expectAccessible(page);
    await page.goto('/o/bay-hospital/grateful-patients/opt-outs/new');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Record the opt-out' }).click();
    await expectAccessible(page);
    await staffContext.close();

    const foundationContext = await h.newContext({ locale: 'en-CA' });
    const desk = await foundationContext.newPage();
    await signInAs(desk, fundraiser.email);
    await desk.goto('/o/bay-foundation/fundraising/grateful-patients');
    await expectAccessible(desk);
    expect(await desk.textContent('body')).toContain('Marie Tremblay');
    const optOut = new URL((await desk.content()).replaceAll('&amp;', '&').match(/https?:\/\/\S+\/fundraising\/patients\/opt-out\?token=[\w.%-]+/)![0]);
    await foundationContext.close();

    const patient = await (await h.newContext({ locale: 'en-CA' })).newPage();
    await patient.goto(optOut.pathname + optOut.search);
    await expectAccessible(patient);
    await patient.getByRole('button', { name: 'Stop fundraising mail' }).click();
    await patient.waitForLoadState();
    await expectAccessible(patient);
    expect(await h.db.selectFrom('fundraisingPatientContacts').select('id').where('organizationId', '=', foundation.id).execute()).toHaveLength(0);
    await patient.context().close();
  });
});
