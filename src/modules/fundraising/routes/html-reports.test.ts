import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../test/support/build-test-app.js';
import { TestClient } from '../../../../test/support/client.js';
import { createCampaign } from '../../../../test/support/factories/fundraising.js';
import { createOrganization } from '../../../../test/support/factories/identity.js';
import { NON_ADMIN_ROLES, signedInWith, type Signed } from '../../../../test/support/roles.js';

let t: TestApp;
let org: { id: string; slug: string };
let campaign: { id: string; slug: string };
let fundraiser: Signed;
const donor = { email: 'text.donor@example.ca', firstName: 'Tex', lastName: 'Donor', language: 'en' as const };

beforeAll(async () => {
  t = await buildTestApp();
  org = await createOrganization(t.db, { slug: 'hill-foundation', kind: 'foundation' });
  campaign = await createCampaign(t.db, { organizationId: org.id, slug: 'winter-appeal' });
  fundraiser = await signedInWith(t, { org, roles: ['fundraiser', 'member'] });
  const c = fundraiser.client;
  const cheque = { campaignId: campaign.id, method: 'cheque', amount: '100', receivedOn: '2026-11-30', reference: '77', firstName: 'Paul', lastName: '=HYPERLINK("x")', addressLine1: '1 Main', city: 'Ottawa', province: 'ON', postalCode: 'K1A 0B1', language: 'en' };
  expect((await c.post('/o/hill-foundation/fundraising/gifts/new', cheque)).statusCode).toBe(303);
});
afterAll(() => t.close());

describe('text gifts from another module', () => {
  it('finds a campaign within its organization only, and records a text gift once toward the total', async () => {
    expect(await t.fundraising.findCampaign(org.id, campaign.id)).toMatchObject({ slug: 'winter-appeal', raisedCents: 10000 });
    expect(await t.fundraising.findCampaign((await createOrganization(t.db)).id, campaign.id)).toBeNull();
    const first = await t.fundraising.recordTextGift({ organizationId: org.id, campaignId: campaign.id, externalId: 'SM123', amountCents: 2000, state: 'pledge_confirmed', donor });
    const again = await t.fundraising.recordTextGift({ organizationId: org.id, campaignId: campaign.id, externalId: 'SM123', amountCents: 2000, state: 'paid', donor });
    expect(first.created).toBe(true);
    expect(again).toEqual({ giftId: first.giftId, created: false });
    expect(await t.fundraising.findCampaign(org.id, campaign.id)).toMatchObject({ raisedCents: 12000, giftCount: 2 });
    const jobs = await t.db.selectFrom('jobsQueue').select('name').where('dedupeKey', 'like', `%${first.giftId}`).execute();
    expect(jobs.map((j) => j.name).sort()).toEqual(['fundraising.gift.confirmed', 'fundraising.gift.receipt']);
    await expect(t.fundraising.recordTextGift({ organizationId: org.id, campaignId: campaign.id, externalId: 'SM124', amountCents: 0, state: 'paid', donor })).rejects.toMatchObject({ status: 400 });
  });
});

describe('fundraising reports', () => {
  it('shows totals by campaign, channel and day, and the filtered gift list', async () => {
    const res = await fundraiser.client.get('/o/hill-foundation/fundraising/reports');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Campaign winter-appeal');
    expect(res.body).toContain('Offline');
    expect(res.body).toContain('Text');
    const offline = await fundraiser.client.get('/o/hill-foundation/fundraising/reports?channel=offline');
    expect(offline.body).toContain('Paul');
    expect(offline.body).not.toContain('Tex Donor');
  });

  it('exports the filtered gifts as CSV, defusing spreadsheet formulas', async () => {
    const res = await fundraiser.client.get('/o/hill-foundation/fundraising/reports/gifts.csv?channel=text');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const rows = parse(res.body, { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ channel: 'text', amount_cad: '20.00', first_name: 'Tex' });
    const all = parse((await fundraiser.client.get('/o/hill-foundation/fundraising/reports/gifts.csv')).body, { columns: true }) as Record<string, string>[];
    expect(all.find((r) => r.channel === 'offline')!.last_name).toBe(`'=HYPERLINK("x")`);
  });

  it('names a bad filter with a 400', async () => {
    for (const [q, field] of [['channel=fax', 'channel'], ['from=yesterday', 'from'], ['from=2026-12-01&to=2026-11-01', 'to'], ['campaign=nope', 'campaign']]) {
      const res = await fundraiser.client.get(`/o/hill-foundation/fundraising/reports?${q}`);
      expect(res.statusCode, q).toBe(400);
      expect(res.body, q).toContain(`id="f-${field}-error"`);
      expect((await fundraiser.client.get(`/o/hill-foundation/fundraising/reports/gifts.csv?${q}`)).statusCode, q).toBe(400);
    }
  });

  it('sends the unauthenticated to sign in and refuses other roles', async () => {
    expect((await new TestClient(t.app).get('/o/hill-foundation/fundraising/reports')).headers.location).toMatch(/^\/sign-in/);
    for (const [name, roles] of Object.entries(NON_ADMIN_ROLES).filter(([n]) => n !== 'fundraiser')) {
      const { client } = await signedInWith(t, { org, roles });
      expect((await client.get('/o/hill-foundation/fundraising/reports')).statusCode, name).toBe(403);
      expect((await client.get('/o/hill-foundation/fundraising/reports/gifts.csv')).statusCode, name).toBe(403);
    }
  });
});
