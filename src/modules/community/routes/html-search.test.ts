import { countingStatements, memberActor } from '../../../../test/support/statements.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../test/support/build-test-app.js';
import { TestClient } from '../../../../test/support/client.js';
import { createGroup, createGroupPosts, verifyStaff } from '../../../../test/support/factories/community.js';
import { createAccount, createOrganization } from '../../../../test/support/factories/identity.js';
import { signedInWith, type Signed } from '../../../../test/support/roles.js';
import { signIn } from '../../../../test/support/sign-in.js';
import type { Role } from '../../../platform/auth/actor.js';
import { newId } from '../../../platform/db/ids.js';
import type { Db } from '../../../platform/db/types.js';
import { createSearchService } from '../services/search.js';

let t: TestApp;
let org: { id: string; slug: string };
let reader: Signed;
let author: Signed;
let banned: Signed;
let stranger: Signed;
let secretPostId: string;
const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000);

beforeAll(async () => {
  t = await buildTestApp();
  org = await createOrganization(t.db, { slug: 'search-org' });
  const other = await createOrganization(t.db, { slug: 'search-other' });
  reader = await signedInWith(t, { org, roles: ['member'], displayName: 'Rita Reader' });
  author = await signedInWith(t, { org, roles: ['member'], displayName: 'Élodie Auteure' });
  banned = await signedInWith(t, { org, roles: ['member'], displayName: 'Bob Banned' });
  stranger = await signedInWith(t, { org: other, roles: ['admin', 'member'], displayName: 'Sam Stranger' });
  await signedInWith(t, { org, roles: ['member'], displayName: 'Paula Private' });
  await t.db.updateTable('identityProfiles').set({ visibility: 'private' }).where('displayName', '=', 'Paula Private').execute();

  const open = await createGroup(t.db, { organizationId: org.id, kind: 'public', slug: 'open-square', nameEn: 'Open square', members: [{ accountId: author.id }, { accountId: banned.id, status: 'banned' }] });
  const mine = await createGroup(t.db, { organizationId: org.id, kind: 'private', slug: 'my-circle', nameEn: 'Circle of parents', nameFr: 'Cercle des parents', members: [{ accountId: author.id }, { accountId: reader.id }] });
  const closed = await createGroup(t.db, { organizationId: org.id, kind: 'private', slug: 'closed-circle', nameEn: 'Closed circle', members: [{ accountId: author.id }] });
  const secret = await createGroup(t.db, { organizationId: org.id, kind: 'secret', slug: 'hidden-room', nameEn: 'Hidden hospitals room', members: [{ accountId: author.id }] });
  const [openPost, hiddenPost] = await createGroupPosts(t.db, open, [
    { authorId: author.id, body: 'The hospitals opened a new garden', createdAt: ago(50) },
    { authorId: author.id, body: 'A hospital post that a moderator hid', createdAt: ago(45) },
  ]);
  await createGroupPosts(t.db, open, [
    { authorId: author.id, body: 'Les hôpitaux ouvrent un jardin', createdAt: ago(40) },
    { authorId: reader.id, body: 'A reply about the hospital garden', parentId: openPost!, createdAt: ago(35) },
    { authorId: reader.id, body: 'A hospital reply under the hidden post', parentId: hiddenPost!, createdAt: ago(34) },
  ]);
  await createGroupPosts(t.db, mine, [{ authorId: author.id, body: 'Circle talk about the hospital', createdAt: ago(30) }]);
  await createGroupPosts(t.db, closed, [{ authorId: author.id, body: 'Closed talk about the hospital', createdAt: ago(20) }]);
  secretPostId = (await createGroupPosts(t.db, secret, [{ authorId: author.id, body: 'Secret talk about the hospital', createdAt: ago(10) }]))[0]!;
  await t.db.updateTable('communityPosts').set({ status: 'hidden' }).where('id', '=', hiddenPost!).execute();
}, 60_000);
afterAll(() => t.close());

