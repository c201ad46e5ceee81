import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../test/support/build-test-app.js';
import { TestClient } from '../../../../test/support/client.js';
import { createBlog } from '../../../../test/support/factories/blog.js';
import { createAccount, createOrganization } from '../../../../test/support/factories/identity.js';
import { countRows, nonCommunicators, signedInWith, type Signed } from './manage-test-support.js';

let t: TestApp;
let org: { id: string; slug: string };
let communicator: Signed;
let admin: Signed;

beforeAll(async () => {
  t = await buildTestApp();
  org = await createOrganization(t.db, { slug: 'north', nameEn: 'North Hospital', nameFr: 'Hôpital du Nord' });
  communicator = await signedInWith(t, { org, roles: ['communicator', 'member'], displayName: 'Cam Communicator' });
  admin = await signedInWith(t, { org, roles: ['admin', 'member'], displayName: 'Ada Admin' });
});
afterAll(() => t.close());

const VALID = { slug: 'parents', titleEn: 'Parents’ blog', titleFr: 'Blogue des parents', descriptionEn: 'Raising children with disabilities.', descriptionFr: 'Élever des enfants handicapés.', allowGuestComments: 'on' };
const blogRow = (slug: string) => t.db.selectFrom('blogBlogs').selectAll().where('organizationId', '=', org.id).where('slug', '=', slug).executeTakeFirst();
const auditOf = (action: string) => t.db.selectFrom('auditEvents').selectAll().where('action', '=', action).where('organizationId', '=', org.id).orderBy('id').execute();
const authorsOf = (blogId: string) => t.db.selectFrom('blogAuthors').selectAll().where('blogId', '=', blogId).execute();
const fieldError = (body: string, field: string) => body.includes(`id="f-${field}-error"`);

/** Each field of a form, given each kind of bad value, must be named in a 4xx and write nothing. */
const badValues = (max: number) => ({ empty: '', tooLong: 'x'.repeat(max + 1), wrongType: ['one', 'two'], markup: '<b>bold</b>' });

