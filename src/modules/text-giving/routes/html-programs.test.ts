import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../test/support/build-test-app.js';
import { TestClient } from '../../../../test/support/client.js';
import { createCampaign } from '../../../../test/support/factories/fundraising.js';
import { createOrganization } from '../../../../test/support/factories/identity.js';
import { createKeyword, createTextNumber, hex, TEST_SECRET, type TestNumber } from '../../../../test/support/factories/text-giving.js';
import { NON_ADMIN_ROLES, signedInWith, type Signed } from '../../../../test/support/roles.js';
import { createSealer } from '../../identity/index.js';

let t: TestApp;
let org: { id: string; slug: string };
let admin: Signed;
let fundraiser: Signed;
let number: TestNumber;
let CAMPAIGN: string;
const VALID_KEYWORD: Record<string, string | string[]> = { keyword: 'donner', lang: 'fr', flow: 'confirm', amounts: ['5', '10', '25'], defaultAmount: '10', confirmWindowMinutes: '30' };

beforeAll(async () => {
  t = await buildTestApp();
  org = await createOrganization(t.db, { slug: 'hope', kind: 'foundation', nameEn: 'Hope Foundation', nameFr: 'Fondation Espoir' });
  admin = await signedInWith(t, { org, roles: ['admin', 'member'] });
  fundraiser = await signedInWith(t, { org, roles: ['fundraiser', 'member'] });
  number = await createTextNumber(t.db, { organizationId: org.id });
  CAMPAIGN = (await createCampaign(t.db, { organizationId: org.id, slug: 'telethon' })).id;
  VALID_KEYWORD.campaignId = CAMPAIGN;
});
afterAll(() => t.close());

