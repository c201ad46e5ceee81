import { SaxesParser } from 'saxes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../test/support/build-test-app.js';
import { TestClient } from '../../../../test/support/client.js';
import { createBlog, createPost } from '../../../../test/support/factories/blog.js';
import { createAccount, createOrganization } from '../../../../test/support/factories/identity.js';
import { signIn } from '../../../../test/support/sign-in.js';
import { newId } from '../../../platform/db/ids.js';
import { metas } from '../../../../test/support/meta-tags.js';

const BASE = 'http://localhost:3000';
const EVIL = 'Masks </script><script>alert(1)</script> & <!-- "quotes"';

let t: TestApp;
let c: TestClient;
let writer: { id: string; email: string };

const headOf = (html: string) => html.slice(0, html.indexOf('</head>'));
type SitemapUrl = { loc: string; lastmod: string; alternates: { hreflang: string; href: string }[] };
/** The sitemap read by an XML parser with namespaces: any malformed byte throws. */
function parseSitemap(xml: string): SitemapUrl[] {
  const parser = new SaxesParser({ xmlns: true });
  const urls: SitemapUrl[] = [];
  let current: SitemapUrl | undefined;
  let field: 'loc' | 'lastmod' | undefined;
  let rootNs = '';
  parser.on('error', (e) => {
    throw e;
  });
  parser.on('opentag', (tag) => {
    if (tag.local === 'urlset') rootNs = tag.uri;
    if (tag.local === 'url') current = { loc: '', lastmod: '', alternates: [] };
    if (tag.local === 'loc' || tag.local === 'lastmod') field = tag.local;
    if (tag.local === 'link' && tag.uri === 'http://www.w3.org/1999/xhtml') {
      current!.alternates.push({ hreflang: String(tag.attributes.hreflang!.value), href: String(tag.attributes.href!.value) });
    }
  });
  parser.on('text', (text) => {
    if (current && field) current[field] += text;
  });
  parser.on('closetag', (tag) => {
    if (tag.local === 'url') urls.push(current!);
    field = undefined;
  });
  parser.write(xml).close();
  expect(rootNs).toBe('http://www.sitemaps.org/schemas/sitemap/0.9');
  return urls;
}

beforeAll(async () => {
  t = await buildTestApp();
  c = new TestClient(t.app);
  const org = await createOrganization(t.db, { slug: 'north', nameEn: 'North Hospital', nameFr: 'Hôpital du Nord' });
  writer = await createAccount(t.db, { org, roles: ['member'], displayName: 'Ada Writer' });
  const blog = await createBlog(t.db, { organizationId: org.id, slug: 'news', titleEn: 'News', titleFr: 'Nouvelles', authors: [{ accountId: writer.id, role: 'author' }] });
  const group = newId();
  await createPost(t.db, { blog, createdBy: writer.id, slug: 'masks', title: EVIL, lang: 'en', translationGroupId: group, excerpt: 'Wear a mask </script> in rooms.', publishedAt: new Date('2026-03-01T15:00:00Z'), tags: [{ tag: 'visiting', label: 'Visiting' }] });
  await createPost(t.db, { blog, createdBy: writer.id, slug: 'masques', title: 'Les masques', lang: 'fr', translationGroupId: group, publishedAt: new Date('2026-03-02T15:00:00Z') });
  await createPost(t.db, { blog, createdBy: writer.id, slug: 'lonely', title: 'Lonely post', bodyMd: 'A body long enough to be the description when there is no excerpt at all.' });
  await createPost(t.db, { blog, createdBy: writer.id, slug: 'draft-one', title: 'Draft one', status: 'draft' });
  const other = await createOrganization(t.db, { slug: 'south' });
  const otherBlog = await createBlog(t.db, { organizationId: other.id, slug: 'stories' });
  await createPost(t.db, { blog: otherBlog, createdBy: writer.id, slug: 'far-away', title: 'Far away' });
});
afterAll(() => t.close());