describe('creating a blog', () => {
  it('lets a communicator create a blog with both titles, then sends them to its authors', async () => {
    const form = await communicator.client.get('/o/north/blogs/new');
    expect(form.statusCode).toBe(200);
    expect(form.body).toMatch(/<input[^>]*name="titleFr"[^>]*lang="fr"/);
    const res = await communicator.client.post('/o/north/blogs/new', VALID);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/o/north/blogs/parents/authors');
    const row = await blogRow('parents');
    expect(row).toMatchObject({ titleEn: 'Parents’ blog', titleFr: 'Blogue des parents', descriptionFr: 'Élever des enfants handicapés.', allowGuestComments: true });
    expect((await auditOf('blog.created')).at(-1)).toMatchObject({ actorAccountId: communicator.id, targetId: row!.id });
    const index = await new TestClient(t.app).get('/o/north/blogs/parents');
    expect(index.statusCode).toBe(200);
  });

  it('lets an administrator create one too, without guest comments unless ticked', async () => {
    const { allowGuestComments: _omit, ...rest } = VALID;
    expect((await admin.client.post('/o/north/blogs/new', { ...rest, slug: 'newsroom', descriptionEn: '', descriptionFr: '' })).statusCode).toBe(303);
    expect(await blogRow('newsroom')).toMatchObject({ allowGuestComments: false, descriptionEn: null, descriptionFr: null });
  });

  it('shows the "New blog" link only to those who may create one', async () => {
    expect((await communicator.client.get('/o/north/blogs')).body).toContain('href="/o/north/blogs/new"');
    expect((await new TestClient(t.app).get('/o/north/blogs')).body).not.toContain('href="/o/north/blogs/new"');
    for (const [who, c] of await nonCommunicators(t, org)) expect((await c.get('/o/north/blogs')).body, who).not.toContain('href="/o/north/blogs/new"');
  });

  it('answers 409 on the slug when the address is taken in the organization, and writes nothing', async () => {
    await createBlog(t.db, { organizationId: org.id, slug: 'taken' });
    const before = await countRows(t, 'blogBlogs');
    const res = await communicator.client.post('/o/north/blogs/new', { ...VALID, slug: 'taken' });
    expect(res.statusCode).toBe(409);
    expect(fieldError(res.body, 'slug')).toBe(true);
    expect(res.body).toContain('value="Parents’ blog"');
    expect(await countRows(t, 'blogBlogs')).toBe(before);
    // The same address in another organization is fine.
    const other = await createOrganization(t.db, { slug: 'south' });
    const otherComm = await signedInWith(t, { org: other, roles: ['communicator', 'member'] });
    expect((await otherComm.client.post('/o/south/blogs/new', { ...VALID, slug: 'taken' })).statusCode).toBe(303);
  });

  it('refuses addresses the blog pages use, and badly formed ones', async () => {
    const before = await countRows(t, 'blogBlogs');
    for (const slug of ['new', 'search', 'Parents', 'parents blog', 'a', '-x']) {
      const res = await communicator.client.post('/o/north/blogs/new', { ...VALID, slug });
      expect(res.statusCode, slug).toBe(400);
      expect(fieldError(res.body, 'slug'), slug).toBe(true);
    }
    expect(await countRows(t, 'blogBlogs')).toBe(before);
  });

  it('names each bad field (empty, too long, wrong type, markup) and writes nothing', async () => {
    const before = await countRows(t, 'blogBlogs');
    const limits: Record<string, number> = { slug: 60, titleEn: 120, titleFr: 120, descriptionEn: 500, descriptionFr: 500 };
    for (const [field, max] of Object.entries(limits)) {
      for (const [kind, value] of Object.entries(badValues(max))) {
        if (kind === 'empty' && field.startsWith('description')) continue;
        const res = await communicator.client.post('/o/north/blogs/new', { ...VALID, slug: `ok-${field.toLowerCase()}`, [field]: value });
        expect(res.statusCode, `${field} ${kind}`).toBe(400);
        expect(fieldError(res.body, field), `${field} ${kind}`).toBe(true);
      }
    }
    const empty = await communicator.client.post('/o/north/blogs/new', {});
    expect(empty.statusCode).toBe(400);
    for (const f of ['slug', 'titleEn', 'titleFr']) expect(fieldError(empty.body, f), f).toBe(true);
    expect(await countRows(t, 'blogBlogs')).toBe(before);
  });

  it('sends people who are not signed in to sign in, refuses everyone else, and writes nothing', async () => {
    const before = await countRows(t, 'blogBlogs');
    const anon = new TestClient(t.app);
    const page = await anon.get('/o/north/blogs/new');
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toContain('/sign-in?next=');
    expect((await anon.post('/o/north/blogs/new', { ...VALID, slug: 'anon-blog' })).statusCode).toBe(401);
    const editor = await signedInWith(t, { org, roles: ['member'] });
    const blog = await createBlog(t.db, { organizationId: org.id, authors: [{ accountId: editor.id, role: 'editor' }] });
    const denied: [string, TestClient][] = [...(await nonCommunicators(t, org)), ['editor of a blog', editor.client]];
    for (const [who, c] of denied) {
      expect((await c.get('/o/north/blogs/new')).statusCode, who).toBe(403);
      expect((await c.post('/o/north/blogs/new', { ...VALID, slug: 'denied-blog' })).statusCode, who).toBe(403);
    }
    expect(await countRows(t, 'blogBlogs')).toBe(before + 1);
    expect(blog.slug).toBeTruthy();
    expect((await communicator.client.post('/o/north/blogs/new', VALID, { csrf: false })).statusCode).toBe(403);
    expect((await communicator.client.get('/o/nowhere/blogs/new')).statusCode).toBe(404);
  });
});

