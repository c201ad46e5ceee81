import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../test/support/build-test-app.js';
import { TestClient } from '../../../../test/support/client.js';
import { createAccount, createOrganization } from '../../../../test/support/factories/identity.js';
import { signIn } from '../../../../test/support/sign-in.js';
import { linkIn } from '../../../../test/support/smtp-inbox.js';
import { countRows, outsiders, signedInWith, type Signed } from '../../../../test/support/roles.js';

let t: TestApp;
let org: { id: string; slug: string };
let admin: Signed;

beforeAll(async () => {
  t = await buildTestApp();
  org = await createOrganization(t.db, { slug: 'maple-hospital', nameEn: 'Maple Hospital', nameFr: 'Hôpital des Érables' });
  admin = await signedInWith(t, { org, roles: ['admin', 'member'], displayName: 'Ada Admin' });
});
afterAll(() => t.close());

const invitationsOf = (email: string) => t.db.selectFrom('identityInvitations').selectAll().where('email', '=', email).orderBy('createdAt').execute();
const auditOf = (action: string) => t.db.selectFrom('auditEvents').selectAll().where('action', '=', action).where('organizationId', '=', org.id).orderBy('id').execute();
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** Invites the address and returns the path of the link that arrived by real SMTP. */
async function inviteAndReceive(email: string, roles: string[]): Promise<{ path: string; token: string }> {
  const res = await admin.client.post(`/o/${org.slug}/admin/invitations`, { email, roles });
  expect(res.statusCode).toBe(303);
  await t.worker.drain();
  const mail = await t.inbox.waitFor(email.toLowerCase(), (m) => /Maple Hospital|Hôpital des Érables/.test(m.subject));
  const path = new URL(linkIn(mail, '/invitations/')).pathname;
  return { path, token: path.split('/').pop()! };
}