const VALID_NUMBER = () => ({ label: 'Telethon', phoneNumber: `+1438555${String(Math.floor(Math.random() * 9000) + 1000)}`, accountSid: `AC${hex(32)}`, authToken: hex(32), supportNumber: '+18885550100', programLang: 'fr', sendsPerSecond: '10' });
const count = async (table: 'textGivingNumbers' | 'textGivingKeywords') => Number((await t.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
const fieldError = (body: string, field: string) => body.includes(`id="f-${field}-error"`);
const bad = (max: number) => ({ empty: '', tooLong: 'x'.repeat(max + 1), wrongType: ['one', 'two'], markup: '<b>x</b>' });

describe('numbers', () => {
  it('lets an administrator connect a number, stored sealed, and shows its webhook URL', async () => {
    const body = VALID_NUMBER();
    const res = await admin.client.post('/o/hope/text-giving/numbers', body);
    expect(res.statusCode).toBe(303);
    const row = await t.db.selectFrom('textGivingNumbers').selectAll().where('label', '=', 'Telethon').executeTakeFirstOrThrow();
    expect(res.headers.location).toBe(`/o/hope/text-giving/numbers/${row.id}`);
    // Nothing readable at rest; the sealer opens it again.
    for (const v of [body.phoneNumber, body.accountSid, body.authToken]) expect(JSON.stringify(row)).not.toContain(v);
    const sealer = createSealer(TEST_SECRET);
    expect([sealer.open(row.phoneNumberSealed), sealer.open(row.accountSidSealed), sealer.open(row.authTokenSealed)]).toEqual([body.phoneNumber, body.accountSid, body.authToken]);
    expect(row).toMatchObject({ programLang: 'fr', sendsPerSecond: 10, phoneNumberLast4: body.phoneNumber.slice(-4) });
    const page = await admin.client.get(res.headers.location as string);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`http://localhost:3000/api/v1/text-giving/numbers/${row.id}/twilio/messages`);
    expect(page.body).not.toContain(body.authToken);
    expect((await t.db.selectFrom('auditEvents').select('data').where('action', '=', 'text-giving.number.connected').executeTakeFirstOrThrow()).data).not.toHaveProperty('authToken');
  });

  it('refuses the same number twice with 409', async () => {
    const body = VALID_NUMBER();
    expect((await admin.client.post('/o/hope/text-giving/numbers', body)).statusCode).toBe(303);
    const before = await count('textGivingNumbers');
    const again = await admin.client.post('/o/hope/text-giving/numbers', { ...body, label: 'Again' });
    expect(again.statusCode).toBe(409);
    expect(fieldError(again.body, 'phoneNumber')).toBe(true);
    expect(await count('textGivingNumbers')).toBe(before);
  });

  it('names each bad field and writes nothing', async () => {
    const before = await count('textGivingNumbers');
    const limits: Record<string, number> = { label: 80, phoneNumber: 16, accountSid: 34, authToken: 32, supportNumber: 16, programLang: 2, sendsPerSecond: 3 };
    for (const [field, max] of Object.entries(limits)) {
      for (const [kind, value] of Object.entries(bad(max))) {
        const res = await admin.client.post('/o/hope/text-giving/numbers', { ...VALID_NUMBER(), [field]: value });
        expect(res.statusCode, `${field} ${kind}`).toBe(400);
        expect(fieldError(res.body, field), `${field} ${kind}`).toBe(true);
      }
    }
    // A support line that is not toll-free, and a rate out of range.
    expect((await admin.client.post('/o/hope/text-giving/numbers', { ...VALID_NUMBER(), supportNumber: '+15145550100' })).statusCode).toBe(400);
    expect((await admin.client.post('/o/hope/text-giving/numbers', { ...VALID_NUMBER(), sendsPerSecond: '0' })).statusCode).toBe(400);
    expect(await count('textGivingNumbers')).toBe(before);
  });

  it('shows numbers to fundraisers without the connect form, and refuses them the form post', async () => {
    const page = await fundraiser.client.get('/o/hope/text-giving');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`Number ending in ${number.phoneNumber.slice(-4)}`);
    expect(page.body).not.toContain('action="/o/hope/text-giving/numbers"');
    const before = await count('textGivingNumbers');
    expect((await fundraiser.client.post('/o/hope/text-giving/numbers', VALID_NUMBER())).statusCode).toBe(403);
    expect(await count('textGivingNumbers')).toBe(before);
  });

  it('sends anonymous visitors to sign in and refuses other roles and other organizations', async () => {
    const anon = new TestClient(t.app);
    expect((await anon.get('/o/hope/text-giving')).statusCode).toBe(303);
    expect((await anon.post('/o/hope/text-giving/numbers', VALID_NUMBER())).statusCode).toBe(401);
    for (const [name, roles] of Object.entries(NON_ADMIN_ROLES).filter(([n]) => n !== 'fundraiser')) {
      const c = (await signedInWith(t, { org, roles })).client;
      expect((await c.get('/o/hope/text-giving')).statusCode, name).toBe(403);
      expect((await c.get(`/o/hope/text-giving/numbers/${number.id}`)).statusCode, name).toBe(403);
      expect((await c.post('/o/hope/text-giving/numbers', VALID_NUMBER())).statusCode, name).toBe(403);
    }
    const other = await createOrganization(t.db);
    const outsider = (await signedInWith(t, { org: other, roles: ['admin', 'fundraiser', 'member'] })).client;
    expect((await outsider.get('/o/hope/text-giving')).statusCode).toBe(403);
    expect((await outsider.get(`/o/${other.slug}/text-giving/numbers/${number.id}`)).statusCode).toBe(404);
  });
});

