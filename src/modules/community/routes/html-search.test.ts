import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../test/support/build-test-app.js';
import { TestClient } from '../../../../test/support/client.js';
import { createGroup, createGroupPosts } from '../../../../test/support/factories/community.js';
import { createOrganization } from '../../../../test/support/factories/identity.js';
import { signedInWith, type Signed } from '../../../../test/support/roles.js';

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
