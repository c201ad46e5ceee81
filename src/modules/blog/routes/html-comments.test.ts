import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../app.js';
import { loadConfig } from '../../../config.js';
import { loggerOptions } from '../../../platform/logger.js';
import { buildTestApp, type TestApp } from '../../../../test/support/build-test-app.js';
import { TestClient } from '../../../../test/support/client.js';
import { createBlog, createPost } from '../../../../test/support/factories/blog.js';
import { createComment } from '../../../../test/support/factories/blog-comments.js';
import { createAccount, createOrganization } from '../../../../test/support/factories/identity.js';
import { signIn } from '../../../../test/support/sign-in.js';
import { startSmtpInbox } from '../../../../test/support/smtp-inbox.js';
import { createTestDb } from '../../../../test/support/test-db.js';
import type { FastifyInstance } from 'fastify';

let t: TestApp;
let org: { id: string; slug: string };
let open: { id: string; slug: string; organizationId: string };
let membersOnly: { id: string; slug: string; organizationId: string };
let post: { id: string; slug: string };
let memberPost: { id: string; slug: string };
let writer: { id: string; email: string };

let lastIp = 0;
/** Each reader comes from an address of their own, as the per-address rules expect. */
function fromOwnAddress<C extends TestClient>(c: C): C {
  const ip = `10.1.${Math.floor(++lastIp / 250)}.${(lastIp % 250) + 1}`;
  const send = c.request.bind(c);
  c.request = (opts) => send({ ...opts, remoteAddress: ip });
  return c;
}
const guest = (app: FastifyInstance = t.app, headers: Record<string, string> = {}) => fromOwnAddress(new TestClient(app, headers));

