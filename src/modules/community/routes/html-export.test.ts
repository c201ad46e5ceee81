import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../test/support/build-test-app.js';
import { TestClient } from '../../../../test/support/client.js';
import { createGroup, createGroupPosts } from '../../../../test/support/factories/community.js';
import { createOrganization } from '../../../../test/support/factories/identity.js';
import { signedInWith, type Signed } from '../../../../test/support/roles.js';
import { communityHref } from '../../../platform/http/request-context.js';

let t: TestApp;
let org: { id: string; slug: string };
let other: { id: string; slug: string };
let me: Signed;
let friend: Signed;
let stranger: Signed;
let myPostId: string;
let friendPostId: string;

beforeAll(async () => {
  t = await buildTestApp();
  org = await createOrganization(t.db, { slug: 'export-org' });
  other = await createOrganization(t.db, { slug: 'export-other' });
  me = await signedInWith(t, { org, roles: ['member'], displayName: 'Mia Member' });
  friend = await signedInWith(t, { org, roles: ['member'], displayName: 'Fred Friend' });
  stranger = await signedInWith(t, { org: other, roles: ['member'], displayName: 'Sam Stranger' });
  const g = await createGroup(t.db, { organizationId: org.id, kind: 'private', slug: 'parents', nameEn: 'Parents', nameFr: 'Parents FR', members: [{ accountId: me.id }, { accountId: friend.id, role: 'owner' }] });
  await createGroup(t.db, { organizationId: org.id, kind: 'public', slug: 'asked', members: [{ accountId: me.id, status: 'requested' }] });
  [friendPostId] = await createGroupPosts(t.db, g, [{ authorId: friend.id, body: 'A post by my friend' }]) as [string];
  [myPostId] = await createGroupPosts(t.db, g, [{ authorId: me.id, body: 'My own post' }]) as [string];
  await createGroupPosts(t.db, g, [
    { authorId: me.id, body: 'My own reply', parentId: friendPostId },
    { authorId: friend.id, body: 'A reply by my friend', parentId: myPostId },
  ]);
  await t.db.insertInto('communityReactions').values([
    { postId: friendPostId, accountId: me.id, organizationId: org.id, reaction: 'heart' },
    { postId: myPostId, accountId: friend.id, organizationId: org.id, reaction: 'like' },
  ]).execute();
  const conversationId = crypto.randomUUID();
  await t.db.insertInto('communityConversations').values({ id: conversationId, organizationId: org.id, accountA: me.id, accountB: friend.id }).execute();
  await t.db.insertInto('communityMessages').values([
    { id: crypto.randomUUID(), organizationId: org.id, conversationId, authorId: me.id, bodyMd: 'My own message', bodyHtml: '<p>My own message</p>' },
    { id: crypto.randomUUID(), organizationId: org.id, conversationId, authorId: friend.id, bodyMd: 'A message from my friend', bodyHtml: '<p>A message from my friend</p>' },
  ]).execute();
  await t.db.insertInto('communityBlocks').values({ organizationId: org.id, blockerId: friend.id, blockedId: me.id }).execute();
  await t.db.insertInto('communityFollows').values([
    { organizationId: org.id, followerId: me.id, followeeId: friend.id },
    { organizationId: org.id, followerId: friend.id, followeeId: me.id },
  ]).execute();
}, 60_000);
afterAll(() => t.close());

const exportUrl = (slug: string) => `/o/${slug}/community/export.json`;

