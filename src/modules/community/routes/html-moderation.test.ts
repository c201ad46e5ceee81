import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../test/support/build-test-app.js';
import { TestClient } from '../../../../test/support/client.js';
import { createGroup, createGroupPosts } from '../../../../test/support/factories/community.js';
import { createOrganization } from '../../../../test/support/factories/identity.js';
import { signedInWith, type Signed } from '../../../../test/support/roles.js';

let t: TestApp;
let org: { id: string; slug: string };
let mod: Signed;
let author: Signed;
let reporter: Signed;
let orgMod: Signed;
let group: { id: string; slug: string; organizationId: string };
const base = () => `/o/${org.slug}/groups/${group.slug}`;
const audit = (targetId: string) => t.db.selectFrom('auditEvents').select(['action', 'actorAccountId']).where('targetId', '=', targetId).orderBy('createdAt').execute();
const SIN = 'Call my mother at 613-555-0142 tonight';

beforeAll(async () => {
  t = await buildTestApp();
  org = await createOrganization(t.db, { slug: 'moderation-org' });
  mod = await signedInWith(t, { org, roles: ['member'], displayName: 'Mo Derator' });
  author = await signedInWith(t, { org, roles: ['member'], displayName: 'Al Author' });
  reporter = await signedInWith(t, { org, roles: ['member'], displayName: 'Re Porter' });
  orgMod = await signedInWith(t, { org, roles: ['moderator', 'member'], displayName: 'Org Mod' });
  group = await createGroup(t.db, { organizationId: org.id, kind: 'private', nameEn: 'Care circle', noPhi: true, members: [{ accountId: mod.id, role: 'moderator' }, { accountId: author.id }, { accountId: reporter.id }] });
}, 60_000);
afterAll(() => t.close());

describe('reports and the queue', () => {
  it('takes a report, shows it to group and organization moderators, and removes the post with a reason the author sees', async () => {
    const [postId] = (await createGroupPosts(t.db, group, [{ authorId: author.id, body: 'Rude words' }])) as [string];
    expect((await reporter.client.post(`${base()}/posts/${postId}/report`, { reason: 'Unkind to a parent' })).statusCode).toBe(303);
    const queue = await mod.client.get(`${base()}/moderation`);
    expect(queue.body).toContain('Re Porter reported a post by Al Author');
    expect(queue.body).toContain('Unkind to a parent');
    const orgQueue = await orgMod.client.get(`/o/${org.slug}/community/reports`);
    expect(orgQueue.statusCode).toBe(200);
    expect(orgQueue.body).toContain('Unkind to a parent');
    expect((await reporter.client.get(`/o/${org.slug}/community/reports`)).body).not.toContain('Unkind to a parent');

    expect((await mod.client.post(`${base()}/moderation/posts/${postId}`, { action: 'remove' })).statusCode).toBe(400);
    expect((await mod.client.post(`${base()}/moderation/posts/${postId}`, { action: 'remove', reason: 'Please keep it kind.' })).statusCode).toBe(303);
    expect((await reporter.client.get(`${base()}/posts/${postId}`)).statusCode).toBe(404);
    const own = await author.client.get(`${base()}/posts/${postId}`);
    expect(own.statusCode).toBe(200);
    expect(own.body).toContain('Removed by a moderator');
    expect(own.body).toContain('Please keep it kind.');
    expect((await reporter.client.get(base())).body).not.toContain('Rude words');
    expect(await audit(postId)).toEqual([{ action: 'community.post.removed', actorAccountId: mod.id }]);
    const report = await t.db.selectFrom('communityReports').select(['status', 'resolution']).where('postId', '=', postId).executeTakeFirstOrThrow();
    expect(report).toEqual({ status: 'resolved', resolution: 'removed' });
  });

  it('refuses bad reports and moderation by members, writing nothing', async () => {
    const [postId] = (await createGroupPosts(t.db, group, [{ authorId: author.id, body: 'Fine words' }])) as [string];
    for (const reason of ['', 'x'.repeat(501), '<script>x</script>']) {
      expect((await reporter.client.post(`${base()}/posts/${postId}/report`, { reason })).statusCode, reason.slice(0, 10)).toBe(400);
    }
    expect((await new TestClient(t.app).post(`${base()}/posts/${postId}/report`, { reason: 'x' })).statusCode).toBe(401);
    expect((await reporter.client.post(`${base()}/moderation/posts/${postId}`, { action: 'hide', reason: 'x' })).statusCode).toBe(403);
    expect((await mod.client.post(`${base()}/moderation/posts/${postId}`, { action: 'explode', reason: 'x' })).statusCode).toBe(400);
    expect(await t.db.selectFrom('communityReports').select('id').where('postId', '=', postId).execute()).toEqual([]);
    expect((await t.db.selectFrom('communityPosts').select('status').where('id', '=', postId).executeTakeFirstOrThrow()).status).toBe('visible');
  });
});

