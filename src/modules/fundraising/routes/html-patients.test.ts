import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../test/support/build-test-app.js';
import { TestClient } from '../../../../test/support/client.js';
import { createOrganization } from '../../../../test/support/factories/identity.js';
import { outsiders, signedInWith } from '../../../../test/support/roles.js';

let t: TestApp;
let hospital: { id: string; slug: string };
let foundation: { id: string; slug: string };
let staff: TestClient;
let fundraiser: TestClient;

beforeAll(async () => {
  t = await buildTestApp();
  hospital = await createOrganization(t.db, { slug: 'north-hospital', nameEn: 'North Hospital', nameFr: 'Hôpital du Nord', kind: 'hospital' });
  foundation = await createOrganization(t.db, { slug: 'north-foundation', nameEn: 'North Foundation', nameFr: 'Fondation du Nord', kind: 'foundation', foundationOfId: hospital.id });
  staff = (await signedInWith(t, { org: hospital, roles: ['staff', 'member'] })).client;
  fundraiser = (await signedInWith(t, { org: foundation, roles: ['fundraiser', 'member'] })).client;
});
afterAll(() => t.close());

const transferUrl = '/o/north-hospital/grateful-patients/new';
const listUrl = '/o/north-foundation/fundraising/grateful-patients';
const form = (o: Record<string, string> = {}) => ({ firstName: 'Marie', lastName: 'Tremblay', addressLine1: '12 Elm St', city: 'Sudbury', province: 'ON', postalCode: 'p3a1a1', noticeGivenOn: '2026-11-20', noticeGiven: 'on', ...o });
const contacts = () => t.db.selectFrom('fundraisingPatientContacts').selectAll().where('organizationId', '=', foundation.id).orderBy('lastName').execute();
const audits = (action: string) => t.db.selectFrom('auditEvents').selectAll().where('action', '=', action).execute();
const fieldError = (body: string, field: string) => body.includes(`id="f-${field}-error"`);

