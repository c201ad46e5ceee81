import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { putObject } from '../../../platform/storage/storage.js';
import { buildTestApp, type TestApp } from '../../../../test/support/build-test-app.js';
import { TestClient } from '../../../../test/support/client.js';
import { createOrganization } from '../../../../test/support/factories/identity.js';
import { countRows, outsiders, signedInWith, type Signed } from '../../../../test/support/roles.js';

let t: TestApp;
let operator: Signed;
let hospital: { id: string; slug: string };
let foundation: { id: string; slug: string };

beforeAll(async () => {
  t = await buildTestApp();
  operator = await signedInWith(t, { platformAdmin: true, displayName: 'Olive Operator' });
  hospital = await createOrganization(t.db, { slug: 'riverside-hospital', nameEn: 'Riverside Hospital', nameFr: 'Hôpital Riverside', kind: 'hospital' });
  foundation = await createOrganization(t.db, {
    slug: 'riverside-foundation',
    nameEn: 'Riverside Hospital Foundation',
    nameFr: 'Fondation de l’Hôpital Riverside',
    kind: 'foundation',
    foundationOfId: hospital.id,
    craRegistrationNumber: '888777666RR0001',
  });
});
afterAll(() => t.close());

const valid = (over: Record<string, string | string[]> = {}) => ({
  slug: 'lakeside-foundation',
  nameEn: 'Lakeside Foundation',
  nameFr: 'Fondation Lakeside',
  kind: 'foundation',
  foundationOf: hospital.id,
  craNumber: '123456789RR0001',
  brandColour: '#005A9C',
  ...over,
});

