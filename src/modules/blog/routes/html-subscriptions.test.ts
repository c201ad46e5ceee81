import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../test/support/build-test-app.js';
import { TestClient } from '../../../../test/support/client.js';
import { createBlog, createPost } from '../../../../test/support/factories/blog.js';
import { createAccount, createOrganization } from '../../../../test/support/factories/identity.js';
import { linkIn, type ReceivedMail } from '../../../../test/support/smtp-inbox.js';
import { newId } from '../../../platform/db/ids.js';
import { enqueueJob } from '../../../platform/jobs/queue.js';
import { digestDueAt, nextDigestWeek } from '../digest-schedule.js';
import { createSubscriptionTokens } from '../subscription-tokens.js';
import { SUBSCRIBE_RATE_LIMIT } from './html-subscriptions.js';

const DAY = 86_400_000;
let t: TestApp;
let org: { id: string; slug: string };
let blog: { id: string; slug: string; organizationId: string };
let otherBlog: { id: string; slug: string; organizationId: string };
let writer: { id: string };
let postSlug: string;

beforeAll(async () => {
  t = await buildTestApp();
  org = await createOrganization(t.db, { slug: 'east', nameEn: 'East General Hospital', nameFr: 'Hôpital général de l’Est' });
  writer = await createAccount(t.db, { org, roles: ['communicator'] });
  blog = await createBlog(t.db, { organizationId: org.id, slug: 'news', titleEn: 'News', titleFr: 'Nouvelles' });
  otherBlog = await createBlog(t.db, { organizationId: org.id, slug: 'parents', titleEn: 'Parents', titleFr: 'Parents FR' });
  await t.db
    .insertInto('blogSenderDetails')
    .values({ organizationId: org.id, mailingAddress: '100 Queen St, Kingston ON K7L 1A1', contactEmail: 'news@east.example.ca', contactPhone: '613-555-0100' })
    .execute();
  postSlug = (await createPost(t.db, { blog, createdBy: writer.id, slug: 'welcome', title: 'Welcome', lang: 'fr' })).slug;
  // An organization that has not given its sender details yet.
  const bare = await createOrganization(t.db, { slug: 'west', nameEn: 'West Foundation', nameFr: 'Fondation Ouest' });
  await createBlog(t.db, { organizationId: bare.id, slug: 'updates', titleEn: 'Updates', titleFr: 'Mises à jour' });
});
afterAll(() => t.close());

