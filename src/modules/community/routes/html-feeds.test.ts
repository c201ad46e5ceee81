import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../test/support/build-test-app.js';
import { TestClient } from '../../../../test/support/client.js';
import { createGroup, createGroupPosts } from '../../../../test/support/factories/community.js';
import { createOrganization } from '../../../../test/support/factories/identity.js';
import { signedInWith, type Signed } from '../../../../test/support/roles.js';

let t: TestApp;
let org: { id: string; slug: string };
let reader: Signed;
let friend: Signed;
const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000);

beforeAll(async () => {
  t = await buildTestApp();
  org = await createOrganization(t.db, { slug: 'feeds-org' });
  reader = await signedInWith(t, { org, roles: ['member'], displayName: 'Rita Reader' });
  friend = await signedInWith(t, { org, roles: ['member'], displayName: 'Fred Friend' });
  const mine = await createGroup(t.db, { organizationId: org.id, kind: 'private', nameEn: 'My circle', members: [{ accountId: reader.id }, { accountId: friend.id }] });
  const open = await createGroup(t.db, { organizationId: org.id, kind: 'public', nameEn: 'Open square', members: [{ accountId: friend.id }] });
  const hidden = await createGroup(t.db, { organizationId: org.id, kind: 'secret', nameEn: 'Hidden room', members: [{ accountId: friend.id }] });
  await createGroupPosts(t.db, mine, [{ authorId: friend.id, body: 'Circle news #garden', createdAt: ago(30) }]);
  await createGroupPosts(t.db, open, [{ authorId: friend.id, body: 'Square news #garden', createdAt: ago(20) }]);
  await createGroupPosts(t.db, hidden, [{ authorId: friend.id, body: 'Hidden news #garden', createdAt: ago(10) }]);
}, 60_000);
afterAll(() => t.close());

const order = (html: string) => [...html.matchAll(/(Circle|Square|Hidden|Later) news/g)].map((m) => m[1]);

/** Every page of the home feed, following its "next" links: the labels of the "Feed item …" posts, in order. */
async function walkHomeFeed(client: TestClient, orgSlug: string): Promise<string[]> {
  const seen: string[] = [];
  let url: string | undefined = `/o/${orgSlug}/community`;
  while (url) {
    const res = await client.get(url);
    expect(res.statusCode).toBe(200);
    seen.push(...[...res.body.matchAll(/Feed item (\w+)/g)].map((m) => m[1]!));
    url = res.body.match(/href="([^"]+\?before=[^"]+)" rel="next"/)?.[1]?.replaceAll('&amp;', '&');
  }
  return seen;
}

