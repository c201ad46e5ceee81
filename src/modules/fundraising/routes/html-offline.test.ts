import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../test/support/build-test-app.js';
import { TestClient } from '../../../../test/support/client.js';
import { createCampaign, campaignTotals } from '../../../../test/support/factories/fundraising.js';
import { createOrganization } from '../../../../test/support/factories/identity.js';
import { createReceiptingFoundation } from '../../../../test/support/factories/receipting.js';
import { NON_ADMIN_ROLES, signedInWith, type Signed } from '../../../../test/support/roles.js';

let t: TestApp;
let org: { id: string; slug: string };
let campaign: { id: string; slug: string };
let fundraiser: Signed;

beforeAll(async () => {
  t = await buildTestApp();
  org = await createReceiptingFoundation(t.db, { slug: 'south-foundation' });
  campaign = await createCampaign(t.db, { organizationId: org.id, slug: 'annual-appeal' });
  fundraiser = await signedInWith(t, { org, roles: ['fundraiser', 'member'] });
});
afterAll(() => t.close());

const GIFT_URL = '/o/south-foundation/fundraising/gifts/new';
const BATCH_URL = '/o/south-foundation/fundraising/cheques/new';
const donor = { firstName: 'Paul', middleInitial: 'J', lastName: 'Martin', email: '', addressLine1: '5 King St W', addressLine2: '', city: 'Toronto', province: 'ON', postalCode: 'M5H 1A1', language: 'en' };
const gift = () => ({ campaignId: campaign.id, method: 'cheque', amount: '250', receivedOn: '2026-11-30', reference: '1042', advantage: '', advantageDescription: '', propertyDescription: '', appraiserName: '', appraiserAddress: '', ...donor });
const gifts = () => t.db.selectFrom('fundraisingGifts').selectAll().where('campaignId', '=', campaign.id).orderBy('id').execute();
const totals = () => campaignTotals(t.db, campaign.id);
const fieldError = (body: string, field: string) => body.includes(`id="f-${field.replace(/[^a-zA-Z0-9_-]/g, '-')}-error"`);
const row = (i: number, r: Record<string, string>) => Object.fromEntries(Object.entries(r).map(([k, v]) => [`rows.${i}.${k}`, v]));

