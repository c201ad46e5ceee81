import { parseFeed } from '@rowanmanning/feed-parser';
import { SaxesParser } from 'saxes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../test/support/build-test-app.js';
import { TestClient } from '../../../../test/support/client.js';
import { createBlog, createPost } from '../../../../test/support/factories/blog.js';
import { createAccount, createOrganization } from '../../../../test/support/factories/identity.js';

const BASE = 'http://localhost:3000';
const NASTY = 'Tom & Jerry </script> ]]> twice ]]> <b>bold</b>';

let t: TestApp;
let c: TestClient;
let blog: { id: string; slug: string; organizationId: string };
let nasty: { id: string };
let draftTitle: string;

/** Well-formed XML or a thrown error, whatever the feed parser would forgive. */
function assertWellFormed(xml: string): void {
  const parser = new SaxesParser({ xmlns: true });
  let error: Error | undefined;
  parser.on('error', (e) => {
    error ??= e;
  });
  parser.write(xml).close();
  if (error) throw error;
}

beforeAll(async () => {
  t = await buildTestApp();
  c = new TestClient(t.app);
  const org = await createOrganization(t.db, { slug: 'north' });
  const writer = await createAccount(t.db, { org, roles: ['member'] });
  await t.db.updateTable('identityProfiles').set({ displayName: 'Ada Writer' }).where('accountId', '=', writer.id).execute();
  blog = await createBlog(t.db, { organizationId: org.id, slug: 'news', titleEn: 'News', titleFr: 'Nouvelles', authors: [{ accountId: writer.id, role: 'editor' }] });
  for (let i = 0; i < 22; i++) {
    await createPost(t.db, {
      blog, createdBy: writer.id, slug: `post-${i}`, title: `Post number ${i}`, publishedAt: new Date(Date.UTC(2026, 0, i + 1, 12)),
      tags: i % 2 === 0 ? [{ tag: 'winter', label: 'Winter' }] : [{ tag: 'summer', label: 'Summer' }],
    });
  }
  nasty = await createPost(t.db, {
    blog, createdBy: writer.id, slug: 'nasty', title: NASTY, excerpt: 'Short & <sweet>', publishedAt: new Date(Date.UTC(2026, 1, 1, 12)), lang: 'fr',
    bodyMd: 'See [the wing](/o/north/blogs/news/post-1) and ![A room](/media/0190b5a0-0000-7000-8000-000000000000).\n\n<script>alert(1)</script>',
    tags: [{ tag: 'winter', label: 'Winter' }],
  });
  draftTitle = 'Unpublished draft';
  await createPost(t.db, { blog, createdBy: writer.id, slug: 'draft', title: draftTitle, status: 'draft', tags: [{ tag: 'winter', label: 'Winter' }] });
  await createPost(t.db, { blog, createdBy: writer.id, slug: 'archived', title: 'Archived one', status: 'archived', publishedAt: new Date(Date.UTC(2026, 1, 2)) });
});
afterAll(() => t.close());

