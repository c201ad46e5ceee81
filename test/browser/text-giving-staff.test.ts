import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inboundPath } from '../../src/modules/text-giving/index.js';
import { expectAccessible, signInAs, startBrowserHarness, type BrowserHarness } from '../support/browser.js';
import { createCampaign } from '../support/factories/fundraising.js';
import { createAccount } from '../support/factories/identity.js';
import { createReceiptingFoundation } from '../support/factories/receipting.js';
import { hex, inboundFields, newMessageSid, signedInbound, startTwilioStandIn, type TestNumber, type TwilioStandIn } from '../support/factories/text-giving.js';

/**
 * The text-giving staff pages in Chromium, each checked with axe: an administrator connects a
 * number and adds a keyword through the forms; donors text it (webhooks signed with the Twilio
 * SDK's helper, replies sent to a local stand-in of Twilio's API); a fundraiser imports the
 * billing partner's settlement file, finds the pledges, enters the details of a donor who sent
 * STOP (so their official receipt is issued and e-mailed), then opens the contacts and the
 * telethon board.
 */
let h: BrowserHarness;
let twilio: TwilioStandIn;
const accounts = new Map<string, string>();
const credentials = { phoneNumber: '+15145550142', accountSid: `AC${hex(32)}`, authToken: hex(32) };
let number: TestNumber;

beforeAll(async () => {
  twilio = await startTwilioStandIn(() => accounts);
  accounts.set(credentials.accountSid, credentials.authToken);
  h = await startBrowserHarness({ env: { FOYER_TWILIO_API_BASE_URL: twilio.url } });
  const org = await createReceiptingFoundation(h.db, { slug: 'lakeshore' });
  await createCampaign(h.db, { organizationId: org.id, slug: 'telethon', goalCents: 1_000_000 });
  await createAccount(h.db, { email: 'admin@example.ca', org, roles: ['admin', 'member'] });
  await createAccount(h.db, { email: 'fundraiser@example.ca', org, roles: ['fundraiser', 'member'] });
  await createAccount(h.db, { email: 'collecte@example.ca', org, roles: ['fundraiser', 'member'], locale: 'fr' });
});
afterAll(async () => {
  await h?.close();
  await twilio?.close();
});

/** A text from a donor's phone, as Twilio delivers it; waits for the reply the worker sends. */
async function text(from: string, body: string): Promise<string> {
  const before = twilio.to(from).length;
  const res = await h.built.app.inject(signedInbound(number, inboundFields(number, { from, body, messageSid: newMessageSid() })));
  expect(res.statusCode).toBe(200);
  await expect.poll(() => twilio.to(from).length, { timeout: 10_000 }).toBeGreaterThan(before);
  return twilio.to(from).at(-1)!.body;
}

/** The pledge's row on the pledges page, found by the phone a fundraiser sees in full. */
const pledgeRow = (page: Page, phone: string) => page.locator('tbody tr', { hasText: `-${phone.slice(-4)}` });

