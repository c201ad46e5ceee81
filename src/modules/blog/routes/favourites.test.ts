import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../test/support/build-test-app.js';
import { TestClient } from '../../../../test/support/client.js';
import { createBlog, createPost } from '../../../../test/support/factories/blog.js';
import { createAccount, createOrganization } from '../../../../test/support/factories/identity.js';
import { signIn } from '../../../../test/support/sign-in.js';

let t: TestApp;
let org: { id: string; slug: string };
let news: { id: string; slug: string; organizationId: string };
let parents: { id: string; slug: string; organizationId: string };
let reader: { id: string; email: string };
let newsAuthor: { id: string; email: string };
let published: { id: string };

const favouritesOf = async (accountId: string) =>
  (await t.db.selectFrom('blogFavourites').select('postId').where('accountId', '=', accountId).execute()).map((r) => r.postId);

beforeAll(async () => {
  t = await buildTestApp();
  org = await createOrganization(t.db, { slug: 'north' });
  reader = await createAccount(t.db, { org, roles: ['member'] });
  newsAuthor = await createAccount(t.db, { org, roles: ['member'] });
  news = await createBlog(t.db, { organizationId: org.id, slug: 'news', titleEn: 'News', titleFr: 'Nouvelles', authors: [{ accountId: newsAuthor.id, role: 'author' }] });
  parents = await createBlog(t.db, { organizationId: org.id, slug: 'parents', titleEn: 'Parents’ blog', titleFr: 'Le blogue des parents' });
  published = await createPost(t.db, { blog: news, createdBy: newsAuthor.id, slug: 'open-house', title: 'Open house', publishedAt: new Date('2026-04-01T12:00:00Z') });
  await createPost(t.db, { blog: news, createdBy: newsAuthor.id, slug: 'own-draft', title: 'Own draft', status: 'draft' });
  await createPost(t.db, { blog: parents, createdBy: reader.id, authors: [reader.id], slug: 'parents-draft', title: 'Parents draft', status: 'draft' });
});
afterAll(() => t.close());