describe('keywords', () => {
  it('lets a fundraiser add a French keyword to a campaign, upper-cased, with its amounts in cents', async () => {
    const res = await fundraiser.client.post(`/o/hope/text-giving/numbers/${number.id}/keywords`, VALID_KEYWORD);
    expect(res.statusCode).toBe(303);
    const row = await t.db.selectFrom('textGivingKeywords').selectAll().where('numberId', '=', number.id).where('keyword', '=', 'DONNER').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ lang: 'fr', campaignId: CAMPAIGN, flow: 'confirm', amountsCents: [500, 1000, 2500], defaultAmountCents: 1000, confirmWindowMinutes: 30, organizationId: org.id });
    const page = await fundraiser.client.get(`/o/hope/text-giving/numbers/${number.id}`);
    expect(page.body).toContain('DONNER');
    expect(page.body).toContain('$25.00');
    // The campaign's name, read through the fundraising service.
    expect(page.body).toContain('Campaign telethon');
  });

  it('accepts only a campaign of the organization, found through the fundraising service', async () => {
    const before = await count('textGivingKeywords');
    const elsewhere = await createCampaign(t.db, { organizationId: (await createOrganization(t.db)).id });
    for (const campaignId of ['0190f0e0-0000-7000-8000-00000000c0de', elsewhere.id]) {
      const res = await fundraiser.client.post(`/o/hope/text-giving/numbers/${number.id}/keywords`, { ...VALID_KEYWORD, keyword: 'GIVE', campaignId });
      expect(res.statusCode).toBe(400);
      expect(fieldError(res.body, 'campaignId')).toBe(true);
    }
    expect(await count('textGivingKeywords')).toBe(before);
  });

  it('keeps keywords unique per number (409) but allows the same word on another number', async () => {
    const before = await count('textGivingKeywords');
    const res = await fundraiser.client.post(`/o/hope/text-giving/numbers/${number.id}/keywords`, { ...VALID_KEYWORD, keyword: 'Donner' });
    expect(res.statusCode).toBe(409);
    expect(fieldError(res.body, 'keyword')).toBe(true);
    expect(await count('textGivingKeywords')).toBe(before);
    const second = await createTextNumber(t.db, { organizationId: org.id });
    expect((await fundraiser.client.post(`/o/hope/text-giving/numbers/${second.id}/keywords`, VALID_KEYWORD)).statusCode).toBe(303);
  });

  it('refuses long, reserved, malformed keywords and amounts outside $5–$25, and writes nothing', async () => {
    const before = await count('textGivingKeywords');
    const url = `/o/hope/text-giving/numbers/${number.id}/keywords`;
    const cases: [string, Record<string, string | string[]>][] = [
      ['keyword', { keyword: 'GIVENOWPLS' }], ['keyword', { keyword: '' }], ['keyword', { keyword: 'STOP' }], ['keyword', { keyword: 'arrêt' }], ['keyword', { keyword: '<b>' }], ['keyword', { keyword: ['A', 'B'] }],
      ['amounts', { amounts: ['30'] }], ['amounts', { amounts: ['1'] }], ['amounts', { amounts: [] }], ['amounts', { amounts: 'x' }],
      ['defaultAmount', { defaultAmount: '15' }], ['campaignId', { campaignId: 'not-a-uuid' }], ['campaignId', { campaignId: '' }], ['lang', { lang: 'de' }], ['flow', { flow: 'carrier' }],
      ['confirmWindowMinutes', { confirmWindowMinutes: '0' }], ['confirmWindowMinutes', { confirmWindowMinutes: '<b>' }],
    ];
    for (const [field, patch] of cases) {
      const res = await fundraiser.client.post(url, { ...VALID_KEYWORD, keyword: 'OTHER', ...patch });
      expect(res.statusCode, JSON.stringify(patch)).toBe(400);
      expect(fieldError(res.body, field), JSON.stringify(patch)).toBe(true);
    }
    expect(await count('textGivingKeywords')).toBe(before);
  });

  it('lets a fundraiser remove a keyword, and refuses other roles', async () => {
    const k = await createKeyword(t.db, { number, keyword: 'GONE' });
    const member = (await signedInWith(t, { org, roles: ['staff', 'member'] })).client;
    expect((await member.post(`/o/hope/text-giving/numbers/${number.id}/keywords/${k.id}/remove`)).statusCode).toBe(403);
    expect((await member.post(`/o/hope/text-giving/numbers/${number.id}/keywords`, { ...VALID_KEYWORD, keyword: 'NOPE' })).statusCode).toBe(403);
    expect((await fundraiser.client.post(`/o/hope/text-giving/numbers/${number.id}/keywords/${k.id}/remove`)).statusCode).toBe(303);
    expect(await t.db.selectFrom('textGivingKeywords').select('id').where('id', '=', k.id).executeTakeFirst()).toBeUndefined();
    expect((await fundraiser.client.post(`/o/hope/text-giving/numbers/${number.id}/keywords/${k.id}/remove`)).statusCode).toBe(404);
  });
});
