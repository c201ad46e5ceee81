import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../test/support/build-test-app.js';
import { TestClient } from '../../../../test/support/client.js';
import { createBlog, createPost } from '../../../../test/support/factories/blog.js';
import { createComment } from '../../../../test/support/factories/blog-comments.js';
import { createAccount, createOrganization } from '../../../../test/support/factories/identity.js';
import { signIn } from '../../../../test/support/sign-in.js';
import type { Role } from '../../../platform/auth/actor.js';
import type { BlogDeps } from '../deps.js';
import { createCommentService } from '../services/comments.js';

let t: TestApp;
let org: { id: string; slug: string };
let other: { id: string; slug: string };
let blog: { id: string; slug: string; organizationId: string };
let second: { id: string; slug: string; organizationId: string };
let post: { id: string; slug: string };
let moderator: TestClient;
let moderatorId: string;
const clients = new Map<string, TestClient>();

const Q = '/o/north/blogs/moderation';
const PAGE = () => `/o/north/blogs/parents/${post.slug}`;
const held = (over: Parameters<typeof createComment>[1] extends infer P ? Partial<P> : never = {}) =>
  createComment(t.db, { organizationId: org.id, postId: post.id, status: 'held', holdReasons: ['first_comment'], ...over });
const row = (id: string) => t.db.selectFrom('blogComments').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const auditFor = (id: string) => t.db.selectFrom('auditEvents').selectAll().where('targetId', '=', id).orderBy('id').execute();

async function as(roles: Role[], inOrg: { id: string } = org): Promise<TestClient> {
  const key = `${roles.join('+')}@${inOrg.id}`;
  if (!clients.has(key)) clients.set(key, await signIn(t.app, await createAccount(t.db, { org: inOrg, roles })));
  return clients.get(key)!;
}

beforeAll(async () => {
  t = await buildTestApp();
  org = await createOrganization(t.db, { slug: 'north', nameEn: 'North Hospital', nameFr: 'Hôpital du Nord' });
  other = await createOrganization(t.db, { slug: 'south' });
  const writer = await createAccount(t.db, { org, roles: ['communicator', 'member'] });
  blog = await createBlog(t.db, { organizationId: org.id, slug: 'parents', allowGuestComments: true });
  second = await createBlog(t.db, { organizationId: org.id, slug: 'news' });
  post = await createPost(t.db, { blog, createdBy: writer.id, slug: 'first-steps', title: 'First steps' });
  const account = await createAccount(t.db, { org, roles: ['moderator', 'member'], displayName: 'Mo Derator' });
  moderatorId = account.id;
  moderator = await signIn(t.app, account);
});
afterAll(() => t.close());