describe('post page head metadata', () => {
  it('has canonical, Open Graph, Twitter card and language alternates', async () => {
    const res = await c.get('/o/north/blogs/news/masks');
    expect(res.statusCode).toBe(200);
    const head = headOf(res.body);
    const m = metas(head);
    expect(head).toContain(`<link rel="canonical" href="${BASE}/o/north/blogs/news/masks"/>`);
    expect(m.get('og:type')).toEqual(['article']);
    expect(m.get('og:title')).toEqual([EVIL]);
    expect(m.get('og:description')).toEqual(['Wear a mask </script> in rooms.']);
    expect(m.get('og:url')).toEqual([`${BASE}/o/north/blogs/news/masks`]);
    expect(m.get('og:site_name')).toEqual(['North Hospital']);
    expect(m.get('og:locale')).toEqual(['en_CA']);
    expect(m.get('og:locale:alternate')).toEqual(['fr_CA']);
    expect(m.get('og:image')![0]).toMatch(new RegExp(`^${BASE}/o/north/blogs/news/masks/share\\.png\\?v=\\d+$`));
    expect(m.get('og:image:width')).toEqual(['1200']);
    expect(m.get('og:image:height')).toEqual(['630']);
    expect(m.get('og:image:alt')).toEqual([EVIL]);
    expect(m.get('article:published_time')).toEqual(['2026-03-01T15:00:00.000Z']);
    expect(m.get('article:tag')).toEqual(['Visiting']);
    expect(m.get('twitter:card')).toEqual(['summary_large_image']);
    expect(m.get('twitter:title')).toEqual([EVIL]);
    expect(m.get('twitter:image')).toEqual(m.get('og:image'));
    expect(head).toContain(`<link rel="alternate" hreflang="en" href="${BASE}/o/north/blogs/news/masks"/>`);
    expect(head).toContain(`<link rel="alternate" hreflang="fr" href="${BASE}/o/north/blogs/news/masques"/>`);
    expect(m.has('robots')).toBe(false);
    // The generated image the metadata points at exists.
    const image = await c.get(new URL(m.get('og:image')![0]!).pathname);
    expect(image.statusCode).toBe(200);
  });

  it('writes JSON-LD that a title with </script> cannot break out of', async () => {
    const res = await c.get('/o/north/blogs/news/masks');
    const head = headOf(res.body);
    const start = head.indexOf('<script type="application/ld+json">') + '<script type="application/ld+json">'.length;
    const json = head.slice(start, head.indexOf('</script>', start));
    expect(json).not.toMatch(/[<>]/);
    expect(json).toContain('\\u003c/script\\u003e');
    const ld = JSON.parse(json);
    expect(ld).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'Article',
      headline: EVIL,
      url: `${BASE}/o/north/blogs/news/masks`,
      inLanguage: 'en-CA',
      datePublished: '2026-03-01T15:00:00.000Z',
      author: [{ '@type': 'Person', name: 'Ada Writer' }],
      publisher: { '@type': 'Organization', name: 'North Hospital' },
    });
    expect(ld.image[0]).toContain('/share.png');
    // Outside attribute values (where < is inert), the only script elements are the data block and share.js.
    expect(res.body.replace(/="[^"]*"/g, '=""').match(/<script/g)).toHaveLength(2);
  });

  it('describes a post without excerpt from its body, and has no hreflang without translation', async () => {
    const head = headOf((await c.get('/o/north/blogs/news/lonely')).body);
    expect(metas(head).get('og:description')).toEqual(['A body long enough to be the description when there is no excerpt at all.']);
    expect(head).not.toContain('hreflang=');
    expect(metas(head).has('og:locale:alternate')).toBe(false);
  });

  it('asks search engines not to index a draft its author previews', async () => {
    const head = headOf((await (await signIn(t.app, writer)).get('/o/north/blogs/news/draft-one')).body);
    expect(metas(head).get('robots')).toEqual(['noindex']);
    expect(metas(head).has('article:published_time')).toBe(false);
  });
});

describe('sitemap.xml and robots.txt', () => {
  it('lists the published posts and blog pages of every organization with absolute URLs, dates and translations', async () => {
    const res = await c.get('/sitemap.xml');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/xml; charset=utf-8');
    const urls = parseSitemap(res.body);
    const locs = urls.map((u) => u.loc);
    expect(locs).toEqual(
      expect.arrayContaining([
        `${BASE}/o/north/blogs`,
        `${BASE}/o/north/blogs/news`,
        `${BASE}/o/north/blogs/news/masks`,
        `${BASE}/o/north/blogs/news/masques`,
        `${BASE}/o/north/blogs/news/lonely`,
        `${BASE}/o/south/blogs`,
        `${BASE}/o/south/blogs/stories`,
        `${BASE}/o/south/blogs/stories/far-away`,
      ]),
    );
    expect(locs).toHaveLength(8);
    expect(locs.some((l) => l.includes('draft-one'))).toBe(false);
    for (const u of urls) {
      expect(u.loc).toMatch(/^http:\/\/localhost:3000\//);
      expect(new Date(u.lastmod).toISOString()).toBe(u.lastmod);
    }
    const masks = urls.find((u) => u.loc.endsWith('/masks'))!;
    const masques = urls.find((u) => u.loc.endsWith('/masques'))!;
    const pair = [
      { hreflang: 'en', href: `${BASE}/o/north/blogs/news/masks` },
      { hreflang: 'fr', href: `${BASE}/o/north/blogs/news/masques` },
    ];
    expect(masks.alternates).toEqual(expect.arrayContaining(pair));
    expect(masques.alternates).toEqual(expect.arrayContaining(pair));
    expect(urls.find((u) => u.loc.endsWith('/lonely'))!.alternates).toEqual([]);
  });

  it('robots.txt allows public pages, keeps crawlers out of private areas and names the sitemap', async () => {
    const res = await c.get('/robots.txt');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    const lines = res.body.split('\n');
    expect(lines).toEqual(expect.arrayContaining(['User-agent: *', 'Allow: /', 'Disallow: /account', 'Disallow: /admin', 'Disallow: /o/*/admin', 'Disallow: /dev', 'Disallow: /api', `Sitemap: ${BASE}/sitemap.xml`]));
  });
});