describe('blog settings', () => {
  let blog: { id: string; slug: string };
  beforeAll(async () => {
    blog = await createBlog(t.db, { organizationId: org.id, slug: 'news', titleEn: 'News', titleFr: 'Nouvelles' });
  });
  const url = () => `/o/north/blogs/${blog.slug}/settings`;
  const SETTINGS = { titleEn: 'Newsroom', titleFr: 'Salle de presse', descriptionEn: 'Hospital news.', descriptionFr: 'Nouvelles de l’hôpital.', allowGuestComments: 'on' };

  it('shows the form filled in, saves changes and records which fields changed', async () => {
    const page = await communicator.client.get(url());
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('value="News"');
    expect(page.body).toContain(`href="/o/north/blogs/${blog.slug}/authors"`);
    const res = await communicator.client.post(url(), SETTINGS);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(url());
    const row = await blogRow(blog.slug);
    expect(row).toMatchObject({ titleEn: 'Newsroom', titleFr: 'Salle de presse', descriptionEn: 'Hospital news.', allowGuestComments: true });
    const audit = (await auditOf('blog.updated')).at(-1)!;
    expect(audit.targetId).toBe(blog.id);
    expect(JSON.stringify(audit.data)).toContain('allowGuestComments');
    // Unticking the box turns guest comments off.
    const { allowGuestComments: _omit, ...rest } = SETTINGS;
    await communicator.client.post(url(), rest);
    expect((await blogRow(blog.slug))!.allowGuestComments).toBe(false);
  });

  it('offers settings and authors links on the blog index to communicators only', async () => {
    expect((await communicator.client.get(`/o/north/blogs/${blog.slug}`)).body).toContain(`href="${url()}"`);
    expect((await new TestClient(t.app).get(`/o/north/blogs/${blog.slug}`)).body).not.toContain(`href="${url()}"`);
  });

  it('names each bad field and leaves the blog as it was', async () => {
    const before = await blogRow(blog.slug);
    const limits: Record<string, number> = { titleEn: 120, titleFr: 120, descriptionEn: 500, descriptionFr: 500 };
    for (const [field, max] of Object.entries(limits)) {
      for (const [kind, value] of Object.entries(badValues(max))) {
        if (kind === 'empty' && field.startsWith('description')) continue;
        const res = await communicator.client.post(url(), { ...SETTINGS, [field]: value });
        expect(res.statusCode, `${field} ${kind}`).toBe(400);
        expect(fieldError(res.body, field), `${field} ${kind}`).toBe(true);
      }
    }
    expect(await blogRow(blog.slug)).toEqual(before);
  });

  it('refuses authors, editors and outsiders; sends anonymous people to sign in', async () => {
    const before = await blogRow(blog.slug);
    const editor = await signedInWith(t, { org, roles: ['member'] });
    await t.db.insertInto('blogAuthors').values({ blogId: blog.id, accountId: editor.id, role: 'editor' }).execute();
    const denied: [string, TestClient][] = [...(await nonCommunicators(t, org)), ['editor of the blog', editor.client]];
    for (const [who, c] of denied) {
      expect((await c.get(url())).statusCode, who).toBe(403);
      expect((await c.post(url(), { ...SETTINGS, titleEn: 'Hijacked' })).statusCode, who).toBe(403);
    }
    const anon = new TestClient(t.app);
    expect((await anon.get(url())).statusCode).toBe(303);
    expect((await anon.post(url(), SETTINGS)).statusCode).toBe(401);
    expect(await blogRow(blog.slug)).toEqual(before);
    expect((await communicator.client.get('/o/north/blogs/no-such-blog/settings')).statusCode).toBe(404);
  });
});