describe('the moderation queue', () => {
  it('lists held comments with their reasons and post, health information highlighted', async () => {
    const c = await held({ guestName: 'Holly Held', body: 'My card 1234-567-897-AB, see www.example.com', holdReasons: ['first_comment', 'links', 'phi:ontario_health_card'] });
    await createComment(t.db, { organizationId: org.id, postId: post.id, guestName: 'Alice Approved' });
    const res = await moderator.get(Q);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Holly Held');
    expect(res.body).not.toContain('Alice Approved');
    expect(res.body).toContain('First comment from this person');
    expect(res.body).toContain('Contains a link');
    expect(res.body).toContain('Looks like personal health information: Ontario health card number');
    expect(res.body).toContain('<mark>1234-567-897-AB</mark><span class="hint"> (Ontario health card number)</span>');
    expect(res.body).toContain(`href="${PAGE()}" lang="en">First steps</a>`);
    expect(res.body).toContain(`action="${Q}/comments/${c.id}/approve"`);
    expect(res.body).toContain(`href="${Q}/comments/${c.id}"`);
    const fr = await moderator.get(Q, { 'accept-language': 'fr-CA' });
    expect(fr.statusCode).toBe(200);
  });

  it('pages through a long queue, oldest first', async () => {
    const o = await createOrganization(t.db, { slug: 'busy' });
    const b = await createBlog(t.db, { organizationId: o.id });
    const p = await createPost(t.db, { blog: b, createdBy: moderatorId });
    for (let i = 0; i < 52; i++) await createComment(t.db, { organizationId: o.id, postId: p.id, status: 'held', guestName: `Reader ${i}`, createdAt: new Date(Date.UTC(2026, 0, 1, 0, i)) });
    const c = await as(['moderator'], o);
    const first = await c.get('/o/busy/blogs/moderation');
    expect(first.body).toContain('Reader 0<');
    expect(first.body).not.toContain('Reader 51<');
    const next = first.body.match(/href="([^"]+)" rel="next"/)![1]!.replace(/&amp;/g, '&');
    const second = await c.get(next);
    expect(second.body).toContain('Reader 51<');
    expect(second.body).not.toContain('Reader 0<');
  });

  it('sends people who are not signed in to sign in, and refuses their decisions (401)', async () => {
    const c = await held();
    const anon = new TestClient(t.app);
    for (const url of [Q, `${Q}/comments/${c.id}`, `${Q}/settings`]) {
      const res = await anon.get(url);
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe(`/sign-in?next=${encodeURIComponent(url)}`);
    }
    for (const action of ['approve', 'reject', 'spam']) expect((await anon.post(`${Q}/comments/${c.id}/${action}`)).statusCode).toBe(401);
    expect((await anon.post(`${Q}/comments/${c.id}/redact`, { redact: 'kind' })).statusCode).toBe(401);
    expect((await anon.post(`${Q}/settings`, { blockedWords: 'x' })).statusCode).toBe(401);
    expect((await row(c.id)).status).toBe('held');
  });

  it.each<[string, Role[], 'own' | 'other']>([
    ['a member', ['member'], 'own'],
    ['staff', ['staff', 'member'], 'own'],
    ['a fundraiser', ['fundraiser', 'member'], 'own'],
    ['a moderator of another organization', ['moderator', 'member'], 'other'],
    ['an administrator of another organization', ['admin', 'member'], 'other'],
  ])('refuses %s (403) and changes nothing', async (_label, roles, where) => {
    const c = await held({ body: 'Forbidden fruit' });
    const client = await as(roles, where === 'own' ? org : other);
    for (const url of [Q, `${Q}/comments/${c.id}`, `${Q}/settings`]) expect((await client.get(url)).statusCode, url).toBe(403);
    for (const action of ['approve', 'reject', 'spam']) expect((await client.post(`${Q}/comments/${c.id}/${action}`)).statusCode).toBe(403);
    expect((await client.post(`${Q}/comments/${c.id}/redact`, { redact: 'Forbidden' })).statusCode).toBe(403);
    expect((await client.post(`${Q}/settings`, { blockedWords: 'x' })).statusCode).toBe(403);
    expect(await row(c.id)).toMatchObject({ status: 'held', body: 'Forbidden fruit', moderatedBy: null });
    expect(await t.db.selectFrom('blogModerationSettings').selectAll().where('organizationId', '=', org.id).execute()).toHaveLength(0);
  });

  it.each<[string, Role[]]>([
    ['communicators', ['communicator', 'member']],
    ['administrators', ['admin', 'member']],
  ])('is open to %s', async (_label, roles) => {
    const client = await as(roles);
    expect((await client.get(Q)).statusCode).toBe(200);
    expect((await client.get(`${Q}/settings`)).statusCode).toBe(200);
    const c = await held();
    expect((await client.post(`${Q}/comments/${c.id}/approve`)).statusCode).toBe(303);
  });

  it('answers 404 for a comment of another organization and 400 for a malformed id', async () => {
    const o2blog = await createBlog(t.db, { organizationId: other.id });
    const o2post = await createPost(t.db, { blog: o2blog, createdBy: moderatorId });
    const foreign = await createComment(t.db, { organizationId: other.id, postId: o2post.id, status: 'held' });
    expect((await moderator.get(`${Q}/comments/${foreign.id}`)).statusCode).toBe(404);
    expect((await moderator.post(`${Q}/comments/${foreign.id}/approve`)).statusCode).toBe(404);
    expect((await row(foreign.id)).status).toBe('held');
    expect((await moderator.get(`${Q}/comments/not-a-uuid`)).statusCode).toBe(400);
  });
});

