import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../test/support/build-test-app.js';
import { TestClient } from '../../../../test/support/client.js';
import { createCampaign, giftForm, campaignTotals } from '../../../../test/support/factories/fundraising.js';
import { createReceiptingFoundation, pdfText } from '../../../../test/support/factories/receipting.js';
import { signedInWith } from '../../../../test/support/roles.js';

let t: TestApp;
let org: { id: string; slug: string };
let campaign: { id: string; slug: string };

beforeAll(async () => {
  t = await buildTestApp();
  org = await createReceiptingFoundation(t.db, { slug: 'east-foundation' });
  campaign = await createCampaign(t.db, { organizationId: org.id, slug: 'cancer-care', goalCents: 100_000, suggestedAmountsCents: [2500, 5000] });
});
afterAll(() => t.close());

const campaignUrl = '/o/east-foundation/give/cancer-care';
const gifts = () => t.db.selectFrom('fundraisingGifts').selectAll().where('campaignId', '=', campaign.id).orderBy('id').execute();
const totals = () => campaignTotals(t.db, campaign.id);
const fieldError = (body: string, field: string) => body.includes(`id="f-${field}-error"`);

/** Walks the whole test-gateway path: form → test payment page → result → thank-you page. */
async function give(client: TestClient, form: Record<string, string>, result: 'paid' | 'declined' = 'paid') {
  await client.get(campaignUrl);
  const started = await client.post(campaignUrl, form);
  expect(started.statusCode).toBe(303);
  const checkoutUrl = started.headers.location as string;
  expect(checkoutUrl).toMatch(/^\/o\/east-foundation\/give\/cancer-care\/gifts\/[0-9a-f-]{36}\/test-checkout\?t=/);
  const checkout = await client.get(checkoutUrl);
  expect(checkout.statusCode).toBe(200);
  expect(checkout.body).toContain('TEST — ');
  const token = new URL(checkoutUrl, 'http://x').searchParams.get('t')!;
  const done = await client.post(checkoutUrl, { result, t: token });
  expect(done.statusCode).toBe(303);
  return { checkoutUrl, thanksUrl: done.headers.location as string, token };
}