describe('saving and removing favourites', () => {
  it('saves a post, shows it saved, lists it, and removes it', async () => {
    const c = await signIn(t.app, reader);
    const page = await c.get('/o/north/blogs/news/open-house');
    expect(page.body).toContain('action="/o/north/blogs/news/open-house/favourite"');
    const saved = await c.post('/o/north/blogs/news/open-house/favourite', { back: 'post' });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe('/o/north/blogs/news/open-house');
    expect(await favouritesOf(reader.id)).toEqual([published.id]);
    const after = await c.get('/o/north/blogs/news/open-house');
    expect(after.body).toContain('The post was saved to your favourites.');
    expect(after.body).toContain('action="/o/north/blogs/news/open-house/unfavourite"');
    // Saving twice keeps one favourite.
    expect((await c.post('/o/north/blogs/news/open-house/favourite')).statusCode).toBe(303);
    expect(await favouritesOf(reader.id)).toEqual([published.id]);

    const list = await c.get('/account/favourites');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('<a href="/o/north/blogs/news/open-house" lang="en">Open house</a>');
    expect(list.body).toContain('<a href="/o/north/blogs/news">News</a>');
    expect(list.body).toContain('<time datetime="2026-04-01T12:00:00.000Z">');
    expect(list.body).toContain('<caption>');

    const removed = await c.post('/o/north/blogs/news/open-house/unfavourite', { back: 'favourites' });
    expect(removed.statusCode).toBe(303);
    expect(removed.headers.location).toBe('/account/favourites');
    expect(await favouritesOf(reader.id)).toEqual([]);
    expect((await c.get('/account/favourites')).body).toContain('You have not saved any post yet.');
  });

  it('lets an author save a draft they may see, and no one a draft of a blog they do not write in', async () => {
    const author = await signIn(t.app, newsAuthor);
    expect((await author.post('/o/north/blogs/news/own-draft/favourite')).statusCode).toBe(303);
    const notTheirs = await author.post('/o/north/blogs/parents/parents-draft/favourite');
    expect(notTheirs.statusCode).toBe(404);
    expect(await favouritesOf(newsAuthor.id)).toHaveLength(1);
    const stranger = await signIn(t.app, reader);
    expect((await stranger.post('/o/north/blogs/news/own-draft/favourite')).statusCode).toBe(404);
    expect((await stranger.post('/o/north/blogs/news/no-such-post/favourite')).statusCode).toBe(404);
    expect((await stranger.post('/o/nowhere/blogs/news/open-house/favourite')).statusCode).toBe(404);
    expect(await favouritesOf(reader.id)).toEqual([]);
  });

  it('leaves out of the list a saved post that is no longer visible, and shows it again once republished', async () => {
    const c = await signIn(t.app, reader);
    await c.post('/o/north/blogs/news/open-house/favourite');
    await t.db.updateTable('blogPosts').set({ status: 'archived' }).where('id', '=', published.id).execute();
    const hidden = await c.get('/account/favourites');
    expect(hidden.body).not.toContain('Open house');
    await t.db.updateTable('blogPosts').set({ status: 'published' }).where('id', '=', published.id).execute();
    expect((await c.get('/account/favourites')).body).toContain('Open house');
    await c.post('/o/north/blogs/news/open-house/unfavourite');
  });

  it('pages through many favourites, newest saved first', async () => {
    const many = await createAccount(t.db, { org, roles: ['member'] });
    for (let i = 0; i < 32; i++) {
      const p = await createPost(t.db, { blog: news, createdBy: newsAuthor.id, slug: `many-${i}`, title: `Many ${i}` });
      await t.db.insertInto('blogFavourites').values({ accountId: many.id, postId: p.id, createdAt: new Date(Date.UTC(2026, 0, 1, 0, i)) }).execute();
    }
    const c = await signIn(t.app, many);
    const first = await c.get('/account/favourites');
    expect(first.body).toContain('>Many 31<');
    expect(first.body).not.toContain('>Many 1<');
    const next = first.body.match(/href="([^"]+)" rel="next"/)![1]!.replace(/&amp;/g, '&');
    const second = await c.get(next);
    expect(second.statusCode).toBe(200);
    expect(second.body).toContain('>Many 1<');
    expect(second.body).toContain('>Many 0<');
    expect(second.body).not.toContain('>Many 31<');
    expect(second.body).not.toContain('rel="next"');
  });
});

describe('who may save, and bad input', () => {
  it('asks guests to sign in, and refuses their posts', async () => {
    const guest = new TestClient(t.app);
    const page = await guest.get('/o/north/blogs/news/open-house');
    expect(page.body).toContain('href="/sign-in?next=%2Fo%2Fnorth%2Fblogs%2Fnews%2Fopen-house"');
    expect(page.body).not.toContain('/favourite"');
    const before = await t.db.selectFrom('blogFavourites').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect((await guest.post('/o/north/blogs/news/open-house/favourite')).statusCode).toBe(401);
    expect((await guest.post('/o/north/blogs/news/open-house/unfavourite')).statusCode).toBe(401);
    const after = await t.db.selectFrom('blogFavourites').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    const list = await guest.get('/account/favourites');
    expect(list.statusCode).toBe(303);
    expect(list.headers.location).toBe('/sign-in?next=%2Faccount%2Ffavourites');
  });

  it.each([
    ['an unknown place to go back to', { back: 'elsewhere' }],
    ['markup', { back: '<script>alert(1)</script>' }],
    ['an empty value', { back: '' }],
    ['too long a value', { back: 'post'.repeat(100) }],
  ])('answers 400 naming `back` for %s, writing nothing', async (_name, form) => {
    const c = await signIn(t.app, reader);
    const res = await c.post('/o/north/blogs/news/open-house/favourite', form);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('back:');
    expect(await favouritesOf(reader.id)).toEqual([]);
  });

  it('refuses malformed addresses, a missing CSRF token and a bad page cursor', async () => {
    const c = await signIn(t.app, reader);
    expect((await c.post('/o/north/blogs/news/Open_House/favourite')).statusCode).toBe(400);
    expect((await c.post('/o/north/blogs/news/open-house/favourite', {}, { csrf: false })).statusCode).toBe(403);
    expect(await favouritesOf(reader.id)).toEqual([]);
    expect((await c.get('/account/favourites?before=yesterday&beforeId=x')).statusCode).toBe(400);
  });
});