describe('export of one’s community content', () => {
  it('downloads a JSON file of my posts, replies, reactions, memberships, follows and sent messages, and nothing of anyone else’s', async () => {
    expect((await me.client.post(`/o/${org.slug}/groups/parents/posts/${myPostId}/edit`, { body: 'My own post, edited' })).statusCode).toBe(303);
    const res = await me.client.get(exportUrl(org.slug));
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="community-export-org-\d{4}-\d{2}-\d{2}\.json"$/);
    expect(res.headers['cache-control']).toBe('private, no-store');
    const data = JSON.parse(res.body);
    expect(data.account).toEqual({ id: me.id, displayName: 'Mia Member' });
    expect(data.posts.map((p: { kind: string; body: string }) => [p.kind, p.body])).toEqual([
      ['post', 'My own post, edited'],
      ['reply', 'My own reply'],
    ]);
    expect(data.posts[0].earlierVersions.map((v: { body: string }) => v.body)).toEqual(['My own post']);
    expect(data.posts[1].inReplyTo).toBe(friendPostId);
    expect(data.posts[0].group).toEqual({ slug: 'parents', name: { en: 'Parents', fr: 'Parents FR' } });
    expect(data.reactions).toEqual([expect.objectContaining({ postId: friendPostId, reaction: 'heart' })]);
    expect(data.groupMemberships.map((m: { group: { slug: string }; status: string }) => [m.group.slug, m.status]).sort()).toEqual([
      ['asked', 'requested'],
      ['parents', 'active'],
    ]);
    expect(data.follows).toEqual([expect.objectContaining({ accountId: friend.id, displayName: 'Fred Friend' })]);
    expect(data.messagesSent).toEqual([expect.objectContaining({ body: 'My own message', to: { accountId: friend.id, displayName: 'Fred Friend' } })]);
    // My friend's block of me is theirs, not mine.
    expect(data.blocks).toEqual([]);
    for (const theirs of ['A post by my friend', 'A reply by my friend', 'A message from my friend']) expect(res.body).not.toContain(theirs);
  });

  it('is linked from the community page, and only for members of the organization', async () => {
    const home = await me.client.get(`/o/${org.slug}/community`);
    expect(home.body).toContain(`href="${exportUrl(org.slug)}" download=""`);
    expect((await stranger.client.get(exportUrl(org.slug))).statusCode).toBe(403);
    const anonymous = await new TestClient(t.app).get(exportUrl(org.slug));
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toMatch(/^\/sign-in/);
    // In another organization, I have nothing (and may not ask).
    expect((await me.client.get(exportUrl(other.slug))).statusCode).toBe(403);
  });
});

describe('community link in the navigation', () => {
  it('points to the community of the organization in view, of the only one, or to the list of them', () => {
    expect(communityHref([], '/')).toBeUndefined();
    expect(communityHref(['north'], '/')).toBe('/o/north/community');
    expect(communityHref(['north', 'south'], '/account/profile')).toBe('/community');
    expect(communityHref(['north', 'south'], '/o/south/groups?q=x')).toBe('/o/south/community');
    expect(communityHref(['north', 'south'], '/o/west/community')).toBe('/community');
  });

  it('appears once for a signed-in member, never for someone without an organization or anonymous', async () => {
    const page = await me.client.get('/account/profile');
    expect(page.body.match(/>Community</g)).toHaveLength(1);
    expect(page.body).toContain(`<a href="/o/${org.slug}/community">Community</a>`);
    const fr = await me.client.get(`/o/${org.slug}/community`, { 'accept-language': 'fr' });
    expect(fr.body).toContain(`<a href="/o/${org.slug}/community" aria-current="page">Communauté</a>`);
    const loner = await signedInWith(t, { displayName: 'Lou Loner' });
    expect((await loner.client.get('/account/profile')).body).not.toContain('/community"');
    expect((await new TestClient(t.app).get('/')).body).not.toContain('/community"');
  });

  it('lists the communities of a member of several organizations, and goes straight to the only one', async () => {
    const both = await signedInWith(t, { org, roles: ['member'], displayName: 'Bo Both' });
    await t.db.insertInto('identityMemberships').values({ id: crypto.randomUUID(), organizationId: other.id, accountId: both.id, roles: ['member'], memberKind: null, staffKind: null, staffVerifiedAt: null, staffVerifiedBy: null }).execute();
    const onlyOne = await signedInWith(t, { org, roles: ['member'] });
    const single = await onlyOne.client.get('/community');
    expect(single.statusCode).toBe(303);
    expect(single.headers.location).toBe(`/o/${org.slug}/community`);
    const list = await both.client.get('/community');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain(`href="/o/${org.slug}/community"`);
    expect(list.body).toContain(`href="/o/${other.slug}/community"`);
    expect(list.body).toContain('<a href="/community" aria-current="page">Community</a>');
  });
});
