import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../test/support/build-test-app.js';
import { TestClient } from '../../../../test/support/client.js';
import { createCampaign } from '../../../../test/support/factories/fundraising.js';
import { createOrganization } from '../../../../test/support/factories/identity.js';
import { NON_ADMIN_ROLES, signedInWith, type Signed } from '../../../../test/support/roles.js';
import { findCampaignBySlug } from '../db/queries.js';

let t: TestApp;
let org: { id: string; slug: string };
let fundraiser: Signed;

beforeAll(async () => {
  t = await buildTestApp();
  org = await createOrganization(t.db, { slug: 'north-foundation', kind: 'foundation', nameEn: 'North Foundation', nameFr: 'Fondation du Nord' });
  fundraiser = await signedInWith(t, { org, roles: ['fundraiser', 'member'] });
});
afterAll(() => t.close());

const VALID = {
  slug: 'new-mri',
  titleEn: 'A new MRI',
  titleFr: 'Un nouvel appareil d’IRM',
  storyEn: 'Shorter waits.\n\nBetter images.',
  storyFr: 'Moins d’attente.',
  goal: '250000',
  startsOn: '2026-12-01',
  endsOn: '2027-03-31',
  suggestedAmounts: '25 50 100',
  defaultAdvantage: '',
  defaultAdvantageDescription: '',
};
const campaignRow = (slug: string) => findCampaignBySlug(t.db, org.id, slug);
const countCampaigns = async () => Number((await t.db.selectFrom('fundraisingCampaigns').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
const fieldError = (body: string, field: string) => body.includes(`id="f-${field}-error"`);

describe('creating and editing a campaign', () => {
  it('lets a fundraiser create a bilingual campaign, shown publicly with its progress bar', async () => {
    expect((await fundraiser.client.get('/o/north-foundation/fundraising/campaigns/new')).statusCode).toBe(200);
    const res = await fundraiser.client.post('/o/north-foundation/fundraising/campaigns/new', VALID);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/o/north-foundation/give/new-mri');
    expect(await campaignRow('new-mri')).toMatchObject({ titleFr: 'Un nouvel appareil d’IRM', goalCents: 25_000_000, suggestedAmountsCents: [2500, 5000, 10000], raisedCents: 0 });
    const audit = await t.db.selectFrom('auditEvents').selectAll().where('action', '=', 'fundraising.campaign.created').execute();
    expect(audit.at(-1)).toMatchObject({ actorAccountId: fundraiser.id, organizationId: org.id });

    const page = await new TestClient(t.app).get('/o/north-foundation/give/new-mri');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<progress id="campaign-progress" max="25000000" value="0" aria-labelledby="campaign-progress-label"');
    expect(page.body).toContain('$0.00 raised of a $250,000.00 goal (0%)');
    expect(page.body).toContain('TEST — no money moves');
    const fr = await new TestClient(t.app, { 'accept-language': 'fr' }).get('/o/north-foundation/give/new-mri?lang=fr');
    expect(fr.statusCode).toBe(200);
  });

  it('lets a fundraiser edit it, keeping the slug', async () => {
    const form = await fundraiser.client.get('/o/north-foundation/fundraising/campaigns/new-mri/edit');
    expect(form.body).toContain('value="250000.00"');
    const { slug: _slug, ...rest } = VALID;
    const res = await fundraiser.client.post('/o/north-foundation/fundraising/campaigns/new-mri/edit', { ...rest, goal: '300000', defaultAdvantage: '40', defaultAdvantageDescription: 'Gala dinner' });
    expect(res.statusCode).toBe(303);
    expect(await campaignRow('new-mri')).toMatchObject({ goalCents: 30_000_000, defaultAdvantageCents: 4000, defaultAdvantageDescription: 'Gala dinner' });
  });

  it('lists campaigns with totals on the fundraisers’ desk', async () => {
    const res = await fundraiser.client.get('/o/north-foundation/fundraising');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('href="/o/north-foundation/fundraising/campaigns/new-mri/edit"');
  });

  it('sends the unauthenticated to sign in and refuses every other role', async () => {
    const anon = new TestClient(t.app);
    expect((await anon.post('/o/north-foundation/fundraising/campaigns/new', { ...VALID, slug: 'anon' })).statusCode).toBe(401);
    for (const res of [await anon.get('/o/north-foundation/fundraising/campaigns/new'), await anon.get('/o/north-foundation/fundraising')]) {
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toMatch(/^\/sign-in/);
    }
    const before = await countCampaigns();
    for (const [name, roles] of Object.entries(NON_ADMIN_ROLES).filter(([n]) => n !== 'fundraiser')) {
      const { client } = await signedInWith(t, { org, roles });
      expect((await client.get('/o/north-foundation/fundraising/campaigns/new')).statusCode, name).toBe(403);
      expect((await client.post('/o/north-foundation/fundraising/campaigns/new', { ...VALID, slug: `by-${name}` })).statusCode, name).toBe(403);
      expect((await client.post('/o/north-foundation/fundraising/campaigns/new-mri/edit', VALID)).statusCode, name).toBe(403);
      expect((await client.get('/o/north-foundation/fundraising')).statusCode, name).toBe(403);
    }
    const other = await createOrganization(t.db);
    const outsider = await signedInWith(t, { org: other, roles: ['fundraiser', 'member'] });
    expect((await outsider.client.post('/o/north-foundation/fundraising/campaigns/new', { ...VALID, slug: 'outsider' })).statusCode).toBe(403);
    expect(await countCampaigns()).toBe(before);
  });

  it('names each bad field with a 400 and writes nothing', async () => {
    const before = await countCampaigns();
    const cases: [string, string | string[]][] = [
      ['slug', ''], ['slug', 'x'.repeat(61)], ['slug', 'Not A Slug'], ['slug', 'new'],
      ['titleEn', ''], ['titleEn', 'x'.repeat(121)], ['titleEn', '<b>bold</b>'], ['titleFr', ['a', 'b']],
      ['storyFr', '<script>x</script>'], ['goal', ''], ['goal', 'lots'], ['goal', '0'], ['startsOn', 'yesterday'], ['endsOn', '2026-01-01'],
      ['suggestedAmounts', '5 abc'], ['defaultAdvantageDescription', '<i>x</i>'],
    ];
    for (const [field, value] of cases) {
      const res = await fundraiser.client.post('/o/north-foundation/fundraising/campaigns/new', { ...VALID, slug: 'bad-one', [field]: value });
      expect(res.statusCode, `${field}=${String(value)}`).toBe(400);
      expect(fieldError(res.body, field), `${field}=${String(value)}`).toBe(true);
    }
    const res = await fundraiser.client.post('/o/north-foundation/fundraising/campaigns/new', { ...VALID, slug: 'bad-one', defaultAdvantage: '40' });
    expect(fieldError(res.body, 'defaultAdvantageDescription')).toBe(true);
    expect(await countCampaigns()).toBe(before);
  });

  it('answers 409 on a taken slug', async () => {
    await createCampaign(t.db, { organizationId: org.id, slug: 'taken' });
    const res = await fundraiser.client.post('/o/north-foundation/fundraising/campaigns/new', { ...VALID, slug: 'taken' });
    expect(res.statusCode).toBe(409);
    expect(fieldError(res.body, 'slug')).toBe(true);
  });

  it('answers 404 for a campaign or organization that does not exist', async () => {
    expect((await new TestClient(t.app).get('/o/north-foundation/give/nothing-here')).statusCode).toBe(404);
    expect((await new TestClient(t.app).get('/o/no-such-org/give')).statusCode).toBe(404);
    expect((await fundraiser.client.get('/o/north-foundation/fundraising/campaigns/nothing-here/edit')).statusCode).toBe(404);
  });
});
