import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../app.js';
import { loadConfig } from '../../../config.js';
import type { DbHandle } from '../../../platform/db/create-db.js';
import type { Db } from '../../../platform/db/types.js';
import { buildTestApp, type TestApp } from '../../../../test/support/build-test-app.js';
import { TestClient } from '../../../../test/support/client.js';
import { createBlog, createPost } from '../../../../test/support/factories/blog.js';
import { createAccount, createOrganization } from '../../../../test/support/factories/identity.js';
import { signedInWith, type Signed } from '../../../../test/support/roles.js';
import { signIn } from '../../../../test/support/sign-in.js';
import { reopenableDatabase } from '../../../../test/support/test-db.js';
import { newId } from '../../../platform/db/ids.js';
import { dateToTorontoLocal } from '../post-fields.js';

let t: TestApp;
let org: { id: string; slug: string };
let blog: { id: string; slug: string; organizationId: string };
let communicator: Signed;
let editor: Signed;
let author: Signed;
let otherAuthor: Signed;
let member: Signed;
let moderator: Signed;
let otherAdmin: Signed;

beforeAll(async () => {
  t = await buildTestApp();
  org = await createOrganization(t.db, { slug: 'north' });
  const other = await createOrganization(t.db, { slug: 'south' });
  communicator = await signedInWith(t, { org, roles: ['communicator', 'member'], displayName: 'Cora Communicator' });
  editor = await signedInWith(t, { org, roles: ['member'], displayName: 'Eddie Editor' });
  author = await signedInWith(t, { org, roles: ['member'], displayName: 'Ava Author' });
  otherAuthor = await signedInWith(t, { org, roles: ['member'], displayName: 'Otto Author' });
  member = await signedInWith(t, { org, roles: ['member'] });
  moderator = await signedInWith(t, { org, roles: ['moderator', 'member'] });
  otherAdmin = await signedInWith(t, { org: other, roles: ['admin', 'communicator', 'member'] });
  blog = await createBlog(t.db, {
    organizationId: org.id,
    slug: 'news',
    titleEn: 'News',
    titleFr: 'Nouvelles',
    authors: [
      { accountId: editor.id, role: 'editor' },
      { accountId: author.id, role: 'author' },
      { accountId: otherAuthor.id, role: 'author' },
    ],
  });
});
afterAll(() => t.close());

