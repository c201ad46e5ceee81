import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../support/factories/identity.js';
import { createReceiptingFoundation, receiptRequest } from '../support/factories/receipting.js';
import { expectAccessible, signInAs, startBrowserHarness, type BrowserHarness } from '../support/browser.js';

let h: BrowserHarness;
let receiptId: string;
let serial: string;

beforeAll(async () => {
  h = await startBrowserHarness();
  const org = await createReceiptingFoundation(h.db, { slug: 'lakeshore-foundation', settings: false });
  await createAccount(h.db, { email: 'finance@example.ca', org, roles: ['fundraiser', 'member'], locale: 'fr' });
  await createAccount(h.db, { email: 'admin@example.ca', org, roles: ['admin', 'member'] });
  const donor = await createAccount(h.db, { email: 'donor@example.ca', org, roles: ['member'] });
  await h.db
    .insertInto('receiptingSettings')
    .values({ organizationId: org.id, legalName: 'Lakeshore Hospital Foundation', addressLine1: '250 Harbour Road', addressLine2: null, city: 'Kingston', province: 'ON', postalCode: 'K7L 2V7', placeOfIssue: 'Kingston, Ontario', signatoryName: 'Priya K. Raman', signatoryTitle: 'Director of Finance', signatureObjectId: null, seriesPrefix: '', updatedBy: null })
    .execute();
  const issued = await h.built.receipting.issueReceipt(undefined, receiptRequest(org.id, { sendEmail: false, donor: { accountId: donor.id, fullName: 'Jon Smith', email: 'donor@example.ca' } }));
  receiptId = issued.id;
  serial = issued.serial;
});
afterAll(() => h?.close());

describe('receipts in Chromium', () => {
  it('a fundraiser keeps the settings and corrects a receipt in French; the donor finds the replacement', { timeout: 120_000 }, async () => {
    const context = await h.newContext({ locale: 'fr-CA' });
    const page = await context.newPage();
    await signInAs(page, 'finance@example.ca');

    expect((await page.goto('/o/lakeshore-foundation/receipts/settings'))?.status()).toBe(200);
    await expectAccessible(page);
    await page.getByLabel('Lieu de délivrance').fill('');
    await page.getByRole('button', { name: 'Enregistrer les paramètres' }).click();
    await page.locator('.error-summary').waitFor();
    expect(await page.locator('#f-placeOfIssue').getAttribute('aria-describedby')).toContain('f-placeOfIssue-error');
    await expectAccessible(page);
    await page.getByLabel('Lieu de délivrance').fill('Kingston (Ontario)');
    await page.getByRole('button', { name: 'Enregistrer les paramètres' }).click();
    await page.waitForURL('**/o/lakeshore-foundation/receipts/settings');
    expect(await page.getByLabel('Lieu de délivrance').inputValue()).toBe('Kingston (Ontario)');

    await page.getByRole('link', { name: 'Reçus', exact: true }).click();
    await page.waitForURL('**/o/lakeshore-foundation/receipts');
    await expectAccessible(page);
    await page.getByRole('link', { name: serial }).click();
    await page.waitForURL(`**/o/lakeshore-foundation/receipts/${receiptId}`);
    await expectAccessible(page);
    await page.getByLabel("Nom complet du donateur, avec l'initiale du second prénom").fill('John Q. Smith');
    await page.getByLabel('Motif du remplacement').fill('Nom mal orthographié');
    await page.getByRole('button', { name: 'Annuler ce reçu et délivrer un remplacement' }).click();
    await page.waitForURL((u) => u.pathname.startsWith('/o/lakeshore-foundation/receipts/') && !u.pathname.endsWith(receiptId));
    expect(await page.locator('.notice').first().textContent()).toContain('annulé');
    expect(await page.getByRole('link', { name: serial }).count()).toBe(1);
    await expectAccessible(page);
    await context.close();

    const donorContext = await h.newContext({ locale: 'en-CA' });
    const donorPage = await donorContext.newPage();
    await signInAs(donorPage, 'donor@example.ca');
    expect((await donorPage.goto('/account/receipts'))?.status()).toBe(200);
    await expectAccessible(donorPage);
    const rows = donorPage.locator('tbody tr');
    expect(await rows.count()).toBe(2);
    expect(await rows.first().textContent()).toContain('Issued');
    const link = await rows.first().getByRole('link').getAttribute('href');
    const pdf = await donorContext.request.get(link!);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
    await donorContext.close();
  });

  it('an administrator finds the signing certificate page and is told what the upload lacks', { timeout: 60_000 }, async () => {
    const context = await h.newContext({ locale: 'en-CA' });
    const page = await context.newPage();
    await signInAs(page, 'admin@example.ca');
    expect((await page.goto('/o/lakeshore-foundation/receipts/settings'))?.status()).toBe(200);
    await page.getByRole('link', { name: 'Signing certificate' }).click();
    await page.waitForURL('**/o/lakeshore-foundation/receipts/signing');
    await expectAccessible(page);
    await page.getByLabel('Passphrase of the file').fill('a passphrase');
    await page.getByRole('button', { name: 'Install the certificate' }).click();
    await page.locator('.error-summary').waitFor();
    expect(await page.locator('#f-certificate').getAttribute('aria-describedby')).toContain('f-certificate-error');
    expect(await page.locator('#f-passphrase').inputValue()).toBe('');
    await expectAccessible(page);
    await context.close();
  });
});