// Each post comes from its own address so the per-address rate limit stays out of the way
// (one test exercises it on purpose).
let nextIp = 1;
async function postForm(c: TestClient, url: string, form: Record<string, string | string[]>, ip = `10.1.${Math.floor(nextIp / 250)}.${(nextIp++ % 250) + 1}`) {
  const body = new URLSearchParams();
  body.append('_csrf', await c.csrfToken());
  for (const [k, v] of Object.entries(form)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
  return c.request({ method: 'POST', url, payload: body.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' }, remoteAddress: ip });
}

const validForm = (email: string, over: Record<string, string | string[]> = {}) => ({
  subscriberEmail: email,
  subscriptionFrequency: 'per_post',
  subscriptionConsent: 'yes',
  lang: 'en',
  source: `/o/east/blogs/news/${postSlug}`,
  ...over,
});

const unescape = (html: string) =>
  html.replace(/&quot;|&#34;/g, '"').replace(/&#39;|&#x27;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

const subscriptionOf = (email: string, blogId = blog.id) =>
  t.db.selectFrom('blogSubscriptions').selectAll().where('blogId', '=', blogId).where('email', '=', email).executeTakeFirst();

const count = async (table: 'blogSubscriptions' | 'mailMessages' | 'auditEvents' | 'blogSubscriptionDeliveries') =>
  Number((await t.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

const mailsTo = (address: string) => t.inbox.received.filter((m) => m.to.includes(address));

/** An already-confirmed subscription, as the double opt-in would leave it. */
async function activeSubscription(email: string, o: Partial<{ blogId: string; lang: 'en' | 'fr'; frequency: 'per_post' | 'weekly'; status: 'pending' | 'active' | 'unsubscribed' }> = {}) {
  const id = newId();
  const now = new Date();
  await t.db
    .insertInto('blogSubscriptions')
    .values({
      id, organizationId: org.id, blogId: o.blogId ?? blog.id, email, lang: o.lang ?? 'en', frequency: o.frequency ?? 'per_post', status: o.status ?? 'active',
      confirmTokenHash: null, confirmExpiresAt: null, consentWording: 'I agree.', consentLang: o.lang ?? 'en', consentPageUrl: 'http://localhost:3000/o/east/blogs/news',
      consentIpHash: null, consentedAt: now, confirmedAt: o.status === 'pending' ? null : now, unsubscribedAt: o.status === 'unsubscribed' ? now : null,
    })
    .execute();
  return id;
}

/** What the publishing code does in its transaction. */
const announce = (postId: string) => enqueueJob(t.db, 'blog.post.published', { postId }, { dedupeKey: `blog.post.published:${postId}` });

function unsubscribeLink(mail: ReceivedMail): string {
  const link = new URL(linkIn(mail, '/subscriptions/unsubscribe'));
  return link.pathname + link.search;
}

describe('the subscribe form', () => {
  it('shows under a post and beside the blog index, its consent box never ticked, its wording complete', async () => {
    const c = new TestClient(t.app);
    for (const url of [`/o/east/blogs/news/${postSlug}`, '/o/east/blogs/news', '/o/east/blogs/news/subscribe']) {
      const page = await c.get(url);
      expect(page.statusCode, url).toBe(200);
      expect(page.body).toContain('action="/o/east/blogs/news/subscribe"');
      const box = page.body.match(/<input[^>]*name="subscriptionConsent"[^>]*>/)![0];
      expect(box).toContain('type="checkbox"');
      expect(box).not.toContain('checked');
      const label = unescape(page.body.match(/<label for="f-subscriptionConsent">([^<]*)<\/label>/)![1]!);
      // Purpose, who asks, how to reach them, and that consent can be withdrawn.
      expect(label).toContain('new posts of its blog “News”');
      expect(label).toContain('East General Hospital is the one asking');
      expect(label).toContain('news@east.example.ca');
      expect(label).toContain('withdraw my consent at any time');
    }
    // The post is in French while the page is in English: the form says which language it is in.
    const post = await c.get(`/o/east/blogs/news/${postSlug}`);
    expect(post.body).toMatch(/<section class="card subscribe" aria-labelledby="subscribe-title" lang="en">/);
  });

  it('answers unknown organizations and blogs with 404', async () => {
    const c = new TestClient(t.app);
    expect((await c.get('/o/nowhere/blogs/news/subscribe')).statusCode).toBe(404);
    expect((await c.get('/o/east/blogs/nothing/subscribe')).statusCode).toBe(404);
    expect((await postForm(c, '/o/east/blogs/nothing/subscribe', validForm('lost@example.ca', { source: '/o/east/blogs/nothing' }))).statusCode).toBe(404);
    expect(await subscriptionOf('lost@example.ca')).toBeUndefined();
  });

  it('refuses a post without the CSRF token', async () => {
    const c = new TestClient(t.app);
    const res = await c.post('/o/east/blogs/news/subscribe', validForm('nocsrf@example.ca'), { csrf: false });
    expect(res.statusCode).toBe(403);
    expect(await subscriptionOf('nocsrf@example.ca')).toBeUndefined();
  });
});

describe('double opt-in', () => {
  it('records the consent, mails a confirmation link through SMTP, and activates on the link once', async () => {
    const c = new TestClient(t.app);
    const form = await c.get(`/o/east/blogs/news/${postSlug}`);
    const shown = unescape(form.body.match(/<label for="f-subscriptionConsent">([^<]*)<\/label>/)![1]!);
    const res = await postForm(c, '/o/east/blogs/news/subscribe', validForm('Reader.One@Example.ca'), '10.7.7.7');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/o/east/blogs/news/subscribe/check-email');
    const check = await c.get(res.headers.location as string);
    expect(check.statusCode).toBe(200);
    expect(check.body).toContain('Check your e-mail');

    const sub = (await subscriptionOf('reader.one@example.ca'))!;
    expect(sub).toMatchObject({ status: 'pending', frequency: 'per_post', lang: 'en', consentLang: 'en', confirmedAt: null, unsubscribedAt: null });
    // The consent record: the exact wording shown, the page, when, and the address only as a keyed hash.
    expect(sub.consentWording).toBe(shown);
    expect(sub.consentPageUrl).toBe(`http://localhost:3000/o/east/blogs/news/${postSlug}`);
    expect(sub.consentIpHash).toMatch(/^[0-9a-f]{64}$/);
    expect(sub.consentIpHash).not.toContain('10.7.7.7');
    expect(Math.abs(sub.consentedAt.getTime() - Date.now())).toBeLessThan(60_000);
    expect(sub.confirmTokenHash).toMatch(/^[0-9a-f]{64}$/);

    await t.worker.drain();
    const mail = await t.inbox.waitFor('reader.one@example.ca');
    expect(mail.subject).toBe('Confirm your subscription to News');
    expect(mail.text).toContain('Sender: East General Hospital, on its own behalf.');
    expect(mail.text).toContain('100 Queen St, Kingston ON K7L 1A1');
    const link = new URL(linkIn(mail, '/subscriptions/confirm'));
    expect(mail.text).not.toContain(sub.confirmTokenHash!);

    // Nothing but the confirmation until the person confirms.
    const early = await t.db.insertInto('blogPosts').values({
      id: newId(), organizationId: org.id, blogId: blog.id, slug: 'before-confirming', lang: 'en', translationGroupId: newId(), title: 'Before confirming',
      excerpt: null, bodyMd: 'x', bodyHtml: '<p>x</p>', coverObjectId: null, coverAlt: null, status: 'published', publishAt: null, publishedAt: new Date(), createdBy: writer.id,
    }).returning('id').executeTakeFirstOrThrow();
    await announce(early.id);
    await t.worker.drain();
    expect(mailsTo('reader.one@example.ca')).toHaveLength(1);

    const confirmed = await c.get(link.pathname + link.search);
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.body).toContain('Subscription confirmed');
    const after = (await subscriptionOf('reader.one@example.ca'))!;
    expect(after.status).toBe('active');
    expect(after.confirmedAt).not.toBeNull();

    const again = await c.get(link.pathname + link.search);
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('This link was already used');
    expect((await subscriptionOf('reader.one@example.ca'))!.confirmedAt!.getTime()).toBe(after.confirmedAt!.getTime());
  });

  it('records French consent in French and writes to the subscriber in French', async () => {
    const c = new TestClient(t.app, { 'accept-language': 'fr-CA' });
    const page = await c.get('/o/east/blogs/news');
    const shown = unescape(page.body.match(/<label for="f-subscriptionConsent">([^<]*)<\/label>/)![1]!);
    expect(shown).toContain('J’accepte de recevoir des courriels de Hôpital général de l’Est');
    const res = await postForm(c, '/o/east/blogs/news/subscribe', validForm('lectrice@example.ca', { lang: 'fr', source: '/o/east/blogs/news', subscriptionFrequency: 'weekly' }));
    expect(res.statusCode).toBe(303);
    const sub = (await subscriptionOf('lectrice@example.ca'))!;
    expect(sub).toMatchObject({ lang: 'fr', consentLang: 'fr', frequency: 'weekly', consentWording: shown, consentPageUrl: 'http://localhost:3000/o/east/blogs/news' });
    await t.worker.drain();
    const mail = await t.inbox.waitFor('lectrice@example.ca');
    expect(mail.subject).toBe('Confirmez votre abonnement à Nouvelles');
    expect(mail.text).toContain('un résumé hebdomadaire');
  });

  it('answers the same for an address already subscribed, which gets a note rather than a new link', async () => {
    await activeSubscription('already@example.ca');
    const before = (await subscriptionOf('already@example.ca'))!;
    const c = new TestClient(t.app);
    const res = await postForm(c, '/o/east/blogs/news/subscribe', validForm('already@example.ca', { subscriptionFrequency: 'weekly' }));
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/o/east/blogs/news/subscribe/check-email');
    const after = (await subscriptionOf('already@example.ca'))!;
    expect(after).toMatchObject({ status: 'active', frequency: 'per_post', consentWording: before.consentWording, confirmTokenHash: null });
    await t.worker.drain();
    const mail = await t.inbox.waitFor('already@example.ca');
    expect(mail.subject).toBe('You are already subscribed to News');
    expect(mail.text).not.toContain('/subscriptions/confirm');
    expect(mail.headers['list-unsubscribe']).toContain('/subscriptions/unsubscribe?token=');
  });

  it('gives a clear page for an expired link and for an unknown one', async () => {
    const c = new TestClient(t.app);
    await postForm(c, '/o/east/blogs/news/subscribe', validForm('late@example.ca'));
    await t.worker.drain();
    const link = new URL(linkIn(await t.inbox.waitFor('late@example.ca'), '/subscriptions/confirm'));
    await t.db.updateTable('blogSubscriptions').set({ confirmExpiresAt: new Date(Date.now() - 1000) }).where('email', '=', 'late@example.ca').execute();
    const expired = await c.get(link.pathname + link.search);
    expect(expired.statusCode).toBe(410);
    expect(expired.body).toContain('This link has expired');
    expect((await subscriptionOf('late@example.ca'))!.status).toBe('pending');

    const unknown = await c.get('/subscriptions/confirm?token=not-a-real-token');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain('This link does not work');
    expect((await c.get('/subscriptions/confirm')).statusCode).toBe(400);

    // A new request replaces the old link, which then stops working.
    await postForm(c, '/o/east/blogs/news/subscribe', validForm('late@example.ca'));
    expect((await c.get(link.pathname + link.search)).statusCode).toBe(400);
  });

  it('labels the missing mailing address of an organization that has not given one', async () => {
    const c = new TestClient(t.app);
    const res = await postForm(c, '/o/west/blogs/updates/subscribe', validForm('bare@example.ca', { source: '/o/west/blogs/updates' }));
    expect(res.statusCode).toBe(303);
    await t.worker.drain();
    const mail = await t.inbox.waitFor('bare@example.ca');
    expect(mail.text).toContain('Mailing address: [placeholder: not configured yet');
    expect(mail.text).toContain('Contact: http://localhost:3000/o/west');
  });
});

describe('bad input', () => {
  const snapshot = async () => [await count('blogSubscriptions'), await count('mailMessages'), await count('auditEvents')];

  it('refuses a subscription without the consent box ticked, naming the consent field', async () => {
    const c = new TestClient(t.app);
    const before = await snapshot();
    const { subscriptionConsent: _omitted, ...withoutConsent } = validForm('noconsent@example.ca');
    for (const form of [withoutConsent, { ...withoutConsent, subscriptionConsent: '' }, { ...withoutConsent, subscriptionConsent: 'on' }, { ...withoutConsent, subscriptionConsent: 'no' }]) {
      const res = await postForm(c, '/o/east/blogs/news/subscribe', form);
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain('id="f-subscriptionConsent-error"');
      expect(res.body).toContain('aria-describedby="f-subscriptionConsent-error"');
      // Re-shown with the person's other input kept, and the box still not ticked for them.
      expect(res.body).toContain('value="noconsent@example.ca"');
      expect(res.body.match(/<input[^>]*name="subscriptionConsent"[^>]*>/)![0]).not.toContain('checked');
    }
    expect(await snapshot()).toEqual(before);
  });

  const cases: [string, Record<string, string | string[]>, string][] = [
    ['email empty', { subscriberEmail: '' }, 'subscriberEmail'],
    ['email too long', { subscriberEmail: `${'a'.repeat(250)}@example.ca` }, 'subscriberEmail'],
    ['email not an address', { subscriberEmail: 'not-an-address' }, 'subscriberEmail'],
    ['email with markup', { subscriberEmail: '<script>@example.ca' }, 'subscriberEmail'],
    ['email of the wrong type', { subscriberEmail: ['one@example.ca', 'two@example.ca'] }, 'subscriberEmail'],
    ['frequency empty', { subscriptionFrequency: '' }, 'subscriptionFrequency'],
    ['frequency unknown', { subscriptionFrequency: 'daily' }, 'subscriptionFrequency'],
    ['frequency with markup', { subscriptionFrequency: '<b>weekly</b>' }, 'subscriptionFrequency'],
    ['language unknown', { lang: 'de' }, 'lang'],
    ['source empty', { source: '' }, 'source'],
    ['source elsewhere', { source: 'https://evil.example/o/east/blogs/news' }, 'source'],
    ['source with markup', { source: '/o/east/blogs/news/<script>' }, 'source'],
    ['source too long', { source: `/o/east/blogs/news/${'a'.repeat(300)}` }, 'source'],
    ['source of another blog', { source: '/o/east/blogs/parents' }, 'source'],
  ];
  it.each(cases)('%s → 400 naming the field, nothing written', async (_name, over, field) => {
    const c = new TestClient(t.app);
    const before = await snapshot();
    const res = await postForm(c, '/o/east/blogs/news/subscribe', validForm('bad-input@example.ca', over));
    expect(res.statusCode).toBe(400);
    // Visible fields carry their message; hidden ones are named in the error summary.
    expect(res.body).toMatch(new RegExp(`id="f-${field}-error"|href="#f-${field}"`));
    // Kept only inside a quoted attribute, where it is inert.
    expect(res.body).not.toMatch(/<script>@example\.ca(?!")/);
    expect(await snapshot()).toEqual(before);
  });

  it('limits subscription requests per client address', async () => {
    const c = new TestClient(t.app);
    const statuses: number[] = [];
    for (let i = 0; i <= SUBSCRIBE_RATE_LIMIT.max; i++) statuses.push((await postForm(c, '/o/east/blogs/news/subscribe', validForm(''), '10.99.99.99')).statusCode);
    expect(statuses.slice(0, SUBSCRIBE_RATE_LIMIT.max).every((s) => s === 400)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });
});

describe('sending new posts', () => {
  it('sends exactly one mail per active per-post subscriber, in their language when a translation exists, however often the job runs', async () => {
    const subEn = await activeSubscription('pp-en@example.ca', { lang: 'en' });
    const subFr = await activeSubscription('pp-fr@example.ca', { lang: 'fr' });
    await activeSubscription('pp-pending@example.ca', { status: 'pending' });
    await activeSubscription('pp-gone@example.ca', { status: 'unsubscribed' });
    await activeSubscription('pp-weekly@example.ca', { frequency: 'weekly' });
    await activeSubscription('pp-other-blog@example.ca', { blogId: otherBlog.id });
    const group = newId();
    const en = await createPost(t.db, { blog, createdBy: writer.id, slug: 'spring-fair', title: 'Spring fair', excerpt: 'Games and music.', lang: 'en', translationGroupId: group });
    const fr = await createPost(t.db, { blog, createdBy: writer.id, slug: 'foire-printemps', title: 'Foire du printemps', lang: 'fr', translationGroupId: group });

    await announce(en.id);
    await t.worker.drain();
    const english = mailsTo('pp-en@example.ca');
    const french = mailsTo('pp-fr@example.ca');
    expect(english).toHaveLength(1);
    expect(french).toHaveLength(1);
    expect(english[0]!.subject).toBe('News: Spring fair');
    expect(english[0]!.text).toContain('Games and music.');
    expect(english[0]!.text).toContain('http://localhost:3000/o/east/blogs/news/spring-fair');
    expect(french[0]!.subject).toBe('Nouvelles : Foire du printemps');
    expect(french[0]!.text).toContain('http://localhost:3000/o/east/blogs/news/foire-printemps');
    for (const address of ['pp-pending@example.ca', 'pp-gone@example.ca', 'pp-weekly@example.ca', 'pp-other-blog@example.ca']) expect(mailsTo(address), address).toHaveLength(0);

    // Sender identification, the purpose recorded, a visible unsubscribe link and RFC 8058 headers.
    const mail = english[0]!;
    expect(mail.text).toContain('Sender: East General Hospital, on its own behalf.');
    expect(mail.text).toContain('Mailing address: 100 Queen St, Kingston ON K7L 1A1');
    expect(mail.text).toContain('Contact: news@east.example.ca · 613-555-0100');
    expect(mail.text).toMatch(/Unsubscribe at once, without signing in: http:\/\/localhost:3000\/subscriptions\/unsubscribe\?token=\S+/);
    expect(mail.headers['list-unsubscribe']).toMatch(/^<http:\/\/localhost:3000\/subscriptions\/unsubscribe\?token=[^>]+>, <mailto:news@east\.example\.ca\?subject=[^>]+>$/);
    expect(mail.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    expect(mail.headers['list-unsubscribe']).toContain(unsubscribeLink(mail));
    const purposes = await t.db.selectFrom('mailMessages').select(['purpose', 'status', 'headers']).where('toAddress', 'in', ['pp-en@example.ca', 'pp-fr@example.ca']).execute();
    expect(purposes.map((p) => p.purpose)).toEqual(['informational', 'informational']);
    // Like the body, the headers (which hold the link) are not kept once sent.
    expect(purposes.map((p) => p.headers)).toEqual([null, null]);

    // The job again, each per-subscriber job retried, and the translation's own publication: nothing more.
    await enqueueJob(t.db, 'blog.post.published', { postId: en.id });
    await t.db.updateTable('jobsQueue').set({ status: 'pending', runAt: new Date(Date.now() - 1000) }).where('name', '=', 'blog.subscription.send-post').execute();
    await announce(fr.id);
    await t.worker.drain();
    expect(mailsTo('pp-en@example.ca')).toHaveLength(1);
    expect(mailsTo('pp-fr@example.ca')).toHaveLength(1);
    const deliveries = await t.db.selectFrom('blogSubscriptionDeliveries').select(['subscriptionId', 'postId']).where('deliveryKey', '=', `post:${group}`).where('subscriptionId', 'in', [subEn, subFr]).orderBy('postId').execute();
    expect(deliveries.map((d) => [d.subscriptionId, d.postId]).sort()).toEqual([[subEn, en.id], [subFr, fr.id]].sort());
  });

  it('sends nothing for a post that is no longer published when the job runs', async () => {
    await activeSubscription('pp-late@example.ca');
    const post = await createPost(t.db, { blog, createdBy: writer.id, slug: 'withdrawn-news', title: 'Withdrawn news' });
    await announce(post.id);
    await t.db.updateTable('blogPosts').set({ status: 'archived' }).where('id', '=', post.id).execute();
    await t.worker.drain();
    expect(mailsTo('pp-late@example.ca')).toHaveLength(0);
  });
});

describe('the weekly digest', () => {
  it('queues the first digest at start-up once, however often the app starts', async () => {
    await t.startup();
    await t.startup();
    const week = nextDigestWeek(new Date());
    const jobs = await t.db.selectFrom('jobsQueue').selectAll().where('name', '=', 'blog.subscription.weekly-digest').where('dedupeKey', '=', `blog.subscription.weekly-digest:${week}`).execute();
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!.runAt.getTime()).toBe(digestDueAt(week).getTime());
    expect(jobs[0]!.payload).toEqual({ week });
  });

  it('sends each weekly subscriber one digest a week with the posts since the last one, then schedules next Monday', async () => {
    const digestBlog = await createBlog(t.db, { organizationId: org.id, slug: 'weekly', titleEn: 'Weekly', titleFr: 'Hebdo' });
    const wEn = await activeSubscription('w-en@example.ca', { blogId: digestBlog.id, frequency: 'weekly' });
    await activeSubscription('w-fr@example.ca', { blogId: digestBlog.id, frequency: 'weekly', lang: 'fr' });
    await activeSubscription('w-perpost@example.ca', { blogId: digestBlog.id, frequency: 'per_post' });
    await activeSubscription('w-gone@example.ca', { blogId: digestBlog.id, frequency: 'weekly', status: 'unsubscribed' });
    // The last Monday 9:00 in Toronto that has passed.
    const week = nextDigestWeek(new Date(Date.now() - 7 * DAY));
    const due = digestDueAt(week);
    const at = (ms: number) => new Date(due.getTime() + ms);
    await createPost(t.db, { blog: digestBlog, createdBy: writer.id, slug: 'old-news', title: 'Old news', publishedAt: at(-10 * DAY) });
    await createPost(t.db, { blog: digestBlog, createdBy: writer.id, slug: 'fresh-news', title: 'Fresh news', publishedAt: at(-2 * DAY) });
    const group = newId();
    await createPost(t.db, { blog: digestBlog, createdBy: writer.id, slug: 'garden-open', title: 'Garden open', lang: 'en', translationGroupId: group, publishedAt: at(-DAY) });
    await createPost(t.db, { blog: digestBlog, createdBy: writer.id, slug: 'jardin-ouvert', title: 'Jardin ouvert', lang: 'fr', translationGroupId: group, publishedAt: at(-DAY + 3600_000) });
    await createPost(t.db, { blog: digestBlog, createdBy: writer.id, slug: 'draft-news', title: 'Draft news', status: 'draft', publishedAt: at(-DAY) });

    await enqueueJob(t.db, 'blog.subscription.weekly-digest', { week }, { dedupeKey: `test-digest:${week}` });
    await t.worker.drain();
    const en = mailsTo('w-en@example.ca');
    const fr = mailsTo('w-fr@example.ca');
    expect(en).toHaveLength(1);
    expect(fr).toHaveLength(1);
    expect(en[0]!.subject).toBe('Weekly: new posts this week');
    expect(en[0]!.text).toContain('Fresh news');
    expect(en[0]!.text).toContain('Garden open');
    expect(en[0]!.text).not.toContain('Jardin ouvert');
    expect(en[0]!.text).not.toContain('Old news');
    expect(en[0]!.text).not.toContain('Draft news');
    expect(en[0]!.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    expect(fr[0]!.text).toContain('Jardin ouvert');
    expect(fr[0]!.text).not.toContain('Garden open');
    expect(mailsTo('w-perpost@example.ca')).toHaveLength(0);
    expect(mailsTo('w-gone@example.ca')).toHaveLength(0);

    // The same week again (a second run, a retried job): nothing more.
    await enqueueJob(t.db, 'blog.subscription.weekly-digest', { week }, { dedupeKey: `test-digest-again:${week}` });
    await t.db.updateTable('jobsQueue').set({ status: 'pending', runAt: new Date(Date.now() - 1000) }).where('name', '=', 'blog.subscription.send-digest').execute();
    await t.worker.drain();
    expect(mailsTo('w-en@example.ca')).toHaveLength(1);

    // Next Monday is queued; when it comes, only what was published since goes out.
    const next = nextDigestWeek(due);
    const queued = await t.db.selectFrom('jobsQueue').selectAll().where('dedupeKey', '=', `blog.subscription.weekly-digest:${next}`).executeTakeFirstOrThrow();
    expect(queued.status).toBe('pending');
    expect(queued.runAt.getTime()).toBe(digestDueAt(next).getTime());
    await createPost(t.db, { blog: digestBlog, createdBy: writer.id, slug: 'newer-news', title: 'Newer news', publishedAt: new Date(Math.min(Date.now(), digestDueAt(next).getTime() - 1000)) });
    await t.db.updateTable('jobsQueue').set({ runAt: new Date(Date.now() - 1000) }).where('id', '=', queued.id).execute();
    await t.worker.drain();
    const second = mailsTo('w-en@example.ca');
    expect(second).toHaveLength(2);
    expect(second[1]!.text).toContain('Newer news');
    expect(second[1]!.text).not.toContain('Fresh news');
    const keys = await t.db.selectFrom('blogSubscriptionDeliveries').select('deliveryKey').where('subscriptionId', '=', wEn).orderBy('sentAt').execute();
    expect(keys.map((k) => k.deliveryKey)).toEqual([`digest:${week}`, `digest:${next}`]);
  });
});

describe('unsubscribing', () => {
  async function subscribedWithMail(email: string) {
    await activeSubscription(email);
    const post = await createPost(t.db, { blog, createdBy: writer.id, title: `For ${email}` });
    await announce(post.id);
    await t.worker.drain();
    return t.inbox.waitFor(email);
  }

  it('works in one click: a POST with no cookie and no CSRF token unsubscribes at once and stops all mail', async () => {
    const mail = await subscribedWithMail('oneclick@example.ca');
    const url = new URL(mail.headers['list-unsubscribe']!.match(/<(http[^>]+)>/)![1]!);
    const res = await t.app.inject({ method: 'POST', url: url.pathname + url.search, payload: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('You are unsubscribed');
    expect(res.body).toContain('o…@example.ca');
    const sub = (await subscriptionOf('oneclick@example.ca'))!;
    expect(sub.status).toBe('unsubscribed');
    expect(sub.unsubscribedAt).not.toBeNull();

    // Honoured again without error, and from now on nothing is sent: new posts, digests.
    expect((await t.app.inject({ method: 'POST', url: url.pathname + url.search })).statusCode).toBe(200);
    const post = await createPost(t.db, { blog, createdBy: writer.id, title: 'After unsubscribing' });
    await announce(post.id);
    const week = nextDigestWeek(new Date(Date.now() - 7 * DAY));
    await enqueueJob(t.db, 'blog.subscription.weekly-digest', { week }, { dedupeKey: `test-unsub-digest:${week}` });
    await t.worker.drain();
    expect(mailsTo('oneclick@example.ca')).toHaveLength(1);
  });

  it('accepts the one-click POST as multipart too, as some mail clients send it', async () => {
    const mail = await subscribedWithMail('multipart@example.ca');
    const boundary = 'xYzZY';
    const res = await t.app.inject({
      method: 'POST',
      url: unsubscribeLink(mail),
      payload: `--${boundary}\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--${boundary}--\r\n`,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
    expect(res.statusCode).toBe(200);
    expect((await subscriptionOf('multipart@example.ca'))!.status).toBe('unsubscribed');
  });

  it('asks first on GET, changing nothing, and unsubscribes from the page’s button', async () => {
    const mail = await subscribedWithMail('scanner@example.ca');
    const c = new TestClient(t.app);
    const page = await c.get(unsubscribeLink(mail));
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Stop sending the posts of “News” to s…@example.ca?');
    expect(page.body).toContain('<form method="post" action="/subscriptions/unsubscribe?token=');
    expect((await subscriptionOf('scanner@example.ca'))!.status).toBe('active');
    const action = unescape(page.body.match(/action="(\/subscriptions\/unsubscribe\?token=[^"]+)"/)![1]!);
    const res = await c.post(action, {});
    expect(res.statusCode).toBe(200);
    expect((await subscriptionOf('scanner@example.ca'))!.status).toBe('unsubscribed');
    // Afterwards the link just says so.
    const again = await c.get(unsubscribeLink(mail));
    expect(again.statusCode).toBe(200);
    expect(again.body).toContain('You are unsubscribed');
    expect(again.body).not.toContain('<form method="post" action="/subscriptions/unsubscribe');
  });

  it('withdraws a message still waiting in the queue', async () => {
    const id = await activeSubscription('queued@example.ca');
    const mailId = await t.mailer.enqueue(t.db, { to: 'queued@example.ca', subject: 'Waiting', text: 'x', purpose: 'informational' });
    await t.db.insertInto('blogSubscriptionDeliveries').values({ id: newId(), subscriptionId: id, deliveryKey: 'post:waiting', postId: null, periodEnd: null, mailMessageId: mailId }).execute();
    const token = createSubscriptionTokens('test-secret-test-secret-test-secret-0123456789').unsubscribeToken(id);
    expect((await t.app.inject({ method: 'POST', url: `/subscriptions/unsubscribe?token=${token}` })).statusCode).toBe(200);
    await t.worker.drain();
    expect(mailsTo('queued@example.ca')).toHaveLength(0);
    expect(await t.db.selectFrom('mailMessages').select(['status', 'error']).where('id', '=', mailId).executeTakeFirstOrThrow()).toEqual({ status: 'failed', error: 'withdrawn' });
  });

  it('refuses forged and malformed tokens with a clear page, changing nothing', async () => {
    const mail = await subscribedWithMail('forged@example.ca');
    const link = unsubscribeLink(mail);
    const id = new URL(link, 'http://x').searchParams.get('token')!.split('.')[0]!;
    for (const token of [`${id}.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`, id, 'nonsense', `${newId()}.${link.split('.').at(-1)}`]) {
      const get = await t.app.inject({ method: 'GET', url: `/subscriptions/unsubscribe?token=${encodeURIComponent(token)}` });
      expect(get.statusCode).toBe(400);
      expect(get.body).toContain('This unsubscribe link does not work');
      expect((await t.app.inject({ method: 'POST', url: `/subscriptions/unsubscribe?token=${encodeURIComponent(token)}` })).statusCode).toBe(400);
    }
    expect((await t.app.inject({ method: 'POST', url: '/subscriptions/unsubscribe' })).statusCode).toBe(400);
    expect((await subscriptionOf('forged@example.ca'))!.status).toBe('active');
  });

  it('lets an unsubscribed person subscribe again through a new double opt-in', async () => {
    await activeSubscription('returning@example.ca', { status: 'unsubscribed' });
    const c = new TestClient(t.app);
    expect((await postForm(c, '/o/east/blogs/news/subscribe', validForm('returning@example.ca'))).statusCode).toBe(303);
    expect((await subscriptionOf('returning@example.ca'))!.status).toBe('pending');
    await t.worker.drain();
    const link = new URL(linkIn(await t.inbox.waitFor('returning@example.ca'), '/subscriptions/confirm'));
    expect((await c.get(link.pathname + link.search)).statusCode).toBe(200);
    const sub = (await subscriptionOf('returning@example.ca'))!;
    expect(sub).toMatchObject({ status: 'active', unsubscribedAt: null });
  });
});
