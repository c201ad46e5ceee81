import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../test/support/build-test-app.js';
import { TestClient } from '../../../../test/support/client.js';
import { createComment } from '../../../../test/support/factories/blog-comments.js';
import { createAccount, createOrganization } from '../../../../test/support/factories/identity.js';
import { createBlog, createPost } from '../../../../test/support/factories/blog.js';
import { signIn } from '../../../../test/support/sign-in.js';

let t: TestApp;
let editor: TestClient;
let moderator: TestClient;
let post: { id: string; slug: string };
let org: { id: string; slug: string };
const base = '/o/north/blogs/news';

beforeAll(async () => {
  t = await buildTestApp();
  org = await createOrganization(t.db, { slug: 'north' });
  const editorAccount = await createAccount(t.db, { org, roles: ['member'] });
  const blog = await createBlog(t.db, { organizationId: org.id, slug: 'news', allowGuestComments: true, authors: [{ accountId: editorAccount.id, role: 'editor' }] });
  post = await createPost(t.db, { blog, createdBy: editorAccount.id, slug: 'open-house', title: 'Open house on Saturday', bodyMd: 'Come and visit.' });
  editor = await signIn(t.app, editorAccount);
  moderator = await signIn(t.app, await createAccount(t.db, { org, roles: ['moderator', 'member'] }));
});
afterAll(() => t.close());

const cacheState = (res: { headers: Record<string, unknown> }) => res.headers['x-page-cache'];

describe('cached public pages', () => {
  it('serves anonymous readers from memory, each with their own CSRF token', async () => {
    const first = await new TestClient(t.app).get(`${base}/${post.slug}`);
    const second = await new TestClient(t.app).get(`${base}/${post.slug}`);
    expect([cacheState(first), cacheState(second)]).toEqual(['miss', 'hit']);
    const token = (body: string) => /name="_csrf" value="([^"]+)"/.exec(body)?.[1];
    expect(token(first.body)).toBeTruthy();
    expect(token(second.body)).toBeTruthy();
    expect(token(second.body)).not.toBe(token(first.body));
    expect(second.body).not.toContain('__foyer_csrf_token__');
    // Signed-in readers always get a page of their own.
    expect(cacheState(await moderator.get(`${base}/${post.slug}`))).toBeUndefined();
  });

  it('is never stale after an edit, an approved comment, or a feed change', async () => {
    const anon = () => new TestClient(t.app);
    await anon().get(`${base}/${post.slug}`);
    await anon().get(`${base}/rss.xml`);
    expect(cacheState(await anon().get(`${base}/rss.xml`))).toBe('hit');

    const edit = await editor.post(`${base}/${post.slug}/edit`, { title: 'Open house moved to Sunday', slug: post.slug, lang: 'en', translationOf: '', excerpt: '', body: 'Come and visit.', tags: '', action: 'publish' });
    expect(edit.statusCode).toBe(303);
    const afterEdit = await anon().get(`${base}/${post.slug}`);
    expect(cacheState(afterEdit)).toBe('miss');
    expect(afterEdit.body).toContain('Open house moved to Sunday');
    const feed = await anon().get(`${base}/rss.xml`);
    expect(cacheState(feed)).toBe('miss');
    expect(feed.body).toContain('Open house moved to Sunday');

    const held = await createComment(t.db, { organizationId: org.id, postId: post.id, status: 'held', holdReasons: ['first_comment'], body: 'See you there with the kids.' });
    expect((await anon().get(`${base}/${post.slug}`)).body).not.toContain('See you there with the kids.');
    expect((await moderator.post(`/o/north/blogs/moderation/comments/${held.id}/approve`)).statusCode).toBe(303);
    const afterApproval = await anon().get(`${base}/${post.slug}`);
    expect(cacheState(afterApproval)).toBe('miss');
    expect(afterApproval.body).toContain('See you there with the kids.');
  });

  it('drops pages after a transaction that wrote content commits, whatever its isolation level', async () => {
    await new TestClient(t.app).get(`${base}/${post.slug}`);
    expect(cacheState(await new TestClient(t.app).get(`${base}/${post.slug}`))).toBe('hit');
    await t.db
      .transaction()
      .setIsolationLevel('serializable')
      .execute((trx) => trx.updateTable('blogPosts').set({ title: 'Open house: all welcome' }).where('id', '=', post.id).execute());
    const res = await new TestClient(t.app).get(`${base}/${post.slug}`);
    expect(cacheState(res)).toBe('miss');
    expect(res.body).toContain('Open house: all welcome');
  });

  it('drops pages on inserts and deletes too, aliased or not', async () => {
    const anon = () => new TestClient(t.app);
    await anon().get(`${base}/${post.slug}`);
    const added = await createComment(t.db, { organizationId: org.id, postId: post.id, status: 'approved', body: 'Inserted straight into the thread.' });
    expect((await anon().get(`${base}/${post.slug}`)).body).toContain('Inserted straight into the thread.');
    expect(cacheState(await anon().get(`${base}/${post.slug}`))).toBe('hit');
    await t.db.deleteFrom('blogComments as c').where('c.id', '=', added.id).execute();
    const res = await anon().get(`${base}/${post.slug}`);
    expect(cacheState(res)).toBe('miss');
    expect(res.body).not.toContain('Inserted straight into the thread.');
  });

  it('keeps pages when other modules write their own tables', async () => {
    const anon = () => new TestClient(t.app);
    await anon().get(`${base}/${post.slug}`);
    await t.db.insertInto('auditEvents').values({ id: crypto.randomUUID(), organizationId: null, actorAccountId: null, action: 'test.nothing_shown', targetType: null, targetId: null, ip: null, data: '{}' }).execute();
    expect(cacheState(await anon().get(`${base}/${post.slug}`))).toBe('hit');
  });

  it('is keyed by language', async () => {
    const en = await new TestClient(t.app).get(`${base}/${post.slug}`, { 'accept-language': 'en' });
    const fr = await new TestClient(t.app).get(`${base}/${post.slug}`, { 'accept-language': 'fr' });
    expect(en.body).toContain('lang="en"');
    expect(fr.body).toContain('lang="fr"');
  });
});