const base = '/o/north/blogs/news';
const form = (over: Record<string, string | string[]> = {}) => ({ title: 'A fresh post', slug: '', lang: 'en', translationOf: '', excerpt: '', body: 'Some **text**.', tags: '', action: 'save', ...over });
const postBySlug = (slug: string) => t.db.selectFrom('blogPosts').selectAll().where('blogId', '=', blog.id).where('slug', '=', slug).executeTakeFirst();
const countOf = async (table: 'blogPosts' | 'blogPostRevisions' | 'jobsQueue' | 'auditEvents') => Number((await t.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
const writes = async () => ({ posts: await countOf('blogPosts'), revisions: await countOf('blogPostRevisions'), jobs: await countOf('jobsQueue'), audit: await countOf('auditEvents') });
const jobsFor = (postId: string) =>
  t.db
    .selectFrom('jobsQueue')
    .selectAll()
    .where((eb) => eb.or([eb('dedupeKey', '=', `blog.post.published:${postId}`), eb('dedupeKey', 'like', `blog.post.publish-scheduled:${postId}:%`)]))
    .orderBy('createdAt')
    .execute();
const revisionsOf = (postId: string) => t.db.selectFrom('blogPostRevisions').selectAll().where('postId', '=', postId).orderBy('createdAt').orderBy('id').execute();
const inMinutes = (n: number) => new Date(Date.now() + n * 60_000);
/** Makes a queued job due now, as the clock reaching its time would. */
const makeDue = (db: Db, dedupeKey: string) => db.updateTable('jobsQueue').set({ runAt: new Date(Date.now() - 1000) }).where('dedupeKey', '=', dedupeKey).execute();

describe('the editor’s desk', () => {
  it('lists every post of the blog with its status, language, last update and schedule', async () => {
    await createPost(t.db, { blog, createdBy: editor.id, slug: 'desk-draft', title: 'Desk draft', status: 'draft' });
    await createPost(t.db, { blog, createdBy: editor.id, slug: 'desk-planned', title: 'Desk planned', status: 'scheduled', publishAt: inMinutes(90), lang: 'fr' });
    const res = await communicator.client.get(`${base}/desk`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Desk draft');
    expect(res.body).toMatch(/<span lang="fr">Desk planned<\/span>/);
    expect(res.body).toContain(`href="${base}/desk-draft/edit"`);
    expect(res.body).toContain(`href="${base}/desk-draft/history"`);
    expect(res.body).toContain(`href="${base}/new"`);
    expect(res.body).toContain('<caption id="desk-caption">');
    expect((await author.client.get(`${base}/desk`)).statusCode).toBe(200);
  });

  it('sends people who are not signed in to sign in, and refuses members and other organizations', async () => {
    const anon = await new TestClient(t.app).get(`${base}/desk`);
    expect(anon.statusCode).toBe(303);
    expect(anon.headers.location).toBe(`/sign-in?next=${encodeURIComponent(`${base}/desk`)}`);
    for (const who of [member, moderator, otherAdmin]) expect((await who.client.get(`${base}/desk`)).statusCode).toBe(403);
    expect((await communicator.client.get('/o/north/blogs/nothing/desk')).statusCode).toBe(404);
  });
});

describe('writing a new post', () => {
  it('shows an empty form with the blog’s authors, the actor checked', async () => {
    const res = await editor.client.get(`${base}/new`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(`action="${base}/new"`);
    expect(res.body).toMatch(new RegExp(`value="${editor.id}" checked`));
    expect(res.body).toContain('Ava Author');
    expect(res.body).toContain('value="publish"');
  });

  it('saves a draft with a slug made from the title, tags, authors and a first revision', async () => {
    const before = await writes();
    const res = await editor.client.post(`${base}/new`, form({ title: 'L’été à l’hôpital : Œuvres', tags: 'Pédiatrie, Family life, pediatrie', authors: [editor.id, author.id], excerpt: 'Short.' }));
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${base}/l-ete-a-l-hopital-oeuvres/edit`);
    const post = (await postBySlug('l-ete-a-l-hopital-oeuvres'))!;
    expect(post).toMatchObject({ status: 'draft', lang: 'en', title: 'L’été à l’hôpital : Œuvres', excerpt: 'Short.', publishedAt: null, createdBy: editor.id });
    expect(post.bodyHtml).toContain('<strong>text</strong>');
    const tags = await t.db.selectFrom('blogPostTags').select(['tag', 'label']).where('postId', '=', post.id).orderBy('tag').execute();
    expect(tags).toEqual([
      { tag: 'family-life', label: 'Family life' },
      { tag: 'pediatrie', label: 'Pédiatrie' },
    ]);
    const authors = await t.db.selectFrom('blogPostAuthors').select('accountId').where('postId', '=', post.id).orderBy('position').execute();
    expect(authors.map((a) => a.accountId)).toEqual([editor.id, author.id]);
    expect(await revisionsOf(post.id)).toHaveLength(1);
    expect((await writes()).jobs).toBe(before.jobs);

    const again = await editor.client.post(`${base}/new`, form({ title: 'L’été à l’hôpital : Œuvres' }));
    expect(again.headers.location).toBe(`${base}/l-ete-a-l-hopital-oeuvres-2/edit`);
    const reserved = await editor.client.post(`${base}/new`, form({ title: 'Desk' }));
    expect(reserved.headers.location).toBe(`${base}/desk-2/edit`);
  });

  it('previews the sanitized rendering below the form without saving anything', async () => {
    const before = await writes();
    const res = await editor.client.post(
      `${base}/new`,
      form({ action: 'preview', title: 'Preview me', body: '## Section\n\nHello <script>alert(1)</script> [x](javascript:alert(1)) ![](https://example.ca/a.png)' }),
    );
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('id="preview"');
    expect(res.body).toContain('<h4>Section</h4>');
    expect(res.body).toContain('value="Preview me"');
    expect(res.body).not.toContain('<script>alert');
    expect(res.body).not.toMatch(/href="javascript:/i);
    // The missing image description is announced before anyone tries to publish.
    expect(res.body).toMatch(/Describe every image before publishing/);
    expect(await writes()).toEqual(before);
  });

  it('publishes at once: published_at set, the published job queued once, an audit row', async () => {
    const res = await editor.client.post(`${base}/new`, form({ title: 'Published straight away', action: 'publish' }));
    expect(res.statusCode).toBe(303);
    const post = (await postBySlug('published-straight-away'))!;
    expect(post.status).toBe('published');
    expect(post.publishedAt).toBeInstanceOf(Date);
    const jobs = await jobsFor(post.id);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ name: 'blog.post.published', dedupeKey: `blog.post.published:${post.id}`, payload: { postId: post.id } });
    const audit = await t.db.selectFrom('auditEvents').selectAll().where('targetId', '=', post.id).execute();
    expect(audit.map((a) => [a.action, a.actorAccountId])).toEqual([['blog.post.published', editor.id]]);
    expect((await new TestClient(t.app).get(`${base}/published-straight-away`)).statusCode).toBe(200);

    // Back to draft and out again: the first publication date and the single job stay.
    const edit = `${base}/published-straight-away/edit`;
    expect((await editor.client.post(edit, form({ title: 'Published straight away', action: 'unpublish' }))).statusCode).toBe(303);
    expect((await postBySlug('published-straight-away'))!.status).toBe('draft');
    expect((await new TestClient(t.app).get(`${base}/published-straight-away`)).statusCode).toBe(404);
    expect((await editor.client.post(edit, form({ title: 'Published straight away', action: 'publish' }))).statusCode).toBe(303);
    const again = (await postBySlug('published-straight-away'))!;
    expect(again.publishedAt!.getTime()).toBe(post.publishedAt!.getTime());
    expect(await jobsFor(post.id)).toHaveLength(1);
    expect(await revisionsOf(post.id)).toHaveLength(3);
  });

  it('refuses people who may not write in the blog, writing nothing', async () => {
    const before = await writes();
    for (const who of [member, moderator, otherAdmin]) {
      expect((await who.client.get(`${base}/new`)).statusCode).toBe(403);
      expect((await who.client.post(`${base}/new`, form({ title: 'Intruder' }))).statusCode).toBe(403);
    }
    const anon = new TestClient(t.app);
    expect((await anon.get(`${base}/new`)).statusCode).toBe(303);
    expect((await anon.post(`${base}/new`, form({ title: 'Intruder' }))).statusCode).toBe(401);
    expect(await writes()).toEqual(before);
  });
});

describe('bad input', () => {
  const long = (n: number) => 'x'.repeat(n);
  const cases: [string, Record<string, string | string[]>][] = [
    ['title', { title: '' }],
    ['title', { title: '   ' }],
    ['title', { title: long(201) }],
    ['title', { title: ['one', 'two'] }],
    ['title', { title: 'Hello <b>world</b>' }],
    ['title', { title: 'Bell\u0007' }],
    ['slug', { slug: 'Not A Slug' }],
    ['slug', { slug: long(121) }],
    ['slug', { slug: ['a', 'b'] }],
    ['slug', { slug: '<script>' }],
    ['slug', { slug: 'desk' }],
    ['slug', { slug: 'subscriptions' }],
    ['lang', { lang: '' }],
    ['lang', { lang: 'de' }],
    ['lang', { lang: ['en', 'fr'] }],
    ['translationOf', { translationOf: 'not-a-uuid' }],
    ['translationOf', { translationOf: newId() }],
    ['excerpt', { excerpt: long(501) }],
    ['excerpt', { excerpt: 'Nice <img src=x onerror=alert(1)>' }],
    ['excerpt', { excerpt: ['a', 'b'] }],
    ['body', { body: long(100_001) }],
    ['body', { body: 'nul \u0000 byte' }],
    ['body', { body: ['a', 'b'] }],
    ['tags', { tags: 'fine, <script>' }],
    ['tags', { tags: `ok, ${long(41)}` }],
    ['tags', { tags: Array.from({ length: 11 }, (_, i) => `tag ${i}`).join(', ') }],
    ['tags', { tags: 'good, !!!' }],
    ['tags', { tags: long(601) }],
    ['tags', { tags: ['a', 'b'] }],
    ['authors', { authors: 'not-a-uuid' }],
    ['authors', { authors: newId() }],
    ['publishAt', { publishAt: 'tomorrow', action: 'schedule' }],
    ['publishAt', { publishAt: '2030-02-30T10:00', action: 'schedule' }],
    ['publishAt', { publishAt: '', action: 'schedule' }],
    ['publishAt', { publishAt: '2020-01-01T10:00', action: 'schedule' }],
    ['action', { action: 'delete-everything' }],
  ];
  it.each(cases)('%s: %j → 400 naming the field, nothing written', async (field, over) => {
    const before = await writes();
    const res = await editor.client.post(`${base}/new`, form(over));
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain(`href="#f-${field}"`);
    if (field !== 'action') expect(res.body).toContain(`id="f-${field}-error"`);
    expect(await writes()).toEqual(before);
  });

  it('refuses a slug another post of the blog has with 409 on the slug field', async () => {
    await createPost(t.db, { blog, createdBy: editor.id, slug: 'taken-slug', title: 'Taken' });
    const before = await writes();
    const res = await editor.client.post(`${base}/new`, form({ slug: 'taken-slug' }));
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain('id="f-slug-error"');
    expect(res.body).toContain('value="A fresh post"');
    expect(await writes()).toEqual(before);
    await createPost(t.db, { blog, createdBy: editor.id, slug: 'mine-slug', title: 'Mine', status: 'draft' });
    expect((await editor.client.post(`${base}/mine-slug/edit`, form({ slug: 'taken-slug' }))).statusCode).toBe(409);
  });

  it('blocks publishing an image without a description, and a cover without one, naming the field', async () => {
    const before = await writes();
    const noAlt = await editor.client.post(`${base}/new`, form({ title: 'Image post', body: 'Look:\n\n![](https://example.ca/photo.jpg)', action: 'publish' }));
    expect(noAlt.statusCode).toBe(400);
    expect(noAlt.body).toContain('id="f-body-error"');
    const empty = await editor.client.post(`${base}/new`, form({ title: 'Empty post', body: '', action: 'publish' }));
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('id="f-body-error"');
    expect(await writes()).toEqual(before);
    // A draft may still hold it; scheduling is publishing later and is refused the same way.
    expect((await editor.client.post(`${base}/new`, form({ title: 'Image draft', body: '![](https://example.ca/photo.jpg)' }))).statusCode).toBe(303);
    const scheduled = await editor.client.post(`${base}/image-draft/edit`, form({ title: 'Image draft', body: '![](https://example.ca/photo.jpg)', action: 'schedule', publishAt: dateToTorontoLocal(inMinutes(120)) }));
    expect(scheduled.statusCode).toBe(400);
    expect(scheduled.body).toContain('id="f-body-error"');
    const withAlt = await editor.client.post(`${base}/image-draft/edit`, form({ title: 'Image draft', body: '![A nurse reading to a child](https://example.ca/photo.jpg)', action: 'publish' }));
    expect(withAlt.statusCode).toBe(303);

    const covered = await createPost(t.db, { blog, createdBy: editor.id, slug: 'covered', title: 'Covered', status: 'draft' });
    await t.db.updateTable('blogPosts').set({ coverObjectId: newId(), coverAlt: null }).where('id', '=', covered.id).execute();
    expect((await editor.client.get(`${base}/covered/edit`)).body).toContain('id="f-coverAlt"');
    const noCoverAlt = await editor.client.post(`${base}/covered/edit`, form({ title: 'Covered', action: 'publish' }));
    expect(noCoverAlt.statusCode).toBe(400);
    expect(noCoverAlt.body).toContain('id="f-coverAlt-error"');
    expect((await editor.client.post(`${base}/covered/edit`, form({ title: 'Covered', action: 'publish', coverAlt: 'The new wing at dusk' }))).statusCode).toBe(303);
    expect(await postBySlug('covered')).toMatchObject({ status: 'published', coverAlt: 'The new wing at dusk' });
  });
});

describe('editing', () => {
  it('shows the saved values, keeps the address when the title changes, and writes a revision per save', async () => {
    const p = await createPost(t.db, { blog, createdBy: author.id, slug: 'kept-address', title: 'Old title', status: 'draft', tags: [{ tag: 'winter', label: 'Winter' }] });
    const page = await author.client.get(`${base}/kept-address/edit`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('value="Old title"');
    expect(page.body).toContain('value="Winter"');
    const res = await author.client.post(`${base}/kept-address/edit`, form({ title: 'New title', authors: [author.id] }));
    expect(res.headers.location).toBe(`${base}/kept-address/edit`);
    expect(await postBySlug('kept-address')).toMatchObject({ title: 'New title', status: 'draft' });
    expect(await revisionsOf(p.id)).toHaveLength(1);
  });

  it('lets an author without the editor role save drafts only', async () => {
    await createPost(t.db, { blog, createdBy: author.id, slug: 'authors-draft', title: 'Author’s draft', status: 'draft' });
    const url = `${base}/authors-draft/edit`;
    const page = await author.client.get(url);
    expect(page.body).not.toContain('value="publish"');
    const before = await writes();
    for (const action of ['publish', 'schedule', 'archive']) {
      expect((await author.client.post(url, form({ title: 'Author’s draft', action, publishAt: dateToTorontoLocal(inMinutes(60)) }))).statusCode, action).toBe(403);
    }
    expect(await writes()).toEqual(before);
    expect((await postBySlug('authors-draft'))!.status).toBe('draft');
    // Unchecking oneself would lock the author out of their own post: they stay on it.
    expect((await author.client.post(url, form({ title: 'Author’s draft', authors: [] }))).statusCode).toBe(303);
    const names = await t.db.selectFrom('blogPostAuthors').select('accountId').where('postId', '=', (await postBySlug('authors-draft'))!.id).execute();
    expect(names.map((n) => n.accountId)).toEqual([author.id]);
    // A post readers can see is an editor's to change.
    await createPost(t.db, { blog, createdBy: author.id, slug: 'authors-live', title: 'Live', status: 'published' });
    expect((await author.client.post(`${base}/authors-live/edit`, form({ title: 'Changed' }))).statusCode).toBe(403);
    expect((await postBySlug('authors-live'))!.title).toBe('Live');
  });

  it('refuses an author another author’s post, members and other organizations; hides drafts from outsiders', async () => {
    await createPost(t.db, { blog, createdBy: otherAuthor.id, slug: 'not-yours', title: 'Not yours', status: 'draft' });
    await createPost(t.db, { blog, createdBy: otherAuthor.id, slug: 'not-yours-live', title: 'Not yours', status: 'published' });
    const before = await writes();
    expect((await author.client.get(`${base}/not-yours/edit`)).statusCode).toBe(403);
    expect((await author.client.post(`${base}/not-yours/edit`, form({ title: 'Mine now' }))).statusCode).toBe(403);
    for (const who of [member, moderator, otherAdmin]) {
      expect((await who.client.get(`${base}/not-yours/edit`)).statusCode).toBe(404);
      expect((await who.client.post(`${base}/not-yours/edit`, form({ title: 'Mine now' }))).statusCode).toBe(404);
      expect((await who.client.get(`${base}/not-yours-live/edit`)).statusCode).toBe(403);
      expect((await who.client.post(`${base}/not-yours-live/edit`, form({ title: 'Mine now' }))).statusCode).toBe(403);
      expect((await who.client.get(`${base}/not-yours-live/history`)).statusCode).toBe(403);
    }
    expect((await new TestClient(t.app).post(`${base}/not-yours/edit`, form())).statusCode).toBe(401);
    expect(await writes()).toEqual(before);
    expect((await postBySlug('not-yours'))!.title).toBe('Not yours');
    // The blog's editor and the organization's communicators may edit any post.
    expect((await editor.client.get(`${base}/not-yours/edit`)).statusCode).toBe(200);
    expect((await communicator.client.get(`${base}/not-yours/edit`)).statusCode).toBe(200);
  });

  it('archives a post, which readers then no longer see', async () => {
    await createPost(t.db, { blog, createdBy: editor.id, slug: 'to-archive', title: 'To archive' });
    const res = await editor.client.post(`${base}/to-archive/edit`, form({ title: 'To archive', action: 'archive' }));
    expect(res.statusCode).toBe(303);
    expect((await postBySlug('to-archive'))!.status).toBe('archived');
    expect((await new TestClient(t.app).get(`${base}/to-archive`)).statusCode).toBe(404);
    const audit = await t.db.selectFrom('auditEvents').select('action').where('targetId', '=', (await postBySlug('to-archive'))!.id).execute();
    expect(audit.map((a) => a.action)).toEqual(['blog.post.archived']);
  });
});

describe('translations', () => {
  it('links a French post to its English original, and the reading pages link each other with hreflang', async () => {
    await editor.client.post(`${base}/new`, form({ title: 'Visiting hours change', body: 'From Monday.', action: 'publish' }));
    const en = (await postBySlug('visiting-hours-change'))!;
    const start = await editor.client.get(`${base}/new?translationOf=${en.id}`);
    expect(start.body).toMatch(new RegExp(`<option value="${en.id}" selected`));
    expect(start.body).toMatch(/<input type="radio" id="f-lang-1" name="lang" value="fr" checked/);
    const res = await editor.client.post(`${base}/new`, form({ title: 'Les heures de visite changent', lang: 'fr', translationOf: en.id, body: 'Dès lundi.', action: 'publish' }));
    expect(res.statusCode).toBe(303);
    const fr = (await postBySlug('les-heures-de-visite-changent'))!;
    expect(fr.translationGroupId).toBe(en.translationGroupId);
    const enPage = await new TestClient(t.app).get(`${base}/visiting-hours-change`);
    expect(enPage.body).toContain(`href="${base}/les-heures-de-visite-changent" hreflang="fr" lang="fr"`);
    const frPage = await new TestClient(t.app).get(`${base}/les-heures-de-visite-changent`);
    expect(frPage.body).toContain(`href="${base}/visiting-hours-change" hreflang="en" lang="en"`);

    const before = await writes();
    const sameLang = await editor.client.post(`${base}/new`, form({ title: 'Another English one', translationOf: en.id }));
    expect(sameLang.statusCode).toBe(400);
    expect(sameLang.body).toContain('id="f-translationOf-error"');
    const taken = await editor.client.post(`${base}/new`, form({ title: 'Un autre', lang: 'fr', translationOf: en.id }));
    expect(taken.statusCode).toBe(400);
    expect(taken.body).toContain('id="f-translationOf-error"');
    expect(await writes()).toEqual(before);

    // Emptying the field takes the post out of the group.
    await editor.client.post(`${base}/les-heures-de-visite-changent/edit`, form({ title: 'Les heures de visite changent', lang: 'fr', body: 'Dès lundi.', action: 'save' }));
    expect((await postBySlug('les-heures-de-visite-changent'))!.translationGroupId).not.toBe(en.translationGroupId);
  });
});

describe('scheduling', () => {
  it('refuses a time in the past and publishes a scheduled post when its job runs, not before', async () => {
    const p = await createPost(t.db, { blog, createdBy: editor.id, slug: 'planned', title: 'Planned', status: 'draft' });
    const url = `${base}/planned/edit`;
    const before = await writes();
    const past = await editor.client.post(url, form({ title: 'Planned', action: 'schedule', publishAt: dateToTorontoLocal(inMinutes(-5)) }));
    expect(past.statusCode).toBe(400);
    expect(past.body).toContain('id="f-publishAt-error"');
    expect(await writes()).toEqual(before);

    const at = new Date(Math.ceil(inMinutes(120).getTime() / 60_000) * 60_000);
    const res = await editor.client.post(url, form({ title: 'Planned', action: 'schedule', publishAt: dateToTorontoLocal(at) }));
    expect(res.statusCode).toBe(303);
    const scheduled = (await postBySlug('planned'))!;
    expect(scheduled).toMatchObject({ status: 'scheduled', publishedAt: null });
    expect(scheduled.publishAt!.getTime()).toBe(at.getTime());
    const [job] = await jobsFor(p.id);
    expect(job).toMatchObject({ name: 'blog.post.publish-scheduled', status: 'pending', payload: { postId: p.id, publishAt: at.toISOString() } });
    expect(job!.runAt.getTime()).toBe(at.getTime());
    expect((await editor.client.get(url)).body).toContain(`value="${dateToTorontoLocal(at)}"`);
    expect((await editor.client.get(`${base}/desk`)).body).toContain(`datetime="${at.toISOString()}"`);

    await t.worker.drain();
    expect((await postBySlug('planned'))!.status).toBe('scheduled');
    expect((await new TestClient(t.app).get(`${base}/planned`)).statusCode).toBe(404);

    await makeDue(t.db, job!.dedupeKey!);
    await t.worker.drain();
    const published = (await postBySlug('planned'))!;
    expect(published.status).toBe('published');
    expect(published.publishedAt!.getTime()).toBe(at.getTime());
    expect((await jobsFor(p.id)).map((j) => j.name)).toEqual(['blog.post.publish-scheduled', 'blog.post.published']);
    expect((await new TestClient(t.app).get(`${base}/planned`)).statusCode).toBe(200);
    const audit = await t.db.selectFrom('auditEvents').selectAll().where('targetId', '=', p.id).where('action', '=', 'blog.post.published').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actorAccountId).toBe(editor.id);
  });

  it('leaves a post alone when its old schedule comes due after it was rescheduled or unscheduled', async () => {
    const p = await createPost(t.db, { blog, createdBy: editor.id, slug: 'moving', title: 'Moving', status: 'draft' });
    const url = `${base}/moving/edit`;
    const first = dateToTorontoLocal(inMinutes(60));
    const second = dateToTorontoLocal(inMinutes(180));
    await editor.client.post(url, form({ title: 'Moving', action: 'schedule', publishAt: first }));
    await editor.client.post(url, form({ title: 'Moving', action: 'save', publishAt: second }));
    const jobs = await jobsFor(p.id);
    expect(jobs).toHaveLength(2);
    await makeDue(t.db, jobs[0]!.dedupeKey!);
    await t.worker.drain();
    expect((await postBySlug('moving'))!.status).toBe('scheduled');

    await editor.client.post(url, form({ title: 'Moving', action: 'unpublish' }));
    expect(await postBySlug('moving')).toMatchObject({ status: 'draft', publishAt: null });
    await makeDue(t.db, jobs[1]!.dedupeKey!);
    await t.worker.drain();
    expect((await postBySlug('moving'))!.status).toBe('draft');
    expect((await jobsFor(p.id)).filter((j) => j.name === 'blog.post.published')).toEqual([]);
  });
});


async function appOn(handle: DbHandle) {
  const config = loadConfig({ NODE_ENV: 'test', FOYER_PUBLIC_URL: 'http://localhost:3000', FOYER_SECRET: 'test-secret-test-secret-test-secret-0123456789' });
  const built = await buildApp({ config, db: handle.db, logger: false, authRateLimit: 1000 });
  await built.app.ready();
  return built;
}

describe('scheduling across a restart', () => {
  it('publishes a post scheduled before the app stopped, once the new app’s worker runs', { timeout: 90_000 }, async () => {
    const store = await reopenableDatabase(3);
    try {
      const first = await store.open();
      const o = await createOrganization(first.db, { slug: 'restart-org' });
      const writer = await createAccount(first.db, { org: o, roles: ['communicator', 'member'] });
      const b = await createBlog(first.db, { organizationId: o.id, slug: 'desk-blog', authors: [{ accountId: writer.id, role: 'editor' }] });
      const p = await createPost(first.db, { blog: b, createdBy: writer.id, slug: 'after-restart', title: 'After restart', status: 'draft' });
      const before = await appOn(first);
      const client = await signIn(before.app, writer);
      const res = await client.post('/o/restart-org/blogs/desk-blog/after-restart/edit', form({ title: 'After restart', action: 'schedule', publishAt: dateToTorontoLocal(inMinutes(30)) }));
      expect(res.statusCode).toBe(303);
      await before.app.close();
      await first.close();

      const second = await store.open();
      try {
        const after = await appOn(second);
        const key = (await second.db.selectFrom('jobsQueue').select('dedupeKey').where('name', '=', 'blog.post.publish-scheduled').executeTakeFirstOrThrow()).dedupeKey!;
        expect(await after.worker.drain()).toBe(0);
        await makeDue(second.db, key);
        await after.worker.drain();
        const post = await second.db.selectFrom('blogPosts').select(['status', 'publishedAt']).where('id', '=', p.id).executeTakeFirstOrThrow();
        expect(post.status).toBe('published');
        expect(await second.db.selectFrom('jobsQueue').select('status').where('dedupeKey', '=', key).executeTakeFirstOrThrow()).toEqual({ status: 'done' });
        expect(await second.db.selectFrom('jobsQueue').select('name').where('dedupeKey', '=', `blog.post.published:${p.id}`).execute()).toHaveLength(1);
        await after.app.close();
      } finally {
        await second.close();
      }
    } finally {
      await store.remove();
    }
  });
});

describe('revisions', () => {
  it('lists revisions, shows an accessible diff against the current text, and restores one as a new revision', async () => {
    const url = `${base}/new`;
    await editor.client.post(url, form({ title: 'Flu clinic opens', body: 'The clinic opens on Monday at nine.', excerpt: 'Walk in.', action: 'publish' }));
    const edit = `${base}/flu-clinic-opens/edit`;
    await editor.client.post(edit, form({ title: 'Flu clinic opens Tuesday', body: 'The clinic opens on Tuesday at nine.', excerpt: 'Walk in.', action: 'save' }));
    const post = (await postBySlug('flu-clinic-opens'))!;
    const revs = await revisionsOf(post.id);
    expect(revs).toHaveLength(2);

    const history = await editor.client.get(`${base}/flu-clinic-opens/history`);
    expect(history.statusCode).toBe(200);
    expect(history.body).toContain('Eddie Editor');
    expect(history.body).toContain(`href="${base}/flu-clinic-opens/history/${revs[0]!.id}"`);
    expect(history.body).toContain('<caption id="history-caption">');

    const diff = await editor.client.get(`${base}/flu-clinic-opens/history/${revs[0]!.id}`);
    expect(diff.statusCode).toBe(200);
    expect(diff.body).toMatch(/<del><span class="visually-hidden">\[removed\] <\/span><span>Monday<\/span>/);
    expect(diff.body).toMatch(/<ins><span class="visually-hidden">\[added\] <\/span><span>Tuesday<\/span>/);
    expect(diff.body).toContain(`action="${base}/flu-clinic-opens/history/${revs[0]!.id}/restore"`);

    const restored = await editor.client.post(`${base}/flu-clinic-opens/history/${revs[0]!.id}/restore`);
    expect(restored.statusCode).toBe(303);
    const now = (await postBySlug('flu-clinic-opens'))!;
    expect(now).toMatchObject({ title: 'Flu clinic opens', status: 'published', bodyMd: 'The clinic opens on Monday at nine.' });
    expect(await revisionsOf(post.id)).toHaveLength(3);
    const page = await new TestClient(t.app).get(`${base}/flu-clinic-opens`);
    expect(page.body).toContain('Monday at nine');
    expect(page.body).not.toContain('Tuesday');
  });

  it('answers unknown or malformed revisions with 4xx and refuses a restore to those who may not make it', async () => {
    await createPost(t.db, { blog, createdBy: author.id, slug: 'rev-live', title: 'Rev live' });
    const p = (await postBySlug('rev-live'))!;
    const revisionId = newId();
    await t.db.insertInto('blogPostRevisions').values({ id: revisionId, postId: p.id, title: 'Old', excerpt: null, bodyMd: 'Old body', authorAccountId: author.id }).execute();
    expect((await editor.client.get(`${base}/rev-live/history/${newId()}`)).statusCode).toBe(404);
    expect((await editor.client.get(`${base}/rev-live/history/not-a-uuid`)).statusCode).toBe(400);
    const before = await writes();
    expect((await author.client.post(`${base}/rev-live/history/${revisionId}/restore`)).statusCode).toBe(403);
    expect((await member.client.post(`${base}/rev-live/history/${revisionId}/restore`)).statusCode).toBe(403);
    expect((await otherAdmin.client.post(`${base}/rev-live/history/${revisionId}/restore`)).statusCode).toBe(403);
    expect((await new TestClient(t.app).post(`${base}/rev-live/history/${revisionId}/restore`)).statusCode).toBe(401);
    expect((await editor.client.post(`${base}/rev-live/history/${revisionId}/restore`, {}, { csrf: false })).statusCode).toBe(403);
    expect(await writes()).toEqual(before);
    expect((await postBySlug('rev-live'))!.title).toBe('Rev live');
  });
});