describe('the text-giving staff pages', () => {
  it('an administrator connects a number and adds a keyword', { timeout: 120_000 }, async () => {
    const context = await h.newContext();
    const page = await context.newPage();
    await signInAs(page, 'admin@example.ca');

    expect((await page.goto('/o/lakeshore/text-giving'))?.status()).toBe(200);
    await expectAccessible(page);
    // A bad form: the summary names each field and each field points at its message.
    await page.getByLabel('Name of the number').fill('Telethon line');
    await page.getByRole('button', { name: 'Connect the number' }).click();
    await page.locator('.error-summary').waitFor();
    expect(await page.locator('#f-accountSid').getAttribute('aria-describedby')).toContain('f-accountSid-error');
    await expectAccessible(page);

    await page.locator('#f-phoneNumber').fill(credentials.phoneNumber);
    await page.locator('#f-accountSid').fill(credentials.accountSid);
    await page.locator('#f-authToken').fill(credentials.authToken);
    await page.locator('#f-supportNumber').fill('+18005550199');
    await page.locator('#f-programLang').selectOption('en');
    await page.locator('#f-sendsPerSecond').fill('10');
    await page.getByRole('button', { name: 'Connect the number' }).click();
    await page.waitForURL(/\/o\/lakeshore\/text-giving\/numbers\/[0-9a-f-]{36}$/);
    expect(await page.locator('.notice').textContent()).toContain('The number is connected');
    const id = new URL(page.url()).pathname.split('/').at(-1)!;
    const path = inboundPath(id);
    number = { id, organizationId: '', ...credentials, path, webhookUrl: `${h.baseUrl}${path}` };
    expect(await page.locator('code').textContent()).toBe(number.webhookUrl);
    await expectAccessible(page);

    await page.locator('#f-keyword').fill('give');
    await page.locator('#f-lang-0').check();
    await page.locator('#f-campaignId').selectOption({ label: 'Campaign telethon' });
    await page.locator('#f-flow-0').check();
    for (const d of ['5', '10', '25']) await page.locator(`#f-amounts-${d}`).check();
    await page.locator('#f-defaultAmount').selectOption('10');
    await page.locator('#f-confirmWindowMinutes').fill('30');
    await page.getByRole('button', { name: 'Add the keyword' }).click();
    await page.waitForURL(`**/o/lakeshore/text-giving/numbers/${id}`);
    expect(await page.locator('.notice').textContent()).toContain('The keyword was added');
    const row = page.locator('tbody tr', { hasText: 'GIVE' });
    expect(await row.textContent()).toContain('Campaign telethon');
    expect(await row.textContent()).toContain('$5.00, $10.00, $25.00');
    await expectAccessible(page);
    await context.close();
  });

  it('a fundraiser settles the texts’ pledges, enters a donor’s details for the receipt, and sees the contacts and the board', { timeout: 120_000 }, async () => {
    const payer = '+16135550201';
    const stopper = '+16135550202';
    expect(await text(payer, 'GIVE 25')).toContain('reply YES');
    await text(payer, 'YES');
    await text(stopper, 'GIVE 10');
    await text(stopper, 'YES');
    expect(await text(stopper, 'STOP')).toContain('unsubscribed');
    const pledges = await h.db.selectFrom('textGivingPledges').select(['id', 'amountCents', 'status']).where('numberId', '=', number.id).orderBy('createdAt').execute();
    expect(pledges.map((p) => p.status)).toEqual(['confirmed', 'confirmed']);

    const context = await h.newContext();
    const page = await context.newPage();
    await signInAs(page, 'fundraiser@example.ca');
    await page.goto(`/o/lakeshore/text-giving/numbers/${number.id}`);
    await expectAccessible(page);

    // The billing partner's file, uploaded through the form.
    await page.getByRole('link', { name: 'Import a settlement file' }).click();
    await page.waitForURL('**/o/lakeshore/text-giving/settlements');
    await expectAccessible(page);
    const csv = ['reference,status,amount', `${pledges[0]!.id},paid,25.00`, `${pledges[1]!.id},paid,10.00`].join('\n');
    await page.locator('#f-file').setInputFiles({ name: 'settlement.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: 'Import and reconcile' }).click();
    await page.locator('#report-title').waitFor();
    expect(await page.locator('section[aria-labelledby="report-title"]').textContent()).toContain('2 pledges paid');
    await expectAccessible(page);
    // The worker makes each paid pledge a gift.
    await expect.poll(async () => (await h.db.selectFrom('textGivingPledges').select('giftId').where('numberId', '=', number.id).where('giftId', 'is not', null).execute()).length, { timeout: 10_000 }).toBe(2);

    await page.goto(`/o/lakeshore/text-giving/numbers/${number.id}`);
    await page.getByRole('link', { name: 'Pledges and receipts' }).click();
    await page.waitForURL(`**/o/lakeshore/text-giving/numbers/${number.id}/pledges`);
    await expectAccessible(page);
    const stopperRow = pledgeRow(page, stopper);
    expect(await stopperRow.textContent()).toContain('Not sent (the donor stopped texts)');
    expect(await stopperRow.textContent()).toContain('Name and address needed.');
    expect(await pledgeRow(page, payer).textContent()).toContain('Sent, with the receipt form link');

    // The donor asked the foundation by phone: the fundraiser enters the details.
    await stopperRow.getByRole('link', { name: 'Enter the donor’s details' }).click();
    await page.waitForURL(`**/pledges/${pledges[1]!.id}/donor`);
    expect(await page.locator('h1').textContent()).toBe('Official receipt for a $10.00 gift by text');
    await expectAccessible(page);
    await page.getByLabel('First name', { exact: true }).fill('Marc');
    await page.locator('#f-addressLine1').fill('40 Water Street');
    await page.locator('#f-email').fill('marc.gagnon@example.ca');
    await page.locator('#f-city').fill('Cornwall');
    await page.locator('#f-postalCode').fill('12345');
    await page.getByRole('button', { name: 'Record and issue the receipt' }).click();
    await page.locator('.error-summary').waitFor();
    expect(await page.locator('#f-lastName').getAttribute('aria-describedby')).toContain('f-lastName-error');
    expect(await page.locator('#f-postalCode').getAttribute('aria-describedby')).toContain('f-postalCode-error');
    // What was typed is kept.
    expect(await page.locator('#f-firstName').inputValue()).toBe('Marc');
    await expectAccessible(page);
    expect((await h.db.selectFrom('fundraisingGifts').select('donorLastName').where('channel', '=', 'text').where('amountCents', '=', 1000).executeTakeFirstOrThrow()).donorLastName).toBe('');

    await page.locator('#f-lastName').fill('Gagnon');
    await page.locator('#f-postalCode').fill('k6h 1a1');
    await page.getByRole('button', { name: 'Record and issue the receipt' }).click();
    await page.waitForURL(`**/o/lakeshore/text-giving/numbers/${number.id}/pledges#pledge-${pledges[1]!.id}`);
    expect(await page.locator('.notice').textContent()).toContain('The donor’s details were recorded');
    await expectAccessible(page);
    // The receipt is issued and e-mailed to the donor; the row then names it.
    const mail = await h.inbox.waitFor('marc.gagnon@example.ca', (m) => m.attachments.some((a) => a.contentType === 'application/pdf'));
    expect(mail).toBeTruthy();
    await expect
      .poll(async () => {
        await page.reload();
        return pledgeRow(page, stopper).textContent();
      }, { timeout: 10_000 })
      .toMatch(/Receipt \S+/);
    expect(await pledgeRow(page, stopper).getByRole('link', { name: 'Enter the donor’s details' }).count()).toBe(0);
    await expectAccessible(page);

    // The contacts of the number: the donor who sent STOP shows as stopped.
    await page.goto(`/o/lakeshore/text-giving/numbers/${number.id}`);
    await page.getByRole('link', { name: 'Donors who texted this number' }).click();
    await page.waitForURL(`**/numbers/${number.id}/contacts`);
    expect(await page.locator('tbody tr', { hasText: `-${stopper.slice(-4)}` }).textContent()).toContain('Stopped (STOP)');
    await expectAccessible(page);

    // The telethon board counts both paid pledges, under text and in the campaign's total.
    await page.goto('/o/lakeshore/text-giving');
    await expectAccessible(page);
    await page.getByRole('link', { name: 'Telethon board' }).click();
    await page.waitForURL('**/o/lakeshore/text-giving/board');
    const boardRow = page.locator('tr[data-campaign]');
    await expect.poll(() => boardRow.locator('[data-field="textCount"]').textContent()).toBe('2');
    expect(await boardRow.locator('[data-field="textCents"]').textContent()).toBe('$35.00');
    expect(await boardRow.locator('[data-field="allCount"]').textContent()).toBe('2');
    await expectAccessible(page);
    await context.close();
  });

  it('the same pages in French pass axe too', { timeout: 120_000 }, async () => {
    const context = await h.newContext({ locale: 'fr-CA' });
    const page = await context.newPage();
    await signInAs(page, 'collecte@example.ca');
    for (const url of ['/o/lakeshore/text-giving', `/o/lakeshore/text-giving/numbers/${number.id}`, `/o/lakeshore/text-giving/numbers/${number.id}/pledges`, `/o/lakeshore/text-giving/numbers/${number.id}/contacts`, '/o/lakeshore/text-giving/settlements', '/o/lakeshore/text-giving/board']) {
      expect((await page.goto(url))?.status(), url).toBe(200);
      expect(await page.locator('html').getAttribute('lang')).toMatch(/^fr/);
      await expectAccessible(page);
    }
    await context.close();
  });
});
