import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../test/support/build-test-app.js';
import { TestClient } from '../../../../test/support/client.js';
import { createBlog, createPost } from '../../../../test/support/factories/blog.js';
import { createAccount, createOrganization } from '../../../../test/support/factories/identity.js';
import { signIn } from '../../../../test/support/sign-in.js';

const BASE = 'http://localhost:3000';
const TITLE = 'Flu season: masks & “visits” #2';
const POST_URL = `${BASE}/o/north/blogs/news/flu-season`;

let t: TestApp;
let c: TestClient;
let writer: { id: string; email: string };

/** The share section as rendered, and the hrefs of its links by accessible name. */
function shareLinks(html: string): Map<string, string> {
  const section = html.slice(html.indexOf('<section class="share"'), html.indexOf('</section>', html.indexOf('<section class="share"')));
  const links = new Map<string, string>();
  for (const m of section.matchAll(/<a href="([^"]+)"(?: rel="([^"]*)")? aria-label="([^"]+)">/g)) links.set(m[3]!, m[1]!.replace(/&amp;/g, '&'));
  return links;
}

beforeAll(async () => {
  t = await buildTestApp();
  c = new TestClient(t.app);
  const org = await createOrganization(t.db, { slug: 'north' });
  await t.db.updateTable('identityOrganizations').set({ brandColour: '#7a1f5c' }).where('id', '=', org.id).execute();
  writer = await createAccount(t.db, { org, roles: ['member'] });
  const blog = await createBlog(t.db, { organizationId: org.id, slug: 'news', titleEn: 'News', titleFr: 'Nouvelles', authors: [{ accountId: writer.id, role: 'author' }] });
  await createPost(t.db, { blog, createdBy: writer.id, slug: 'flu-season', title: TITLE, excerpt: 'What to know before you visit.' });
  await createPost(t.db, { blog, createdBy: writer.id, slug: 'secret-draft', title: 'Secret draft', status: 'draft' });
});
afterAll(() => t.close());

describe('share links', () => {
  it('links to each network with the post’s absolute URL and title, encoded', async () => {
    const res = await c.get('/o/north/blogs/news/flu-season');
    expect(res.statusCode).toBe(200);
    const links = shareLinks(res.body);
    const u = encodeURIComponent(POST_URL);
    const title = encodeURIComponent(TITLE);
    expect(links.get('Share on Facebook')).toBe(`https://www.facebook.com/sharer/sharer.php?u=${u}`);
    expect(links.get('Share on X')).toBe(`https://x.com/intent/post?text=${title}&url=${u}`);
    expect(links.get('Share on LinkedIn')).toBe(`https://www.linkedin.com/sharing/share-offsite/?url=${u}`);
    expect(links.get('Share on Bluesky')).toBe(`https://bsky.app/intent/compose?text=${encodeURIComponent(`${TITLE} ${POST_URL}`)}`);
    expect(links.get('Share on Reddit')).toBe(`https://www.reddit.com/submit?url=${u}&title=${title}`);
    expect(links.get('Share on Pinterest')).toMatch(new RegExp(`^https://www\\.pinterest\\.com/pin/create/button/\\?url=${u.replace(/[.%]/g, '\\$&')}&media=[^&]+share\\.png[^&]*&description=${title.replace(/[.%]/g, '\\$&')}$`));
    expect(links.get('Share on Tumblr')).toBe(`https://www.tumblr.com/widgets/share/tool?posttype=link&canonicalUrl=${u}&title=${title}`);
    expect(links.get('Share by e-mail')).toBe(`mailto:?subject=${title}&body=${u}`);
    // Decoding gives back exactly the title and the address: nothing lost to & or # in the title.
    expect(new URL(links.get('Share on Reddit')!).searchParams.get('title')).toBe(TITLE);
    expect(new URL(links.get('Share on Reddit')!).searchParams.get('url')).toBe(POST_URL);
    expect(res.body).toMatch(/<a href="https:\/\/www\.facebook\.com[^"]+" rel="noopener noreferrer"/);
    expect(res.body).not.toContain('target="_blank"');
  });

  it('loads no third-party script, pixel, frame or style', async () => {
    const res = await c.get('/o/north/blogs/news/flu-season');
    const scripts = [...res.body.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1]!);
    for (const attrs of scripts) {
      const src = /src="([^"]*)"/.exec(attrs)?.[1];
      if (src) expect(src).toMatch(/^\/assets\//);
      else expect(attrs).toContain('type="application/ld+json"');
    }
    expect(scripts.some((a) => a.includes('src="/assets/share.js"'))).toBe(true);
    expect(res.body).not.toMatch(/<(img|iframe|link|source|video|audio)\b[^>]*(src|href)="(https?:)?\/\/(?!localhost:3000)/);
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
  });

  it('keeps the copy and Web Share buttons hidden until the script finds support for them', async () => {
    const res = await c.get('/o/north/blogs/news/flu-season');
    expect(res.body).toMatch(/<div class="share-actions" hidden data-share-actions data-url="http:\/\/localhost:3000\/o\/north\/blogs\/news\/flu-season"/);
    expect(res.body).toMatch(/<button type="button" class="secondary" hidden data-share-copy>/);
    expect(res.body).toMatch(/<button type="button" class="secondary" hidden data-share-native>/);
  });

  it('shows the section in French with French names for the actions', async () => {
    const res = await c.get('/o/north/blogs/news/flu-season', { 'accept-language': 'fr-CA' });
    expect(res.body).toContain('<section class="share" aria-labelledby="share-title" lang="fr">');
    expect(shareLinks(res.body).has('Partager sur Facebook')).toBe(true);
    expect(shareLinks(res.body).has('Partager par courriel')).toBe(true);
  });
});

