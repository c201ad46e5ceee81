import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/support/build-test-app.js';
import { createAccount } from '../../../test/support/factories/identity.js';
import { createReceiptingFoundation, pdfText, receiptRequest } from '../../../test/support/factories/receipting.js';
import { accountActor, type Actor } from '../../platform/auth/actor.js';
import { getObject } from '../../platform/storage/storage.js';
import { verifyPdfSignature } from './signing.js';

let t: TestApp;
let org: { id: string; slug: string };
let fundraiser: Actor;
const flat = (s: string) => s.replace(/\s+/g, ' ');

async function pdfOf(receiptId: string): Promise<Buffer> {
  return (await t.receipting.receiptPdf(fundraiser, org.slug, receiptId)).data;
}

beforeAll(async () => {
  t = await buildTestApp();
  org = await createReceiptingFoundation(t.db, { slug: 'lakeshore' });
  const account = await createAccount(t.db, { org, roles: ['fundraiser', 'member'] });
  fundraiser = accountActor({
    accountId: account.id,
    sessionId: 'test',
    email: account.email,
    displayName: 'Fundraiser',
    locale: 'en',
    isPlatformAdmin: false,
    memberships: [{ organizationId: org.id, organizationSlug: org.slug, organizationName: { en: 'L', fr: 'L' }, roles: ['fundraiser', 'member'], staffVerified: false }],
  });
});
afterAll(() => t.close());

