import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../test/support/build-test-app.js';
import { TestClient } from '../../../../test/support/client.js';
import { createAccount, createOrganization } from '../../../../test/support/factories/identity.js';
import { createReceiptingFoundation, receiptRequest } from '../../../../test/support/factories/receipting.js';
import sharp from 'sharp';
import { multipartFile, NON_ADMIN_ROLES, signedInWith, type Signed } from '../../../../test/support/roles.js';
import { signIn } from '../../../../test/support/sign-in.js';
import type { IssuedReceipt } from '../index.js';
import { verifyPdfSignature } from '../signing.js';

let t: TestApp;
let org: { id: string; slug: string };
let fundraiser: Signed;
let admin: Signed;
let donor: { id: string; email: string };
let donorReceipt: IssuedReceipt;
let guestReceipt: IssuedReceipt;
/** Signed-in people who must not keep the foundation's receipts. */
let forbidden: [string, TestClient][];

const count = async (table: 'receiptingReceipts' | 'receiptingSettings' | 'jobsQueue') => Number((await t.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

const goodSettings = {
  legalName: 'Harbour Children’s Hospital Foundation',
  addressLine1: '1 Harbour Way',
  addressLine2: '',
  city: 'Halifax',
  province: 'NS',
  postalCode: 'B3H 1A1',
  placeOfIssue: 'Halifax, Nova Scotia',
  signatoryName: 'Sam R. Doucet',
  signatoryTitle: 'Treasurer',
  seriesPrefix: 'hch',
};

beforeAll(async () => {
  t = await buildTestApp();
  org = await createReceiptingFoundation(t.db, { slug: 'harbour' });
  fundraiser = await signedInWith(t, { org, roles: ['fundraiser', 'member'] });
  admin = await signedInWith(t, { org, roles: ['admin', 'member'] });
  donor = await createAccount(t.db, { org, roles: ['member'] });
  donorReceipt = await t.receipting.issueReceipt(undefined, receiptRequest(org.id, { donor: { accountId: donor.id, fullName: 'Ada B. Lovelace', email: donor.email }, sendEmail: false }));
  guestReceipt = await t.receipting.issueReceipt(undefined, receiptRequest(org.id, { donor: { fullName: '=HYPERLINK("x") Guest' }, sendEmail: false }));
  forbidden = [];
  for (const [name, roles] of Object.entries(NON_ADMIN_ROLES)) if (!roles.includes('fundraiser')) forbidden.push([name, (await signedInWith(t, { org, roles })).client]);
  const other = await createOrganization(t.db);
  forbidden.push(['admin of another organization', (await signedInWith(t, { org: other, roles: ['admin', 'fundraiser', 'member'] })).client]);
});
afterAll(() => t.close());

describe('receipt settings', () => {
  it('shows the form with what is on file, saves changes, and names what is missing', async () => {
    const page = await fundraiser.client.get('/o/harbour/receipts/settings');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('value="Lakeshore Hospital Foundation"');
    expect(page.body).toContain('CRA registration number: 118830929RR0001');
    expect(page.body).toContain('Receipts can be issued.');
    const saved = await admin.client.post('/o/harbour/receipts/settings', goodSettings);
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe('/o/harbour/receipts/settings');
    const row = await t.db.selectFrom('receiptingSettings').selectAll().where('organizationId', '=', org.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ legalName: goodSettings.legalName, addressLine2: null, seriesPrefix: 'HCH', postalCode: 'B3H 1A1', updatedBy: admin.id });

    const bare = await createOrganization(t.db, { slug: 'bare-foundation', kind: 'foundation' });
    const bareFundraiser = await signedInWith(t, { org: bare, roles: ['fundraiser', 'member'] });
    const empty = await bareFundraiser.client.get('/o/bare-foundation/receipts/settings');
    expect(empty.body).toContain('No CRA registration number is on file');
    expect(empty.body).toContain('Receipts cannot be issued yet. Missing: CRA registration number, legal name');
  });

  it('sends guests to sign in and refuses their posts', async () => {
    const guest = new TestClient(t.app);
    const page = await guest.get('/o/harbour/receipts/settings');
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toBe('/sign-in?next=%2Fo%2Fharbour%2Freceipts%2Fsettings');
    expect((await guest.post('/o/harbour/receipts/settings', goodSettings)).statusCode).toBe(401);
  });

  it('is refused to every role but fundraisers and administrators, and to other organizations', async () => {
    const before = await t.db.selectFrom('receiptingSettings').select('updatedAt').where('organizationId', '=', org.id).executeTakeFirstOrThrow();
    for (const [who, client] of forbidden) {
      expect((await client.get('/o/harbour/receipts/settings')).statusCode, who).toBe(403);
      expect((await client.post('/o/harbour/receipts/settings', { ...goodSettings, legalName: 'Hijacked' })).statusCode, who).toBe(403);
    }
    const after = await t.db.selectFrom('receiptingSettings').select(['updatedAt', 'legalName']).where('organizationId', '=', org.id).executeTakeFirstOrThrow();
    expect(after.updatedAt).toEqual(before.updatedAt);
    expect(after.legalName).not.toBe('Hijacked');
    expect((await fundraiser.client.get('/o/no-such-org/receipts/settings')).statusCode).toBe(404);
  });

  it.each([
    ['legalName', ''],
    ['legalName', 'x'.repeat(201)],
    ['legalName', '<b>Foundation</b>'],
    ['legalName', ['two', 'values']],
    ['addressLine1', ''],
    ['city', 'c'.repeat(101)],
    ['postalCode', '12345'],
    ['placeOfIssue', ''],
    ['signatoryName', '<script>alert(1)</script>'],
    ['signatoryTitle', ''],
    ['seriesPrefix', 'TOO-LONG-PREFIX'],
  ] as [string, string | string[]][])('answers 400 naming %s for %j, writing nothing', async (field, value) => {
    const before = await t.db.selectFrom('receiptingSettings').selectAll().where('organizationId', '=', org.id).executeTakeFirstOrThrow();
    const res = await fundraiser.client.post('/o/harbour/receipts/settings', { ...goodSettings, [field]: value });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain(`href="#f-${field}"`);
    expect(res.body).toMatch(new RegExp(`aria-describedby="[^"]*f-${field}-error"`));
    expect(await t.db.selectFrom('receiptingSettings').selectAll().where('organizationId', '=', org.id).executeTakeFirstOrThrow()).toEqual(before);
  });
});

describe('receipt register', () => {
  it('lists receipts with filters and exports them as CSV for the annual return', async () => {
    const page = await fundraiser.client.get('/o/harbour/receipts');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(donorReceipt.serial);
    expect(page.body).toContain('Ada B. Lovelace');
    const filtered = await fundraiser.client.get('/o/harbour/receipts?q=Lovelace&status=issued&year=2026');
    expect(filtered.body).toContain('Ada B. Lovelace');
    expect(filtered.body).not.toContain('Guest');
    expect((await fundraiser.client.get('/o/harbour/receipts?status=cancelled')).body).toContain('No receipt matches.');

    const csv = await admin.client.get('/o/harbour/receipts/register.csv?year=2026');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toBe('attachment; filename="receipts-harbour-2026.csv"');
    const lines = csv.body.trim().split('\n');
    expect(lines[0]).toBe('serial,date_issued,date_received,donor,donor_address,gift_kind,amount,advantage,eligible_amount,status,replaces');
    expect(lines.find((l) => l.startsWith(donorReceipt.serial))).toMatch(/,Ada B\. Lovelace,.*,cash,250\.00,0\.00,250\.00,issued,$/);
    // A donor's name cannot become a spreadsheet formula.
    expect(csv.body).toContain(`"'=HYPERLINK(""x"") Guest"`);
  });

  it('is refused to guests, other roles and other organizations', async () => {
    const guest = new TestClient(t.app);
    expect((await guest.get('/o/harbour/receipts')).statusCode).toBe(303);
    expect((await guest.get('/o/harbour/receipts/register.csv')).statusCode).toBe(303);
    for (const [who, client] of forbidden) {
      expect((await client.get('/o/harbour/receipts')).statusCode, who).toBe(403);
      expect((await client.get('/o/harbour/receipts/register.csv')).statusCode, who).toBe(403);
    }
  });

  it.each(['year=abc', 'year=1999', 'status=void', `q=${'x'.repeat(101)}`, 'q=%3Cscript%3E', 'page=0'])('answers 400 to the filter %s', async (query) => {
    expect((await fundraiser.client.get(`/o/harbour/receipts?${query}`)).statusCode).toBe(400);
    expect((await fundraiser.client.get(`/o/harbour/receipts/register.csv?${query}`)).statusCode).toBe(400);
  });
});

describe('downloading a receipt', () => {
  it('gives the donor and the fundraisers the same signed document', async () => {
    const own = await signIn(t.app, donor);
    const res = await own.get(`/o/harbour/receipts/${donorReceipt.id}/pdf`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="receipt-${donorReceipt.serial}.pdf"`);
    expect(res.headers['cache-control']).toBe('private, no-store');
    expect(verifyPdfSignature(res.rawPayload).valid).toBe(true);
    const again = await fundraiser.client.get(`/o/harbour/receipts/${donorReceipt.id}/pdf`);
    expect(again.rawPayload.equals(res.rawPayload)).toBe(true);
    // The kept copy is private: the public media route does not serve it.
    const kept = await t.db.selectFrom('receiptingReceipts').select('pdfObjectId').where('id', '=', donorReceipt.id).executeTakeFirstOrThrow();
    expect((await own.get(`/media/${kept.pdfObjectId}`)).statusCode).toBe(404);

    const mine = await own.get('/account/receipts');
    expect(mine.statusCode).toBe(200);
    expect(mine.body).toContain(donorReceipt.serial);
    expect(mine.body).toContain(`href="/o/harbour/receipts/${donorReceipt.id}/pdf"`);
    expect(mine.body).not.toContain(guestReceipt.serial);
  });

  it('hides a receipt from anyone else, and refuses guests and malformed addresses', async () => {
    for (const [who, client] of forbidden) expect((await client.get(`/o/harbour/receipts/${donorReceipt.id}/pdf`)).statusCode, who).toBe(404);
    const own = await signIn(t.app, donor);
    expect((await own.get(`/o/harbour/receipts/${guestReceipt.id}/pdf`)).statusCode).toBe(404);
    expect((await own.get(`/o/harbour/receipts/0190f0e0-0000-7000-8000-000000000000/pdf`)).statusCode).toBe(404);
    expect((await own.get('/o/harbour/receipts/not-a-uuid/pdf')).statusCode).toBe(400);
    const guest = new TestClient(t.app);
    expect((await guest.get(`/o/harbour/receipts/${donorReceipt.id}/pdf`)).statusCode).toBe(303);
    expect((await guest.get('/account/receipts')).statusCode).toBe(303);
    expect((await (await signedInWith(t)).client.get('/account/receipts')).body).toContain('You have no tax receipt yet.');
  });
});

describe('correcting and resending a receipt', () => {
  const corrections = { fullName: 'Grace M. Hopper', addressLine1: '9 Navy Yard', addressLine2: '', city: 'Ottawa', province: 'ON', postalCode: 'K1A 0B1', country: 'Canada', reason: 'Donor moved before the receipt was issued' };

  it('cancels and replaces from the receipt page', async () => {
    const original = await t.receipting.issueReceipt(undefined, receiptRequest(org.id, { sendEmail: false }));
    const page = await fundraiser.client.get(`/o/harbour/receipts/${original.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Cancel and replace');
    const res = await fundraiser.client.post(`/o/harbour/receipts/${original.id}/replace`, corrections);
    expect(res.statusCode).toBe(303);
    const replacement = await t.db.selectFrom('receiptingReceipts').selectAll().where('replacesReceiptId', '=', original.id).executeTakeFirstOrThrow();
    expect(res.headers.location).toBe(`/o/harbour/receipts/${replacement.id}`);
    expect(replacement).toMatchObject({ donorFullName: 'Grace M. Hopper', donorAddressLines: ['9 Navy Yard'], replacesSerial: original.serial, replacementReason: corrections.reason });
    expect((await t.db.selectFrom('receiptingReceipts').select('status').where('id', '=', original.id).executeTakeFirstOrThrow()).status).toBe('cancelled');
    const shown = await fundraiser.client.get(res.headers.location as string);
    expect(shown.body).toContain(`>${original.serial}</a>`);
    const cancelledPage = await fundraiser.client.get(`/o/harbour/receipts/${original.id}`);
    expect(cancelledPage.body).toContain('This receipt was cancelled.');
    expect(cancelledPage.body).not.toContain(`/receipts/${original.id}/replace`);
    expect((await fundraiser.client.post(`/o/harbour/receipts/${original.id}/replace`, corrections)).statusCode).toBe(409);
  });

  it('queues the e-mail again for a fundraiser only', async () => {
    const jobs = await count('jobsQueue');
    expect((await admin.client.post(`/o/harbour/receipts/${donorReceipt.id}/send`)).statusCode).toBe(303);
    expect(await count('jobsQueue')).toBe(jobs + 1);
    for (const [who, client] of forbidden) expect((await client.post(`/o/harbour/receipts/${donorReceipt.id}/send`)).statusCode, who).toBe(403);
    expect(await count('jobsQueue')).toBe(jobs + 1);
  });

  it('refuses guests and other roles, and bad corrections, writing nothing', async () => {
    const receipts = await count('receiptingReceipts');
    const guest = new TestClient(t.app);
    expect((await guest.get(`/o/harbour/receipts/${donorReceipt.id}`)).statusCode).toBe(303);
    expect((await guest.post(`/o/harbour/receipts/${donorReceipt.id}/replace`, corrections)).statusCode).toBe(401);
    for (const [who, client] of forbidden) {
      expect([403, 404], who).toContain((await client.get(`/o/harbour/receipts/${donorReceipt.id}`)).statusCode);
      expect([403, 404], who).toContain((await client.post(`/o/harbour/receipts/${donorReceipt.id}/replace`, corrections)).statusCode);
    }
    for (const [field, value] of [['fullName', ''], ['fullName', 'n'.repeat(201)], ['fullName', '<i>x</i>'], ['reason', ''], ['city', ['a', 'b']], ['reason', 'r'.repeat(501)]] as [string, string | string[]][]) {
      const res = await fundraiser.client.post(`/o/harbour/receipts/${donorReceipt.id}/replace`, { ...corrections, [field]: value });
      expect(res.statusCode, `${field}=${String(value)}`).toBe(400);
      expect(res.body).toContain(`href="#f-${field}"`);
    }
    expect(await count('receiptingReceipts')).toBe(receipts);
    expect((await t.db.selectFrom('receiptingReceipts').select('status').where('id', '=', donorReceipt.id).executeTakeFirstOrThrow()).status).toBe('issued');
  });
});

describe('the signature image', () => {
  const upload = (client: TestClient, data: Buffer, field = 'signature') =>
    client.csrfToken().then((token) => {
      const { payload, headers } = multipartFile(field, 'signature.png', 'image/png', data);
      return client.request({ method: 'POST', url: `/o/harbour/receipts/settings/signature?_csrf=${encodeURIComponent(token)}`, payload, headers });
    });

  it('is uploaded by a fundraiser, printed on new receipts, and removed', async () => {
    const png = await sharp({ create: { width: 600, height: 200, channels: 3, background: '#ffffff' } }).png().toBuffer();
    const res = await upload(fundraiser.client, png);
    expect(res.statusCode).toBe(303);
    const settings = await t.db.selectFrom('receiptingSettings').select('signatureObjectId').where('organizationId', '=', org.id).executeTakeFirstOrThrow();
    expect(settings.signatureObjectId).not.toBeNull();
    expect((await new TestClient(t.app).get(`/media/${settings.signatureObjectId}`)).statusCode).toBe(404);
    expect((await fundraiser.client.get('/o/harbour/receipts/settings')).body).toContain('A signature image is on file');
    const signed = await t.receipting.issueReceipt(undefined, receiptRequest(org.id, { sendEmail: false }));
    const pdf = await fundraiser.client.get(`/o/harbour/receipts/${signed.id}/pdf`);
    expect(pdf.rawPayload.toString('latin1')).toMatch(/\/Subtype \/Image/);
    expect(verifyPdfSignature(pdf.rawPayload).valid).toBe(true);

    expect((await fundraiser.client.post('/o/harbour/receipts/settings/signature/remove')).statusCode).toBe(303);
    expect((await t.db.selectFrom('receiptingSettings').select('signatureObjectId').where('organizationId', '=', org.id).executeTakeFirstOrThrow()).signatureObjectId).toBeNull();
  });

  it('refuses other roles, guests, and files that are not images, writing nothing', async () => {
    const objects = Number((await t.db.selectFrom('storageObjects').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const png = await sharp({ create: { width: 10, height: 10, channels: 3, background: '#ffffff' } }).png().toBuffer();
    for (const [who, client] of forbidden) {
      expect((await upload(client, png)).statusCode, who).toBe(403);
      expect((await client.post('/o/harbour/receipts/settings/signature/remove')).statusCode, who).toBe(403);
    }
    const guest = new TestClient(t.app);
    expect((await upload(guest, png)).statusCode).toBe(401);
    for (const [data, field] of [[Buffer.from('not an image'), 'signature'], [Buffer.alloc(0), 'signature'], [png, 'other']] as [Buffer, string][]) {
      const res = await upload(fundraiser.client, data, field);
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain('href="#f-signature"');
      expect(res.body).toContain('value="Harbour Children’s Hospital Foundation"');
    }
    expect(Number((await t.db.selectFrom('storageObjects').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)).toBe(objects);
  });
});