describe('GET /share/mastodon', () => {
  const share = (q: Record<string, string>) => c.get(`/share/mastodon?${new URLSearchParams(q).toString()}`);

  it('sends the reader to their own server’s share page with the title and address', async () => {
    for (const instance of ['mastodon.social', ' Mastodon.Social ', 'https://mastodon.social/', '@someone@mastodon.social']) {
      const res = await share({ instance, url: POST_URL, text: TITLE });
      expect(res.statusCode).toBe(303);
      const target = new URL(String(res.headers.location));
      expect(target.origin).toBe('https://mastodon.social');
      expect(target.pathname).toBe('/share');
      expect(target.searchParams.get('text')).toBe(`${TITLE}\n\n${POST_URL}`);
    }
    const idn = await share({ instance: 'tôt.example', url: POST_URL, text: TITLE });
    expect(new URL(String(idn.headers.location)).host).toMatch(/^xn--[a-z0-9-]+\.example$/);
  });

  it.each([
    ['empty', ''],
    ['a single label', 'localhost'],
    ['an IP address', '127.0.0.1'],
    ['with a port', 'mastodon.social:8080'],
    ['with a path', 'mastodon.social/evil'],
    ['with credentials', 'user:pass@mastodon.social'],
    ['javascript', 'javascript:alert(1)'],
    ['markup', '<script>.example'],
    ['too long', `${'a'.repeat(250)}.example`],
    ['another scheme', 'http://mastodon.social'],
  ])('answers 400 naming `instance` when it is %s', async (_name, instance) => {
    const res = await share({ instance, url: POST_URL, text: TITLE });
    expect(res.statusCode).toBe(400);
    expect(res.headers.location).toBeUndefined();
    expect(res.body).toContain('id="f-instance-error"');
    expect(res.body).toContain('aria-describedby="f-instance-hint f-instance-error"');
    // The input is kept in the field's value attribute, and nowhere as markup.
    expect(res.body.replace(/="[^"]*"/g, '=""')).not.toMatch(/<script/i);
  });

  it('refuses to share an address that is not on this site, and a missing instance', async () => {
    const foreign = await share({ instance: 'mastodon.social', url: 'https://evil.example/x', text: 'hi' });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.headers.location).toBeUndefined();
    expect(foreign.body).toContain('href="#f-url"');
    expect(foreign.body).not.toMatch(/<a href="https:\/\/evil\.example/);
    const missing = await c.get(`/share/mastodon?url=${encodeURIComponent(POST_URL)}`);
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('id="f-instance-error"');
    const control = await share({ instance: 'mastodon.social', url: POST_URL, text: 'a\u0007b' });
    expect(control.statusCode).toBe(400);
  });
});

describe('the generated share image', () => {
  it('is a 1200×630 PNG on the organization’s brand colour', async () => {
    const res = await c.get('/o/north/blogs/news/flu-season/share.png?v=1');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
    const meta = await sharp(res.rawPayload).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 1200, 630]);
    const { data, info } = await sharp(res.rawPayload).raw().toBuffer({ resolveWithObject: true });
    const pixel = (x: number, y: number) => [...data.subarray((y * info.width + x) * info.channels, (y * info.width + x) * info.channels + 3)];
    expect(pixel(5, 5)).toEqual([0x7a, 0x1f, 0x5c]);
    // The title is drawn: white pixels where the first line of text sits.
    let white = 0;
    for (let x = 80; x < 700; x++) for (let y = 80; y < 160; y += 4) if (pixel(x, y).every((v) => v > 240)) white++;
    expect(white).toBeGreaterThan(200);
    const again = await c.get('/o/north/blogs/news/flu-season/share.png', { 'if-none-match': String(res.headers.etag) });
    expect(again.statusCode).toBe(304);
  });

  it('is not drawn for a draft a reader may not see, nor for bad input', async () => {
    expect((await c.get('/o/north/blogs/news/secret-draft/share.png')).statusCode).toBe(404);
    expect((await (await signIn(t.app, writer)).get('/o/north/blogs/news/secret-draft/share.png')).statusCode).toBe(200);
    expect((await c.get('/o/north/blogs/news/flu-season/share.png?v=abc')).statusCode).toBe(400);
    expect((await c.get('/o/north/blogs/news/Bad_Slug/share.png')).statusCode).toBe(400);
  });
});