describe('decisions', () => {
  it('approves: the comment shows on the post, the count grows, the guest is told in their language', async () => {
    const before = (await moderator.get(PAGE())).body.match(/(\d+) Responses?</)![1];
    const c = await held({ guestName: 'Élise', guestEmail: 'elise@example.ca', lang: 'fr', body: 'Merci pour ce billet' });
    const res = await moderator.post(`${Q}/comments/${c.id}/approve`);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(Q);
    expect(await row(c.id)).toMatchObject({ status: 'approved', moderatedBy: moderatorId });
    expect((await row(c.id)).moderatedAt).toBeInstanceOf(Date);
    const page = (await new TestClient(t.app).get(PAGE())).body;
    expect(page).toContain('Merci pour ce billet');
    expect(page).toContain(`${Number(before) + 1} Responses`);
    const [audit] = await auditFor(c.id);
    expect(audit).toMatchObject({ action: 'blog.comment.approved', actorAccountId: moderatorId, organizationId: org.id, targetType: 'blog_comment' });
    expect(JSON.stringify(audit!.data)).not.toContain('Merci');
    await t.worker.drain();
    const mail = await t.inbox.waitFor('elise@example.ca');
    expect(mail.subject).toBe('Votre commentaire sur « First steps » est publié');
    expect(mail.text).toContain(`http://localhost:3000${PAGE()}#comment-${c.id}`);
    expect(mail.text).toContain('Hôpital du Nord');
    expect(mail.text).not.toContain('Merci pour ce billet');
  });

  it('rejects: hidden from the post; a member author is told in their account language', async () => {
    const author = await createAccount(t.db, { locale: 'en', email: 'member-author@example.ca' });
    const c = await held({ accountId: author.id, body: 'Not for publishing' });
    expect((await moderator.post(`${Q}/comments/${c.id}/reject`)).statusCode).toBe(303);
    expect((await row(c.id)).status).toBe('rejected');
    expect((await new TestClient(t.app).get(PAGE())).body).not.toContain('Not for publishing');
    expect((await auditFor(c.id)).map((a) => a.action)).toEqual(['blog.comment.rejected']);
    await t.worker.drain();
    const mail = await t.inbox.waitFor('member-author@example.ca');
    expect(mail.subject).toBe('Your comment on “First steps” was not published');
  });

  it('marks spam without writing to the author', async () => {
    const c = await held({ guestEmail: 'spammer@example.ca', body: 'Buy now', holdReasons: ['honeypot'] });
    expect((await moderator.post(`${Q}/comments/${c.id}/spam`)).statusCode).toBe(303);
    expect((await row(c.id)).status).toBe('spam');
    expect((await auditFor(c.id)).map((a) => a.action)).toEqual(['blog.comment.marked_spam']);
    await t.worker.drain();
    expect(t.inbox.received.some((m) => m.to.includes('spammer@example.ca'))).toBe(false);
  });

  it('refuses a second decision on the same comment (409)', async () => {
    const c = await held();
    expect((await moderator.post(`${Q}/comments/${c.id}/approve`)).statusCode).toBe(303);
    expect((await moderator.post(`${Q}/comments/${c.id}/reject`)).statusCode).toBe(409);
    expect((await moderator.post(`${Q}/comments/${c.id}/redact`, { redact: 'kind' })).statusCode).toBe(409);
    expect((await moderator.get(`${Q}/comments/${c.id}`)).statusCode).toBe(409);
    expect((await row(c.id)).status).toBe('approved');
  });

  it('refuses a decision without its CSRF token', async () => {
    const c = await held();
    expect((await moderator.post(`${Q}/comments/${c.id}/approve`, {}, { csrf: false })).statusCode).toBe(403);
    expect((await row(c.id)).status).toBe('held');
  });
});