describe('muting and banning', () => {
  it('mutes a member (reads, cannot write) and bans one (cannot read), audited', async () => {
    const quiet = await signedInWith(t, { org, roles: ['member'], displayName: 'Quinn Quiet' });
    await t.db.insertInto('communityGroupMembers').values({ groupId: group.id, accountId: quiet.id, organizationId: org.id, status: 'active', invitedBy: null, decidedBy: null }).execute();
    await createGroupPosts(t.db, group, [{ authorId: mod.id, body: 'Readable words' }]);
    expect((await mod.client.post(`${base()}/moderation/members/${quiet.id}`, { action: 'mute' })).statusCode).toBe(303);
    expect((await quiet.client.get(base())).body).toContain('Readable words');
    expect((await quiet.client.post(`${base()}/posts`, { body: 'Let me speak' })).statusCode).toBe(403);
    expect((await mod.client.post(`${base()}/moderation/members/${quiet.id}`, { action: 'ban' })).statusCode).toBe(303);
    expect((await quiet.client.get(base())).body).not.toContain('Readable words');
    expect((await mod.client.post(`${base()}/moderation/members/${quiet.id}`, { action: 'unban' })).statusCode).toBe(303);
    expect((await audit(group.id)).map((a) => a.action)).toEqual(['community.member.muted', 'community.member.banned', 'community.member.unbanned']);
    expect((await mod.client.post(`${base()}/moderation/members/${mod.id}`, { action: 'ban' })).statusCode).toBe(400);
    expect((await author.client.post(`${base()}/moderation/members/${quiet.id}`, { action: 'ban' })).statusCode).toBe(403);
  });
});

describe('personal health information', () => {
  it('warns before posting, and holds the confirmed post in a "no PHI" group until a moderator publishes it', async () => {
    const warned = await author.client.post(`${base()}/posts`, { body: SIN });
    expect(warned.statusCode).toBe(400);
    expect(warned.body).toContain('id="f-body-error"');
    expect(warned.body).toContain('name="confirmPhi"');
    expect(await t.db.selectFrom('communityPosts').select('id').where('bodyMd', '=', SIN).execute()).toEqual([]);

    const res = await author.client.post(`${base()}/posts`, { body: SIN, confirmPhi: 'on' });
    expect(res.statusCode).toBe(303);
    const post = await t.db.selectFrom('communityPosts').select(['id', 'status', 'holdReasons']).where('bodyMd', '=', SIN).executeTakeFirstOrThrow();
    expect(post).toMatchObject({ status: 'held', holdReasons: ['phi:phone'] });
    expect((await reporter.client.get(base())).body).not.toContain('613-555-0142');
    expect((await mod.client.get(`${base()}/moderation`)).body).toContain('613-555-0142');
    expect((await mod.client.post(`${base()}/moderation/posts/${post.id}`, { action: 'approve' })).statusCode).toBe(303);
    expect((await reporter.client.get(base())).body).toContain('613-555-0142');
    expect((await audit(post.id)).map((a) => a.action)).toEqual(['community.post.approved']);
  });

  it('publishes a confirmed post at once where the group allows it', async () => {
    const open = await createGroup(t.db, { organizationId: org.id, kind: 'public', members: [{ accountId: author.id }] });
    const res = await author.client.post(`/o/${org.slug}/groups/${open.slug}/posts`, { body: `${SIN}!`, confirmPhi: 'on' });
    expect(res.statusCode).toBe(303);
    expect((await t.db.selectFrom('communityPosts').select('status').where('bodyMd', '=', `${SIN}!`).executeTakeFirstOrThrow()).status).toBe('visible');
  });
});
