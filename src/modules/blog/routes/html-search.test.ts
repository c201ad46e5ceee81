import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../test/support/build-test-app.js';
import { TestClient } from '../../../../test/support/client.js';
import { createBlog, createPost } from '../../../../test/support/factories/blog.js';
import { createAccount, createOrganization } from '../../../../test/support/factories/identity.js';
import { signIn } from '../../../../test/support/sign-in.js';

let t: TestApp;
let writer: { id: string; email: string };

beforeAll(async () => {
  t = await buildTestApp();
  const org = await createOrganization(t.db, { slug: 'north' });
  const other = await createOrganization(t.db, { slug: 'south' });
  writer = await createAccount(t.db, { org, roles: ['communicator', 'member'] });
  const news = await createBlog(t.db, { organizationId: org.id, slug: 'news', titleEn: 'News', titleFr: 'Nouvelles' });
  const parents = await createBlog(t.db, { organizationId: org.id, slug: 'parents', titleEn: 'Parents', titleFr: 'Parents' });
  const southBlog = await createBlog(t.db, { organizationId: other.id, slug: 'news' });
  await createPost(t.db, { blog: news, createdBy: writer.id, slug: 'new-wing', lang: 'en', title: 'A new wing', bodyMd: 'The **hospital** opens a new wing for children this spring.' });
  await createPost(t.db, { blog: parents, createdBy: writer.id, slug: 'nouvelle-aile', lang: 'fr', title: 'Une nouvelle aile', bodyMd: 'L’hôpital ouvre une nouvelle aile pour les enfants ce printemps.' });
  await createPost(t.db, { blog: news, createdBy: writer.id, slug: 'draft-plan', lang: 'en', title: 'Secret hospital plan', status: 'draft', bodyMd: 'A hospital draft nobody may find.' });
  await createPost(t.db, { blog: news, createdBy: writer.id, slug: 'scheduled', lang: 'en', title: 'Scheduled hospital news', status: 'scheduled', publishAt: new Date(Date.now() + 86_400_000), bodyMd: 'Hospital news to come.' });
  await createPost(t.db, { blog: southBlog, createdBy: writer.id, slug: 'south-news', lang: 'en', title: 'South hospital news', bodyMd: 'The other hospital.' });
  await createPost(t.db, {
    blog: news,
    createdBy: writer.id,
    slug: 'tricky',
    lang: 'en',
    title: 'Visiting hours at the <b>clinic</b>',
    bodyMd: 'Clinic visiting hours changed. <script>alert(1)</script> <img src=x onerror=alert(2)> [clinic map](javascript:alert(3)) &lt;b&gt;',
  });
});
afterAll(() => t.close());

const search = (query: string, c = new TestClient(t.app)) => c.get(`/o/north/blogs/search?${query}`);
const fieldError = (body: string, field: string) => body.includes(`id="f-${field}-error"`);
// The page number has no field of its own on the form: the error summary names it.
const named = (body: string, field: string) => (field === 'page' ? body.includes('href="#f-page"') : fieldError(body, field));