describe('redact and approve', () => {
  it('suggests the detected spans, replaces them, publishes, audits without the text, and tells the author', async () => {
    const c = await held({
      guestName: 'Parent',
      guestEmail: 'parent@example.ca',
      body: 'Our son (card 1234-567-897-AB, born on 2019-03-04) loved the clinic. Card again: 1234-567-897-AB.',
      holdReasons: ['first_comment', 'phi:ontario_health_card', 'phi:date_of_birth'],
    });
    const review = await moderator.get(`${Q}/comments/${c.id}`);
    expect(review.statusCode).toBe(200);
    expect(review.body).toMatch(/<textarea id="f-redact" name="redact"[^>]*>1234-567-897-AB\n2019-03-04<\/textarea>/);
    const res = await moderator.post(`${Q}/comments/${c.id}/redact`, { redact: '1234-567-897-AB\r\n2019-03-04' });
    expect(res.statusCode).toBe(303);
    const stored = await row(c.id);
    expect(stored.status).toBe('approved');
    expect(stored.body).toBe('Our son (card [redacted], born on [redacted]) loved the clinic. Card again: [redacted].');
    expect(stored.redactions).toHaveLength(3);
    expect(JSON.stringify(stored)).not.toContain('567-897');
    const audits = await auditFor(c.id);
    expect(audits.map((a) => a.action)).toEqual(['blog.comment.redacted', 'blog.comment.approved']);
    expect(audits[0]!.data).toMatchObject({ redactions: 3, reasons: ['first_comment', 'phi:ontario_health_card', 'phi:date_of_birth'] });
    expect(JSON.stringify(audits)).not.toContain('567-897');
    expect(JSON.stringify(audits)).not.toContain('2019-03-04');

    const en = (await new TestClient(t.app).get(PAGE())).body;
    expect(en).toContain('<span class="redacted">[redacted]</span>');
    expect(en).not.toContain('567-897');
    const fr = (await new TestClient(t.app, { 'accept-language': 'fr-CA' }).get(PAGE())).body;
    expect(fr).toContain('<span class="redacted">[caviardé]</span>');

    await t.worker.drain();
    const mail = await t.inbox.waitFor('parent@example.ca');
    expect(mail.subject).toBe('Your comment on “First steps” is published');
    expect(mail.text).toContain('removed a part of it');
    expect(mail.text).not.toContain('567-897');
    const stored_mail = JSON.stringify(await t.db.selectFrom('mailMessages').selectAll().execute());
    expect(stored_mail).not.toContain('567-897');
  });

  it.each<[string, Record<string, string | string[]>, string]>([
    ['empty', { redact: '' }, 'required'],
    ['blank lines only', { redact: ' \n \n' }, 'required'],
    ['text not in the comment', { redact: 'nowhere to be found' }, 'redaction_not_found'],
    ['one of two texts not in the comment', { redact: 'Secret\nabsent' }, 'redaction_not_found'],
    ['a line too long', { redact: 'S'.repeat(201) }, 'line_too_long'],
    ['too many lines', { redact: Array.from({ length: 21 }, (_, i) => `x${i}`).join('\n') }, 'too_many_lines'],
    ['the whole field too long', { redact: 'x'.repeat(2001) }, 'too_long'],
    ['wrong type', { redact: ['Secret', 'other'] }, 'wrong_type'],
  ])('refuses %s with 400 naming the field and changes nothing', async (_label, form) => {
    const c = await held({ body: 'Secret stuff here' });
    const res = await moderator.post(`${Q}/comments/${c.id}/redact`, form as Record<string, string>);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('id="f-redact-error"');
    expect(await row(c.id)).toMatchObject({ status: 'held', body: 'Secret stuff here', redactions: [] });
    expect(await auditFor(c.id)).toHaveLength(0);
  });

  it('shows markup a moderator types back as text only', async () => {
    const c = await held({ body: 'Plain' });
    const res = await moderator.post(`${Q}/comments/${c.id}/redact`, { redact: '<script>alert(1)</script>' });
    expect(res.statusCode).toBe(400);
    expect(res.body).not.toContain('<script>alert(1)</script>');
    expect(res.body).toContain('&lt;script>alert(1)&lt;/script></textarea>');
  });
});

