import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../test/support/build-test-app.js';
import { TestClient } from '../../../../test/support/client.js';
import { createCampaign, createPage, giftForm, campaignTotals } from '../../../../test/support/factories/fundraising.js';
import { createOrganization } from '../../../../test/support/factories/identity.js';
import { signedInWith, type Signed } from '../../../../test/support/roles.js';

let t: TestApp;
let org: { id: string; slug: string };
let campaign: { id: string; slug: string };
let supporter: Signed;

beforeAll(async () => {
  t = await buildTestApp();
  org = await createOrganization(t.db, { slug: 'river-foundation', kind: 'foundation' });
  campaign = await createCampaign(t.db, { organizationId: org.id, slug: 'spring-run', goalCents: 1_000_000 });
  supporter = await signedInWith(t, { displayName: 'Sam Runner' });
});
afterAll(() => t.close());

const base = '/o/river-foundation/give/spring-run';
const pageRow = (slug: string) => t.db.selectFrom('fundraisingPages').selectAll().where('slug', '=', slug).executeTakeFirstOrThrow();
const fieldError = (body: string, field: string) => body.includes(`id="f-${field}-error"`);

async function giveThrough(url: string, cents: number) {
  const c = new TestClient(t.app);
  await c.get(url);
  const started = await c.post(url.replace(/\?.*/, ''), giftForm({ amount: 'other', otherAmount: String(cents / 100), ...(url.includes('via=') ? { via: new URL(url, 'http://x').searchParams.get('via')! } : {}) }));
  expect(started.statusCode).toBe(303);
  const checkout = started.headers.location as string;
  const done = await c.post(checkout, { result: 'paid', t: new URL(checkout, 'http://x').searchParams.get('t')! });
  expect(done.statusCode).toBe(303);
}

describe('peer-to-peer pages', () => {
  it('lets a signed-in supporter create a team and a personal page in it', async () => {
    expect((await supporter.client.get(`${base}/pages/new`)).statusCode).toBe(200);
    expect((await supporter.client.post(`${base}/pages/new`, { kind: 'team', slug: 'nurses', title: 'The 4 West nurses', story: 'We run together.', goal: '2000' })).statusCode).toBe(303);
    const team = await pageRow('nurses');
    const res = await supporter.client.post(`${base}/pages/new`, { kind: 'personal', slug: 'sam', title: 'Sam runs for the wing', story: 'My daughter was born here.', goal: '500', teamId: team.id });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${base}/p/sam`);
    expect(await pageRow('sam')).toMatchObject({ kind: 'personal', teamId: team.id, goalCents: 50000, ownerAccountId: supporter.id });
  });

  it('counts a gift through a personal page toward the page, its team and the campaign, with its share channel', async () => {
    const page = await new TestClient(t.app).get(`${base}/p/sam?via=facebook`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('name="via" value="facebook"');
    expect(page.body).toContain(encodeURIComponent('http://localhost:3000/o/river-foundation/give/spring-run/p/sam?via=email'));
    await giveThrough(`${base}/p/sam?via=facebook`, 5000);
    expect(await pageRow('sam')).toMatchObject({ raisedCents: 5000, giftCount: 1 });
    expect(await pageRow('nurses')).toMatchObject({ raisedCents: 5000, giftCount: 1 });
    const c = await campaignTotals(t.db, campaign.id);
    expect(c.raisedCents).toBe(5000);
    const gift = await t.db.selectFrom('fundraisingGifts').selectAll().where('campaignId', '=', campaign.id).executeTakeFirstOrThrow();
    expect(gift).toMatchObject({ channel: 'peer_to_peer', attributionChannel: 'facebook', pageId: (await pageRow('sam')).id });
    const after = await new TestClient(t.app).get(`${base}/p/sam`);
    expect(after.body).toContain('value="5000"');
  });

  it('shows leaderboards of people and teams on the campaign page', async () => {
    await createPage(t.db, { organizationId: org.id, campaignId: campaign.id, slug: 'quiet', title: 'Quiet page' });
    const res = await new TestClient(t.app).get(base);
    expect(res.body).toContain('Top fundraisers');
    expect(res.body.indexOf('Sam runs for the wing')).toBeLessThan(res.body.indexOf('Quiet page'));
    expect(res.body).toContain('Top teams');
  });

  it('sends the unauthenticated to sign in, and names bad fields with nothing written', async () => {
    const anon = new TestClient(t.app);
    expect((await anon.get(`${base}/pages/new`)).headers.location).toMatch(/^\/sign-in/);
    expect((await anon.post(`${base}/pages/new`, { kind: 'personal', slug: 'anon', title: 'x', story: '', goal: '5' })).statusCode).toBe(401);
    const count = async () => Number((await t.db.selectFrom('fundraisingPages').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const before = await count();
    const valid = { kind: 'personal', slug: 'newpage', title: 'Title', story: '', goal: '100', teamId: '' };
    for (const [field, value] of [['kind', 'club'], ['slug', ''], ['slug', 'Bad Slug'], ['title', ''], ['title', 'x'.repeat(121)], ['title', '<b>x</b>'], ['goal', 'abc'], ['teamId', 'nope'], ['story', ['a', 'b']]] as [string, string | string[]][]) {
      const res = await supporter.client.post(`${base}/pages/new`, { ...valid, [field]: value });
      expect(res.statusCode, `${field}=${String(value)}`).toBe(400);
      expect(fieldError(res.body, field), `${field}=${String(value)}`).toBe(true);
    }
    const other = await createCampaign(t.db, { organizationId: org.id });
    const foreignTeam = await createPage(t.db, { organizationId: org.id, campaignId: other.id, kind: 'team' });
    expect((await supporter.client.post(`${base}/pages/new`, { ...valid, teamId: foreignTeam.id })).statusCode).toBe(400);
    expect((await supporter.client.post(`${base}/pages/new`, { ...valid, slug: 'sam' })).statusCode).toBe(409);
    expect(await count()).toBe(before + 1);
    expect((await anon.get(`${base}/p/no-such-page`)).statusCode).toBe(404);
  });
});