describe('a receipt for a gift of cash', () => {
  it('prints every field the CRA requires, in English, and is signed', async () => {
    const issued = await t.receipting.issueReceipt(undefined, receiptRequest(org.id, { issuedAt: new Date('2026-12-01T15:00:00Z'), gift: { dateReceived: '2026-11-20', amountCents: 250_00, advantageCents: 40_00, advantageDescription: 'Gala dinner' } }));
    expect(issued).toMatchObject({ serial: '2026-000001', status: 'issued', eligibleAmountCents: 210_00, created: true });
    const pdf = await pdfOf(issued.id);
    const text = flat(await pdfText(pdf));
    for (const expected of [
      'Official receipt for income tax purposes', // (1)
      'Lakeshore Hospital Foundation', // (2) name
      '250 Harbour Road, Suite 4, Kingston ON K7L 2V7', // (2) address
      'Receipt number 2026-000001', // (3)
      'Charity registration number 118830929RR0001', // (4)
      'Place of issue Kingston, Ontario', // (5)
      'Date the gift was received November 20, 2026', // (6)
      'Date of issue December 1, 2026', // (7)
      'Marie-Claude T. Beaulieu 12 Rue des Érables App. 3 Gatineau QC J8Y 3B4 Canada', // (8)
      'Amount of the gift $250.00', // (9)
      'Value of the advantage received $40.00', // (10)
      'Description of the advantage Gala dinner', // (10)
      'Eligible amount of the gift for tax purposes $210.00', // (11)
      'Authorized signature', // (12)
      'Priya K. Raman Director of Finance', // (12)
      'Canada Revenue Agency — canada.ca/charities-giving', // (13)
    ]) expect(text).toContain(expected);
    expect(text).not.toContain('Reçu officiel');

    const check = verifyPdfSignature(pdf);
    expect(check).toEqual({ valid: true, signerCommonName: 'Lakeshore Hospital Foundation', coversWholeFile: true });
    // One changed byte in the signed part breaks it.
    const tampered = Buffer.from(pdf);
    const at = tampered.indexOf('2026-000001');
    tampered[at] = '3'.charCodeAt(0);
    expect(verifyPdfSignature(tampered).valid).toBe(false);

    // The document is kept: a later download is the very same bytes.
    expect((await pdfOf(issued.id)).equals(pdf)).toBe(true);
  });

  it('in French, leaves out the date of issue when it is the day received, and ignores a de minimis advantage', async () => {
    const issued = await t.receipting.issueReceipt(undefined, receiptRequest(org.id, { issuedAt: new Date('2026-11-20T15:00:00Z'), donor: { language: 'fr' }, gift: { amountCents: 1000_00, advantageCents: 50_00, advantageDescription: 'Tasse' } }));
    const text = flat(await pdfText(await pdfOf(issued.id)));
    for (const expected of [
      "Reçu officiel aux fins de l'impôt sur le revenu",
      'Numéro du reçu 2026-000002',
      "Numéro d'enregistrement de l'organisme de bienfaisance 118830929RR0001",
      'Lieu de délivrance Kingston, Ontario',
      'Date de réception du don 20 novembre 2026',
      'Marie-Claude T. Beaulieu',
      'Montant du don 1 000,00 $',
      "Valeur de l'avantage reçu 0,00 $",
      "Montant admissible du don aux fins de l'impôt 1 000,00 $",
      'Signature autorisée',
      "l'Agence du revenu du Canada — canada.ca/organismes-bienfaisance-dons",
    ]) expect(text).toContain(expected);
    expect(text).not.toContain('Date de délivrance');
    expect(text).not.toContain('Official receipt');
  });

  it('counts a near-cash advantage however small, on a receipt in both languages', async () => {
    const issued = await t.receipting.issueReceipt(undefined, receiptRequest(org.id, { donor: { language: 'both' }, gift: { amountCents: 100_00, advantageCents: 5_00, advantageNearCash: true, advantageDescription: 'Gift card' } }));
    expect(issued.eligibleAmountCents).toBe(95_00);
    const text = flat(await pdfText(await pdfOf(issued.id)));
    expect(text).toContain('Official receipt for income tax purposes');
    expect(text).toContain("Reçu officiel aux fins de l'impôt sur le revenu");
    expect(text).toContain('Eligible amount of the gift for tax purposes / Montant admissible du don aux fins de l\'impôt $95.00 / 95,00 $');
    expect(text).toContain('Canada Revenue Agency — canada.ca/charities-giving');
    expect(text).toContain("l'Agence du revenu du Canada — canada.ca/organismes-bienfaisance-dons");
  });

  it('returns the same receipt when asked twice for the same gift', async () => {
    const request = receiptRequest(org.id, { sendEmail: false });
    const first = await t.receipting.issueReceipt(undefined, request);
    const again = await t.receipting.issueReceipt(undefined, request);
    expect(again).toEqual({ ...first, created: false });
    const found = await t.receipting.findReceiptForSource(org.id, request.gifts[0]!.source);
    expect(found?.id).toBe(first.id);
  });

  it('refuses a gift whose advantage is more than 80% of it, writing nothing', async () => {
    const before = await t.db.selectFrom('receiptingReceipts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    await expect(t.receipting.issueReceipt(undefined, receiptRequest(org.id, { gift: { amountCents: 250_00, advantageCents: 210_00, advantageDescription: 'Dinner' } }))).rejects.toMatchObject({ status: 400, code: 'gift_not_receiptable', fields: { 'gifts.0.advantageCents': { code: 'advantage_over_80_percent' } } });
    await expect(t.receipting.issueReceipt(undefined, receiptRequest(org.id, { gift: { amountCents: 250_00, advantageCents: 100_00 } }))).rejects.toMatchObject({ status: 400, fields: { 'gifts.0.advantageDescription': { code: 'required' } } });
    await expect(t.receipting.issueReceipt(undefined, receiptRequest(org.id, { donor: { fullName: '' } }))).rejects.toMatchObject({ status: 400, fields: { 'donor.fullName': expect.anything() } });
    const after = await t.db.selectFrom('receiptingReceipts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('refuses to issue until the settings and the CRA registration number are on file', async () => {
    const bare = await createReceiptingFoundation(t.db, { settings: false, craRegistrationNumber: null });
    await expect(t.receipting.issueReceipt(undefined, receiptRequest(bare.id))).rejects.toMatchObject({ status: 409, code: 'receipting_not_configured', missing: expect.arrayContaining(['registrationNumber', 'legalName', 'placeOfIssue', 'signatoryName']) });
    const noNumber = await createReceiptingFoundation(t.db, { craRegistrationNumber: null });
    await expect(t.receipting.issueReceipt(undefined, receiptRequest(noNumber.id))).rejects.toMatchObject({ code: 'receipting_not_configured', missing: ['registrationNumber'] });
    expect(await t.receipting.readiness(noNumber.id)).toEqual({ ready: false, missing: ['registrationNumber'] });
  });

  it('e-mails the signed PDF as an attachment, the bytes kept, and records the delivery', async () => {
    const issued = await t.receipting.issueReceipt(undefined, receiptRequest(org.id, { donor: { email: 'mailed.donor@example.ca' } }));
    await t.worker.drain();
    const mail = await t.inbox.waitFor('mailed.donor@example.ca');
    expect(mail.subject).toContain(issued.serial);
    expect(mail.attachments).toHaveLength(1);
    expect(mail.attachments[0]).toMatchObject({ filename: `receipt-${issued.serial}.pdf`, contentType: 'application/pdf' });
    expect(mail.attachments[0]!.content.equals(await pdfOf(issued.id))).toBe(true);
    expect(verifyPdfSignature(mail.attachments[0]!.content).valid).toBe(true);
    const deliveries = await t.db.selectFrom('receiptingDeliveries').selectAll().where('receiptId', '=', issued.id).execute();
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]!.toAddress).toBe('mailed.donor@example.ca');
    const row = await t.db.selectFrom('receiptingReceipts').select(['pdfObjectId', 'pdfSha256']).where('id', '=', issued.id).executeTakeFirstOrThrow();
    expect((await getObject(t.db, row.pdfObjectId!))?.sha256).toBe(row.pdfSha256);
  });
});

