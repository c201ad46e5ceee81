import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { recordAudit } from '../../../platform/audit/audit.js';
import { buildTestApp, type TestApp } from '../../../../test/support/build-test-app.js';
import { TestClient } from '../../../../test/support/client.js';
import { createAccount, createOrganization } from '../../../../test/support/factories/identity.js';
import { signIn } from '../../../../test/support/sign-in.js';
import { countRows, multipartFile, outsiders, signedInWith, type Signed } from '../../../../test/support/roles.js';

let t: TestApp;
let org: { id: string; slug: string };
let admin: Signed;
let platformAdmin: Signed;

beforeAll(async () => {
  t = await buildTestApp();
  org = await createOrganization(t.db, { slug: 'harbour-hospital', nameEn: 'Harbour Hospital', nameFr: 'Hôpital du Port', kind: 'hospital' });
  admin = await signedInWith(t, { org, roles: ['admin', 'member'], displayName: 'Ada Admin' });
  platformAdmin = await signedInWith(t, { platformAdmin: true });
});
afterAll(() => t.close());

const orgRow = () => t.db.selectFrom('identityOrganizations').selectAll().where('id', '=', org.id).executeTakeFirstOrThrow();
const membershipOf = (accountId: string) =>
  t.db.selectFrom('identityMemberships').selectAll().where('organizationId', '=', org.id).where('accountId', '=', accountId).executeTakeFirstOrThrow();
const auditOf = (action: string) => t.db.selectFrom('auditEvents').selectAll().where('action', '=', action).where('organizationId', '=', org.id).orderBy('id').execute();

const settings = (over: Record<string, string | string[]> = {}) => ({
  nameEn: 'Harbour General Hospital',
  nameFr: 'Hôpital général du Port',
  kind: 'hospital',
  foundationOf: '',
  craNumber: '',
  brandColour: '#6b2c91',
  ...over,
});

describe('GET /o/:org/admin', () => {
  it('shows the administrator every area, and an operator only the settings', async () => {
    const page = await admin.client.get(`/o/${org.slug}/admin`);
    expect(page.statusCode).toBe(200);
    for (const area of ['settings', 'members', 'invitations', 'audit']) expect(page.body).toContain(`href="/o/${org.slug}/admin/${area}"`);
    const operator = await platformAdmin.client.get(`/o/${org.slug}/admin`);
    expect(operator.statusCode).toBe(200);
    expect(operator.body).toContain(`href="/o/${org.slug}/admin/settings"`);
    expect(operator.body).not.toContain(`href="/o/${org.slug}/admin/members"`);
  });

  it('sends people who are not signed in to sign in, and refuses everyone else', async () => {
    const anon = await new TestClient(t.app).get(`/o/${org.slug}/admin`);
    expect(anon.statusCode).toBe(303);
    expect(anon.headers.location).toBe(`/sign-in?next=${encodeURIComponent(`/o/${org.slug}/admin`)}`);
    for (const [who, c] of await outsiders(t, org)) expect((await c.get(`/o/${org.slug}/admin`)).statusCode, who).toBe(403);
    expect((await admin.client.get('/o/no-such-org/admin')).statusCode).toBe(404);
  });
});