describe('giving online through the test gateway', () => {
  it('records a guest’s gift only once the signed confirmation arrives, then thanks them and moves the total', async () => {
    const guest = new TestClient(t.app);
    await guest.get(campaignUrl);
    const started = await guest.post(campaignUrl, giftForm({ wallMessage: 'Courage à tous', emailConsent: 'on' }));
    const [pending] = await gifts();
    expect(pending).toMatchObject({ status: 'pending', amountCents: 5000, donorMiddleInitial: 'M', donorPostalCode: 'J8X 1A1', donorLanguage: 'fr', channel: 'web', gateway: 'test', accountId: null });
    expect(await totals()).toEqual({ raisedCents: 0, giftCount: 0 });

    const checkoutUrl = started.headers.location as string;
    const token = new URL(checkoutUrl, 'http://x').searchParams.get('t')!;
    const done = await guest.post(checkoutUrl, { result: 'paid', t: token });
    expect(done.statusCode).toBe(303);
    const thanks = await guest.get(done.headers.location as string);
    expect(thanks.statusCode).toBe(200);
    expect(thanks.body).toContain('Thank you, Jeanne!');
    expect(thanks.body).toContain('TEST — no money moves');
    expect(await totals()).toEqual({ raisedCents: 5000, giftCount: 1 });
    const [gift] = await gifts();
    expect(gift).toMatchObject({ status: 'succeeded', gatewayIntentId: expect.stringMatching(/^pi_test_/) });
    const job = await t.db.selectFrom('jobsQueue').selectAll().where('name', '=', 'fundraising.gift.confirmed').execute();
    expect(job).toHaveLength(1);

    const page = await new TestClient(t.app).get(campaignUrl);
    expect(page.body).toContain('value="5000"');
    expect(page.body).toContain('Jeanne Roy');
    expect(page.body).toContain('Courage à tous');

    expect(await t.db.selectFrom('jobsQueue').select('name').where('dedupeKey', '=', `fundraising.gift.receipt:${gift!.id}`).execute()).toHaveLength(1);
    await t.worker.drain();
    await t.worker.drain();
    const linked = await t.db.selectFrom('fundraisingGifts').select('donorId').where('id', '=', gift!.id).executeTakeFirstOrThrow();
    const donor = await t.db.selectFrom('fundraisingDonors').selectAll().where('id', '=', linked.donorId!).executeTakeFirstOrThrow();
    expect(donor).toMatchObject({ accountId: null, email: 'jeanne.roy@example.ca', firstName: 'Jeanne', middleInitial: 'M', lastName: 'Roy', city: 'Gatineau', province: 'QC', language: 'fr' });
    const consents = await t.db.selectFrom('fundraisingConsents').selectAll().where('address', '=', 'jeanne.roy@example.ca').orderBy('createdAt').execute();
    expect(consents.map((c) => c.basis)).toEqual(['express', 'implied_gift']);
    expect(consents[0]!.evidence.wording).toContain('unsubscribe');
    expect(consents[1]!.expiresAt!.getUTCFullYear() - new Date().getUTCFullYear()).toBe(2);
    const thanksMail = await t.inbox.waitFor('jeanne.roy@example.ca', (m) => m.subject.includes('Merci de votre don'));
    expect(thanksMail.text).toContain('50,00');
    const receiptMail = await t.inbox.waitFor('jeanne.roy@example.ca', (m) => m.attachments.some((a) => a.contentType === 'application/pdf'));
    const text = await pdfText(receiptMail.attachments.find((a) => a.contentType === 'application/pdf')!.content);
    expect(text).toContain('Jeanne M. Roy');
    expect(text).toContain('J8X 1A1');
    const receipts = await t.receipting.listReceiptsForSource(org.id, { type: 'fundraising.gift', id: gift!.id });
    expect(receipts).toHaveLength(1);
  });

  it('counts a double-submitted form as one gift and one payment', async () => {
    const before = (await gifts()).length;
    const client = new TestClient(t.app);
    await client.get(campaignUrl);
    const form = giftForm({ amount: 'other', otherAmount: '12,50', email: 'twice@example.ca' });
    const [a, b] = await Promise.all([client.post(campaignUrl, form), client.post(campaignUrl, form)]);
    expect(a.headers.location).toBe(b.headers.location);
    const now = await gifts();
    expect(now).toHaveLength(before + 1);
    expect(now.at(-1)).toMatchObject({ amountCents: 1250 });
  });

  it('keeps a declined payment off the totals, and hides the donor who asked', async () => {
    const before = await totals();
    const { thanksUrl } = await give(new TestClient(t.app), giftForm({ email: 'declined@example.ca', firstName: 'Declan' }), 'declined');
    expect((await gifts()).at(-1)).toMatchObject({ status: 'failed' });
    expect(await totals()).toEqual(before);
    const c = new TestClient(t.app);
    await give(c, giftForm({ email: 'hidden@example.ca', firstName: 'Hilda', lastName: 'Hidden', wallDisplay: 'hidden' }));
    await give(c, giftForm({ email: 'anon@example.ca', firstName: 'Anna', lastName: 'Nonymous', wallDisplay: 'anonymous' }));
    const page = await new TestClient(t.app).get(campaignUrl);
    expect(page.body).not.toContain('Hidden');
    expect(page.body).not.toContain('Nonymous');
    expect(page.body).toContain('Anonymous donor');
    expect(thanksUrl).toContain('/gifts/');
  });

  it('links a signed-in donor’s gift to their account, and never merges a guest’s record into it', async () => {
    const donor = await signedInWith(t, { email: 'jeanne.roy@example.ca' });
    await give(donor.client, giftForm({ email: 'jeanne.roy@example.ca' }));
    await t.worker.drain();
    const records = await t.db.selectFrom('fundraisingDonors').selectAll().where('email', '=', 'jeanne.roy@example.ca').orderBy('id').execute();
    expect(records.map((r) => r.accountId)).toEqual([null, donor.id]);
    expect((await gifts()).at(-1)).toMatchObject({ accountId: donor.id, donorId: records[1]!.id });

    const history = await donor.client.get('/account/giving');
    expect(history.statusCode).toBe(200);
    expect(history.body).toContain('Campaign cancer-care');
    expect(history.body).toMatch(/href="\/o\/east-foundation\/receipts\/[0-9a-f-]{36}\/pdf"/);
    const pdf = await donor.client.get(history.body.match(/href="(\/o\/east-foundation\/receipts\/[0-9a-f-]{36}\/pdf)"/)![1]!);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toContain('application/pdf');
    // The guest gift given earlier with the same e-mail is not in this account's history.
    expect(history.body.match(/<tr>/g)).toHaveLength(2);
    const anon = await new TestClient(t.app).get('/account/giving');
    expect(anon.headers.location).toMatch(/^\/sign-in/);
  });

  it('hides a gift’s pages from anyone without its token', async () => {
    const { checkoutUrl, thanksUrl } = await give(new TestClient(t.app), giftForm({ email: 'private@example.ca' }));
    const stranger = new TestClient(t.app);
    expect((await stranger.get(thanksUrl.replace(/\?t=.*/, ''))).statusCode).toBe(404);
    expect((await stranger.get(thanksUrl.replace(/\?t=.*/, '?t=forged'))).statusCode).toBe(404);
    expect((await stranger.get(checkoutUrl.replace(/\?t=.*/, '?t=forged'))).statusCode).toBe(404);
    await stranger.get(campaignUrl);
    expect((await stranger.post(checkoutUrl.replace(/\?t=.*/, ''), { result: 'paid', t: 'forged' })).statusCode).toBe(404);
  });

  it('names each bad field with a 400, keeps the input, and records nothing', async () => {
    const before = (await gifts()).length;
    const client = new TestClient(t.app);
    await client.get(campaignUrl);
    const cases: [string, string | string[], string?][] = [
      ['firstName', ''], ['firstName', 'x'.repeat(81)], ['firstName', '<b>Jo</b>'], ['lastName', ['a', 'b']],
      ['email', 'not-an-email'], ['addressLine1', ''], ['city', '<i>x</i>'], ['province', 'XX'], ['postalCode', '12345'],
      ['middleInitial', 'AB'], ['language', 'de'], ['wallDisplay', 'everyone'], ['amount', 'lots'], ['amount', '50'],
      ['otherAmount', 'abc', 'other'], ['otherAmount', '', 'other'], ['tributeName', '', 'honour'], ['idempotencyKey', 'nope'],
    ];
    for (const [field, value, extra] of cases) {
      const form = giftForm({ [field]: value as string, ...(extra === 'other' ? { amount: 'other' } : extra === 'honour' ? { tribute: 'honour' } : {}) });
      if (Array.isArray(value)) (form as Record<string, unknown>)[field] = value;
      const res = await client.post(campaignUrl, form);
      expect(res.statusCode, `${field}=${String(value)}`).toBe(400);
      expect(field === 'idempotencyKey' ? res.body.includes('href="#f-idempotencyKey"') : fieldError(res.body, field), `${field}=${String(value)}`).toBe(true);
    }
    const kept = await client.post(campaignUrl, giftForm({ email: 'bad', city: 'Hull' }));
    expect(kept.body).toContain('value="Hull"');
    expect((await gifts()).length).toBe(before);
  });

  it('refuses a form without its CSRF token', async () => {
    const res = await new TestClient(t.app).post(campaignUrl, giftForm(), { csrf: false });
    expect(res.statusCode).toBe(403);
  });
});