describe('GET /o/:org', () => {
  it('shows a foundation in the viewer’s language, with its hospital, kind and CRA number', async () => {
    const en = await new TestClient(t.app).get(`/o/${foundation.slug}`);
    expect(en.statusCode).toBe(200);
    expect(en.body).toContain('<h1>Riverside Hospital Foundation</h1>');
    expect(en.body).toContain('Foundation');
    expect(en.body).toContain(`href="/o/${hospital.slug}"`);
    expect(en.body).toContain('888777666 RR 0001');
    expect(en.body).toContain('lang="fr"');

    const fr = await new TestClient(t.app, { 'accept-language': 'fr-CA' }).get(`/o/${foundation.slug}`);
    expect(fr.body).toContain('<h1>Fondation de l’Hôpital Riverside</h1>');
    expect(fr.body).toContain('Fondation de');
    expect(fr.body).toContain('Hôpital Riverside');
  });

  it('shows a hospital with the foundation that supports it, its logo, and no CRA number', async () => {
    const png = await sharp({ create: { width: 20, height: 10, channels: 3, background: '#005a9c' } }).png().toBuffer();
    const logoId = await putObject(t.db, { contentType: 'image/png', data: png });
    await t.db.updateTable('identityOrganizations').set({ logoObjectId: logoId }).where('id', '=', hospital.id).execute();
    const res = await new TestClient(t.app).get(`/o/${hospital.slug}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(`href="/o/${foundation.slug}"`);
    expect(res.body).toContain(`src="/media/${logoId}"`);
    expect(res.body).toContain('alt="Logo of Riverside Hospital"');
    expect(res.body).not.toContain('RR');
    expect(res.body).not.toContain('/admin"');
  });

  it('offers its administrators the way to the administration pages', async () => {
    const admin = await signedInWith(t, { org: hospital, roles: ['admin'] });
    expect((await admin.client.get(`/o/${hospital.slug}`)).body).toContain(`href="/o/${hospital.slug}/admin"`);
  });

  it('answers 404 for an organization that does not exist', async () => {
    expect((await new TestClient(t.app).get('/o/no-such-org')).statusCode).toBe(404);
    expect((await new TestClient(t.app).get('/o/Not_A_Slug')).statusCode).toBe(400);
  });
});

describe('/admin/organizations', () => {
  it('lists organizations and creates one whose creator becomes its first administrator', async () => {
    const page = await operator.client.get('/admin/organizations');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<caption>');
    expect(page.body).toContain('Riverside Hospital Foundation');

    const res = await operator.client.post('/admin/organizations', valid());
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/o/lakeside-foundation/admin');

    const org = await t.db.selectFrom('identityOrganizations').selectAll().where('slug', '=', 'lakeside-foundation').executeTakeFirstOrThrow();
    expect(org).toMatchObject({ nameEn: 'Lakeside Foundation', nameFr: 'Fondation Lakeside', kind: 'foundation', foundationOfId: hospital.id, craRegistrationNumber: '123456789RR0001', brandColour: '#005a9c' });
    const membership = await t.db.selectFrom('identityMemberships').selectAll().where('organizationId', '=', org.id).execute();
    expect(membership).toHaveLength(1);
    expect(membership[0]).toMatchObject({ accountId: operator.id, roles: ['admin', 'member'] });
    const audit = await t.db.selectFrom('auditEvents').selectAll().where('action', '=', 'organization.created').where('organizationId', '=', org.id).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorAccountId: operator.id, targetType: 'organization', targetId: org.id });

    // The new administrator reaches the organization's administration at once.
    expect((await operator.client.get('/o/lakeside-foundation/admin')).statusCode).toBe(200);
  });

  it('creates a hospital with no foundation link and no CRA number', async () => {
    const res = await operator.client.post('/admin/organizations', valid({ slug: 'north-hospital', kind: 'hospital', foundationOf: '', craNumber: '', brandColour: '' }));
    expect(res.statusCode).toBe(303);
    const org = await t.db.selectFrom('identityOrganizations').selectAll().where('slug', '=', 'north-hospital').executeTakeFirstOrThrow();
    expect(org).toMatchObject({ kind: 'hospital', foundationOfId: null, craRegistrationNumber: null, brandColour: null });
  });

  it('sends people who are not signed in to sign in, and refuses their posts', async () => {
    const c = new TestClient(t.app);
    const page = await c.get('/admin/organizations');
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toBe('/sign-in?next=%2Fadmin%2Forganizations');
    const before = await countRows(t, 'identityOrganizations');
    expect((await c.post('/admin/organizations', valid({ slug: 'anon-org' }))).statusCode).toBe(401);
    expect(await countRows(t, 'identityOrganizations')).toBe(before);
  });

  it('is refused to everyone but the deployment’s operators, organization administrators included', async () => {
    const hospitalAdmin = (await signedInWith(t, { org: hospital, roles: ['admin', 'member'] })).client;
    const clients: [string, TestClient][] = [...(await outsiders(t, hospital)), ['admin of the hospital', hospitalAdmin]];
    const before = await countRows(t, 'identityOrganizations');
    for (const [who, c] of clients) {
      expect((await c.get('/admin/organizations')).statusCode, who).toBe(403);
      expect((await c.post('/admin/organizations', valid({ slug: 'sneaky-org' }))).statusCode, who).toBe(403);
      // Even invalid input is refused before it is judged.
      expect((await c.post('/admin/organizations', {})).statusCode, who).toBe(403);
    }
    expect(await countRows(t, 'identityOrganizations')).toBe(before);
  });

  it.each([
    ['empty', { slug: '', nameEn: '', nameFr: '', kind: '' }, ['slug', 'nameEn', 'nameFr', 'kind']],
    ['too long', { slug: 'a'.repeat(61), nameEn: 'n'.repeat(121), nameFr: 'n'.repeat(121), craNumber: '1'.repeat(41), brandColour: '#'.repeat(21) }, ['slug', 'nameEn', 'nameFr', 'craNumber', 'brandColour']],
    ['wrong type', { slug: ['a-b', 'c-d'], nameEn: ['a', 'b'], nameFr: ['a', 'b'], kind: ['hospital', 'other'], foundationOf: ['x', 'y'], craNumber: ['1', '2'], brandColour: ['#000000', '#000000'] }, ['slug', 'nameEn', 'nameFr', 'kind', 'foundationOf', 'craNumber', 'brandColour']],
    ['markup', { slug: '<b>x</b>', nameEn: '<script>alert(1)</script>', nameFr: '<img src=x onerror=alert(1)>', craNumber: '<b>123456789RR0001</b>', brandColour: '<i>#000</i>' }, ['slug', 'nameEn', 'nameFr', 'craNumber', 'brandColour']],
    ['bad formats', { slug: 'Upper_Case', kind: 'clinic', foundationOf: 'not-a-uuid', craNumber: '12345678RR0001', brandColour: 'navy' }, ['slug', 'kind', 'foundationOf', 'craNumber', 'brandColour']],
  ])('refuses %s input with 400 naming each field, writing nothing', async (_label, over, fields) => {
    const before = [await countRows(t, 'identityOrganizations'), await countRows(t, 'identityMemberships'), await countRows(t, 'auditEvents')];
    const res = await operator.client.post('/admin/organizations', valid(over as Record<string, string>));
    expect(res.statusCode).toBe(400);
    for (const f of fields) expect(res.body, f).toContain(`id="f-${f}-error"`);
    expect(res.body.replace(/value="[^"]*"/g, '')).not.toMatch(/<script>alert|<img src=x/);
    expect([await countRows(t, 'identityOrganizations'), await countRows(t, 'identityMemberships'), await countRows(t, 'auditEvents')]).toEqual(before);
  });

  it.each([
    ['a CRA number in the wrong form', { craNumber: '123456789RC0001' }, 'craNumber', /123456789RR0001/],
    ['a foundation without its CRA number', { craNumber: '' }, 'craNumber', /CRA charity registration number/],
    ['a colour too light for white text', { brandColour: '#777777' }, 'brandColour', /4\.47:1/],
    ['a colour in the wrong form', { brandColour: '#12345' }, 'brandColour', /#005a9c/],
    ['a slug with a leading hyphen', { slug: '-lake' }, 'slug', /lower-case/],
    ['a “foundation of” that does not exist', { foundationOf: '00000000-0000-7000-8000-000000000000' }, 'foundationOf', /not found/],
    ['a “foundation of” that is not a hospital', { slug: 'meta-foundation', foundationOf: '' }, 'foundationOf', /hospital/],
    ['a “foundation of” on a hospital', { kind: 'hospital', craNumber: '' }, 'foundationOf', /Only a foundation/],
  ])('refuses %s, naming the field and writing nothing', async (_label, over, field, message) => {
    const patch = { ...over } as Record<string, string>;
    if (_label.includes('not a hospital')) patch.foundationOf = foundation.id;
    const before = await countRows(t, 'identityOrganizations');
    const res = await operator.client.post('/admin/organizations', valid({ slug: 'lake-two', ...patch }));
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain(`id="f-${field}-error"`);
    expect(res.body).toMatch(message);
    expect(await countRows(t, 'identityOrganizations')).toBe(before);
  });

  it('states the contrast ratio in the viewer’s language', async () => {
    const fr = await signedInWith(t, { platformAdmin: true, locale: 'fr' });
    const res = await fr.client.post('/admin/organizations', valid({ slug: 'pale-org', brandColour: '#00a3e0' }));
    expect(res.statusCode).toBe(400);
    expect(res.body).toMatch(/\(2,87:1; il faut au moins 4,5:1\)/);
  });

  it('reports every rule at once: CRA number, contrast and link together', async () => {
    const res = await operator.client.post('/admin/organizations', valid({ slug: 'many-problems', craNumber: '', brandColour: '#ffbf47', foundationOf: '00000000-0000-7000-8000-000000000000' }));
    expect(res.statusCode).toBe(400);
    for (const f of ['craNumber', 'brandColour', 'foundationOf']) expect(res.body).toContain(`id="f-${f}-error"`);
  });

  it('answers 409 on the slug field for a slug already in use, and never a 500', async () => {
    const before = await countRows(t, 'identityOrganizations');
    const res = await operator.client.post('/admin/organizations', valid({ slug: hospital.slug }));
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain('id="f-slug-error"');
    expect(await countRows(t, 'identityOrganizations')).toBe(before);
  });

  it('accepts the CRA number as people type it, and stores it in its canonical form', async () => {
    const res = await operator.client.post('/admin/organizations', valid({ slug: 'typed-foundation', craNumber: '123 456 789 rr 0002' }));
    expect(res.statusCode).toBe(303);
    const org = await t.db.selectFrom('identityOrganizations').select('craRegistrationNumber').where('slug', '=', 'typed-foundation').executeTakeFirstOrThrow();
    expect(org.craRegistrationNumber).toBe('123456789RR0002');
  });
});