describe('the grateful-patient program', () => {
  it('keeps only name, mailing address, notice day, source hospital and transfer time: no column for health information', async () => {
    const cols = await sql<{ columnName: string }>`select column_name from information_schema.columns where table_name = 'fundraising_patient_contacts' order by column_name`.execute(t.db);
    expect(cols.rows.map((r) => r.columnName).sort()).toEqual(['address_line1', 'address_line2', 'city', 'first_name', 'id', 'last_name', 'notice_given_on', 'organization_id', 'postal_code', 'province', 'source_hospital_id', 'transferred_at']);
  });

  it('lets hospital staff record the notice and pass name and address to the foundation, audited, listed for its fundraisers with an opt-out link', async () => {
    const page = await staff.get(transferUrl);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('North Foundation');
    expect(page.body).toMatch(/<input type="checkbox" id="f-noticeGiven" name="noticeGiven" value="on"(?![^>]*checked)/);
    const res = await staff.post(transferUrl, form());
    expect(res.statusCode).toBe(303);
    const [c] = await contacts();
    expect(c).toMatchObject({ firstName: 'Marie', lastName: 'Tremblay', postalCode: 'P3A 1A1', sourceHospitalId: hospital.id });
    const [audit] = await audits('fundraising.patient.transferred');
    expect(audit).toMatchObject({ organizationId: hospital.id, targetId: c!.id, data: { foundationId: foundation.id, information: 'name,mailing_address' } });
    expect(JSON.stringify(audit!.data)).not.toContain('Tremblay');

    const list = await fundraiser.get(listUrl);
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Marie Tremblay');
    expect(list.body).toContain('12 Elm St, Sudbury ON P3A 1A1');
    expect(list.body).toMatch(/http:\/\/localhost:3000\/fundraising\/patients\/opt-out\?token=[\w.%-]+/);
    expect(await audits('fundraising.patient.listed')).toHaveLength(1);
  });

  it('honours the opt-out link at once in the hospital and the foundation, without signing in; a later transfer is refused', async () => {
    await staff.post(transferUrl, form({ firstName: 'Luc', lastName: 'Gagnon', postalCode: 'P3B 2B2', addressLine1: '3 Pine Rd' }));
    const list = await fundraiser.get(listUrl);
    const link = new URL(list.body.match(/http:\/\/localhost:3000\/fundraising\/patients\/opt-out\?token=[\w.%-]+/g)!.find((l) => l !== undefined && list.body.indexOf(l) > list.body.indexOf('Luc Gagnon'))!.replaceAll('&amp;', '&'));
    const visitor = new TestClient(t.app);
    const ask = await visitor.get(link.pathname + link.search);
    expect(ask.statusCode).toBe(200);
    expect(ask.body).toContain('North Foundation');
    expect((await contacts()).map((c) => c.lastName)).toContain('Gagnon');
    const done = await t.app.inject({ method: 'POST', url: link.pathname + link.search });
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('You will receive no more fundraising mail');
    expect((await contacts()).map((c) => c.lastName)).not.toContain('Gagnon');
    expect((await fundraiser.get(listUrl)).body).not.toContain('Gagnon');
    const ledger = await t.db.selectFrom('fundraisingConsents').selectAll().where('organizationId', '=', foundation.id).where('channel', '=', 'mail').execute();
    expect(ledger).toEqual([expect.objectContaining({ address: '3 pine rd, sudbury on p3b 2b2', basis: 'withdrawn', granted: false, source: 'patient_opt_out', evidence: expect.objectContaining({ method: 'link' }) })]);
    // Again: the same page, nothing new.
    expect((await visitor.get(link.pathname + link.search)).body).toContain('You will receive no more fundraising mail');

    const again = await staff.post(transferUrl, form({ firstName: 'LUC', lastName: 'gagnon', postalCode: 'p3b2b2', addressLine1: '99 New St' }));
    expect(again.statusCode).toBe(400);
    expect(fieldError(again.body, 'firstName')).toBe(true);
    expect(again.body).toContain('opted out of the grateful-patient program');
    expect((await contacts()).map((c) => c.lastName)).not.toContain('Gagnon');
    expect(await audits('fundraising.patient.transfer_refused')).toHaveLength(1);
  });

  it('records an opt-out said by phone, at the hospital or the foundation, honoured at once', async () => {
    await staff.post(transferUrl, form({ firstName: 'Ana', lastName: 'Roy', postalCode: 'P3C 3C3' }));
    expect((await fundraiser.get('/o/north-foundation/grateful-patients/opt-outs/new')).statusCode).toBe(200);
    const res = await fundraiser.post('/o/north-foundation/grateful-patients/opt-outs/new', { firstName: 'Ana', lastName: 'Roy', postalCode: 'P3C 3C3' });
    expect(res.statusCode).toBe(303);
    expect((await contacts()).map((c) => c.lastName)).not.toContain('Roy');
    expect((await staff.post(transferUrl, form({ firstName: 'Ana', lastName: 'Roy', postalCode: 'P3C 3C3' }))).statusCode).toBe(400);
    // Before any transfer, at the hospital: refused later too.
    const zoe = await staff.post('/o/north-hospital/grateful-patients/opt-outs/new', { firstName: 'Zoé', lastName: 'Côté', postalCode: 'P3E 4E4' });
    expect(zoe.statusCode).toBe(303);
    expect((await staff.post(transferUrl, form({ firstName: 'Zoe', lastName: 'Cote', postalCode: 'P3E 4E4' }))).statusCode).toBe(400);
    expect(await audits('fundraising.patient.opted_out')).toHaveLength(3);
  });

  it('turns away the unauthenticated and every role the policy does not name, writing nothing', async () => {
    const before = (await contacts()).length;
    const anon = new TestClient(t.app);
    for (const url of [transferUrl, listUrl, '/o/north-hospital/grateful-patients/opt-outs/new']) expect((await anon.get(url)).headers.location, url).toMatch(/^\/sign-in/);
    expect((await anon.post(transferUrl, form({ lastName: 'Anon' }))).statusCode).toBe(401);
    for (const [who, client] of await outsiders(t, hospital)) {
      if (who === 'staff') continue;
      expect((await client.get(transferUrl)).statusCode, who).toBe(403);
      expect((await client.post(transferUrl, form({ lastName: 'Nope' }))).statusCode, who).toBe(403);
    }
    for (const [who, client] of await outsiders(t, foundation)) {
      if (who === 'fundraiser') continue;
      expect((await client.get(listUrl)).statusCode, who).toBe(403);
    }
    // A foundation is not a hospital: even its admin cannot transfer through it.
    const foundationAdmin = (await signedInWith(t, { org: foundation, roles: ['admin', 'member'] })).client;
    expect((await foundationAdmin.post('/o/north-foundation/grateful-patients/new', form({ lastName: 'Self' }))).statusCode).toBe(403);
    // Hospital staff cannot read the foundation's list.
    expect((await staff.get(listUrl)).statusCode).toBe(403);
    expect((await contacts()).length).toBe(before);
  });

  it('refuses bad input naming the field, writing nothing; the notice box is required; forged opt-out links change nothing', async () => {
    const before = (await contacts()).length;
    const cases: [string, Record<string, string>, string][] = [
      ['empty first name', { firstName: '' }, 'firstName'],
      ['last name too long', { lastName: 'x'.repeat(300) }, 'lastName'],
      ['markup in address', { addressLine1: '<script>alert(1)</script>' }, 'addressLine1'],
      ['wrong province', { province: 'ZZ' }, 'province'],
      ['bad postal code', { postalCode: '12345' }, 'postalCode'],
      ['not a date', { noticeGivenOn: 'yesterday' }, 'noticeGivenOn'],
      ['future notice', { noticeGivenOn: '2999-01-01' }, 'noticeGivenOn'],
      ['notice not confirmed', { noticeGiven: '' }, 'noticeGiven'],
    ];
    for (const [name, o, field] of cases) {
      const res = await staff.post(transferUrl, form(o));
      expect(res.statusCode, name).toBe(400);
      expect(fieldError(res.body, field), name).toBe(true);
      expect(res.body, name).not.toMatch(/<script>alert\(1\)<\/script>(?!")/);
    }
    expect((await staff.post('/o/north-hospital/grateful-patients/opt-outs/new', { firstName: 'A', lastName: '', postalCode: 'P3A 1A1' })).statusCode).toBe(400);
    expect((await contacts()).length).toBe(before);
    for (const url of ['/fundraising/patients/opt-out?token=nonsense', '/fundraising/patients/opt-out?token=', `/fundraising/patients/opt-out?token=0190a0b0-0000-7000-8000-000000000000.AAAA`]) {
      expect((await t.app.inject({ method: 'GET', url })).statusCode, url).toBe(400);
      expect((await t.app.inject({ method: 'POST', url })).statusCode, url).toBe(400);
    }
    expect((await contacts()).length).toBe(before);
  });

  it('has its pages in French', async () => {
    const res = await staff.get(transferUrl, { 'accept-language': 'fr-CA' });
    expect(res.body).toContain('Programme de patients reconnaissants');
  });
});