describe('home feed', () => {
  it('shows my groups, then also people I follow where I may read, newest first, marking what is new', async () => {
    let res = await reader.client.get(`/o/${org.slug}/community`);
    expect(res.statusCode).toBe(200);
    expect(order(res.body)).toEqual(['Circle']);
    expect(res.body).toContain('1 new post since you last looked');

    expect((await reader.client.post(`/o/${org.slug}/people/${friend.id}/follow`, { follow: 'yes' })).statusCode).toBe(303);
    res = await reader.client.get(`/o/${org.slug}/community`);
    expect(order(res.body)).toEqual(['Square', 'Circle']);
    expect(res.body).not.toContain('Hidden news');
    // Circle was seen on the first visit; Square was already older than that visit.
    expect(res.body).not.toContain('since you last looked');

    const mine = await t.db.selectFrom('communityGroups').select('id').where('nameEn', '=', 'My circle').executeTakeFirstOrThrow();
    await createGroupPosts(t.db, { id: mine.id, organizationId: org.id }, [{ authorId: friend.id, body: 'Later news' }]);
    res = await reader.client.get(`/o/${org.slug}/community`);
    expect(order(res.body)).toEqual(['Later', 'Square', 'Circle']);
    expect(res.body).toContain('1 new post since you last looked');
    // That visit showed something new, so it counts: reloading marks nothing new.
    res = await reader.client.get(`/o/${org.slug}/community`);
    expect(order(res.body)).toEqual(['Later', 'Square', 'Circle']);
    expect(res.body).not.toContain('since you last looked');
  });

  // PGlite has one connection: a transaction holding the row would hold the whole database.
  it.skipIf(!inject('databaseUrl'))('never waits for another load of the same feed that is marking the visit', async () => {
    const seen = () => t.db.selectFrom('communityFeedViews').select('lastSeenAt').where('organizationId', '=', org.id).where('accountId', '=', reader.id).executeTakeFirstOrThrow();
    await reader.client.get(`/o/${org.slug}/community`);
    const before = (await seen()).lastSeenAt;
    await t.db.transaction().execute(async (trx) => {
      // Another load holds the reader's mark: this one answers at once and leaves the mark to it.
      await sql`select 1 from community_feed_views where organization_id = ${org.id} and account_id = ${reader.id} for update`.execute(trx);
      const res = await reader.client.get(`/o/${org.slug}/community`);
      expect(res.statusCode).toBe(200);
      expect(order(res.body)).toContain('Circle');
    });
    expect((await seen()).lastSeenAt).toEqual(before);
    // Nothing new since: a load records no visit. Something new: the next load records it.
    await reader.client.get(`/o/${org.slug}/community`);
    expect((await seen()).lastSeenAt).toEqual(before);
    const mine = await t.db.selectFrom('communityGroups').select(['id', 'organizationId']).where('nameEn', '=', 'My circle').executeTakeFirstOrThrow();
    const [fresh] = await createGroupPosts(t.db, mine, [{ authorId: friend.id, body: 'Fresh news' }]);
    await reader.client.get(`/o/${org.slug}/community`);
    expect((await seen()).lastSeenAt.getTime()).toBeGreaterThan(before.getTime());
    await t.db.deleteFrom('communityPosts').where('id', '=', fresh!).execute();
  }, 20_000);

  it('pages with a keyset cursor', async () => {
    const g = await createGroup(t.db, { organizationId: org.id, kind: 'public', members: [{ accountId: reader.id }] });
    await createGroupPosts(t.db, g, Array.from({ length: 22 }, (_, i) => ({ authorId: friend.id, body: `Bulk ${i}`, createdAt: ago(100 + i) })));
    const first = await reader.client.get(`/o/${org.slug}/community`);
    const next = first.body.match(/href="([^"]+\?before=[^"]+)" rel="next"/)?.[1];
    expect(next).toBeDefined();
    const second = await reader.client.get(next!);
    const count = (html: string) => (html.match(/aria-label="Post by /g) ?? []).length;
    expect(count(first.body)).toBe(20);
    expect(count(first.body) + count(second.body)).toBe(22 + 3);
    expect((await reader.client.get(`/o/${org.slug}/community?before=nope`)).statusCode).toBe(400);
  });

  it('walks a busy feed page by page: every post once, newest first, followed people interleaved with my groups', async () => {
    const busyOrg = await createOrganization(t.db, { slug: 'busy-feed-org' });
    const me = await signedInWith(t, { org: busyOrg, roles: ['member'] });
    const other = await signedInWith(t, { org: busyOrg, roles: ['member'] });
    const followed = await signedInWith(t, { org: busyOrg, roles: ['member'] });
    const mineGroup = await createGroup(t.db, { organizationId: busyOrg.id, kind: 'private', members: [{ accountId: me.id }, { accountId: other.id }] });
    const square = await createGroup(t.db, { organizationId: busyOrg.id, kind: 'public', members: [{ accountId: followed.id }] });
    const closed = await createGroup(t.db, { organizationId: busyOrg.id, kind: 'private', members: [{ accountId: followed.id }] });
    // 45 posts in my group, one a minute; the followed person posts every seventh minute in a public
    // group (readable) and in a private one I am not in (never shown).
    await createGroupPosts(t.db, mineGroup, Array.from({ length: 45 }, (_, i) => ({ authorId: other.id, body: `Feed item G${i}`, createdAt: ago(i + 0.5) })));
    await createGroupPosts(t.db, square, Array.from({ length: 8 }, (_, i) => ({ authorId: followed.id, body: `Feed item F${i}`, createdAt: ago(i * 7) })));
    await createGroupPosts(t.db, closed, [{ authorId: followed.id, body: 'Feed item CLOSED', createdAt: ago(3) }]);
    expect((await me.client.post(`/o/${busyOrg.slug}/people/${followed.id}/follow`, { follow: 'yes' })).statusCode).toBe(303);

    const expected = [
      ...Array.from({ length: 45 }, (_, i) => ({ label: `G${i}`, at: i + 0.5 })),
      ...Array.from({ length: 8 }, (_, i) => ({ label: `F${i}`, at: i * 7 })),
    ]
      .sort((a, b) => a.at - b.at)
      .map((x) => x.label);
    expect(await walkHomeFeed(me.client, busyOrg.slug)).toEqual(expected);
  });

  it('pages through many groups, one far busier than the rest, without losing or repeating a post', async () => {
    // More groups with posts than a page holds, so each group's walk starts from the newest
    // posts' bound: the busy group fills whole pages on its own, the quiet ones interleave.
    const manyOrg = await createOrganization(t.db, { slug: 'many-groups-feed-org' });
    const me = await signedInWith(t, { org: manyOrg, roles: ['member'] });
    const other = await signedInWith(t, { org: manyOrg, roles: ['member'] });
    // Each group's posts as label and minutes ago: the busy one first, then 24 quiet ones.
    const groups = [
      Array.from({ length: 30 }, (_, i) => ({ label: `B${i}`, at: i + 0.25 })),
      ...Array.from({ length: 24 }, (_, g) => [5 + g * 1.5, 40 + g, 90 + g * 2].map((at, k) => ({ label: `Q${g}x${k}`, at }))),
    ];
    for (const posts of groups) {
      const group = await createGroup(t.db, { organizationId: manyOrg.id, kind: 'private', members: [{ accountId: me.id }, { accountId: other.id }] });
      await createGroupPosts(t.db, group, posts.map(({ label, at }) => ({ authorId: other.id, body: `Feed item ${label}`, createdAt: ago(at) })));
    }
    const expected = groups.flat().sort((a, b) => a.at - b.at).map((x) => x.label);
    expect(await walkHomeFeed(me.client, manyOrg.slug)).toEqual(expected);
  });

  /** An organization with 21 groups of one post each, G0 the newest: one more group than a page holds. */
  async function oneMoreGroupThanAPage(slug: string) {
    const groupsOrg = await createOrganization(t.db, { slug });
    const me = await signedInWith(t, { org: groupsOrg, roles: ['member'] });
    const other = await signedInWith(t, { org: groupsOrg, roles: ['member'] });
    const groups = [];
    for (let i = 0; i <= 20; i++) {
      const group = await createGroup(t.db, { organizationId: groupsOrg.id, kind: 'private', members: [{ accountId: me.id }, { accountId: other.id }] });
      const [post] = await createGroupPosts(t.db, group, [{ authorId: other.id, body: `Feed item G${i}`, createdAt: ago(i + 1) }]);
      groups.push({ ...group, postId: post! });
    }
    const labels = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `G${from + i}`);
    return { groupsOrg, me, other, groups, labels };
  }
  const setStatus = (id: string, status: 'visible' | 'hidden') => t.db.updateTable('communityPosts').set({ status }).where('id', '=', id).execute();

  it('follows each group’s newest post as posts are written, hidden, approved, deleted and moved', async () => {
    // The first page reads each group's newest time from the group's row: a time left too new
    // (a hidden post's) or too old (before a new post) would drop posts from the page.
    const { groupsOrg, me, other, groups, labels } = await oneMoreGroupThanAPage('group-newest-org');
    expect(await walkHomeFeed(me.client, groupsOrg.slug)).toEqual(labels(0, 20));
    await setStatus(groups[0]!.postId, 'hidden');
    expect(await walkHomeFeed(me.client, groupsOrg.slug)).toEqual(labels(1, 20));
    const [fresh] = await createGroupPosts(t.db, groups[20]!, [{ authorId: other.id, body: 'Feed item NEW', createdAt: new Date() }]);
    expect(await walkHomeFeed(me.client, groupsOrg.slug)).toEqual(['NEW', ...labels(1, 20)]);
    await setStatus(groups[0]!.postId, 'visible');
    expect(await walkHomeFeed(me.client, groupsOrg.slug)).toEqual(['NEW', ...labels(0, 20)]);
    await t.db.deleteFrom('communityPosts').where('id', '=', fresh!).execute();
    expect(await walkHomeFeed(me.client, groupsOrg.slug)).toEqual(labels(0, 20));
    await t.db.updateTable('communityPosts').set({ groupId: groups[20]!.id }).where('id', '=', groups[0]!.postId).execute();
    expect(await walkHomeFeed(me.client, groupsOrg.slug)).toEqual(labels(0, 20));
    const times = await t.db.selectFrom('communityGroups').select(['id', 'postedAt']).where('id', 'in', [groups[0]!.id, groups[20]!.id]).execute();
    expect(times.find((g) => g.id === groups[0]!.id)?.postedAt).toBeNull();
    expect(times.find((g) => g.id === groups[20]!.id)?.postedAt?.getTime()).toBeGreaterThan(ago(1.5).getTime());
  });

  // Two connections: PGlite has one.
  it.skipIf(!inject('databaseUrl'))('does not lose a group’s new post when another of its posts is hidden while it is being written', async () => {
    const { groupsOrg, me, other, groups, labels } = await oneMoreGroupThanAPage('group-newest-race-org');
    let written!: () => void;
    let commit!: () => void;
    const postWritten = new Promise<void>((resolve) => (written = resolve));
    const mayCommit = new Promise<void>((resolve) => (commit = resolve));
    const posting = t.db.transaction().execute(async (trx) => {
      await createGroupPosts(trx, groups[20]!, [{ authorId: other.id, body: 'Feed item DURING', createdAt: new Date() }]);
      written();
      await mayCommit;
    });
    await postWritten;
    // The group's older post is hidden while the new one is written but not committed: the hide waits for it.
    let hidden = false;
    const hiding = setStatus(groups[20]!.postId, 'hidden').then(() => (hidden = true));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(hidden).toBe(false);
    commit();
    await posting;
    await hiding;
    expect(await walkHomeFeed(me.client, groupsOrg.slug)).toEqual(['DURING', ...labels(0, 19)]);
  }, 20_000);

  it('finds a followed person’s posts written before and after the follow, when my groups fill the page without them', async () => {
    const quietOrg = await createOrganization(t.db, { slug: 'followed-later-org' });
    const me = await signedInWith(t, { org: quietOrg, roles: ['member'] });
    const other = await signedInWith(t, { org: quietOrg, roles: ['member'] });
    const followed = await signedInWith(t, { org: quietOrg, roles: ['member'] });
    const mine = await createGroup(t.db, { organizationId: quietOrg.id, kind: 'private', members: [{ accountId: me.id }, { accountId: other.id }] });
    const square = await createGroup(t.db, { organizationId: quietOrg.id, kind: 'public', members: [{ accountId: followed.id }] });
    await createGroupPosts(t.db, mine, Array.from({ length: 25 }, (_, i) => ({ authorId: other.id, body: `Feed item G${i}`, createdAt: ago(i + 1) })));
    // Older than the whole first page: that person is not walked for it, and shows on the second.
    await createGroupPosts(t.db, square, [{ authorId: followed.id, body: 'Feed item OLD', createdAt: ago(120) }]);
    expect((await me.client.post(`/o/${quietOrg.slug}/people/${followed.id}/follow`, { follow: 'yes' })).statusCode).toBe(303);
    const groupsOnly = Array.from({ length: 25 }, (_, i) => `G${i}`);
    expect(await walkHomeFeed(me.client, quietOrg.slug)).toEqual([...groupsOnly, 'OLD']);
    // A new post of theirs comes first at once.
    await createGroupPosts(t.db, square, [{ authorId: followed.id, body: 'Feed item NEW', createdAt: new Date() }]);
    expect(await walkHomeFeed(me.client, quietOrg.slug)).toEqual(['NEW', ...groupsOnly, 'OLD']);
    // A post held for moderation when the follow was made, approved afterwards, takes its place by its time.
    const [held] = await createGroupPosts(t.db, square, [{ authorId: followed.id, body: 'Feed item HELD', createdAt: ago(0.5) }]);
    await t.db.updateTable('communityPosts').set({ status: 'held' }).where('id', '=', held!).execute();
    expect((await me.client.post(`/o/${quietOrg.slug}/people/${followed.id}/follow`, { follow: 'no' })).statusCode).toBe(303);
    await t.db.deleteFrom('communityPosts').where('bodyMd', '=', 'Feed item NEW').execute();
    expect((await me.client.post(`/o/${quietOrg.slug}/people/${followed.id}/follow`, { follow: 'yes' })).statusCode).toBe(303);
    await t.db.updateTable('communityPosts').set({ status: 'visible' }).where('id', '=', held!).execute();
    expect(await walkHomeFeed(me.client, quietOrg.slug)).toEqual(['HELD', ...groupsOnly, 'OLD']);
  });

  // Two connections: PGlite has one.
  it.skipIf(!inject('databaseUrl'))('does not miss a post being written while its author is being followed', async () => {
    const raceOrg = await createOrganization(t.db, { slug: 'follow-race-org' });
    const me = await signedInWith(t, { org: raceOrg, roles: ['member'] });
    const followed = await signedInWith(t, { org: raceOrg, roles: ['member'] });
    const square = await createGroup(t.db, { organizationId: raceOrg.id, kind: 'public', members: [{ accountId: followed.id }] });
    await createGroupPosts(t.db, square, [{ authorId: followed.id, body: 'Feed item EARLIER', createdAt: ago(60) }]);
    let written!: () => void;
    let commit!: () => void;
    const postWritten = new Promise<void>((resolve) => (written = resolve));
    const mayCommit = new Promise<void>((resolve) => (commit = resolve));
    const posting = t.db.transaction().execute(async (trx) => {
      await createGroupPosts(trx, square, [{ authorId: followed.id, body: 'Feed item DURING', createdAt: new Date() }]);
      written();
      await mayCommit;
    });
    await postWritten;
    // The follow is made while the post is written but not committed: it waits for it.
    const following = me.client.post(`/o/${raceOrg.slug}/people/${followed.id}/follow`, { follow: 'yes' });
    let followed_ = false;
    void following.then(() => (followed_ = true));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(followed_).toBe(false);
    commit();
    await posting;
    expect((await following).statusCode).toBe(303);
    expect(await walkHomeFeed(me.client, raceOrg.slug)).toEqual(['DURING', 'EARLIER']);
  }, 20_000);

  it('refuses anonymous visitors and other organizations', async () => {
    expect((await new TestClient(t.app).get(`/o/${org.slug}/community`)).headers.location).toMatch(/^\/sign-in/);
    const other = await signedInWith(t, { org: await createOrganization(t.db), roles: ['admin', 'member'] });
    expect((await other.client.get(`/o/${org.slug}/community`)).statusCode).toBe(403);
    expect((await other.client.get(`/o/${org.slug}/tags/garden`)).statusCode).toBe(403);
    expect((await other.client.get(`/o/${org.slug}/people/${friend.id}`)).statusCode).toBe(403);
    expect((await other.client.post(`/o/${org.slug}/people/${friend.id}/follow`, { follow: 'yes' })).statusCode).toBe(403);
  });
});

describe('hashtag and profile feeds', () => {
  it('shows tagged posts only from groups I may read', async () => {
    const res = await reader.client.get(`/o/${org.slug}/tags/Garden`);
    expect(res.statusCode).toBe(200);
    expect(order(res.body)).toEqual(['Square', 'Circle']);
    expect((await reader.client.get(`/o/${org.slug}/tags/%3Cb%3E`)).statusCode).toBe(400);
  });

  it('shows a person’s posts only from groups I may read', async () => {
    const outsider = await signedInWith(t, { org, roles: ['member'] });
    const res = await outsider.client.get(`/o/${org.slug}/people/${friend.id}`);
    expect(res.statusCode).toBe(200);
    expect(order(res.body)).toEqual(['Square']);
    expect(res.body).toContain('Follow Fred Friend');
  });

  it('follows only people whose profile allows it, never oneself; bad input is refused', async () => {
    const shy = await signedInWith(t, { org, roles: ['member'], displayName: 'Sky Shy' });
    await t.db.updateTable('identityProfiles').set({ visibility: 'private' }).where('accountId', '=', shy.id).execute();
    expect((await reader.client.get(`/o/${org.slug}/people/${shy.id}`)).statusCode).toBe(404);
    expect((await reader.client.post(`/o/${org.slug}/people/${shy.id}/follow`, { follow: 'yes' })).statusCode).toBe(404);
    expect((await reader.client.post(`/o/${org.slug}/people/${reader.id}/follow`, { follow: 'yes' })).statusCode).toBe(403);
    expect((await reader.client.post(`/o/${org.slug}/people/${friend.id}/follow`, { follow: 'maybe' })).statusCode).toBe(400);
    expect((await reader.client.post(`/o/${org.slug}/people/${friend.id}/follow`, {})).statusCode).toBe(400);
    expect((await reader.client.post(`/o/${org.slug}/people/not-an-id/follow`, { follow: 'yes' })).statusCode).toBe(400);
    const follows = await t.db.selectFrom('communityFollows').select('followeeId').where('followerId', '=', reader.id).execute();
    expect(follows.map((f) => f.followeeId)).toEqual([friend.id]);
    expect((await reader.client.post(`/o/${org.slug}/people/${friend.id}/follow`, { follow: 'no' })).statusCode).toBe(303);
    expect(await t.db.selectFrom('communityFollows').selectAll().where('followerId', '=', reader.id).execute()).toEqual([]);
  });
});