describe('gifts in kind and annual receipts', () => {
  it('receipts a gift in kind at its fair market value, with the property and its appraiser', async () => {
    const issued = await t.receipting.issueReceipt(undefined, receiptRequest(org.id, {
      donor: { language: 'fr' },
      gift: { kind: 'in_kind', amountCents: 0, fairMarketValueCents: 4200_00, propertyDescription: 'Tableau à l’huile, 1962', appraiser: { name: 'Évaluations Roy inc.', address: '8 rue Principale, Québec QC G1R 1A1' } },
    }));
    expect(issued.eligibleAmountCents).toBe(4200_00);
    const text = flat(await pdfText(await pdfOf(issued.id)));
    expect(text).toContain('Description du bien Tableau à l’huile, 1962');
    expect(text).toContain('Évalué par Évaluations Roy inc. 8 rue Principale, Québec QC G1R 1A1');
    expect(text).toContain('Juste valeur marchande du bien 4 200,00 $');
    expect(text).not.toContain('Montant du don');
    await expect(t.receipting.issueReceipt(undefined, receiptRequest(org.id, { gift: { kind: 'in_kind', amountCents: 0, fairMarketValueCents: 100_00 } }))).rejects.toMatchObject({ fields: { 'gifts.0.propertyDescription': { code: 'required' } } });
  });

  it('consolidates a year of monthly cash gifts on one receipt showing the year, and refuses mixing years or gifts in kind', async () => {
    const months = ['2026-01-15', '2026-02-15', '2026-03-15'].map((d, i) => ({ source: { type: 'fundraising.gift', id: `monthly-${i}` }, dateReceived: d, amountCents: 20_00, kind: 'cash' as const }));
    const issued = await t.receipting.issueReceipt(undefined, receiptRequest(org.id, { gifts: months, issuedAt: new Date('2027-02-10T15:00:00Z') }));
    expect(issued).toMatchObject({ serial: '2027-000001', eligibleAmountCents: 60_00 });
    const text = flat(await pdfText(await pdfOf(issued.id)));
    expect(text).toContain('Year the gifts were received 2026');
    expect(text).toContain('Date of issue February 10, 2027');
    expect(text).toContain('Total amount of the gifts $60.00');
    expect(text).toContain('January 15, 2026 — $20.00');
    await expect(t.receipting.issueReceipt(undefined, receiptRequest(org.id, { gifts: [{ ...months[0]!, source: { type: 'fundraising.gift', id: 'y1' } }, { ...months[1]!, source: { type: 'fundraising.gift', id: 'y2' }, dateReceived: '2025-12-31' }] }))).rejects.toMatchObject({ fields: { gifts: { code: 'receipt_one_year' } } });
    await expect(t.receipting.issueReceipt(undefined, receiptRequest(org.id, { gifts: [{ ...months[0]!, source: { type: 'fundraising.gift', id: 'k1' } }, { ...months[1]!, source: { type: 'fundraising.gift', id: 'k2' }, kind: 'in_kind', fairMarketValueCents: 10_00, propertyDescription: 'Books' }] }))).rejects.toMatchObject({ fields: { gifts: { code: 'receipt_in_kind_alone' } } });
    // A gift already on the annual receipt cannot be receipted again alone.
    await expect(t.receipting.issueReceipt(undefined, receiptRequest(org.id, { gifts: [months[0]!] }))).rejects.toMatchObject({ status: 409, code: 'receipt_source_already_receipted' });
  });
});