const search = (c: TestClient, params: Record<string, string>) => c.get(`/o/${org.slug}/community/search?${new URLSearchParams(params).toString()}`);
const found = (html: string) => [...html.matchAll(/class="snippet">([^<]+)</g)].map((m) => m[1]!);

describe('community search', () => {
  it('finds posts and replies in English and in French, by the stem of the words', async () => {
    const en = await search(reader.client, { q: 'hospital' });
    expect(en.statusCode).toBe(200);
    expect(found(en.body)).toEqual(['Circle talk about the hospital', 'A reply about the hospital garden', 'The hospitals opened a new garden']);
    expect(en.body).toContain('Reply by Rita Reader');
    const fr = await search(reader.client, { q: 'hôpital' });
    expect(found(fr.body)).toEqual(['Les hôpitaux ouvrent un jardin']);
    const jardins = await search(reader.client, { q: 'jardins' });
    expect(found(jardins.body)).toEqual(['Les hôpitaux ouvrent un jardin']);
  });

  it('never shows a secret group’s content, a group the searcher may not read, or hidden posts and their replies', async () => {
    const res = await search(reader.client, { q: 'hospital' });
    for (const absent of ['Secret talk', 'Closed talk', 'moderator hid', 'under the hidden post', 'Hidden hospitals room']) expect(res.body).not.toContain(absent);
    // A member of the secret group finds it and its post.
    const insider = await search(author.client, { q: 'hospital' });
    expect(insider.body).toContain('Secret talk about the hospital');
    expect(insider.body).toContain('Hidden hospitals room');
    expect(insider.body).toContain(`/posts/${secretPostId}`);
  });

  it('a banned member finds nothing of the group’s posts', async () => {
    const res = await search(banned.client, { q: 'hospital' });
    expect(found(res.body)).toEqual([]);
  });

  it('finds groups by their name in either language, as the policy lets the searcher find them', async () => {
    const fr = await search(reader.client, { q: 'cercles', type: 'groups' });
    expect(fr.body).toContain('href="/o/search-org/groups/my-circle"');
    const res = await search(reader.client, { q: 'circles', type: 'groups' });
    expect(res.body).toContain('href="/o/search-org/groups/my-circle"');
    expect(res.body).toContain('href="/o/search-org/groups/closed-circle"');
    const hidden = await search(reader.client, { q: 'room', type: 'groups' });
    expect(hidden.body).not.toContain('hidden-room');
  });

  it('finds people of the organization by name, without case or accents, except private profiles', async () => {
    const res = await search(reader.client, { q: 'elodie', type: 'people' });
    expect(res.body).toContain(`href="/o/search-org/people/${author.id}"`);
    expect((await search(reader.client, { q: 'paula', type: 'people' })).body).not.toContain('Paula Private');
    expect((await search(reader.client, { q: 'stranger', type: 'people' })).body).not.toContain('Sam Stranger');
  });

  it('finds people by their bio too, stemmed in its language, except private profiles and people of other organizations', async () => {
    const bio = async (name: string, org_: { id: string; slug: string }, bios: { bioEn?: string; bioFr?: string }, visibility: 'public' | 'organizations' | 'private' = 'organizations') => {
      const who = await signedInWith(t, { org: org_, roles: ['member'], displayName: name });
      await t.db.updateTable('identityProfiles').set({ ...bios, visibility }).where('accountId', '=', who.id).execute();
      return who;
    };
    const gardener = await bio('Gina Gardener', org, { bioEn: 'I volunteer in the rehabilitation gardens every Tuesday.' });
    const jardiniere = await bio('Julie Jardinière', org, { bioFr: 'Bénévole aux jardins des enfants, le mardi.' }, 'public');
    const hidden = await bio('Harriet Hidden', org, { bioEn: 'Volunteering in the rehabilitation gardens.' }, 'private');
    const elsewhere = await bio('Otis Other', { id: (await t.db.selectFrom('identityOrganizations').select('id').where('slug', '=', 'search-other').executeTakeFirstOrThrow()).id, slug: 'search-other' }, { bioEn: 'Rehabilitation gardens volunteer.' });
    const people = async (c: TestClient, q: string) => (await search(c, { q, type: 'people' })).body;

    // "gardening" is stemmed to "garden" (English); "jardin" finds "jardins" (French).
    const en = await people(reader.client, 'gardening rehabilitation');
    expect(en).toContain(`href="/o/search-org/people/${gardener.id}"`);
    expect(en).not.toContain(`/people/${hidden.id}"`);
    expect(en).not.toContain('Harriet Hidden');
    expect(en).not.toContain(`/people/${elsewhere.id}"`);
    const fr = await people(reader.client, 'jardin');
    expect(fr).toContain(`href="/o/search-org/people/${jardiniere.id}"`);
    expect(fr).not.toContain(`/people/${gardener.id}"`);
    // The "everything" page too.
    expect((await search(reader.client, { q: 'rehabilitation' })).body).toContain(`href="/o/search-org/people/${gardener.id}"`);
    // A private profile finds itself.
    expect(await people(hidden.client, 'rehabilitation')).toContain(`/people/${hidden.id}"`);
    // A name match comes before a bio match.
    await t.db.updateTable('identityProfiles').set({ bioEn: 'Gina and Rita garden together.' }).where('accountId', '=', reader.id).execute();
    const both = await people(reader.client, 'rita');
    expect(both.indexOf(`/people/${reader.id}"`)).toBeGreaterThan(-1);
    expect(both.indexOf(`/people/${reader.id}"`)).toBeLessThan(both.indexOf(`/people/${gardener.id}"`) === -1 ? Infinity : both.indexOf(`/people/${gardener.id}"`));
    const mixed = await people(reader.client, 'gina');
    expect(mixed.indexOf(`/people/${gardener.id}"`)).toBeLessThan(mixed.indexOf(`/people/${reader.id}"`));
    await t.db.updateTable('identityProfiles').set({ bioEn: null }).where('accountId', '=', reader.id).execute();
    // Words that are no bio's: nobody.
    expect(await people(reader.client, 'astronaut')).not.toContain('/people/');
  });

  it('is for members of the organization only', async () => {
    expect((await search(stranger.client, { q: 'hospital' })).statusCode).toBe(403);
    const anonymous = await search(new TestClient(t.app), { q: 'hospital' });
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toMatch(/^\/sign-in/);
    expect((await t.app.inject({ method: 'GET', url: '/o/no-such-org/community/search?q=x', headers: { cookie: [...reader.client.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } })).statusCode).toBe(404);
  });

  it('answers a bad query with 400 naming the field', async () => {
    const res = await search(reader.client, { q: 'x'.repeat(101) });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('id="f-q-error"');
    expect((await search(reader.client, { q: 'hospital', type: 'everything' })).statusCode).toBe(400);
  });

  it('pages through many matching posts with a keyset cursor, without repeating any', async () => {
    const g = await createGroup(t.db, { organizationId: org.id, kind: 'public', members: [{ accountId: author.id }] });
    await createGroupPosts(t.db, g, Array.from({ length: 25 }, (_, i) => ({ authorId: author.id, body: `Volunteer shift number ${i}`, createdAt: ago(100 + i) })));
    const all = await search(reader.client, { q: 'volunteers' });
    expect(found(all.body)).toHaveLength(10);
    expect(all.body).toContain('All matching posts');
    const first = await search(reader.client, { q: 'volunteers', type: 'posts' });
    expect(found(first.body)).toHaveLength(20);
    const next = /href="([^"]+)" rel="next"/.exec(first.body)?.[1]?.replace(/&amp;/g, '&');
    expect(next).toBeDefined();
    const second = await reader.client.get(next!);
    const seen = [...found(first.body), ...found(second.body)];
    expect(new Set(seen).size).toBe(25);
    expect(second.body).not.toContain('rel="next"');
  });

  it('is keyboard-usable markup: a labelled search form and a heading per type of result', async () => {
    const res = await search(reader.client, { q: 'hospital' });
    expect(res.body).toMatch(/<form method="get" action="\/o\/search-org\/community\/search" role="search"/);
    expect(res.body).toContain('<label for="f-q"');
    for (const id of ['search-posts', 'search-groups', 'search-people']) expect(res.body).toContain(`<h2 id="${id}"`);
    const fr = await reader.client.get(`/o/${org.slug}/community/search?q=hospital`, { 'accept-language': 'fr' });
    expect(fr.body).toContain('Publications');
  });
});