describe('RSS and Atom feeds', () => {
  it.each([
    ['rss.xml', 'application/rss+xml; charset=utf-8'],
    ['atom.xml', 'application/atom+xml; charset=utf-8'],
  ])('/%s: the 20 newest published posts, parsed back by an independent parser', async (file, type) => {
    const res = await c.get(`/o/north/blogs/news/${file}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(type);
    assertWellFormed(res.body);
    const feed = parseFeed(res.body);
    expect(feed.title).toBe('News');
    expect(feed.url).toBe(`${BASE}/o/north/blogs/news`);
    expect(feed.self).toBe(`${BASE}/o/north/blogs/news/${file}`);
    expect(feed.language?.toLowerCase()).toBe('en-ca');
    expect(feed.items).toHaveLength(20);
    const titles = feed.items.map((i) => i.title);
    expect(titles[0]).toBe(NASTY);
    expect(titles[1]).toBe('Post number 21');
    expect(titles).not.toContain('Post number 1');
    expect(titles).not.toContain(draftTitle);
    expect(titles).not.toContain('Archived one');
    for (const item of feed.items) {
      expect(item.url).toMatch(new RegExp(`^${BASE}/o/north/blogs/news/[a-z0-9-]+$`));
      expect(item.id).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
      expect(item.published).toBeInstanceOf(Date);
    }
    expect(feed.items[1]!.published!.toISOString()).toBe('2026-01-22T12:00:00.000Z');
    expect(feed.items[0]!.id).toBe(`urn:uuid:${nasty.id}`);
    expect(feed.items[0]!.authors.map((a) => a.name)).toEqual(['Ada Writer']);
    expect(feed.items[0]!.categories.map((x) => x.label ?? x.term)).toEqual(['Winter']);
    const content = feed.items[0]!.content ?? '';
    expect(content).toContain(`href="${BASE}/o/north/blogs/news/post-1"`);
    expect(content).toContain(`src="${BASE}/media/0190b5a0-0000-7000-8000-000000000000"`);
    // The parser decodes entities in HTML content too, so the markup readers get is checked in the raw feed.
    expect(res.body).not.toMatch(/<script/i);
    expect(res.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(feed.items[0]!.description).toBe('Short & <sweet>');
  });

  it('Atom gives each entry its updated date and language', async () => {
    const res = await c.get('/o/north/blogs/news/atom.xml');
    const feed = parseFeed(res.body);
    expect(feed.items[1]!.updated).toBeInstanceOf(Date);
    expect(res.body).toContain('<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en-CA">');
    expect(res.body).toMatch(/<entry xml:lang="fr-CA">\s*<title type="html"><!\[CDATA\[Tom &amp; Jerry &lt;\/script&gt;/);
  });

  it('RSS names authors with dc:creator (its own <author> must be an e-mail address) and marks each item’s language', async () => {
    const res = await c.get('/o/north/blogs/news/rss.xml');
    expect(res.body).toContain('<dc:creator>Ada Writer</dc:creator>');
    expect(res.body).toContain('<dc:language>fr-CA</dc:language>');
    expect(res.body).not.toContain('<author>');
    expect(res.body).toContain('<guid isPermaLink="false">urn:uuid:');
  });

  it('keeps each item’s GUID when the post is edited and renamed', async () => {
    const before = parseFeed((await c.get('/o/north/blogs/news/rss.xml')).body).items.find((i) => i.title === 'Post number 21')!;
    const atomBefore = parseFeed((await c.get('/o/north/blogs/news/atom.xml')).body).items.find((i) => i.title === 'Post number 21')!;
    await t.db.updateTable('blogPosts').set({ title: 'Post number 21, edited', slug: 'post-21-edited', updatedAt: new Date() }).where('blogId', '=', blog.id).where('slug', '=', 'post-21').execute();
    const after = parseFeed((await c.get('/o/north/blogs/news/rss.xml')).body).items.find((i) => i.title === 'Post number 21, edited')!;
    const atomAfter = parseFeed((await c.get('/o/north/blogs/news/atom.xml')).body).items.find((i) => i.title === 'Post number 21, edited')!;
    expect(after.id).toBe(before.id);
    expect(atomAfter.id).toBe(atomBefore.id);
    expect(after.url).toBe(`${BASE}/o/north/blogs/news/post-21-edited`);
    expect(atomAfter.updated!.getTime()).toBeGreaterThan(atomBefore.updated!.getTime());
  });

  it('tag feeds hold only that tag’s published posts', async () => {
    for (const file of ['rss.xml', 'atom.xml']) {
      const res = await c.get(`/o/north/blogs/news/tags/winter/${file}`);
      expect(res.statusCode).toBe(200);
      assertWellFormed(res.body);
      const feed = parseFeed(res.body);
      expect(feed.title).toBe('News: Winter');
      expect(feed.url).toBe(`${BASE}/o/north/blogs/news/tags/winter`);
      expect(feed.items).toHaveLength(12);
      expect(feed.items.every((i) => i.categories.some((x) => (x.label ?? x.term) === 'Winter'))).toBe(true);
      expect(feed.items.map((i) => i.title)).not.toContain(draftTitle);
      expect(feed.items.map((i) => i.title)).not.toContain('Post number 3');
    }
    const empty = parseFeed((await c.get('/o/north/blogs/news/tags/nothing-here/rss.xml')).body);
    expect(empty.items).toHaveLength(0);
  });

  it('answers 304 to a reader that already has the current version', async () => {
    const first = await c.get('/o/north/blogs/news/rss.xml');
    expect(first.headers.etag).toBeTruthy();
    const again = await c.get('/o/north/blogs/news/rss.xml', { 'if-none-match': String(first.headers.etag) });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
  });

  it('is written in French for a French reader', async () => {
    const feed = parseFeed((await c.get('/o/north/blogs/news/rss.xml', { 'accept-language': 'fr-CA' })).body);
    expect(feed.title).toBe('Nouvelles');
    expect(feed.language?.toLowerCase()).toBe('fr-ca');
  });
});

describe('JSON Feed 1.1', () => {
  it('lists the same posts with ids, dates, authors and languages', async () => {
    const res = await c.get('/o/north/blogs/news/feed.json');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/feed+json; charset=utf-8');
    const feed = JSON.parse(res.body);
    expect(feed.version).toBe('https://jsonfeed.org/version/1.1');
    expect(feed.title).toBe('News');
    expect(feed.home_page_url).toBe(`${BASE}/o/north/blogs/news`);
    expect(feed.feed_url).toBe(`${BASE}/o/north/blogs/news/feed.json`);
    expect(feed.language).toBe('en-CA');
    expect(feed.authors).toEqual([{ name: expect.any(String), url: `${BASE}/o/north` }]);
    expect(feed.items).toHaveLength(20);
    const [first] = feed.items;
    expect(first).toMatchObject({ id: `urn:uuid:${nasty.id}`, url: `${BASE}/o/north/blogs/news/nasty`, title: NASTY, summary: 'Short & <sweet>', language: 'fr-CA', authors: [{ name: 'Ada Writer' }], tags: ['Winter'] });
    expect(first.date_published).toBe('2026-02-01T12:00:00.000Z');
    expect(Date.parse(first.date_modified)).not.toBeNaN();
    expect(first.content_html).not.toMatch(/<script/i);
    expect(feed.items.map((i: { title: string }) => i.title)).not.toContain(draftTitle);
    const tagged = JSON.parse((await c.get('/o/north/blogs/news/tags/summer/feed.json')).body);
    expect(tagged.items).toHaveLength(11);
    expect(tagged.items.every((i: { tags: string[] }) => i.tags.includes('Summer'))).toBe(true);
  });
});

describe('autodiscovery and bad addresses', () => {
  it('links the feeds from the head of the blog index, tag pages and posts', async () => {
    const index = (await c.get('/o/north/blogs/news')).body;
    const head = index.slice(0, index.indexOf('</head>'));
    expect(head).toContain(`<link rel="alternate" type="application/rss+xml" title="News (RSS)" href="${BASE}/o/north/blogs/news/rss.xml"`);
    expect(head).toContain(`type="application/atom+xml" title="News (Atom)" href="${BASE}/o/north/blogs/news/atom.xml"`);
    expect(head).toContain(`type="application/feed+json" title="News (JSON Feed)" href="${BASE}/o/north/blogs/news/feed.json"`);
    const tag = (await c.get('/o/north/blogs/news/tags/winter')).body;
    expect(tag.slice(0, tag.indexOf('</head>'))).toContain(`href="${BASE}/o/north/blogs/news/tags/winter/rss.xml"`);
    const post = (await c.get('/o/north/blogs/news/post-3')).body;
    expect(post.slice(0, post.indexOf('</head>'))).toContain(`type="application/rss+xml" title="News (RSS)" href="${BASE}/o/north/blogs/news/rss.xml"`);
  });

  it('answers unknown blogs with 404 and malformed addresses with 400', async () => {
    expect((await c.get('/o/north/blogs/nothing/rss.xml')).statusCode).toBe(404);
    expect((await c.get('/o/nowhere/blogs/news/atom.xml')).statusCode).toBe(404);
    expect((await c.get('/o/north/blogs/News/feed.json')).statusCode).toBe(400);
    expect((await c.get('/o/north/blogs/news/tags/a%20b/rss.xml')).statusCode).toBe(400);
  });
});