describe('cancel and replace', () => {
  it('keeps the original, marked cancelled, and issues a replacement that says so', async () => {
    const request = receiptRequest(org.id, { sendEmail: false, donor: { fullName: 'Jon Smith' } });
    const original = await t.receipting.issueReceipt(undefined, request);
    const { cancelled, replacement } = await t.receipting.cancelAndReplace(original.id, { donor: { fullName: 'John Q. Smith' }, reason: 'Name misspelt' }, fundraiser);
    expect(cancelled).toMatchObject({ id: original.id, serial: original.serial, status: 'cancelled' });
    expect(replacement.serial).not.toBe(original.serial);
    expect(replacement.status).toBe('issued');
    const text = flat(await pdfText(await pdfOf(replacement.id)));
    expect(text).toContain(`This receipt cancels and replaces receipt #${original.serial}`);
    expect(text).toContain('John Q. Smith');
    const kept = await t.db.selectFrom('receiptingReceipts').selectAll().where('id', '=', original.id).executeTakeFirstOrThrow();
    expect(kept).toMatchObject({ status: 'cancelled', donorFullName: 'Jon Smith', cancelledBy: fundraiser.accountId });
    // The gift now points at the replacement; asking again returns it.
    expect((await t.receipting.issueReceipt(undefined, request)).id).toBe(replacement.id);
    expect((await t.receipting.listReceiptsForSource(org.id, request.gifts[0]!.source)).map((r) => r.serial)).toEqual([original.serial, replacement.serial]);
    await expect(t.receipting.cancelAndReplace(original.id, { reason: 'Again' }, fundraiser)).rejects.toMatchObject({ status: 409, code: 'receipt_already_cancelled' });
    await expect(t.receipting.cancelAndReplace('not-a-receipt', { reason: 'Again' }, fundraiser)).rejects.toMatchObject({ status: 404 });
    await expect(t.receipting.cancelAndReplace(replacement.id, { reason: '' }, fundraiser)).rejects.toMatchObject({ status: 400, fields: { reason: expect.anything() } });
    const member = accountActor({ ...fundraiser, sessionId: 's', email: 'm@example.ca', accountId: fundraiser.accountId!, memberships: [{ ...fundraiser.memberships[0]!, roles: ['member'] }] });
    await expect(t.receipting.cancelAndReplace(replacement.id, { reason: 'Mine' }, member)).rejects.toMatchObject({ status: 403 });
  });

  it('lets the database refuse any other change to an issued receipt, and its deletion', async () => {
    const issued = await t.receipting.issueReceipt(undefined, receiptRequest(org.id, { sendEmail: false }));
    await expect(t.db.updateTable('receiptingReceipts').set({ amountCents: 1 }).where('id', '=', issued.id).execute()).rejects.toThrow(/cannot be changed/);
    await expect(t.db.updateTable('receiptingReceipts').set({ donorFullName: 'Someone Else' }).where('id', '=', issued.id).execute()).rejects.toThrow(/cannot be changed/);
    await expect(t.db.deleteFrom('receiptingReceipts').where('id', '=', issued.id).execute()).rejects.toThrow(/cannot be deleted/);
    await expect(t.db.updateTable('receiptingReceipts').set({ donorAccountId: fundraiser.accountId }).where('id', '=', issued.id).execute()).rejects.toThrow(/cannot be changed/);
    await expect(t.db.updateTable('receiptingReceiptGifts').set({ amountCents: 1 }).where('receiptId', '=', issued.id).execute()).rejects.toThrow(/append-only/);
    await t.db.updateTable('receiptingReceipts').set({ status: 'cancelled', cancelledAt: new Date() }).where('id', '=', issued.id).execute();
    await expect(t.db.updateTable('receiptingReceipts').set({ status: 'issued', cancelledAt: null }).where('id', '=', issued.id).execute()).rejects.toThrow(/issued to cancelled/);
    await expect(sql`update receipting_receipts set pdf_object_id = gen_random_uuid() where id = ${issued.id}`.execute(t.db)).resolves.toBeDefined();
    await expect(sql`update receipting_receipts set pdf_object_id = gen_random_uuid() where id = ${issued.id}`.execute(t.db)).rejects.toThrow(/cannot be replaced/);
  });
});

