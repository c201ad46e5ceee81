import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../test/support/build-test-app.js';
import { TestClient } from '../../../../test/support/client.js';
import { createOrganization } from '../../../../test/support/factories/identity.js';
import { signedInWith } from '../../../../test/support/roles.js';

let t: TestApp;
let hospital: { id: string; slug: string };
let foundation: { id: string; slug: string };

beforeAll(async () => {
  t = await buildTestApp();
  hospital = await createOrganization(t.db, { slug: 'cedar-hospital', nameEn: 'Cedar Hospital', nameFr: 'Hôpital des Cèdres', kind: 'hospital' });
  foundation = await createOrganization(t.db, { slug: 'cedar-foundation', nameEn: 'Cedar Foundation', nameFr: 'Fondation des Cèdres', kind: 'foundation', foundationOfId: hospital.id, craRegistrationNumber: '123456789RR0001' });
});
afterAll(() => t.close());

describe('GET /api/v1/organizations', () => {
  it('lists organizations publicly with slug, names and kind only', async () => {
    const res = await new TestClient(t.app).get('/api/v1/organizations');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const body = res.json() as { organizations: Record<string, unknown>[] };
    expect(body.organizations).toEqual([
      { slug: 'cedar-foundation', names: { en: 'Cedar Foundation', fr: 'Fondation des Cèdres' }, kind: 'foundation' },
      { slug: 'cedar-hospital', names: { en: 'Cedar Hospital', fr: 'Hôpital des Cèdres' }, kind: 'hospital' },
    ]);
    expect(res.body).not.toContain(hospital.id);
    expect(res.body).not.toContain('123456789RR0001');
  });
});

describe('GET /api/v1/me', () => {
  it('answers 401 in the JSON error shape when not signed in', async () => {
    const res = await new TestClient(t.app).get('/api/v1/me');
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ error: { code: 'unauthenticated', fields: {} } });
  });

  it('describes the signed-in account and its memberships with roles, and nothing more', async () => {
    const me = await signedInWith(t, { org: hospital, roles: ['staff', 'member'], displayName: 'Sam Staff', email: 'sam@example.ca' });
    await t.db
      .insertInto('identityMemberships')
      .values({ id: crypto.randomUUID(), organizationId: foundation.id, accountId: me.id, roles: ['fundraiser'], memberKind: null, staffKind: null, staffVerifiedAt: new Date(), staffVerifiedBy: null })
      .execute();
    const res = await me.client.get('/api/v1/me');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      me: {
        accountId: me.id,
        email: 'sam@example.ca',
        displayName: 'Sam Staff',
        memberships: [
          { organization: { slug: 'cedar-foundation', names: { en: 'Cedar Foundation', fr: 'Fondation des Cèdres' } }, roles: ['fundraiser'], staffVerified: true },
          { organization: { slug: 'cedar-hospital', names: { en: 'Cedar Hospital', fr: 'Hôpital des Cèdres' } }, roles: ['staff', 'member'], staffVerified: false },
        ],
      },
    });
    expect(res.body).not.toMatch(/password|hash|session/i);
  });

  it('answers JSON 404 for an unknown API path', async () => {
    const res = await new TestClient(t.app).get('/api/v1/nothing-here');
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ error: { code: 'not_found' } });
  });
});