describe('moderation settings', () => {
  it('saves a medical record number template and blocked words, audited, and uses them', async () => {
    const page = await moderator.get(`${Q}/settings`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('id="f-mrnPattern"');
    const res = await moderator.post(`${Q}/settings`, { mrnPattern: ' NH-###-#### ', blockedWords: 'Casino\r\n\r\ncheap pills\ncasino' });
    expect(res.statusCode).toBe(303);
    const saved = await t.db.selectFrom('blogModerationSettings').selectAll().where('organizationId', '=', org.id).executeTakeFirstOrThrow();
    expect(saved).toMatchObject({ mrnPattern: 'NH-###-####', blockedWords: ['Casino', 'cheap pills', 'casino'], updatedBy: moderatorId });
    const [audit] = await t.db.selectFrom('auditEvents').selectAll().where('action', '=', 'blog.moderation.settings_updated').execute();
    expect(audit!.data).toMatchObject({ mrnPattern: 'NH-###-####', blockedWordCount: 3 });
    expect((await moderator.get(`${Q}/settings`)).body).toContain('Casino\ncheap pills\ncasino</textarea>');

    await createComment(t.db, { organizationId: org.id, postId: post.id, guestEmail: 'settings-reader@example.ca' });
    const reader = new TestClient(t.app);
    const form = { commenter: 'guest', commentName: 'Reader', commentEmail: 'settings-reader@example.ca' };
    await reader.request({ method: 'GET', url: PAGE(), remoteAddress: '10.9.0.1' });
    const token = await reader.csrfToken();
    for (const commentBody of ['Chart NH-123-4567 please', 'Play casino games']) {
      const payload = new URLSearchParams({ _csrf: token, ...form, commentBody }).toString();
      await reader.request({ method: 'POST', url: `${PAGE()}/comments`, payload, headers: { 'content-type': 'application/x-www-form-urlencoded' }, remoteAddress: '10.9.0.1' });
    }
    const rows = await t.db.selectFrom('blogComments').selectAll().where('guestEmail', '=', 'settings-reader@example.ca').where('status', '=', 'held').orderBy('createdAt').execute();
    expect(rows.map((r) => r.holdReasons)).toEqual([['phi:mrn'], ['blocked_words']]);
  });

  it.each<[string, Record<string, string | string[]>, string[]]>([
    ['a regular expression as template', { mrnPattern: '(\\d+)+$', blockedWords: '' }, ['mrnPattern']],
    ['too few placeholders', { mrnPattern: 'MRN-###', blockedWords: '' }, ['mrnPattern']],
    ['a template too long', { mrnPattern: '#'.repeat(41), blockedWords: '' }, ['mrnPattern']],
    ['markup', { mrnPattern: '<b>####</b>', blockedWords: '<script>alert(1)</script>' }, ['mrnPattern', 'blockedWords']],
    ['a blocked word too long', { mrnPattern: '', blockedWords: 'w'.repeat(61) }, ['blockedWords']],
    ['too many blocked words', { mrnPattern: '', blockedWords: Array.from({ length: 201 }, (_, i) => `w${i}`).join('\n') }, ['blockedWords']],
    ['wrong types', { mrnPattern: ['####', '@@@@'], blockedWords: ['a', 'b'] }, ['mrnPattern', 'blockedWords']],
  ])('refuses %s with 400 naming the field and saves nothing', async (_label, form, fields) => {
    const client = await as(['admin', 'member']);
    const before = JSON.stringify(await t.db.selectFrom('blogModerationSettings').selectAll().execute());
    const res = await client.post(`${Q}/settings`, form as Record<string, string>);
    expect(res.statusCode).toBe(400);
    for (const f of fields) expect(res.body).toContain(`id="f-${f}-error"`);
    expect(res.body.replace(/value="[^"]*"/g, '')).not.toContain('<script>alert(1)</script>');
    expect(JSON.stringify(await t.db.selectFrom('blogModerationSettings').selectAll().execute())).toBe(before);
  });

  it('clears the template when left empty', async () => {
    const client = await as(['admin', 'member']);
    expect((await client.post(`${Q}/settings`, { mrnPattern: '', blockedWords: '' })).statusCode).toBe(303);
    expect(await t.db.selectFrom('blogModerationSettings').selectAll().where('organizationId', '=', org.id).executeTakeFirstOrThrow()).toMatchObject({ mrnPattern: null, blockedWords: [] });
  });
});

describe('held counts for the editor’s desk', () => {
  it('counts held comments per blog', async () => {
    const p2 = await createPost(t.db, { blog: second, createdBy: moderatorId });
    await createComment(t.db, { organizationId: org.id, postId: p2.id, status: 'held' });
    await createComment(t.db, { organizationId: org.id, postId: p2.id, status: 'held' });
    await createComment(t.db, { organizationId: org.id, postId: p2.id, status: 'approved' });
    const service = createCommentService({ db: t.db, config: { secret: 'test-secret-test-secret-test-secret-0123456789' } } as BlogDeps);
    const counts = await service.heldCountsByBlog(org.id);
    expect(counts.get(second.id)).toBe(2);
    expect(counts.get(blog.id)).toBeGreaterThan(0);
    expect((await service.heldCountsByBlog(org.id, [second.id])).has(blog.id)).toBe(false);
    expect((await service.heldCountsByBlog((await createOrganization(t.db)).id)).size).toBe(0);
  });
});