describe('recording gifts received offline', () => {
  it('records a cheque with a gala advantage, counting it toward the campaign and queueing its receipt', async () => {
    expect((await fundraiser.client.get(GIFT_URL)).statusCode).toBe(200);
    const res = await fundraiser.client.post(GIFT_URL, { ...gift(), advantage: '60', advantageDescription: 'Gala dinner' });
    expect(res.statusCode).toBe(303);
    const [g] = await gifts();
    expect(g).toMatchObject({ status: 'succeeded', channel: 'offline', method: 'cheque', amountCents: 25000, advantageCents: 6000, advantageDescription: 'Gala dinner', reference: '1042', donorEmail: '', recordedBy: fundraiser.id });
    expect(await totals()).toEqual({ raisedCents: 25000, giftCount: 1 });
    await t.worker.drain();
    const receipts = await t.receipting.listReceiptsForSource(org.id, { type: 'fundraising.gift', id: g!.id });
    expect(receipts).toHaveLength(1);
    expect(receipts[0]).toMatchObject({ eligibleAmountCents: 19000 });
  });

  it('records a gift in kind at its fair market value with its appraiser', async () => {
    const res = await fundraiser.client.post(GIFT_URL, { ...gift(), method: 'in_kind', amount: '1200', propertyDescription: 'Oil painting, “Lake at dawn”', appraiserName: 'Ana Lopez', appraiserAddress: '9 Bay St, Toronto ON M5J 2N8' });
    expect(res.statusCode).toBe(303);
    expect((await gifts()).at(-1)).toMatchObject({ kind: 'in_kind', method: 'in_kind', amountCents: 120000, propertyDescription: 'Oil painting, “Lake at dawn”', appraiserName: 'Ana Lopez' });
  });

  it('records a day’s cheques at once, skipping empty rows', async () => {
    const before = await totals();
    const form = { campaignId: campaign.id, receivedOn: '2026-12-01', ...row(0, { amount: '100', reference: '201', ...donor }), ...row(2, { amount: '40.50', reference: '202', ...donor, firstName: 'Anne', email: 'anne@example.ca' }), ...row(1, { amount: '', reference: '', firstName: '', middleInitial: '', lastName: '', email: '', addressLine1: '', addressLine2: '', city: '', province: 'ON', postalCode: '', language: 'en' }) };
    expect((await fundraiser.client.get(BATCH_URL)).statusCode).toBe(200);
    const res = await fundraiser.client.post(BATCH_URL, form);
    expect(res.statusCode).toBe(303);
    expect(await totals()).toEqual({ raisedCents: before.raisedCents + 14050, giftCount: before.giftCount + 2 });
    const audit = await t.db.selectFrom('auditEvents').selectAll().where('action', '=', 'fundraising.cheque_batch.recorded').execute();
    expect(audit).toHaveLength(1);
  });

  it('records nothing from a batch with a bad row, naming each bad row’s field', async () => {
    const before = (await gifts()).length;
    const form = { campaignId: campaign.id, receivedOn: '2026-12-01', ...row(0, { amount: '100', reference: '301', ...donor }), ...row(1, { amount: 'ten', reference: '302', ...donor, postalCode: '90210' }), ...row(3, { amount: '5', reference: '', ...donor, lastName: '' }) };
    const res = await fundraiser.client.post(BATCH_URL, form);
    expect(res.statusCode).toBe(400);
    for (const f of ['rows.1.amount', 'rows.1.postalCode', 'rows.3.reference', 'rows.3.lastName']) expect(fieldError(res.body, f), f).toBe(true);
    expect(fieldError(res.body, 'rows.0.amount')).toBe(false);
    expect(res.body).toContain('value="ten"');
    expect((await gifts()).length).toBe(before);
    const empty = await fundraiser.client.post(BATCH_URL, { campaignId: campaign.id, receivedOn: '2026-12-01' });
    expect(empty.statusCode).toBe(400);
    expect(fieldError(empty.body, 'rows.0.amount')).toBe(true);
  });

  it('names bad fields of a single gift and writes nothing', async () => {
    const before = (await gifts()).length;
    const cases: [string, string | string[], Record<string, string>?][] = [
      ['campaignId', 'nope'], ['method', 'bitcoin'], ['amount', ''], ['amount', '0'], ['receivedOn', '30/11/2026'], ['reference', 'x'.repeat(61)], ['reference', '<b>1</b>'],
      ['firstName', ['a', 'b']], ['postalCode', 'ABC'], ['email', 'not-mail'],
      ['propertyDescription', '', { method: 'in_kind' }], ['appraiserAddress', '', { method: 'in_kind', propertyDescription: 'A car', appraiserName: 'X' }],
      ['advantageDescription', '', { advantage: '10' }], ['advantage', '900'], ['propertyDescription', 'A chair'],
    ];
    for (const [field, value, extra] of cases) {
      const form: Record<string, string | string[]> = { ...gift(), ...extra, [field]: value };
      const res = await fundraiser.client.post(GIFT_URL, form);
      expect(res.statusCode, `${field}=${String(value)}`).toBe(400);
      expect(fieldError(res.body, field), `${field}=${String(value)}`).toBe(true);
    }
    const other = await createCampaign(t.db, { organizationId: (await createOrganization(t.db)).id });
    const foreign = await fundraiser.client.post(GIFT_URL, { ...gift(), campaignId: other.id });
    expect(foreign.statusCode).toBe(400);
    expect((await gifts()).length).toBe(before);
  });

  it('sends the unauthenticated to sign in and refuses every other role', async () => {
    const anon = new TestClient(t.app);
    expect((await anon.get(GIFT_URL)).headers.location).toMatch(/^\/sign-in/);
    expect((await anon.post(BATCH_URL, {})).statusCode).toBe(401);
    const before = (await gifts()).length;
    for (const [name, roles] of Object.entries(NON_ADMIN_ROLES).filter(([n]) => n !== 'fundraiser')) {
      const { client } = await signedInWith(t, { org, roles });
      expect((await client.get(GIFT_URL)).statusCode, name).toBe(403);
      expect((await client.post(GIFT_URL, gift())).statusCode, name).toBe(403);
      expect((await client.post(BATCH_URL, { campaignId: campaign.id, receivedOn: '2026-12-01', ...row(0, { amount: '1', reference: '1', ...donor }) })).statusCode, name).toBe(403);
    }
    const outsider = await signedInWith(t, { org: await createOrganization(t.db), roles: ['fundraiser', 'member'] });
    expect((await outsider.client.post(GIFT_URL, gift())).statusCode).toBe(403);
    expect((await gifts()).length).toBe(before);
  });
});