const PAGE = () => `/o/north/blogs/${open.slug}/${post.slug}`;
const COMMENTS = () => `${PAGE()}/comments`;
const countComments = async () => Number((await t.db.selectFrom('blogComments').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
const commentsBy = (email: string) => t.db.selectFrom('blogComments').selectAll().where('guestEmail', '=', email).orderBy('createdAt').execute();
const guestForm = (over: Record<string, string> = {}) => ({ commenter: 'guest', commentName: 'Amélie Roy', commentEmail: 'amelie@example.ca', commentBody: 'Thank you for this post.', ...over });

beforeAll(async () => {
  t = await buildTestApp();
  org = await createOrganization(t.db, { slug: 'north' });
  writer = await createAccount(t.db, { org, roles: ['communicator', 'member'] });
  open = await createBlog(t.db, { organizationId: org.id, slug: 'parents', allowGuestComments: true });
  membersOnly = await createBlog(t.db, { organizationId: org.id, slug: 'news', allowGuestComments: false });
  post = await createPost(t.db, { blog: open, createdBy: writer.id, slug: 'first-steps', title: 'First steps' });
  memberPost = await createPost(t.db, { blog: membersOnly, createdBy: writer.id, slug: 'staff-news', title: 'Staff news' });
  await t.db.insertInto('blogModerationSettings').values({ organizationId: org.id, mrnPattern: 'MRN-#######', blockedWords: ['casino', 'cheap pills'], updatedBy: null }).execute();
});
afterAll(() => t.close());

describe('the comments section of a post', () => {
  it('shows "N Responses", the approved thread two levels deep with names and dates, and the form', async () => {
    const p = await createPost(t.db, { blog: open, createdBy: writer.id, slug: 'thread-post', title: 'Thread post' });
    const top = await createComment(t.db, { organizationId: org.id, postId: p.id, guestName: 'Top Reader', body: 'First line\nsecond line\n\nSecond paragraph' });
    await createComment(t.db, { organizationId: org.id, postId: p.id, parentId: top.id, guestName: 'Reply Reader', body: 'A reply' });
    await createComment(t.db, { organizationId: org.id, postId: p.id, guestName: 'Hidden Reader', body: 'Still held', status: 'held' });
    await createComment(t.db, { organizationId: org.id, postId: p.id, guestName: 'Rejected Reader', body: 'Refused', status: 'rejected' });
    const res = await guest().get(`/o/north/blogs/parents/thread-post`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('id="comments-title">2 Responses</h2>');
    expect(res.body).toContain('Top Reader');
    expect(res.body).toContain('First line</span><br/><span>second line');
    expect(res.body).toMatch(/<ol class="plain-links comment-replies">[\s\S]*Reply Reader/);
    expect(res.body).toMatch(/<time datetime="[^"]+">/);
    expect(res.body).not.toContain('Hidden Reader');
    expect(res.body).not.toContain('Rejected Reader');
    expect(res.body).toContain(`href="/o/north/blogs/parents/thread-post/comments?replyTo=${top.id}"`);
    expect(res.body).toContain('id="f-commentName"');
    expect(res.body).toContain('id="f-commentEmail"');
    expect(res.body).toMatch(/<div class="visually-hidden" aria-hidden="true">\s*<label for="f-website">[^<]+<\/label>\s*<input id="f-website" name="website" type="text" tabindex="-1"/);
    const fr = await guest(t.app, { 'accept-language': 'fr-CA' }).get(`/o/north/blogs/parents/thread-post`);
    expect(fr.body).toContain('2 réponses');
    expect(fr.body).toContain('Laisser une réponse');
  });

  it('asks readers to sign in on a members-only blog, and shows members the form without name or e-mail', async () => {
    const anon = await guest().get(`/o/north/blogs/news/${memberPost.slug}`);
    expect(anon.body).toContain('0 Responses');
    expect(anon.body).toContain(`href="/sign-in?next=${encodeURIComponent(`/o/north/blogs/news/${memberPost.slug}#comments`)}"`);
    expect(anon.body).not.toContain('id="f-commentBody"');
    const member = fromOwnAddress(await signIn(t.app, await createAccount(t.db, { displayName: 'Maya Member' })));
    const res = await member.get(`/o/north/blogs/news/${memberPost.slug}`);
    expect(res.body).toContain('id="f-commentBody"');
    expect(res.body).not.toContain('id="f-commentName"');
    expect(res.body).toContain('Commenting as Maya Member.');
  });

  it('shows moderators the number of comments waiting, and nobody else', async () => {
    await createComment(t.db, { organizationId: org.id, postId: post.id, status: 'held' });
    const moderator = fromOwnAddress(await signIn(t.app, await createAccount(t.db, { org, roles: ['moderator', 'member'] })));
    expect((await moderator.get(PAGE())).body).toMatch(/href="\/o\/north\/blogs\/moderation">\d+ comments? awaiting moderation/);
    expect((await guest().get(PAGE())).body).not.toContain('/o/north/blogs/moderation');
  });
});

describe('posting a comment', () => {
  it('holds a guest’s first comment, hashing the address, and says it awaits moderation', async () => {
    const c = guest();
    const res = await c.post(COMMENTS(), guestForm({ commentEmail: 'First.Timer@Example.ca', commentBody: 'Lovely to read.' }));
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${PAGE()}#comments`);
    const [row] = await commentsBy('first.timer@example.ca');
    expect(row).toMatchObject({ status: 'held', holdReasons: ['first_comment'], guestName: 'Amélie Roy', accountId: null, parentId: null, lang: 'en', redactions: [] });
    expect(row!.ipHash).toMatch(/^[0-9a-f]{64}$/);
    expect(row!.ipHash).not.toContain('10.1.');
    const page = await c.get(PAGE());
    expect(page.body).toContain('Your comment is awaiting moderation.');
    expect(page.body).not.toContain('Lovely to read.');
  });

  it('publishes at once when the author already has an approved comment and nothing else trips', async () => {
    await createComment(t.db, { organizationId: org.id, postId: post.id, guestEmail: 'regular@example.ca', guestName: 'Regular Reader' });
    const c = guest();
    const res = await c.post(COMMENTS(), guestForm({ commentName: 'Regular Reader', commentEmail: 'regular@example.ca', commentBody: 'Me again, thanks!' }));
    expect(res.statusCode).toBe(303);
    const rows = await commentsBy('regular@example.ca');
    const mine = rows.at(-1)!;
    expect(mine).toMatchObject({ status: 'approved', holdReasons: [] });
    expect(res.headers.location).toBe(`${PAGE()}#comment-${mine.id}`);
    const page = await c.get(PAGE());
    expect(page.body).toContain('Your comment is published.');
    expect(page.body).toContain('Me again, thanks!');
    expect(page.body).toContain(`id="comment-${mine.id}"`);
  });

  it.each<[string, Record<string, string>, string[]]>([
    ['a link', { commentBody: 'See https://example.com/cheap for more' }, ['links']],
    ['a bare domain', { commentBody: 'Visit bestdeals.ru today' }, ['links']],
    ['a blocked word', { commentBody: 'Try the CASINO tonight' }, ['blocked_words']],
    ['a blocked phrase', { commentBody: 'Buy cheap pills here' }, ['blocked_words']],
    ['a filled honeypot', { commentBody: 'Nice post', website: 'http://spam.example' }, ['honeypot']],
    ['an Ontario health card number', { commentBody: 'My son’s card is 1234-567-897-AB, can you help?' }, ['phi:ontario_health_card']],
    ['a BC PHN', { commentBody: 'PHN 9698 658 215' }, ['phi:bc_phn']],
    ['a RAMQ number', { commentBody: 'RAMQ TREM 0453 1512' }, ['phi:quebec_health_card']],
    ['a SIN', { commentBody: 'SIN 130 692 544' }, ['phi:sin']],
    ['a medical record number in the organization’s format', { commentBody: 'Chart MRN-1234567 please' }, ['phi:mrn']],
    ['a date of birth', { commentBody: 'She was born on 2019-03-04' }, ['phi:date_of_birth']],
    ['a phone number', { commentBody: 'Call me at (416) 555-0199' }, ['phi:phone']],
  ])('holds a comment with %s, naming the reason', async (_label, form, reasons) => {
    await createComment(t.db, { organizationId: org.id, postId: post.id, guestEmail: 'known@example.ca' });
    const before = (await commentsBy('known@example.ca')).length;
    const c = guest();
    const res = await c.post(COMMENTS(), guestForm({ commentEmail: 'known@example.ca', ...form }));
    expect(res.statusCode).toBe(303);
    const rows = await commentsBy('known@example.ca');
    expect(rows).toHaveLength(before + 1);
    expect(rows.at(-1)).toMatchObject({ status: 'held', holdReasons: reasons });
    const page = await c.get(PAGE());
    if (reasons[0]!.startsWith('phi:')) expect(page.body).toContain('It seems to contain personal health information');
    else expect(page.body).toContain('Your comment is awaiting moderation.</p>');
  });

  it('never copies detected health information outside the comment itself', async () => {
    await createComment(t.db, { organizationId: org.id, postId: post.id, guestEmail: 'private@example.ca' });
    await guest().post(COMMENTS(), guestForm({ commentEmail: 'private@example.ca', commentBody: 'Card 1234 567 897 and DOB 04/03/2019' }));
    const [row] = (await commentsBy('private@example.ca')).filter((r) => r.status === 'held');
    expect(row!.holdReasons).toEqual(['phi:ontario_health_card', 'phi:date_of_birth']);
    const audit = JSON.stringify(await t.db.selectFrom('auditEvents').selectAll().execute());
    const mail = JSON.stringify(await t.db.selectFrom('mailMessages').selectAll().execute());
    const jobs = JSON.stringify(await t.db.selectFrom('jobsQueue').selectAll().execute());
    for (const text of [audit, mail, jobs]) {
      expect(text).not.toContain('567 897');
      expect(text).not.toContain('04/03/2019');
    }
  });

  it('holds comments beyond five from one address within ten minutes', async () => {
    await createComment(t.db, { organizationId: org.id, postId: post.id, guestEmail: 'burst@example.ca' });
    const c = guest();
    for (let i = 0; i < 6; i++) expect((await c.post(COMMENTS(), guestForm({ commentEmail: 'burst@example.ca', commentBody: `Note ${i}` }))).statusCode).toBe(303);
    const rows = (await commentsBy('burst@example.ca')).slice(1);
    expect(rows.map((r) => r.status)).toEqual(['approved', 'approved', 'approved', 'approved', 'approved', 'held']);
    expect(rows.at(-1)!.holdReasons).toEqual(['rate_limit']);
  });

  it('refuses more than 20 posts a minute from one address', async () => {
    const c = guest();
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) statuses.push((await c.post(COMMENTS(), guestForm({ commentEmail: 'flood@example.ca', commentBody: `Flood ${i}` }))).statusCode);
    expect(statuses.slice(0, 20).every((s) => s === 303)).toBe(true);
    expect(statuses[20]).toBe(429);
    expect(await commentsBy('flood@example.ca')).toHaveLength(20);
  });

  it('lets a member comment on a members-only blog; held first, then published', async () => {
    const member = await createAccount(t.db, { displayName: 'Nora Member' });
    const c = fromOwnAddress(await signIn(t.app, member));
    const url = `/o/north/blogs/news/${memberPost.slug}/comments`;
    expect((await c.post(url, { commentBody: 'First from me', commentName: 'Ignored', commentEmail: 'ignored@example.ca' })).statusCode).toBe(303);
    await t.db.updateTable('blogComments').set({ status: 'approved' }).where('accountId', '=', member.id).execute();
    expect((await c.post(url, { commentBody: 'Second from me' })).statusCode).toBe(303);
    const rows = await t.db.selectFrom('blogComments').selectAll().where('accountId', '=', member.id).orderBy('createdAt').execute();
    expect(rows.map((r) => [r.status, r.guestName, r.guestEmail])).toEqual([
      ['approved', null, null],
      ['approved', null, null],
    ]);
    expect((await c.get(`/o/north/blogs/news/${memberPost.slug}`)).body).toContain('Nora Member');
  });

  it('refuses a guest on a members-only blog (401) and writes nothing', async () => {
    const before = await countComments();
    const res = await guest().post(`/o/north/blogs/news/${memberPost.slug}/comments`, guestForm());
    expect(res.statusCode).toBe(401);
    expect(await countComments()).toBe(before);
    const page = await guest().get(`/o/north/blogs/news/${memberPost.slug}/comments`);
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toMatch(/^\/sign-in\?next=/);
  });

  it('answers 404 for drafts and unknown posts, writing nothing', async () => {
    const draft = await createPost(t.db, { blog: open, createdBy: writer.id, slug: 'not-yet', status: 'draft' });
    const before = await countComments();
    expect((await guest().post(`/o/north/blogs/parents/${draft.slug}/comments`, guestForm())).statusCode).toBe(404);
    expect((await guest().post('/o/north/blogs/parents/nothing-here/comments', guestForm())).statusCode).toBe(404);
    expect((await guest().post('/o/nowhere/blogs/parents/first-steps/comments', guestForm())).statusCode).toBe(404);
    expect(await countComments()).toBe(before);
  });

  it('refuses a post without its CSRF token', async () => {
    const before = await countComments();
    const c = guest();
    await c.get(PAGE());
    expect((await c.post(COMMENTS(), guestForm(), { csrf: false })).statusCode).toBe(403);
    expect(await countComments()).toBe(before);
  });
});

describe('replies', () => {
  it('attaches a reply to a reply to the top-level comment, keeping threads two levels deep', async () => {
    const p = await createPost(t.db, { blog: open, createdBy: writer.id, slug: 'reply-post' });
    const top = await createComment(t.db, { organizationId: org.id, postId: p.id, guestName: 'Top' });
    const reply = await createComment(t.db, { organizationId: org.id, postId: p.id, parentId: top.id, guestName: 'Second' });
    await createComment(t.db, { organizationId: org.id, postId: p.id, guestEmail: 'replier@example.ca' });
    const c = guest();
    const form = await c.get(`/o/north/blogs/parents/reply-post/comments?replyTo=${reply.id}`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('<h1>Reply to Second</h1>');
    expect(form.body).toContain(`name="parentId" value="${reply.id}"`);
    const res = await c.post('/o/north/blogs/parents/reply-post/comments', guestForm({ commentEmail: 'replier@example.ca', commentBody: 'Answering the reply', parentId: reply.id }));
    expect(res.statusCode).toBe(303);
    const mine = (await commentsBy('replier@example.ca')).at(-1)!;
    expect(mine).toMatchObject({ parentId: top.id, status: 'approved' });
    const page = await c.get('/o/north/blogs/parents/reply-post');
    expect(page.body).toContain('4 Responses');
  });

  it('refuses a reply to a held comment or to another post’s comment (400 naming parentId), writing nothing', async () => {
    const held = await createComment(t.db, { organizationId: org.id, postId: post.id, status: 'held' });
    const elsewhere = await createComment(t.db, { organizationId: org.id, postId: memberPost.id });
    for (const parentId of [held.id, elsewhere.id]) {
      const before = await countComments();
      const res = await guest().post(COMMENTS(), guestForm({ parentId }));
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain('id="f-parentId-error"');
      expect(await countComments()).toBe(before);
    }
    expect((await guest().get(`${COMMENTS()}?replyTo=${held.id}`)).statusCode).toBe(404);
    expect((await guest().get(`${COMMENTS()}?replyTo=not-a-uuid`)).statusCode).toBe(400);
  });
});

describe('bad input', () => {
  it.each<[string, Record<string, string | string[]>, string[]]>([
    ['empty', { commentName: '', commentEmail: '', commentBody: '' }, ['commentName', 'commentEmail', 'commentBody']],
    ['blank', { commentName: '   ', commentEmail: '  ', commentBody: ' \n ' }, ['commentName', 'commentEmail', 'commentBody']],
    ['too long', { commentName: 'n'.repeat(81), commentEmail: `${'a'.repeat(250)}@example.ca`, commentBody: 'b'.repeat(5001) }, ['commentName', 'commentEmail', 'commentBody']],
    ['wrong types', { commentName: ['a', 'b'], commentEmail: ['x@example.ca', 'y@example.ca'], commentBody: ['one', 'two'], parentId: ['1', '2'] }, ['commentName', 'commentEmail', 'commentBody', 'parentId']],
    ['markup in the name, a bad address and parent', { commentName: '<script>alert(1)</script>', commentEmail: 'not-an-email', commentBody: 'Fine', parentId: '<b>x</b>' }, ['commentName', 'commentEmail', 'parentId']],
    ['control characters', { commentName: 'Bell\u0007', commentEmail: 'bell@example.ca', commentBody: 'Ring\u0007' }, ['commentName', 'commentBody']],
  ])('refuses %s input with 400 naming each field, writing nothing', async (_label, form, fields) => {
    const before = await countComments();
    const res = await guest().post(COMMENTS(), { commenter: 'guest', ...form } as Record<string, string>);
    expect(res.statusCode).toBe(400);
    for (const f of fields) expect(res.body).toContain(`id="f-${f}-error"`);
    expect(res.body.replace(/value="[^"]*"/g, '')).not.toContain('<script>alert(1)</script>');
    expect(res.body).toContain('<h1>Leave a Reply</h1>');
    expect(await countComments()).toBe(before);
  });

  it('keeps markup in a body as text, escaped wherever it is shown', async () => {
    await createComment(t.db, { organizationId: org.id, postId: post.id, guestEmail: 'markup@example.ca' });
    const body = '<script>alert(1)</script> <img src=x onerror=alert(2)> x < y & "quotes" <a href="javascript:alert(3)">a</a>';
    const c = guest();
    await c.post(COMMENTS(), guestForm({ commentEmail: 'markup@example.ca', commentBody: body }));
    const row = (await commentsBy('markup@example.ca')).at(-1)!;
    expect(row.body).toBe(body);
    // Held for its link; a moderator approves it as it is.
    await t.db.updateTable('blogComments').set({ status: 'approved' }).where('id', '=', row.id).execute();
    const page = (await c.get(PAGE())).body;
    expect(page).toContain('&lt;script>alert(1)&lt;/script>');
    expect(page).toContain('&lt;img src=x onerror=alert(2)>');
    expect(page).not.toContain('<script>alert(1)');
    expect(page).not.toMatch(/<img[^>]*onerror/i);
    expect(page).not.toMatch(/href="javascript:/i);
  });

  it('re-renders a guest’s missing name and e-mail from the service as 400', async () => {
    const before = await countComments();
    const res = await guest().post(COMMENTS(), { commentBody: 'No name given' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('id="f-commentName-error"');
    expect(res.body).toContain('id="f-commentEmail-error"');
    expect(res.body).toContain('No name given</textarea>');
    expect(await countComments()).toBe(before);
  });
});

describe('logs', () => {
  it('never receive the health information in a comment', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const handle = await createTestDb();
    const inbox = await startSmtpInbox();
    const config = loadConfig({ NODE_ENV: 'test', FOYER_PUBLIC_URL: 'http://localhost:3000', FOYER_SMTP_URL: inbox.url, FOYER_SECRET: 'log-test-secret-log-test-secret-0123456789' });
    const built = await buildApp({ config, db: handle.db, logger: { ...(loggerOptions('trace') as object), stream } as never, authRateLimit: 1000 });
    try {
      await built.app.ready();
      const o = await createOrganization(handle.db, { slug: 'logged' });
      const author = await createAccount(handle.db, { org: o, roles: ['moderator', 'member'] });
      const b = await createBlog(handle.db, { organizationId: o.id, slug: 'blog', allowGuestComments: true });
      await createPost(handle.db, { blog: b, createdBy: author.id, slug: 'post' });
      const c = guest(built.app);
      await c.post('/o/logged/blogs/blog/post/comments', { commentName: 'Logged', commentEmail: 'logged@example.ca', commentBody: 'Card 1234-567-897-AB, SIN 130 692 544' });
      await c.post('/o/logged/blogs/blog/post/comments', { commentName: 'Logged', commentEmail: 'logged@example.ca', commentBody: '' });
      const row = await handle.db.selectFrom('blogComments').select('id').executeTakeFirstOrThrow();
      const moderator = await signIn(built.app, author);
      await moderator.get(`/o/logged/blogs/moderation/comments/${row.id}`);
      await moderator.post(`/o/logged/blogs/moderation/comments/${row.id}/redact`, { redact: '1234-567-897-AB\n130 692 544' });
      await built.worker.drain();
      const log = lines.join('');
      expect(lines.length).toBeGreaterThan(5);
      expect(log).not.toContain('567-897');
      expect(log).not.toContain('692 544');
      const stored = await handle.db.selectFrom('blogComments').select(['body']).executeTakeFirstOrThrow();
      expect(stored.body).toBe('Card [redacted], SIN [redacted]');
    } finally {
      await built.app.close();
      await inbox.close();
      await handle.close();
    }
  });
});
