import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../test/support/build-test-app.js';
import { TestClient } from '../../../../test/support/client.js';
import { createAccount, createOrganization } from '../../../../test/support/factories/identity.js';
import { createBlog, createPost } from '../../../../test/support/factories/blog.js';
import { signIn } from '../../../../test/support/sign-in.js';
import { newId } from '../../../platform/db/ids.js';

let t: TestApp;
let org: { id: string; slug: string };
let blog: { id: string; slug: string; organizationId: string };
let writer: { id: string; email: string };
beforeAll(async () => {
  t = await buildTestApp();
  org = await createOrganization(t.db, { slug: 'north' });
  writer = await createAccount(t.db, { org, roles: ['member'] });
  blog = await createBlog(t.db, { organizationId: org.id, slug: 'news', titleEn: 'News', titleFr: 'Nouvelles', authors: [{ accountId: writer.id, role: 'author' }] });
});
afterAll(() => t.close());

describe('reading blogs', () => {
  it('lists blogs and published posts, newest first, with keyset pagination', async () => {
    for (let i = 0; i < 12; i++) await createPost(t.db, { blog, createdBy: writer.id, slug: `p-${i}`, title: `Post number ${i}`, publishedAt: new Date(Date.UTC(2026, 0, i + 1)) });
    await createPost(t.db, { blog, createdBy: writer.id, slug: 'secret-draft', title: 'Secret draft', status: 'draft' });
    const c = new TestClient(t.app);
    expect((await c.get('/o/north/blogs')).body).toContain('href="/o/north/blogs/news"');
    const first = await c.get('/o/north/blogs/news');
    expect(first.statusCode).toBe(200);
    expect(first.body).toContain('Post number 11');
    expect(first.body).not.toContain('Post number 1<');
    expect(first.body).not.toContain('Secret draft');
    const next = first.body.match(/href="([^"]+)" rel="next"/)![1]!.replace(/&amp;/g, '&');
    const second = await c.get(next);
    expect(second.body).toContain('Post number 1<');
    expect(second.body).not.toContain('Post number 11');
  });

  it('shows a published post with its sanitized body and its translation link', async () => {
    const group = newId();
    await createPost(t.db, { blog, createdBy: writer.id, slug: 'hello', title: 'Hello', lang: 'en', translationGroupId: group, bodyMd: 'Safe <script>alert(1)</script> [x](javascript:alert(1))' });
    await createPost(t.db, { blog, createdBy: writer.id, slug: 'bonjour', title: 'Bonjour', lang: 'fr', translationGroupId: group });
    const res = await new TestClient(t.app).get('/o/north/blogs/news/hello');
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('<script>alert');
    expect(res.body).not.toMatch(/href="javascript:/i);
    expect(res.body).toContain('href="/o/north/blogs/news/bonjour" hreflang="fr" lang="fr"');
  });

  it('hides a draft from readers (404) and shows it to its author', async () => {
    await createPost(t.db, { blog, createdBy: writer.id, slug: 'draft-one', title: 'Draft one', status: 'draft' });
    expect((await new TestClient(t.app).get('/o/north/blogs/news/draft-one')).statusCode).toBe(404);
    const stranger = await createAccount(t.db, { org, roles: ['member'] });
    expect((await (await signIn(t.app, stranger)).get('/o/north/blogs/news/draft-one')).statusCode).toBe(404);
    expect((await (await signIn(t.app, writer)).get('/o/north/blogs/news/draft-one')).statusCode).toBe(200);
  });

  it('filters by tag', async () => {
    await createPost(t.db, { blog, createdBy: writer.id, slug: 'tagged', title: 'Tagged post', tags: [{ tag: 'winter', label: 'Winter' }] });
    const res = await new TestClient(t.app).get('/o/north/blogs/news/tags/winter');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Tagged post');
    expect(res.body).not.toContain('Post number 3');
  });

  it('answers unknown organizations, blogs, posts and bad slugs with 4xx', async () => {
    const c = new TestClient(t.app);
    expect((await c.get('/o/nowhere/blogs')).statusCode).toBe(404);
    expect((await c.get('/o/north/blogs/nothing')).statusCode).toBe(404);
    expect((await c.get('/o/north/blogs/news/nothing')).statusCode).toBe(404);
    expect((await c.get('/o/north/blogs/News%20Room')).statusCode).toBe(400);
    expect((await c.get('/o/north/blogs/news?before=yesterday&beforeId=x')).statusCode).toBe(400);
  });
});