describe('serial numbers', () => {
  it('are given back when the caller’s transaction rolls back, and a donor’s deleted account leaves the receipt intact', async () => {
    const series = await createReceiptingFoundation(t.db);
    const donor = await createAccount(t.db);
    await expect(
      t.db.transaction().execute(async (trx) => {
        const r = await t.receipting.issueReceipt(trx, receiptRequest(series.id, { sendEmail: false }));
        expect(r.serial).toMatch(/-000001$/);
        throw new Error('the gift was not recorded after all');
      }),
    ).rejects.toThrow('not recorded');
    const kept = await t.db.transaction().execute((trx) => t.receipting.issueReceipt(trx, receiptRequest(series.id, { donor: { accountId: donor.id } })));
    expect(kept.serial).toMatch(/-000001$/);
    expect(await t.db.selectFrom('jobsQueue').select('id').where('dedupeKey', '=', `receipting:send:${kept.id}`).executeTakeFirst()).toBeDefined();
    await t.db.deleteFrom('identityProfiles').where('accountId', '=', donor.id).execute();
    await t.db.deleteFrom('identityMemberships').where('accountId', '=', donor.id).execute();
    await t.db.deleteFrom('identityAccounts').where('id', '=', donor.id).execute();
    const row = await t.db.selectFrom('receiptingReceipts').select(['donorAccountId', 'donorFullName', 'status']).where('id', '=', kept.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ donorAccountId: null, donorFullName: 'Marie-Claude T. Beaulieu', status: 'issued' });
  });

  it('stay gap-free and unique when fifty receipts are issued at once', async () => {
    const series = await createReceiptingFoundation(t.db, { seriesPrefix: 'CC' });
    const at = new Date('2026-06-01T15:00:00Z');
    const issued = await Promise.all(Array.from({ length: 50 }, () => t.receipting.issueReceipt(undefined, receiptRequest(series.id, { issuedAt: at, sendEmail: false }))));
    const numbers = (await t.db.selectFrom('receiptingReceipts').select(['number', 'serial']).where('organizationId', '=', series.id).orderBy('number').execute());
    expect(numbers.map((n) => n.number)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(new Set(issued.map((r) => r.serial)).size).toBe(50);
    expect(numbers[0]!.serial).toBe('CC-2026-000001');
    expect(numbers[49]!.serial).toBe('CC-2026-000050');
  });

  it('give one receipt, and use one number, when the same gift is asked for several times at once', async () => {
    const series = await createReceiptingFoundation(t.db);
    const request = receiptRequest(series.id, { sendEmail: false });
    const answers = await Promise.all(Array.from({ length: 8 }, () => t.receipting.issueReceipt(undefined, request)));
    expect(new Set(answers.map((a) => a.id)).size).toBe(1);
    expect(answers.filter((a) => a.created)).toHaveLength(1);
    const next = await t.receipting.issueReceipt(undefined, receiptRequest(series.id, { sendEmail: false }));
    expect(next.serial).toBe(`${answers[0]!.serial.slice(0, 4)}-000002`);
  });
});