const heading = (html: string, id: string) => new RegExp(`<h2 id="${id}"[^>]*>([^<]+)</h2>`).exec(html)?.[1];

describe('community search stays inside the searcher’s reach', () => {
  it('does not name, count or offer “more” for a secret group or its posts to a non-member', async () => {
    const lanternGroups = [];
    for (let i = 0; i < 10; i++) lanternGroups.push(await createGroup(t.db, { organizationId: org.id, kind: 'public', slug: `lantern-${i}`, nameEn: `Lantern walkers ${i}` }));
    await createGroupPosts(t.db, lanternGroups[0]!, Array.from({ length: 10 }, (_, i) => ({ authorId: author.id, body: `Lantern walk number ${i}`, createdAt: ago(200 + i) })));
    const secret = await createGroup(t.db, { organizationId: org.id, kind: 'secret', slug: 'lantern-secret', nameEn: 'Lantern keepers secret', members: [{ accountId: author.id }] });
    await createGroupPosts(t.db, secret, [{ authorId: author.id, body: 'Lantern keepers meet at midnight', createdAt: ago(1) }]);

    const res = await search(reader.client, { q: 'lantern' });
    expect(res.body).not.toContain('lantern-secret');
    expect(res.body).not.toContain('Lantern keepers');
    // Ten of each: were the secret ones counted, there would be an eleventh and a link to more.
    expect(found(res.body)).toHaveLength(10);
    expect(res.body).not.toContain('All matching posts');
    expect(res.body).not.toContain('All matching groups');
    expect(heading((await search(reader.client, { q: 'keepers', type: 'groups' })).body, 'search-groups')).toBe('0 groups');
    expect(heading((await search(reader.client, { q: 'midnight', type: 'posts' })).body, 'search-posts')).toBe('0 posts');
    // Its member finds both, and the eleventh of each makes "more" appear.
    const insider = await search(author.client, { q: 'lantern' });
    expect(insider.body).toContain('Lantern keepers meet at midnight');
    expect(insider.body).toContain('All matching posts');
    expect(insider.body).toContain('All matching groups');
  });

  it('shows a private group’s posts to its members and the organization’s moderators, never to other members', async () => {
    const orchard = await createGroup(t.db, { organizationId: org.id, kind: 'private', slug: 'orchard-circle', nameEn: 'Orchard circle', members: [{ accountId: author.id }, { accountId: banned.id, status: 'banned' }] });
    const [postId] = await createGroupPosts(t.db, orchard, [{ authorId: author.id, body: 'The orchard volunteers meet on Friday', createdAt: ago(3) }]);
    const asker = await signedInWith(t, { org, roles: ['member'], displayName: 'Alma Asker' });
    await t.db.insertInto('communityGroupMembers').values({ groupId: orchard.id, accountId: asker.id, organizationId: org.id, status: 'requested', invitedBy: null, decidedBy: null }).execute();
    const moderator = await signedInWith(t, { org, roles: ['moderator', 'member'], displayName: 'Mo Moderator' });

    for (const who of [reader, banned, asker]) {
      const res = await search(who.client, { q: 'orchard' });
      expect(res.body).not.toContain(`/posts/${postId}`);
      expect(found(res.body)).toEqual([]);
      // The group itself is listed (a private group's page is seen by every member).
      expect(res.body).toContain('href="/o/search-org/groups/orchard-circle"');
    }
    for (const who of [author, moderator]) expect((await search(who.client, { q: 'orchard' })).body).toContain(`/posts/${postId}`);
    // An organization moderator reads secret groups too, as the policy says.
    expect((await search(moderator.client, { q: 'hospital' })).body).toContain('Secret talk about the hospital');
  });

  it('shows a secret group’s name to a person invited to it, but not its posts; a banned member finds neither', async () => {
    const vault = await createGroup(t.db, { organizationId: org.id, kind: 'secret', slug: 'vault-room', nameEn: 'Vault room', members: [{ accountId: author.id }] });
    await createGroupPosts(t.db, vault, [{ authorId: author.id, body: 'Vault notes for the committee', createdAt: ago(2) }]);
    const invited = await signedInWith(t, { org, roles: ['member'], displayName: 'Ivy Invited' });
    const outcast = await signedInWith(t, { org, roles: ['member'], displayName: 'Otto Outcast' });
    await t.db
      .insertInto('communityGroupMembers')
      .values([
        { groupId: vault.id, accountId: invited.id, organizationId: org.id, status: 'invited', invitedBy: author.id, decidedBy: null },
        { groupId: vault.id, accountId: outcast.id, organizationId: org.id, status: 'banned', invitedBy: null, decidedBy: author.id },
      ])
      .execute();
    const seen = await search(invited.client, { q: 'vault' });
    expect(seen.body).toContain('href="/o/search-org/groups/vault-room"');
    expect(seen.body).not.toContain('Vault notes');
    const gone = await search(outcast.client, { q: 'vault' });
    expect(gone.body).not.toContain('vault-room');
    expect(gone.body).not.toContain('Vault');
  });

  it('shows a staff network only to verified staff (and administrators), and its posts not to a banned member', async () => {
    const make = async (name: string, roles: Role[], verified: boolean) => {
      const account = await createAccount(t.db, { org, roles, displayName: name });
      if (verified) await verifyStaff(t.db, org.id, [account.id]);
      return { id: account.id, client: await signIn(t.app, account) };
    };
    const nurse = await make('Nina Nurse', ['staff', 'member'], true);
    const verified = await make('Vera Verified', ['staff', 'member'], true);
    const unverified = await make('Ulla Unverified', ['staff', 'member'], false);
    const benched = await make('Ben Benched', ['staff', 'member'], true);
    const moderator = await make('Max Moderator', ['moderator', 'member'], false);
    const admin = await make('Ada Admin', ['admin', 'member'], false);
    const network = await createGroup(t.db, { organizationId: org.id, kind: 'staff', slug: 'night-roster', nameEn: 'Night roster network', members: [{ accountId: nurse.id }, { accountId: benched.id, status: 'banned' }] });
    await createGroupPosts(t.db, network, [{ authorId: nurse.id, body: 'The night roster for the ward', createdAt: ago(2) }]);

    for (const who of [nurse, verified, admin]) {
      const res = await search(who.client, { q: 'roster' });
      expect(res.body).toContain('The night roster for the ward');
      expect(res.body).toContain('href="/o/search-org/groups/night-roster"');
    }
    for (const who of [unverified, moderator, reader]) {
      const res = await search(who.client, { q: 'roster' });
      expect(res.body).not.toContain('night-roster');
      expect(res.body).not.toContain('roster for the ward');
      expect(heading(res.body, 'search-groups')).toBe('0 groups');
    }
    const bench = await search(benched.client, { q: 'roster' });
    expect(bench.body).toContain('href="/o/search-org/groups/night-roster"');
    expect(bench.body).not.toContain('roster for the ward');
  });

  it('never shows another organization’s groups or posts, even to a member of both', async () => {
    const elsewhere = await t.db.selectFrom('identityOrganizations').select(['id', 'slug']).where('slug', '=', 'search-other').executeTakeFirstOrThrow();
    const account = await createAccount(t.db, { org, roles: ['member'], displayName: 'Dora Dual' });
    await t.db.insertInto('identityMemberships').values({ id: newId(), organizationId: elsewhere.id, accountId: account.id, roles: ['moderator', 'member'], memberKind: null, staffKind: null, staffVerifiedAt: null, staffVerifiedBy: null }).execute();
    const dual = await signIn(t.app, account);
    const theirs = await createGroup(t.db, { organizationId: elsewhere.id, kind: 'private', slug: 'harbour-circle', nameEn: 'Harbour circle', members: [{ accountId: account.id }] });
    const open = await createGroup(t.db, { organizationId: elsewhere.id, kind: 'public', slug: 'harbour-square', nameEn: 'Harbour square' });
    await createGroupPosts(t.db, theirs, [{ authorId: account.id, body: 'Harbour circle minutes', createdAt: ago(3) }]);
    await createGroupPosts(t.db, open, [{ authorId: account.id, body: 'Harbour square picnic', createdAt: ago(2) }]);

    for (const who of [dual, reader.client]) {
      const res = await who.get(`/o/${org.slug}/community/search?q=harbour`);
      expect(res.statusCode).toBe(200);
      expect(res.body).not.toContain('Harbour');
      expect(heading(res.body, 'search-posts')).toBe('0 posts');
      expect(heading(res.body, 'search-groups')).toBe('0 groups');
    }
    // In their other organization, the same words find both.
    const there = await dual.get(`/o/${elsewhere.slug}/community/search?q=harbour`);
    expect(found(there.body)).toEqual(['Harbour square picnic', 'Harbour circle minutes']);
    expect(there.body).toContain('href="/o/search-other/groups/harbour-circle"');
  });

  it('runs the same few statements however many groups the organization has', async () => {
    const counting = countingStatements(t.db as Db);
    const service = createSearchService({ db: counting.db });
    const bounded = await createOrganization(t.db, { slug: 'bounded-org' });
    const account = await createAccount(t.db, { org: bounded, roles: ['member'], displayName: 'Compass Carla' });
    const actor = memberActor(account, bounded, 'Compass Carla');
    const first = await createGroup(t.db, { organizationId: bounded.id, kind: 'public', slug: 'compass-0', nameEn: 'Compass club 0', members: [{ accountId: account.id }] });
    await createGroupPosts(t.db, first, [{ authorId: account.id, body: 'Compass reading at noon' }]);

    const measure = async () => {
      const counts: Record<string, number> = {};
      for (const kind of ['all', 'posts', 'groups', 'people'] as const) {
        counting.counter.statements = 0;
        const page = await service.search(actor, bounded.slug, { q: 'compass', kind });
        if (kind === 'all') expect(page.posts.length * page.groups.length * page.people.length).toBeGreaterThan(0);
        counts[kind] = counting.counter.statements;
      }
      return counts;
    };
    const few = await measure();
    expect(few.all).toBeLessThanOrEqual(5);

    const kinds = ['public', 'private', 'secret', 'staff'] as const;
    const statuses = ['active', 'banned', 'invited', 'requested', null] as const;
    for (let i = 1; i <= 60; i++) {
      const status = statuses[i % statuses.length]!;
      const g = await createGroup(t.db, { organizationId: bounded.id, kind: kinds[i % kinds.length]!, slug: `compass-${i}`, nameEn: `Compass club ${i}`, members: status ? [{ accountId: account.id, status }] : [] });
      await createGroupPosts(t.db, g, [{ authorId: account.id, body: `Compass reading number ${i}` }]);
    }
    const many = await measure();
    expect(many).toEqual(few);

    // And what was found is still only what the policy allows.
    const page = await service.search(actor, bounded.slug, { q: 'compass', kind: 'groups' });
    const slugs = new Set(page.groups.map((g) => g.slug));
    for (let i = 1; i <= 60; i++) {
      const kind = kinds[i % kinds.length]!;
      const status = statuses[i % statuses.length];
      const visible = kind === 'public' || kind === 'private' || (kind === 'secret' && (status === 'active' || status === 'invited'));
      if (!visible) expect(slugs.has(`compass-${i}`), `compass-${i}`).toBe(false);
    }
  });
});
