import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../test/support/build-test-app.js';
import { TestClient } from '../../../../test/support/client.js';
import { createGroup, createGroupPosts } from '../../../../test/support/factories/community.js';
import { createAccount, createOrganization } from '../../../../test/support/factories/identity.js';
import { signedInWith, type Signed } from '../../../../test/support/roles.js';
import { seedIdentityDemo } from '../../identity/index.js';
import { seedCommunityDemo } from '../index.js';

let t: TestApp;
let org: { id: string; slug: string };
let owner: Signed;
let member: Signed;
let demoSeeded: boolean;

const groupCount = async () => Number((await t.db.selectFrom('communityGroups').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
const membership = (groupId: string, accountId: string) => t.db.selectFrom('communityGroupMembers').select(['role', 'status']).where('groupId', '=', groupId).where('accountId', '=', accountId).executeTakeFirst();

beforeAll(async () => {
  t = await buildTestApp();
  // The demo runs on an empty database, so it goes first.
  demoSeeded = (await seedIdentityDemo(t.db)) && (await seedCommunityDemo(t.db));
  org = await createOrganization(t.db, { slug: 'groups-org' });
  owner = await signedInWith(t, { org, roles: ['member'], displayName: 'Olive Owner' });
  member = await signedInWith(t, { org, roles: ['member'], displayName: 'Mina Member' });
}, 60_000);
afterAll(() => t.close());

const validGroup = { kind: 'private', nameEn: 'Heart parents', nameFr: 'Parents de cœur', descriptionEn: 'For parents.', descriptionFr: 'Pour les parents.', rulesEn: 'Be kind.', rulesFr: 'Soyez gentils.' };

describe('demo data', () => {
  it('gives the demo hospital one group of each kind, with posts and a request waiting', async () => {
    expect(demoSeeded).toBe(true);
    const rows = await t.db.selectFrom('communityGroups').select(['slug', 'kind']).orderBy('slug').execute();
    expect(rows.map((r) => r.kind).sort()).toEqual(['private', 'public', 'secret', 'staff']);
    const posts = await t.db.selectFrom('communityPosts').select('id').execute();
    expect(posts.length).toBeGreaterThanOrEqual(4);
    const tags = await t.db.selectFrom('communityHashtags').select('tag').execute();
    expect(tags.map((r) => r.tag)).toContain('schedule');
    expect(await seedCommunityDemo(t.db)).toBe(false);
  });
});

describe('starting a group', () => {
  it('creates it with its creator as owner, audited', async () => {
    const res = await owner.client.post(`/o/${org.slug}/groups`, { ...validGroup, noPhi: 'on' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/o/${org.slug}/groups/heart-parents`);
    const g = await t.db.selectFrom('communityGroups').selectAll().where('slug', '=', 'heart-parents').executeTakeFirstOrThrow();
    expect(g).toMatchObject({ kind: 'private', nameFr: 'Parents de cœur', rulesEn: 'Be kind.', noPhi: true, organizationId: org.id });
    expect(await membership(g.id, owner.id)).toEqual({ role: 'owner', status: 'active' });
    const audit = await t.db.selectFrom('auditEvents').select('action').where('targetId', '=', g.id).execute();
    expect(audit.map((a) => a.action)).toEqual(['community.group.created']);
    const page = await owner.client.get(res.headers.location as string);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Heart parents');
  });

  it('shows the form, in French too', async () => {
    const res = await owner.client.get(`/o/${org.slug}/groups/new`, { 'accept-language': 'fr-CA' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Créer un groupe');
    expect(res.body).not.toContain('value="staff"');
  });

  it('sends anonymous visitors to sign in, and refuses another organization', async () => {
    const before = await groupCount();
    expect((await new TestClient(t.app).get(`/o/${org.slug}/groups/new`)).headers.location).toMatch(/^\/sign-in/);
    expect((await new TestClient(t.app).post(`/o/${org.slug}/groups`, validGroup)).statusCode).toBe(401);
    const other = await signedInWith(t, { org: await createOrganization(t.db), roles: ['admin', 'member'] });
    expect((await other.client.post(`/o/${org.slug}/groups`, { ...validGroup, nameEn: 'Elsewhere' })).statusCode).toBe(403);
    expect((await other.client.get(`/o/${org.slug}/groups`)).statusCode).toBe(403);
    expect(await groupCount()).toBe(before);
  });

  it('refuses a staff network from someone who is not verified staff', async () => {
    const res = await member.client.post(`/o/${org.slug}/groups`, { ...validGroup, kind: 'staff', nameEn: 'Staff room' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('id="f-kind-error"');
  });

  it.each([
    ['empty', { nameEn: '' }, 'nameEn', 'required'],
    ['too long', { nameFr: 'x'.repeat(121) }, 'nameFr', 'too_long'],
    ['markup', { descriptionEn: 'Hello <script>alert(1)</script>' }, 'descriptionEn', 'markup_not_allowed'],
    ['wrong choice', { kind: 'hidden' }, 'kind', 'invalid_choice'],
    ['wrong type', { nameEn: ['a', 'b'] }, 'nameEn', 'wrong_type'],
  ])('refuses %s input, naming the field, writing nothing', async (_label, change, field, _code) => {
    const before = await groupCount();
    const res = await owner.client.post(`/o/${org.slug}/groups`, { ...validGroup, nameEn: 'Another', ...change } as Record<string, string | string[]>);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain(`id="f-${field}-error"`);
    expect(res.body).toContain(`aria-describedby="f-${field}`);
    expect(res.body).not.toContain('<script>alert(1)</script>');
    expect(await groupCount()).toBe(before);
  });
});

describe('joining', () => {
  it('joins a public group at once, and leaves it', async () => {
    const g = await createGroup(t.db, { organizationId: org.id, kind: 'public', members: [{ accountId: owner.id, role: 'owner' }] });
    const res = await member.client.post(`/o/${org.slug}/groups/${g.slug}/join`);
    expect(res.statusCode).toBe(303);
    expect(await membership(g.id, member.id)).toEqual({ role: 'member', status: 'active' });
    expect((await member.client.post(`/o/${org.slug}/groups/${g.slug}/join`)).statusCode).toBe(403);
    expect((await member.client.post(`/o/${org.slug}/groups/${g.slug}/leave`)).statusCode).toBe(303);
    expect(await membership(g.id, member.id)).toBeUndefined();
    expect((await member.client.post(`/o/${org.slug}/groups/${g.slug}/leave`)).statusCode).toBe(403);
  });

  it('keeps the only owner from leaving', async () => {
    const g = await createGroup(t.db, { organizationId: org.id, kind: 'public', members: [{ accountId: owner.id, role: 'owner' }] });
    expect((await owner.client.post(`/o/${org.slug}/groups/${g.slug}/leave`)).statusCode).toBe(409);
    expect(await membership(g.id, owner.id)).toEqual({ role: 'owner', status: 'active' });
  });

  it('asks to join a private group; a group moderator approves from the moderation page, audited', async () => {
    const moderator = await signedInWith(t, { org, roles: ['member'], displayName: 'Max Moderator' });
    const g = await createGroup(t.db, { organizationId: org.id, kind: 'private', members: [{ accountId: owner.id, role: 'owner' }, { accountId: moderator.id, role: 'moderator' }] });
    await createGroupPosts(t.db, g, [{ authorId: owner.id, body: 'Members-only words' }]);
    const parent = await signedInWith(t, { org, roles: ['member'], displayName: 'Paula Parent' });
    expect((await parent.client.get(`/o/${org.slug}/groups/${g.slug}`)).body).not.toContain('Members-only words');
    expect((await parent.client.post(`/o/${org.slug}/groups/${g.slug}/join`)).statusCode).toBe(303);
    expect(await membership(g.id, parent.id)).toEqual({ role: 'member', status: 'requested' });
    expect((await parent.client.get(`/o/${org.slug}/groups/${g.slug}`)).body).not.toContain('Members-only words');

    const queue = await moderator.client.get(`/o/${org.slug}/groups/${g.slug}/moderation`);
    expect(queue.statusCode).toBe(200);
    expect(queue.body).toContain('Approve Paula Parent');
    const res = await moderator.client.post(`/o/${org.slug}/groups/${g.slug}/moderation/requests/${parent.id}`, { decision: 'approve' });
    expect(res.statusCode).toBe(303);
    expect(await membership(g.id, parent.id)).toEqual({ role: 'member', status: 'active' });
    expect((await parent.client.get(`/o/${org.slug}/groups/${g.slug}`)).body).toContain('Members-only words');
    const audit = await t.db.selectFrom('auditEvents').select(['action', 'actorAccountId']).where('targetId', '=', g.id).execute();
    expect(audit).toEqual([{ action: 'community.member.approved', actorAccountId: moderator.id }]);

    // The parent, now a member, cannot moderate; a wrong decision is a 400.
    expect((await parent.client.get(`/o/${org.slug}/groups/${g.slug}/moderation`)).statusCode).toBe(403);
    expect((await moderator.client.post(`/o/${org.slug}/groups/${g.slug}/moderation/requests/${parent.id}`, { decision: 'maybe' })).statusCode).toBe(400);
    expect((await moderator.client.post(`/o/${org.slug}/groups/${g.slug}/moderation/requests/not-an-id`, { decision: 'approve' })).statusCode).toBe(400);
  });

  it('declines a request', async () => {
    const g = await createGroup(t.db, { organizationId: org.id, kind: 'private', members: [{ accountId: owner.id, role: 'owner' }] });
    const asker = await createAccount(t.db, { org });
    await t.db.insertInto('communityGroupMembers').values({ groupId: g.id, accountId: asker.id, organizationId: org.id, status: 'requested', invitedBy: null, decidedBy: null }).execute();
    expect((await owner.client.post(`/o/${org.slug}/groups/${g.slug}/moderation/requests/${asker.id}`, { decision: 'decline' })).statusCode).toBe(303);
    expect(await membership(g.id, asker.id)).toBeUndefined();
  });

  it('invites a member to a secret group: they see only the invitation, then accept', async () => {
    const g = await createGroup(t.db, { organizationId: org.id, kind: 'secret', nameEn: 'Quiet circle', members: [{ accountId: owner.id, role: 'owner' }] });
    await createGroupPosts(t.db, g, [{ authorId: owner.id, body: 'Circle words' }]);
    const guest = await signedInWith(t, { org, roles: ['member'], displayName: 'Gil Guest' });
    expect((await guest.client.get(`/o/${org.slug}/groups/${g.slug}`)).statusCode).toBe(404);
    expect((await guest.client.get(`/o/${org.slug}/groups`)).body).not.toContain('Quiet circle');

    const refused = await owner.client.post(`/o/${org.slug}/groups/${g.slug}/moderation/invitations`, { email: 'nobody@example.ca' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('id="f-email-error"');
    expect((await owner.client.post(`/o/${org.slug}/groups/${g.slug}/moderation/invitations`, { email: '' })).statusCode).toBe(400);
    expect((await owner.client.post(`/o/${org.slug}/groups/${g.slug}/moderation/invitations`, { email: '<b>@x' })).statusCode).toBe(400);
    expect((await owner.client.post(`/o/${org.slug}/groups/${g.slug}/moderation/invitations`, { email: guest.email.toUpperCase() })).statusCode).toBe(303);
    expect(await membership(g.id, guest.id)).toEqual({ role: 'member', status: 'invited' });
    expect((await owner.client.post(`/o/${org.slug}/groups/${g.slug}/moderation/invitations`, { email: guest.email })).statusCode).toBe(400);

    const page = await guest.client.get(`/o/${org.slug}/groups/${g.slug}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Accept the invitation');
    expect(page.body).not.toContain('Circle words');
    expect((await guest.client.post(`/o/${org.slug}/groups/${g.slug}/join`)).statusCode).toBe(303);
    expect(await membership(g.id, guest.id)).toEqual({ role: 'member', status: 'active' });
    expect((await guest.client.get(`/o/${org.slug}/groups/${g.slug}`)).body).toContain('Circle words');
  });

  it('refuses bad join input and anonymous visitors', async () => {
    const g = await createGroup(t.db, { organizationId: org.id, kind: 'public' });
    expect((await new TestClient(t.app).post(`/o/${org.slug}/groups/${g.slug}/join`)).statusCode).toBe(401);
    expect((await member.client.post(`/o/${org.slug}/groups/NOT_A_SLUG/join`)).statusCode).toBe(400);
    expect((await member.client.post(`/o/${org.slug}/groups/no-such-group/join`)).statusCode).toBe(404);
  });
});

describe('the group list', () => {
  it('lists and searches the groups a member may see, in both languages, with member counts', async () => {
    await createGroup(t.db, { organizationId: org.id, kind: 'public', nameEn: 'Garden volunteers', nameFr: 'Bénévoles du jardin', members: [{ accountId: owner.id, role: 'owner' }, { accountId: member.id }] });
    const list = await member.client.get(`/o/${org.slug}/groups`);
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Garden volunteers');
    expect(list.body).toContain('2 members');
    const fr = await member.client.get(`/o/${org.slug}/groups?q=jardin`, { 'accept-language': 'fr' });
    expect(fr.body).toContain('Bénévoles du jardin');
    expect(fr.body).toContain('2 membres');
    const none = await member.client.get(`/o/${org.slug}/groups?q=zzzz`);
    expect(none.body).not.toContain('Garden volunteers');
    expect((await member.client.get(`/o/${org.slug}/groups?q=${'x'.repeat(101)}`)).statusCode).toBe(400);
    expect((await member.client.get(`/o/${org.slug}/groups?q=%3Cb%3E`)).statusCode).toBe(400);
    expect((await new TestClient(t.app).get(`/o/${org.slug}/groups`)).headers.location).toMatch(/^\/sign-in/);
  });
});