describe('inviting by e-mail', () => {
  it('walks the whole path: invite, mail, open the link, sign in, accept', async () => {
    const page = await admin.client.get(`/o/${org.slug}/admin/invitations`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('id="f-roles-member" name="roles" value="member" checked');

    const invitee = await createAccount(t.db, { email: 'nadia@example.ca', displayName: 'Nadia Newcomer' });
    const { path, token } = await inviteAndReceive('Nadia@Example.ca', ['staff', 'member']);
    const mail = await t.inbox.waitFor('nadia@example.ca');
    expect(mail.text).toContain('Ada Admin');
    expect(mail.text).toContain('Staff, Member');
    expect(mail.text).toContain('14 days');

    // Only the token's hash is stored, and the invitation expires in 14 days.
    const [row] = await invitationsOf('nadia@example.ca');
    expect(row).toMatchObject({ organizationId: org.id, roles: ['staff', 'member'], invitedBy: admin.id, tokenHash: sha256(token), acceptedAt: null });
    const days = (row!.expiresAt.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(13.9);
    expect(days).toBeLessThanOrEqual(14);
    expect(JSON.stringify(await t.db.selectFrom('identityInvitations').selectAll().execute())).not.toContain(token);
    expect((await auditOf('invitation.created')).at(-1)).toMatchObject({ actorAccountId: admin.id, targetType: 'invitation', targetId: row!.id, data: { email: 'nadia@example.ca', roles: ['staff', 'member'] } });

    // The pending invitation is listed for the administrators.
    expect((await admin.client.get(`/o/${org.slug}/admin/invitations`)).body).toContain('nadia@example.ca');

    // Not signed in: the organization and roles, and ways to sign in or sign up that come back here.
    const browser = new TestClient(t.app);
    const anon = await browser.get(path);
    expect(anon.statusCode).toBe(200);
    expect(anon.headers['referrer-policy']).toBe('no-referrer');
    expect(anon.body).toContain('Maple Hospital');
    expect(anon.body).toContain('Staff');
    expect(anon.body).toContain(`href="/sign-in?next=${encodeURIComponent(path)}"`);
    expect(anon.body).toContain(`href="/sign-up?next=${encodeURIComponent(path)}"`);
    expect(anon.body).not.toContain(`action="${path}/accept"`);

    const signedIn = await browser.post('/sign-in', { email: invitee.email, password: invitee.password, next: path });
    expect(signedIn.statusCode).toBe(303);
    expect(signedIn.headers.location).toBe(path);
    const mine = await browser.get(path);
    expect(mine.body).toContain(`action="${path}/accept"`);

    const accepted = await browser.post(`${path}/accept`);
    expect(accepted.statusCode).toBe(303);
    expect(accepted.headers.location).toBe(`/o/${org.slug}`);
    const membership = await t.db.selectFrom('identityMemberships').selectAll().where('organizationId', '=', org.id).where('accountId', '=', invitee.id).executeTakeFirstOrThrow();
    expect(membership.roles).toEqual(['staff', 'member']);
    expect((await invitationsOf('nadia@example.ca'))[0]).toMatchObject({ acceptedBy: invitee.id });
    expect((await auditOf('invitation.accepted')).at(-1)).toMatchObject({ actorAccountId: invitee.id, targetId: row!.id });

    // Used once: the link now says so, and accepting again changes nothing.
    const memberships = await countRows(t, 'identityMemberships');
    expect((await browser.get(path)).statusCode).toBe(410);
    expect((await browser.post(`${path}/accept`)).statusCode).toBe(404);
    expect(await countRows(t, 'identityMemberships')).toBe(memberships);
    expect(await auditOf('invitation.accepted')).toHaveLength(1);
  });

  it('must be accepted by the account with the invited address: another account gets a clear 403', async () => {
    const { path } = await inviteAndReceive('right-person@example.ca', ['member']);
    const wrong = await signedInWith(t, { email: 'wrong-person@example.ca' });
    const page = await wrong.client.get(path);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('sent to another e-mail address');
    expect(page.body).not.toContain(`action="${path}/accept"`);
    const res = await wrong.client.post(`${path}/accept`);
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('This invitation was sent to another e-mail address');
    expect(await t.db.selectFrom('identityMemberships').selectAll().where('accountId', '=', wrong.id).execute()).toHaveLength(0);
    expect((await invitationsOf('right-person@example.ca'))[0]!.acceptedAt).toBeNull();
  });

  it('adds the invited roles to those of someone already a member', async () => {
    const existing = await createAccount(t.db, { org, roles: ['member'], email: 'already@example.ca' });
    const { path } = await inviteAndReceive('already@example.ca', ['fundraiser']);
    const c = await signIn(t.app, existing);
    expect((await c.post(`${path}/accept`)).statusCode).toBe(303);
    const m = await t.db.selectFrom('identityMemberships').select('roles').where('organizationId', '=', org.id).where('accountId', '=', existing.id).executeTakeFirstOrThrow();
    expect(m.roles).toEqual(['member', 'fundraiser']);
    expect((await auditOf('membership.roles_changed')).at(-1)).toMatchObject({ targetId: existing.id, data: { from: ['member'], to: ['member', 'fundraiser'] } });
  });

  it('refuses to accept when not signed in', async () => {
    const { path } = await inviteAndReceive('later@example.ca', ['member']);
    const anon = new TestClient(t.app);
    await anon.get(path);
    expect((await anon.post(`${path}/accept`)).statusCode).toBe(401);
    expect((await invitationsOf('later@example.ca'))[0]!.acceptedAt).toBeNull();
  });

  it('revokes an invitation, after which its link no longer works', async () => {
    const person = await createAccount(t.db, { email: 'revoked@example.ca' });
    const { path } = await inviteAndReceive('revoked@example.ca', ['member']);
    const [row] = await invitationsOf('revoked@example.ca');
    const res = await admin.client.post(`/o/${org.slug}/admin/invitations/${row!.id}/revoke`);
    expect(res.statusCode).toBe(303);
    expect((await invitationsOf('revoked@example.ca'))[0]!.revokedAt).toBeInstanceOf(Date);
    expect((await auditOf('invitation.revoked')).at(-1)).toMatchObject({ actorAccountId: admin.id, targetId: row!.id });
    expect((await admin.client.get(`/o/${org.slug}/admin/invitations`)).body).not.toContain('revoked@example.ca');

    const c = await signIn(t.app, person);
    const page = await c.get(path);
    expect(page.statusCode).toBe(410);
    expect(page.body).toContain('revoked');
    expect((await c.post(`${path}/accept`)).statusCode).toBe(404);
    expect(await t.db.selectFrom('identityMemberships').selectAll().where('accountId', '=', person.id).execute()).toHaveLength(0);
  });

  it('stops working after 14 days', async () => {
    const person = await createAccount(t.db, { email: 'slow@example.ca' });
    const { path } = await inviteAndReceive('slow@example.ca', ['member']);
    await t.db.updateTable('identityInvitations').set({ expiresAt: new Date(Date.now() - 1000) }).where('email', '=', 'slow@example.ca').execute();
    const c = await signIn(t.app, person);
    expect((await c.get(path)).statusCode).toBe(410);
    expect((await c.post(`${path}/accept`)).statusCode).toBe(404);
  });

  it('answers 404 for a link that never existed', async () => {
    expect((await new TestClient(t.app).get(`/invitations/${'x'.repeat(43)}`)).statusCode).toBe(404);
  });

  it('is refused to non-administrators and to administrators of another organization, writing nothing', async () => {
    const [row] = await invitationsOf('right-person@example.ca');
    const before = [await countRows(t, 'identityInvitations'), await countRows(t, 'mailMessages')];
    const anon = new TestClient(t.app);
    expect((await anon.get(`/o/${org.slug}/admin/invitations`)).statusCode).toBe(303);
    expect((await anon.post(`/o/${org.slug}/admin/invitations`, { email: 'x@example.ca', roles: ['admin'] })).statusCode).toBe(401);
    for (const [who, c] of await outsiders(t, org, { platformAdmin: true })) {
      expect((await c.get(`/o/${org.slug}/admin/invitations`)).statusCode, who).toBe(403);
      expect((await c.post(`/o/${org.slug}/admin/invitations`, { email: 'x@example.ca', roles: ['admin'] })).statusCode, who).toBe(403);
      expect((await c.post(`/o/${org.slug}/admin/invitations`, { email: '' })).statusCode, who).toBe(403);
      expect((await c.post(`/o/${org.slug}/admin/invitations/${row!.id}/revoke`)).statusCode, who).toBe(403);
    }
    expect([await countRows(t, 'identityInvitations'), await countRows(t, 'mailMessages')]).toEqual(before);
    expect((await invitationsOf('right-person@example.ca'))[0]!.revokedAt).toBeNull();
  });

  it('answers 404 when revoking an invitation of another organization', async () => {
    const other = await createOrganization(t.db);
    const otherAdmin = await signedInWith(t, { org: other, roles: ['admin'] });
    const [row] = await invitationsOf('right-person@example.ca');
    expect((await otherAdmin.client.post(`/o/${other.slug}/admin/invitations/${row!.id}/revoke`)).statusCode).toBe(404);
    expect((await invitationsOf('right-person@example.ca'))[0]!.revokedAt).toBeNull();
  });

  it.each([
    ['empty', { email: '' }, ['email', 'roles']],
    ['too long', { email: `${'a'.repeat(250)}@example.ca`, roles: ['m'.repeat(41)] }, ['email', 'roles']],
    ['wrong type', { email: ['a@example.ca', 'b@example.ca'], roles: ['member'] }, ['email']],
    ['markup', { email: '<script>alert(1)</script>@example.ca', roles: ['<b>admin</b>'] }, ['email', 'roles']],
    ['an unknown role', { email: 'ok@example.ca', roles: ['owner'] }, ['roles']],
  ])('refuses %s input with 400 naming each field, writing and sending nothing', async (_label, form, fields) => {
    const before = [await countRows(t, 'identityInvitations'), await countRows(t, 'mailMessages'), await countRows(t, 'auditEvents')];
    const res = await admin.client.post(`/o/${org.slug}/admin/invitations`, form as Record<string, string | string[]>);
    expect(res.statusCode).toBe(400);
    for (const f of fields) expect(res.body, f).toContain(`id="f-${f}-error"`);
    expect(res.body.replace(/value="[^"]*"/g, '')).not.toContain('<script>alert(1)</script>');
    expect([await countRows(t, 'identityInvitations'), await countRows(t, 'mailMessages'), await countRows(t, 'auditEvents')]).toEqual(before);
  });

  it('writes the invitation in French for an account that reads French', async () => {
    await createAccount(t.db, { email: 'francine@example.ca', locale: 'fr' });
    await admin.client.post(`/o/${org.slug}/admin/invitations`, { email: 'francine@example.ca', roles: ['member'] });
    await t.worker.drain();
    const mail = await t.inbox.waitFor('francine@example.ca');
    expect(mail.subject).toBe('Vous êtes invité à rejoindre Hôpital des Érables sur Foyer');
    expect(mail.text).toContain('Membre');
  });
});