describe('settings', () => {
  it('shows the form filled in and saves changes with an audit row naming the fields', async () => {
    const page = await admin.client.get(`/o/${org.slug}/admin/settings`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('value="Harbour Hospital"');
    expect(page.body).toMatch(/action="\/o\/harbour-hospital\/admin\/logo\?_csrf=[^"]+" enctype="multipart\/form-data"/);

    const res = await admin.client.post(`/o/${org.slug}/admin/settings`, settings());
    expect(res.statusCode).toBe(303);
    expect(await orgRow()).toMatchObject({ nameEn: 'Harbour General Hospital', nameFr: 'Hôpital général du Port', brandColour: '#6b2c91', slug: org.slug });
    const audit = await auditOf('organization.updated');
    expect(audit.at(-1)!.data).toEqual({ fields: ['nameEn', 'nameFr', 'brandColour'] });
    expect(audit.at(-1)!.actorAccountId).toBe(admin.id);
  });

  it('lets an operator change the settings too', async () => {
    expect((await platformAdmin.client.post(`/o/${org.slug}/admin/settings`, settings({ nameEn: 'Harbour Hospital' }))).statusCode).toBe(303);
    expect((await orgRow()).nameEn).toBe('Harbour Hospital');
  });

  it('is refused to non-administrators and to administrators of another organization, changing nothing', async () => {
    const before = await orgRow();
    const anon = new TestClient(t.app);
    expect((await anon.get(`/o/${org.slug}/admin/settings`)).statusCode).toBe(303);
    expect((await anon.post(`/o/${org.slug}/admin/settings`, settings({ nameEn: 'Anon' }))).statusCode).toBe(401);
    for (const [who, c] of await outsiders(t, org)) {
      expect((await c.get(`/o/${org.slug}/admin/settings`)).statusCode, who).toBe(403);
      expect((await c.post(`/o/${org.slug}/admin/settings`, settings({ nameEn: 'Taken Over' }))).statusCode, who).toBe(403);
      expect((await c.post(`/o/${org.slug}/admin/settings`, {})).statusCode, who).toBe(403);
    }
    expect(await orgRow()).toEqual(before);
  });

  it.each([
    ['empty', { nameEn: '', nameFr: '', kind: '' }, ['nameEn', 'nameFr', 'kind']],
    ['too long', { nameEn: 'x'.repeat(121), nameFr: 'x'.repeat(121), craNumber: '9'.repeat(41), brandColour: 'x'.repeat(21) }, ['nameEn', 'nameFr', 'craNumber', 'brandColour']],
    ['wrong type', { nameEn: ['a', 'b'], nameFr: ['a', 'b'], kind: ['a', 'b'], foundationOf: ['a', 'b'], craNumber: ['a', 'b'], brandColour: ['a', 'b'] }, ['nameEn', 'nameFr', 'kind', 'foundationOf', 'craNumber', 'brandColour']],
    ['markup', { nameEn: '<script>alert(1)</script>', nameFr: '<b>gras</b>', craNumber: '<x>', brandColour: '<x>' }, ['nameEn', 'nameFr', 'craNumber', 'brandColour']],
    ['a low-contrast colour', { brandColour: '#ffbf47' }, ['brandColour']],
    ['a bad CRA number', { craNumber: '123456789RR01' }, ['craNumber']],
    ['a foundation without a CRA number', { kind: 'foundation' }, ['craNumber']],
    ['a link to itself', { kind: 'foundation', craNumber: '123456789RR0001', foundationOf: 'SELF' }, ['foundationOf']],
  ])('refuses %s with 400 naming each field, changing nothing', async (_label, over, fields) => {
    const before = await orgRow();
    const audits = await countRows(t, 'auditEvents');
    const body = settings(over as Record<string, string>);
    if (body.foundationOf === 'SELF') body.foundationOf = org.id;
    const res = await admin.client.post(`/o/${org.slug}/admin/settings`, body);
    expect(res.statusCode).toBe(400);
    for (const f of fields) expect(res.body, f).toContain(`id="f-${f}-error"`);
    expect(res.body.replace(/value="[^"]*"/g, '')).not.toContain('<script>alert(1)</script>');
    expect(await orgRow()).toEqual(before);
    expect(await countRows(t, 'auditEvents')).toBe(audits);
  });
});

describe('logo upload', () => {
  const logoUrl = async (c: TestClient) => `/o/${org.slug}/admin/logo?_csrf=${encodeURIComponent(await c.csrfToken())}`;

  it('resizes the image to at most 512 px wide, stores it, serves it, and replaces the previous one', async () => {
    const big = await sharp({ create: { width: 1600, height: 400, channels: 4, background: { r: 0, g: 90, b: 156, alpha: 1 } } }).png().toBuffer();
    await admin.client.get(`/o/${org.slug}/admin/settings`);
    const res = await admin.client.request({ method: 'POST', url: await logoUrl(admin.client), ...multipartFile('logo', 'logo.png', 'image/png', big) });
    expect(res.statusCode).toBe(303);
    const first = (await orgRow()).logoObjectId!;
    const media = await new TestClient(t.app).get(`/media/${first}`);
    expect(media.statusCode).toBe(200);
    expect(media.headers['content-type']).toBe('image/png');
    const meta = await sharp(media.rawPayload).metadata();
    expect(meta).toMatchObject({ format: 'png', width: 512, height: 128 });
    expect((await auditOf('organization.updated')).at(-1)!.data).toEqual({ fields: ['logo'] });

    const jpeg = await sharp({ create: { width: 300, height: 300, channels: 3, background: '#6b2c91' } }).jpeg().toBuffer();
    const again = await admin.client.request({ method: 'POST', url: await logoUrl(admin.client), ...multipartFile('logo', 'photo.jpg', 'image/jpeg', jpeg) });
    expect(again.statusCode).toBe(303);
    const second = (await orgRow()).logoObjectId!;
    expect(second).not.toBe(first);
    const secondMedia = await new TestClient(t.app).get(`/media/${second}`);
    expect(secondMedia.headers['content-type']).toBe('image/webp');
    expect((await sharp(secondMedia.rawPayload).metadata()).width).toBe(300);
    expect((await new TestClient(t.app).get(`/media/${first}`)).statusCode).toBe(404);
    expect((await new TestClient(t.app).get(`/o/${org.slug}`)).body).toContain(`src="/media/${second}"`);
  });

  it.each([
    ['not an image', Buffer.from('%PDF-1.4 not an image at all'), 'application/pdf'],
    ['an SVG (scripts can hide in it)', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), 'image/svg+xml'],
    ['an empty file', Buffer.alloc(0), 'image/png'],
  ])('refuses %s with 400 on the logo field, storing nothing', async (_label, data, type) => {
    const before = [await countRows(t, 'storageObjects'), (await orgRow()).logoObjectId];
    const res = await admin.client.request({ method: 'POST', url: await logoUrl(admin.client), ...multipartFile('logo', 'file', type, data) });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('id="f-logo-error"');
    expect([await countRows(t, 'storageObjects'), (await orgRow()).logoObjectId]).toEqual(before);
  });

  it('refuses a file over 5 MB with 400 on the logo field', async () => {
    const res = await admin.client.request({ method: 'POST', url: await logoUrl(admin.client), ...multipartFile('logo', 'huge.png', 'image/png', Buffer.alloc(5 * 1024 * 1024 + 10)) });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('id="f-logo-error"');
  });

  it('refuses an upload without the CSRF token, from outsiders, and from people not signed in', async () => {
    const png = await sharp({ create: { width: 10, height: 10, channels: 3, background: '#000000' } }).png().toBuffer();
    const before = await countRows(t, 'storageObjects');
    expect((await admin.client.request({ method: 'POST', url: `/o/${org.slug}/admin/logo`, ...multipartFile('logo', 'a.png', 'image/png', png) })).statusCode).toBe(403);
    const anon = new TestClient(t.app);
    expect((await anon.request({ method: 'POST', url: await logoUrl(anon), ...multipartFile('logo', 'a.png', 'image/png', png) })).statusCode).toBe(401);
    for (const [who, c] of await outsiders(t, org)) {
      expect((await c.request({ method: 'POST', url: await logoUrl(c), ...multipartFile('logo', 'a.png', 'image/png', png) })).statusCode, who).toBe(403);
    }
    expect(await countRows(t, 'storageObjects')).toBe(before);
  });
});

describe('members', () => {
  it('lists members in a captioned table, and changes roles and kinds with an audit row', async () => {
    const pat = await createAccount(t.db, { org, roles: ['member'], displayName: 'Pat Patient' });
    const list = await admin.client.get(`/o/${org.slug}/admin/members`);
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('<caption>');
    expect(list.body).toContain('Pat Patient');
    expect(list.body).toContain(`href="/o/${org.slug}/admin/members/${pat.id}"`);

    const page = await admin.client.get(`/o/${org.slug}/admin/members/${pat.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('type="checkbox" id="f-roles-member" name="roles" value="member" checked');

    const res = await admin.client.post(`/o/${org.slug}/admin/members/${pat.id}`, { roles: ['moderator', 'member'], memberKind: 'patient', staffKind: '' });
    expect(res.statusCode).toBe(303);
    expect(await membershipOf(pat.id)).toMatchObject({ roles: ['moderator', 'member'], memberKind: 'patient', staffKind: null });
    const changed = (await auditOf('membership.roles_changed')).at(-1)!;
    expect(changed).toMatchObject({ actorAccountId: admin.id, targetType: 'account', targetId: pat.id, data: { from: ['member'], to: ['moderator', 'member'] } });
    expect((await auditOf('membership.updated')).at(-1)!.data).toEqual({ memberKind: 'patient', staffKind: null });
  });

  it('keeps at least one administrator', async () => {
    const lone = await createOrganization(t.db);
    const soleAdmin = await signedInWith(t, { org: lone, roles: ['admin', 'member'] });
    const res = await soleAdmin.client.post(`/o/${lone.slug}/admin/members/${soleAdmin.id}`, { roles: ['member'] });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('id="f-roles-error"');
    expect(res.body).toContain('at least one administrator');
    const row = await t.db.selectFrom('identityMemberships').select('roles').where('accountId', '=', soleAdmin.id).executeTakeFirstOrThrow();
    expect(row.roles).toEqual(['admin', 'member']);

    // With a second administrator, the first may step down.
    const second = await createAccount(t.db, { org: lone, roles: ['member'] });
    expect((await soleAdmin.client.post(`/o/${lone.slug}/admin/members/${second.id}`, { roles: ['admin', 'member'] })).statusCode).toBe(303);
    expect((await soleAdmin.client.post(`/o/${lone.slug}/admin/members/${soleAdmin.id}`, { roles: ['member'] })).statusCode).toBe(303);
    // …and the one left cannot.
    const res2 = await (await signIn(t.app, second)).post(`/o/${lone.slug}/admin/members/${second.id}`, { roles: ['staff'] });
    expect(res2.statusCode).toBe(400);
    expect(res2.body).toContain('id="f-roles-error"');
  });

  it('grants and revokes the verified-staff badge, recording who did it', async () => {
    const doc = await createAccount(t.db, { org, roles: ['staff', 'member'], displayName: 'Dr. Dana' });
    const grant = await admin.client.post(`/o/${org.slug}/admin/members/${doc.id}/staff-verification`, { verified: 'yes' });
    expect(grant.statusCode).toBe(303);
    const granted = await membershipOf(doc.id);
    expect(granted.staffVerifiedAt).toBeInstanceOf(Date);
    expect(granted.staffVerifiedBy).toBe(admin.id);
    expect((await auditOf('staff.verified')).at(-1)).toMatchObject({ targetId: doc.id, actorAccountId: admin.id });
    expect((await admin.client.get(`/o/${org.slug}/admin/members`)).body).toContain('class="badge verified"');

    expect((await admin.client.post(`/o/${org.slug}/admin/members/${doc.id}/staff-verification`, { verified: 'no' })).statusCode).toBe(303);
    expect(await membershipOf(doc.id)).toMatchObject({ staffVerifiedAt: null, staffVerifiedBy: null });
    expect((await auditOf('staff.unverified')).at(-1)).toMatchObject({ targetId: doc.id });
  });

  it('answers 404 for someone who is not a member of the organization', async () => {
    const stranger = await createAccount(t.db);
    expect((await admin.client.get(`/o/${org.slug}/admin/members/${stranger.id}`)).statusCode).toBe(404);
    expect((await admin.client.post(`/o/${org.slug}/admin/members/${stranger.id}`, { roles: ['member'] })).statusCode).toBe(404);
    expect((await admin.client.get(`/o/${org.slug}/admin/members/not-a-uuid`)).statusCode).toBe(400);
  });

  it('is refused to non-administrators, to administrators of another organization and to operators, changing nothing', async () => {
    const target = await createAccount(t.db, { org, roles: ['member'] });
    const before = await membershipOf(target.id);
    const anon = new TestClient(t.app);
    expect((await anon.get(`/o/${org.slug}/admin/members`)).statusCode).toBe(303);
    expect((await anon.post(`/o/${org.slug}/admin/members/${target.id}`, { roles: ['admin'] })).statusCode).toBe(401);
    for (const [who, c] of await outsiders(t, org, { platformAdmin: true })) {
      expect((await c.get(`/o/${org.slug}/admin/members`)).statusCode, who).toBe(403);
      expect((await c.get(`/o/${org.slug}/admin/members/${target.id}`)).statusCode, who).toBe(403);
      expect((await c.post(`/o/${org.slug}/admin/members/${target.id}`, { roles: ['admin', 'member'] })).statusCode, who).toBe(403);
      expect((await c.post(`/o/${org.slug}/admin/members/${target.id}`, { roles: [] })).statusCode, who).toBe(403);
      expect((await c.post(`/o/${org.slug}/admin/members/${target.id}/staff-verification`, { verified: 'yes' })).statusCode, who).toBe(403);
    }
    expect(await membershipOf(target.id)).toEqual(before);
  });

  it.each([
    ['no role at all', {}, ['roles']],
    ['an unknown role', { roles: ['member', 'superuser'] }, ['roles']],
    ['markup', { roles: ['<b>admin</b>'], memberKind: '<i>', staffKind: '<i>' }, ['roles', 'memberKind', 'staffKind']],
    ['wrong kinds', { roles: ['member'], memberKind: 'visitor', staffKind: 'surgeon' }, ['memberKind', 'staffKind']],
    ['wrong types', { roles: ['member'], memberKind: ['patient', 'donor'], staffKind: ['clinician', 'employee'] }, ['memberKind', 'staffKind']],
    ['too long', { roles: ['m'.repeat(41)], memberKind: 'p'.repeat(500) }, ['roles', 'memberKind']],
  ])('refuses %s with 400 naming each field, changing nothing', async (_label, body, fields) => {
    const target = await createAccount(t.db, { org, roles: ['member'] });
    const before = await membershipOf(target.id);
    const res = await admin.client.post(`/o/${org.slug}/admin/members/${target.id}`, body as Record<string, string | string[]>);
    expect(res.statusCode).toBe(400);
    for (const f of fields) expect(res.body, f).toContain(`id="f-${f}-error"`);
    expect(await membershipOf(target.id)).toEqual(before);
  });

  it('refuses a badge decision that is neither yes nor no', async () => {
    const target = await createAccount(t.db, { org, roles: ['staff'] });
    const res = await admin.client.post(`/o/${org.slug}/admin/members/${target.id}/staff-verification`, { verified: 'maybe' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('id="f-verified-error"');
    expect((await membershipOf(target.id)).staffVerifiedAt).toBeNull();
  });
});

describe('audit log', () => {
  let auditOrg: { id: string; slug: string };
  let auditAdmin: Signed;
  let other: { id: string; email: string };

  beforeAll(async () => {
    auditOrg = await createOrganization(t.db, { slug: 'audit-hospital' });
    auditAdmin = await signedInWith(t, { org: auditOrg, roles: ['admin', 'member'], email: 'auditor@example.ca', displayName: 'Aud Itor' });
    other = await createAccount(t.db, { org: auditOrg, roles: ['member'], email: 'other@example.ca', displayName: 'Oth Er' });
    for (let i = 0; i < 55; i++) await recordAudit(t.db, { action: 'staff.verified', organizationId: auditOrg.id, actorAccountId: auditAdmin.id, targetType: 'account', targetId: other.id, ip: '192.0.2.7' });
    await recordAudit(t.db, { action: 'membership.roles_changed', organizationId: auditOrg.id, actorAccountId: other.id, targetType: 'account', targetId: other.id, data: { from: ['member'], to: ['staff', 'member'] } });
    // An event of another organization never shows here.
    await recordAudit(t.db, { action: 'organization.updated', organizationId: org.id, actorAccountId: admin.id, data: { fields: ['nameEn'] } });
  });

  const url = (q = '') => `/o/${auditOrg.slug}/admin/audit${q}`;

  it('shows events newest first with when, who, translated action, target and IP, and pages to older ones', async () => {
    const res = await auditAdmin.client.get(url());
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<caption>');
    expect(res.body).toContain('Roles changed');
    expect(res.body).toContain('Verified-staff badge granted');
    expect(res.body).toContain('Person: Oth Er');
    expect(res.body).toContain('192.0.2.7');
    expect(res.body).toContain('auditor@example.ca');
    expect(res.body).not.toContain('Organization updated');
    expect(res.body.match(/<tr><th scope="row">/g)).toHaveLength(50);
    const older = res.body.match(/href="([^"]+)" rel="next"/)![1]!.replace(/&amp;/g, '&');
    const page2 = await auditAdmin.client.get(older);
    expect(page2.statusCode).toBe(200);
    expect(page2.body.match(/<tr><th scope="row">/g)!.length).toBeGreaterThanOrEqual(6);
    expect(page2.body).not.toContain('rel="next"');
  });

  it('writes dates in en-CA and fr-CA', async () => {
    const fr = await signedInWith(t, { org: auditOrg, roles: ['admin'], locale: 'fr' });
    const res = await fr.client.get(url());
    const year = new Date().getFullYear();
    expect(res.body).toContain('Rôles modifiés');
    expect(res.body).toMatch(new RegExp(`\\d{1,2} [a-zéû.]+ ${year}`));
    const en = await auditAdmin.client.get(url());
    expect(en.body).toMatch(new RegExp(`[A-Z][a-z]{2}\\.? \\d{1,2}, ${year}`));
  });

  it('filters by action, by person and by date range', async () => {
    const byAction = await auditAdmin.client.get(url('?action=membership.roles_changed'));
    expect(byAction.body.match(/<tr><th scope="row">/g)).toHaveLength(1);
    expect(byAction.body).toContain('<option value="membership.roles_changed" selected>');

    const byPerson = await auditAdmin.client.get(url(`?person=${encodeURIComponent('Other@Example.ca')}`));
    expect(byPerson.body.match(/<tr><th scope="row">/g)).toHaveLength(1);
    const nobody = await auditAdmin.client.get(url('?person=nobody%40example.ca'));
    expect(nobody.statusCode).toBe(200);
    expect(nobody.body).not.toContain('<tr><th scope="row">');

    const today = new Date().toISOString().slice(0, 10);
    const inRange = await auditAdmin.client.get(url(`?from=2000-01-01&to=2999-12-31&action=membership.roles_changed`));
    expect(inRange.body.match(/<tr><th scope="row">/g)).toHaveLength(1);
    const past = await auditAdmin.client.get(url('?from=2000-01-01&to=2000-12-31'));
    expect(past.body).not.toContain('<tr><th scope="row">');
    const future = await auditAdmin.client.get(url('?from=2999-01-01'));
    expect(future.body).not.toContain('<tr><th scope="row">');
    expect((await auditAdmin.client.get(url(`?from=${today}&to=${today}`))).statusCode).toBe(200);
  });

  it.each([
    ['?from=2026-02-30', 'from'],
    ['?to=yesterday', 'to'],
    ['?from=2026-03-10&to=2026-03-01', 'to'],
    ['?person=not-an-email', 'person'],
    ['?action=%3Cscript%3E', 'action'],
  ])('answers 400 naming the field for %s', async (q, field) => {
    const res = await auditAdmin.client.get(url(q));
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain(`id="f-${field}-error"`);
    expect(res.body).not.toContain('<script>');
  });

  it('answers 400 for a cursor that is not an event id', async () => {
    const res = await auditAdmin.client.get(url('?before=123'));
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('href="#f-before"');
  });

  it('is refused to non-administrators, to administrators of another organization and to operators', async () => {
    expect((await new TestClient(t.app).get(url())).statusCode).toBe(303);
    for (const [who, c] of await outsiders(t, auditOrg, { platformAdmin: true })) expect((await c.get(url())).statusCode, who).toBe(403);
  });

  it('never shows a password, a token or a secret, even after sign-ins, resets and invitations', async () => {
    const password = 'lantern-maple-harbour-73';
    const c = new TestClient(t.app);
    await c.post('/sign-in', { email: other.email, password: 'a-wrong-password-attempt' });
    await c.post('/sign-in', { email: other.email, password });
    await c.post('/password/forgot', { email: other.email });
    await auditAdmin.client.post(`/o/${auditOrg.slug}/admin/invitations`, { email: 'invitee@example.ca', roles: ['member'] });
    await t.worker.drain();
    const mails = await Promise.all([t.inbox.waitFor(other.email, (m) => /reset/i.test(m.subject)), t.inbox.waitFor('invitee@example.ca')]);
    const secrets = mails.map((m) => m.text.match(/(?:token=|invitations\/)([A-Za-z0-9_-]{20,})/)![1]!);

    const page = await auditAdmin.client.get(url());
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Invitation sent');
    expect(page.body).toContain('Sign-in failed');
    for (const secret of [password, 'a-wrong-password-attempt', ...secrets]) expect(page.body).not.toContain(secret);
    const rows = JSON.stringify(await t.db.selectFrom('auditEvents').selectAll().execute());
    for (const secret of [password, 'a-wrong-password-attempt', ...secrets]) expect(rows).not.toContain(secret);
    expect(rows).not.toMatch(/"[a-z]*(password|token|secret|hash)[a-z]*":/i);
  });
});
