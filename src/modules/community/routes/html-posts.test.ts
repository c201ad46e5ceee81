import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../test/support/build-test-app.js';
import { TestClient } from '../../../../test/support/client.js';
import { createGroup, createGroupPosts } from '../../../../test/support/factories/community.js';
import { createOrganization } from '../../../../test/support/factories/identity.js';
import { signedInWith, type Signed } from '../../../../test/support/roles.js';

let t: TestApp;
let org: { id: string; slug: string };
let author: Signed;
let reader: Signed;
let group: { id: string; slug: string; organizationId: string };
let postId: string;
const base = () => `/o/${org.slug}/groups/${group.slug}`;
const postCount = async () => Number((await t.db.selectFrom('communityPosts').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);

beforeAll(async () => {
  t = await buildTestApp();
  org = await createOrganization(t.db, { slug: 'posts-org' });
  author = await signedInWith(t, { org, roles: ['member'], displayName: 'Ada Author' });
  reader = await signedInWith(t, { org, roles: ['member'], displayName: 'Rey Reader' });
  group = await createGroup(t.db, { organizationId: org.id, kind: 'public', members: [{ accountId: author.id, role: 'owner' }, { accountId: reader.id }] });
  [postId] = (await createGroupPosts(t.db, group, [{ authorId: author.id, body: 'First **post**' }])) as [string];
}, 60_000);
afterAll(() => t.close());

describe('writing a post', () => {
  it('publishes Markdown rendered safely', async () => {
    const res = await author.client.post(`${base()}/posts`, { body: 'Hello **all** <script>alert(1)</script> [x](javascript:alert(1))' });
    expect(res.statusCode).toBe(303);
    const id = String(res.headers.location).split('/').pop()!;
    const row = await t.db.selectFrom('communityPosts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ authorId: author.id, groupId: group.id, parentId: null });
    expect(row.bodyHtml).toContain('<strong>all</strong>');
    expect(row.bodyHtml).not.toContain('<script');
    expect(row.bodyHtml).not.toContain('href="javascript:');
    const page = await reader.client.get(String(res.headers.location));
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<strong>all</strong>');
    expect(page.body).not.toContain('<script>alert(1)');
  });

  it.each([
    ['empty', { body: '   ' }, 'required'],
    ['too long', { body: 'x'.repeat(10001) }, 'too_long'],
    ['wrong type', { body: ['a', 'b'] }, 'wrong_type'],
    ['control characters', { body: 'a\u0007b' }, 'invalid_characters'],
  ])('refuses %s input, naming the field, writing nothing', async (_l, form, _code) => {
    const before = await postCount();
    const res = await author.client.post(`${base()}/posts`, form);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('id="f-body-error"');
    expect(await postCount()).toBe(before);
  });

  it('refuses someone who has not joined, and anonymous visitors', async () => {
    const outsider = await signedInWith(t, { org, roles: ['member'] });
    const before = await postCount();
    expect((await outsider.client.post(`${base()}/posts`, { body: 'hi' })).statusCode).toBe(403);
    expect((await outsider.client.post(`${base()}/posts`, { body: '' })).statusCode).toBe(403);
    expect((await new TestClient(t.app).post(`${base()}/posts`, { body: 'hi' })).statusCode).toBe(401);
    expect(await postCount()).toBe(before);
  });
});

describe('replies', () => {
  it('threads replies one level under the post', async () => {
    const res = await reader.client.post(`/o/${org.slug}/groups/${group.slug}/posts/${postId}/replies`, { body: 'A reply' });
    expect(res.statusCode).toBe(303);
    const reply = await t.db.selectFrom('communityPosts').selectAll().where('parentId', '=', postId).executeTakeFirstOrThrow();
    expect(reply).toMatchObject({ authorId: reader.id, bodyMd: 'A reply' });
    expect(res.headers.location).toContain(`#reply-${reply.id}`);
    // A reply to a reply does not exist as a page, so it cannot nest deeper.
    expect((await reader.client.post(`${base()}/posts/${reply.id}/replies`, { body: 'Deeper' })).statusCode).toBe(404);
    const page = await author.client.get(`${base()}/posts/${postId}`);
    expect(page.body).toContain('1 reply');
    expect(page.body).toContain('Reply by Rey Reader');
    const groupPage = await author.client.get(base());
    expect(groupPage.body).toContain('1 reply');
  });

  it('refuses bad reply input and unknown posts', async () => {
    const before = await postCount();
    const res = await reader.client.post(`${base()}/posts/${postId}/replies`, { body: '' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('id="f-body-error"');
    expect((await reader.client.post(`${base()}/posts/not-a-uuid/replies`, { body: 'x' })).statusCode).toBe(404);
    expect((await reader.client.post(`${base()}/posts/0190f0e0-0000-7000-8000-000000000000/replies`, { body: 'x' })).statusCode).toBe(404);
    expect(await postCount()).toBe(before);
  });
});

describe('reactions', () => {
  it('counts a reaction, and takes it back on a second press', async () => {
    const url = `${base()}/posts/${postId}/reactions`;
    expect((await reader.client.post(url, { reaction: 'heart' })).statusCode).toBe(303);
    expect((await author.client.post(url, { reaction: 'heart' })).statusCode).toBe(303);
    let page = await reader.client.get(`${base()}/posts/${postId}`);
    expect(page.body).toContain('❤️ Love (2)');
    expect(page.body).toMatch(/aria-pressed="true"[^>]*>❤️ Love \(2\)/);
    expect((await reader.client.post(url, { reaction: 'heart' })).statusCode).toBe(303);
    page = await reader.client.get(`${base()}/posts/${postId}`);
    expect(page.body).toContain('❤️ Love (1)');
    const fr = await reader.client.get(`${base()}/posts/${postId}`, { 'accept-language': 'fr' });
    expect(fr.body).toContain('❤️ J’adore (1)');
  });

  it('refuses reactions outside the fixed set', async () => {
    const before = Number((await t.db.selectFrom('communityReactions').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
    for (const reaction of ['', 'angry', '<b>', 'x'.repeat(300)]) {
      expect((await reader.client.post(`${base()}/posts/${postId}/reactions`, { reaction })).statusCode, reaction).toBe(400);
    }
    const after = Number((await t.db.selectFrom('communityReactions').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
    expect(after).toBe(before);
  });
});

describe('editing and deleting', () => {
  it('lets the author edit, keeping the earlier text in the history', async () => {
    const [id] = (await createGroupPosts(t.db, group, [{ authorId: author.id, body: 'Tpyo here' }])) as [string];
    const form = await author.client.get(`${base()}/posts/${id}/edit`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Tpyo here');
    const res = await author.client.post(`${base()}/posts/${id}/edit`, { body: 'Typo fixed #fixed' });
    expect(res.statusCode).toBe(303);
    const row = await t.db.selectFrom('communityPosts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.bodyMd).toBe('Typo fixed #fixed');
    expect(row.editedAt).not.toBeNull();
    const history = await reader.client.get(`${base()}/posts/${id}/history`);
    expect(history.statusCode).toBe(200);
    expect(history.body).toContain('Tpyo here');
    expect(history.body).toContain('Typo fixed');
    expect((await reader.client.get(`${base()}/posts/${id}`)).body).toContain('edited');
    const tags = await t.db.selectFrom('communityHashtags').select('tag').where('postId', '=', id).execute();
    expect(tags).toEqual([{ tag: 'fixed' }]);
  });

  it('refuses edits by others and bad input, changing nothing', async () => {
    const [id] = (await createGroupPosts(t.db, group, [{ authorId: author.id, body: 'Mine' }])) as [string];
    expect((await reader.client.get(`${base()}/posts/${id}/edit`)).statusCode).toBe(403);
    expect((await reader.client.post(`${base()}/posts/${id}/edit`, { body: 'Hijacked' })).statusCode).toBe(403);
    expect((await new TestClient(t.app).post(`${base()}/posts/${id}/edit`, { body: 'Hijacked' })).statusCode).toBe(401);
    const empty = await author.client.post(`${base()}/posts/${id}/edit`, { body: '' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('id="f-body-error"');
    expect((await author.client.post(`${base()}/posts/${id}/edit`, { body: 'x'.repeat(10001) })).statusCode).toBe(400);
    const row = await t.db.selectFrom('communityPosts').select('bodyMd').where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.bodyMd).toBe('Mine');
  });

  it('lets the author delete their post with its replies; others may not, a group moderator may (audited)', async () => {
    const [id] = (await createGroupPosts(t.db, group, [{ authorId: reader.id, body: 'Soon gone' }])) as [string];
    await createGroupPosts(t.db, group, [{ authorId: author.id, body: 'A reply to it', parentId: id }]);
    const outsider = await signedInWith(t, { org, roles: ['member'] });
    expect((await outsider.client.post(`${base()}/posts/${id}/delete`)).statusCode).toBe(403);
    expect((await reader.client.post(`${base()}/posts/${id}/delete`)).statusCode).toBe(303);
    expect(await t.db.selectFrom('communityPosts').select('id').where((eb) => eb.or([eb('id', '=', id), eb('parentId', '=', id)])).execute()).toEqual([]);

    const [other] = (await createGroupPosts(t.db, group, [{ authorId: reader.id, body: 'Removed by the owner' }])) as [string];
    expect((await author.client.post(`${base()}/posts/${other}/delete`)).statusCode).toBe(303);
    const audit = await t.db.selectFrom('auditEvents').select(['action', 'actorAccountId']).where('targetId', '=', other).execute();
    expect(audit).toEqual([{ action: 'community.post.deleted', actorAccountId: author.id }]);
    expect((await author.client.post(`${base()}/posts/${other}/delete`)).statusCode).toBe(404);
  });
});

describe('the group feed', () => {
  it('pages newest first with a keyset cursor, without repeats or gaps', async () => {
    const g = await createGroup(t.db, { organizationId: org.id, kind: 'public', members: [{ accountId: author.id, role: 'owner' }] });
    const start = Date.now() - 100_000;
    // Two posts share a time, so the id breaks the tie.
    const times = Array.from({ length: 25 }, (_, i) => new Date(start + (i === 1 ? 0 : i) * 1000));
    await createGroupPosts(t.db, g, times.map((createdAt, i) => ({ authorId: author.id, body: `Feed post number ${String(i).padStart(2, '0')}`, createdAt })));
    const first = await reader.client.get(`/o/${org.slug}/groups/${g.slug}`);
    const numbers = (html: string) => [...html.matchAll(/Feed post number (\d\d)/g)].map((m) => Number(m[1]));
    const page1 = numbers(first.body);
    expect(page1).toHaveLength(20);
    expect(page1[0]).toBe(24);
    const next = first.body.match(/href="([^"]+\?before=[^"]+)" rel="next"/)?.[1];
    expect(next).toBeDefined();
    const second = await reader.client.get(next!.replace(/&amp;/g, '&'));
    const page2 = numbers(second.body);
    expect([...page1, ...page2].sort((a, b) => a - b)).toEqual(Array.from({ length: 25 }, (_, i) => i));
    expect(second.body).not.toContain('rel="next"');
    expect((await reader.client.get(`/o/${org.slug}/groups/${g.slug}?before=yesterday`)).statusCode).toBe(400);
  });
});