describe('searching posts', () => {
  it('finds "hospital" when a reader types "hospitals" (English stemming), with the match marked', async () => {
    const res = await search('q=hospitals');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('href="/o/north/blogs/news/new-wing"');
    expect(res.body).toContain('<mark>hospital</mark>');
  });

  it('finds "hôpital" when a reader types "hôpitaux" (French stemming)', async () => {
    const res = await search(`q=${encodeURIComponent('hôpitaux')}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('href="/o/north/blogs/parents/nouvelle-aile"');
    expect(res.body).toMatch(/<article lang="fr"/);
    expect(res.body).toContain('<mark>hôpital</mark>');
  });

  it('filters by language when asked', async () => {
    const en = await search('q=hospital&lang=en');
    expect(en.body).toContain('new-wing');
    const fr = await search(`q=${encodeURIComponent('hôpital')}&lang=fr`);
    expect(fr.body).toContain('nouvelle-aile');
    expect(fr.body).not.toContain('new-wing');
  });

  it('never returns drafts, scheduled posts or another organization’s posts, even to their writer', async () => {
    for (const c of [new TestClient(t.app), await signIn(t.app, writer)]) {
      const res = await search('q=hospital', c);
      expect(res.statusCode).toBe(200);
      expect(res.body).not.toContain('Secret hospital plan');
      expect(res.body).not.toContain('draft-plan');
      expect(res.body).not.toContain('Scheduled hospital news');
      expect(res.body).not.toContain('South hospital news');
    }
    const south = await new TestClient(t.app).get('/o/south/blogs/search?q=hospital');
    expect(south.body).toContain('South hospital news');
    expect(south.body).not.toContain('new-wing');
  });

  it('shows titles and snippets as text, never as markup', async () => {
    const res = await search('q=clinic');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('tricky');
    // Words of the post appear as text; no element or attribute is built from them.
    expect(res.body).not.toMatch(/<script|<img src=x|<[a-z]+[^>]*\sonerror=|href="javascript:/i);
    expect(res.body).not.toContain('<b>clinic</b>');
    expect(res.body).toContain('Visiting hours at the &lt;b>clinic&lt;/b>');
    expect(res.body).toMatch(/<mark>[Cc]linic<\/mark>/);
  });

  it('says so when nothing matches, and a query of common words only matches nothing', async () => {
    const none = await search('q=zebra');
    expect(none.statusCode).toBe(200);
    expect(none.body).toContain('No published post matches these words.');
    expect((await search('q=the')).statusCode).toBe(200);
  });

  it('answers 400 naming the field for a missing, empty, too long, repeated or marked-up query, and bad filters', async () => {
    const cases: [string, string][] = [
      ['q', ''],
      ['q', 'q='],
      ['q', 'q=%20%20'],
      ['q', `q=${'a'.repeat(201)}`],
      ['q', 'q=one&q=two'],
      ['q', `q=${encodeURIComponent('<script>alert(1)</script>')}`],
      ['lang', 'q=hospital&lang=de'],
      ['page', 'q=hospital&page=0'],
      ['page', 'q=hospital&page=abc'],
    ];
    for (const [field, query] of cases) {
      const res = await search(query);
      expect(res.statusCode, query).toBe(400);
      expect(named(res.body, field), query).toBe(true);
      // The query is kept in the field's quoted value (where < is inert) and nowhere else.
      expect(res.body.replace(/ value="[^"]*"/g, ''), query).not.toContain('<script>alert');
    }
    expect((await new TestClient(t.app).get('/o/nowhere/blogs/search?q=hospital')).statusCode).toBe(404);
  });

  it('offers the search form on the blog list and on each blog', async () => {
    for (const url of ['/o/north/blogs', '/o/north/blogs/news']) {
      const res = await new TestClient(t.app).get(url);
      expect(res.body, url).toMatch(/<form method="get" action="\/o\/north\/blogs\/search" role="search"/);
    }
  });

  it('pages through many results', async () => {
    const org = await t.db.selectFrom('identityOrganizations').select('id').where('slug', '=', 'north').executeTakeFirstOrThrow();
    const blog = await createBlog(t.db, { organizationId: org.id, slug: 'many' });
    for (let i = 0; i < 22; i++) await createPost(t.db, { blog, createdBy: writer.id, slug: `volunteer-${i}`, title: `Volunteer story ${i}`, bodyMd: 'Volunteers help families.' });
    const first = await search('q=volunteers');
    expect(first.body.match(/<article /g)).toHaveLength(20);
    const next = first.body.match(/href="([^"]+)" rel="next"/)![1]!.replace(/&amp;/g, '&');
    const second = await new TestClient(t.app).get(next);
    expect(second.body.match(/<article /g)).toHaveLength(2);
    expect(second.body).toContain('rel="prev"');
  });
});