describe('blog authors', () => {
  let blog: { id: string; slug: string };
  let member: { id: string; email: string };
  let parent: { id: string; email: string };
  beforeAll(async () => {
    blog = await createBlog(t.db, { organizationId: org.id, slug: 'family' });
    member = await createAccount(t.db, { org, roles: ['member'], displayName: 'Morgan Member', email: 'morgan@example.ca' });
    // A parent with an account but no membership in the organization.
    parent = await createAccount(t.db, { displayName: 'Pat Parent', email: 'pat.parent@example.ca' });
  });
  const url = () => `/o/north/blogs/${blog.slug}/authors`;

  it('adds a member as author by e-mail address (any case), and a parent who is not a member as guest', async () => {
    const res = await communicator.client.post(url(), { email: 'MORGAN@Example.ca', role: 'author' });
    expect(res.statusCode).toBe(303);
    const guest = await communicator.client.post(url(), { email: parent.email, role: 'guest' });
    expect(guest.statusCode).toBe(303);
    const rows = await authorsOf(blog.id);
    expect(rows.map((r) => [r.accountId, r.role]).sort()).toEqual([[member.id, 'author'], [parent.id, 'guest']].sort());
    const audits = await auditOf('blog.author_added');
    expect(audits.map((a) => JSON.stringify(a.data)).join()).toContain(parent.id);
    const page = await communicator.client.get(url());
    expect(page.body).toContain('Pat Parent');
    expect(page.body).toContain('<caption');
  });

  it('refuses a non-member as editor or author, an unknown address, and someone already there', async () => {
    const before = await countRows(t, 'blogAuthors');
    const outsider = await createAccount(t.db, { email: 'outsider@example.ca' });
    for (const role of ['editor', 'author']) {
      const res = await communicator.client.post(url(), { email: outsider.email, role });
      expect(res.statusCode, role).toBe(400);
      expect(fieldError(res.body, 'role'), role).toBe(true);
    }
    const unknown = await communicator.client.post(url(), { email: 'nobody@example.ca', role: 'guest' });
    expect(unknown.statusCode).toBe(400);
    expect(fieldError(unknown.body, 'email')).toBe(true);
    const again = await communicator.client.post(url(), { email: member.email, role: 'editor' });
    expect(again.statusCode).toBe(409);
    expect(fieldError(again.body, 'email')).toBe(true);
    expect(await countRows(t, 'blogAuthors')).toBe(before);
    expect(outsider.id).toBeTruthy();
  });

  it('changes a role, refuses promoting a guest who is not a member, and removes an author', async () => {
    const change = await communicator.client.post(`${url()}/${member.id}`, { role: 'editor' });
    expect(change.statusCode).toBe(303);
    expect((await authorsOf(blog.id)).find((r) => r.accountId === member.id)?.role).toBe('editor');
    expect(JSON.stringify((await auditOf('blog.author_role_changed')).at(-1)!.data)).toContain('"to":"editor"');

    const promote = await communicator.client.post(`${url()}/${parent.id}`, { role: 'author' });
    expect(promote.statusCode).toBe(400);
    expect(fieldError(promote.body, `role-${parent.id}`)).toBe(true);
    expect((await authorsOf(blog.id)).find((r) => r.accountId === parent.id)?.role).toBe('guest');

    const remove = await communicator.client.post(`${url()}/${parent.id}/remove`);
    expect(remove.statusCode).toBe(303);
    expect((await authorsOf(blog.id)).some((r) => r.accountId === parent.id)).toBe(false);
    expect((await auditOf('blog.author_removed')).at(-1)!.targetId).toBe(blog.id);
    expect((await communicator.client.post(`${url()}/${parent.id}/remove`)).statusCode).toBe(404);
    expect((await communicator.client.post(`${url()}/${parent.id}`, { role: 'guest' })).statusCode).toBe(404);
  });

  it('lets an editor of the blog manage its authors, but not a plain author', async () => {
    const editor = await signedInWith(t, { org, roles: ['member'] });
    const author = await signedInWith(t, { org, roles: ['member'] });
    await t.db.insertInto('blogAuthors').values([{ blogId: blog.id, accountId: editor.id, role: 'editor' }, { blogId: blog.id, accountId: author.id, role: 'author' }]).execute();
    expect((await editor.client.get(url())).statusCode).toBe(200);
    expect((await author.client.get(url())).statusCode).toBe(403);
    expect((await author.client.post(url(), { email: parent.email, role: 'guest' })).statusCode).toBe(403);
    expect((await author.client.post(`${url()}/${editor.id}/remove`)).statusCode).toBe(403);
    expect((await editor.client.post(url(), { email: parent.email, role: 'guest' })).statusCode).toBe(303);
  });

  it('names each bad field and writes nothing', async () => {
    const before = await countRows(t, 'blogAuthors');
    const auditsBefore = await countRows(t, 'auditEvents');
    const cases: [string, Record<string, string | string[]>][] = [
      ['email', { email: '', role: 'guest' }],
      ['email', { email: `${'x'.repeat(250)}@example.ca`, role: 'guest' }],
      ['email', { email: ['a@example.ca', 'b@example.ca'], role: 'guest' }],
      ['email', { email: '<script>@example.ca', role: 'guest' }],
      ['role', { email: parent.email, role: '' }],
      ['role', { email: parent.email, role: 'owner' }],
      ['role', { email: parent.email, role: ['guest', 'editor'] }],
      ['role', { email: parent.email, role: '<b>guest</b>' }],
    ];
    for (const [field, form] of cases) {
      const res = await communicator.client.post(url(), form);
      expect(res.statusCode, JSON.stringify(form)).toBe(400);
      expect(fieldError(res.body, field), JSON.stringify(form)).toBe(true);
    }
    const bad = await communicator.client.post(`${url()}/${member.id}`, { role: 'owner' });
    expect(bad.statusCode).toBe(400);
    expect(fieldError(bad.body, `role-${member.id}`)).toBe(true);
    expect((await communicator.client.post(`${url()}/not-a-uuid`, { role: 'guest' })).statusCode).toBe(400);
    expect(await countRows(t, 'blogAuthors')).toBe(before);
    expect(await countRows(t, 'auditEvents')).toBe(auditsBefore);
  });

  it('refuses outsiders and anonymous people, and writes nothing', async () => {
    const before = await countRows(t, 'blogAuthors');
    for (const [who, c] of await nonCommunicators(t, org)) {
      expect((await c.get(url())).statusCode, who).toBe(403);
      expect((await c.post(url(), { email: parent.email, role: 'guest' })).statusCode, who).toBe(403);
      expect((await c.post(`${url()}/${member.id}`, { role: 'guest' })).statusCode, who).toBe(403);
      expect((await c.post(`${url()}/${member.id}/remove`)).statusCode, who).toBe(403);
    }
    const anon = new TestClient(t.app);
    expect((await anon.get(url())).statusCode).toBe(303);
    expect((await anon.post(url(), { email: parent.email, role: 'guest' })).statusCode).toBe(401);
    expect(await countRows(t, 'blogAuthors')).toBe(before);
  });
});
