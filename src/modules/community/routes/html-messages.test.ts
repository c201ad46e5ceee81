import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../test/support/build-test-app.js';
import { TestClient } from '../../../../test/support/client.js';
import { createGroup, createGroupPosts } from '../../../../test/support/factories/community.js';
import { createOrganization } from '../../../../test/support/factories/identity.js';
import { signedInWith, type Signed } from '../../../../test/support/roles.js';

let t: TestApp;
let org: { id: string; slug: string };
let ada: Signed;
let ben: Signed;
let cleo: Signed;
let admin: Signed;
let conversationId: string;

const messages = () => `/o/${org.slug}/messages`;
const withUrl = (who: Signed) => `${messages()}/with/${who.id}`;
const convUrl = () => `${messages()}/${conversationId}`;
const profile = (who: Signed) => `/o/${org.slug}/people/${who.id}`;
const countMessages = async () => Number((await t.db.selectFrom('communityMessages').select((eb) => eb.fn.countAll<number>().as('n')).where('organizationId', '=', org.id).executeTakeFirstOrThrow()).n);

beforeAll(async () => {
  t = await buildTestApp();
  org = await createOrganization(t.db, { slug: 'messages-org' });
  ada = await signedInWith(t, { org, roles: ['member'], displayName: 'Ada Lovelace' });
  ben = await signedInWith(t, { org, roles: ['member'], displayName: 'Ben Côté' });
  cleo = await signedInWith(t, { org, roles: ['member'], displayName: 'Cleo Third' });
  admin = await signedInWith(t, { org, roles: ['admin', 'member'], displayName: 'Ann Admin' });
}, 60_000);
afterAll(() => t.close());

describe('direct messages', () => {
  it('starts a conversation from a person’s page, renders Markdown safely, marks it unread and tells the recipient', async () => {
    const page = await ada.client.get(profile(ben));
    expect(page.body).toContain(`href="${withUrl(ben)}"`);
    expect(page.body).toContain('Message Ben Côté');
    const form = await ada.client.get(withUrl(ben));
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('name="body"');
    const sent = await ada.client.post(withUrl(ben), { body: 'Hello **Ben** <script>alert(1)</script>' });
    expect(sent.statusCode).toBe(303);
    conversationId = String(sent.headers.location).split('/').pop()!.split('#')[0]!;
    // A second "Message" opens the same conversation.
    expect((await ada.client.get(withUrl(ben))).headers.location).toBe(convUrl());

    const inbox = await ben.client.get(messages());
    expect(inbox.body).toContain('Conversation with Ada Lovelace');
    expect(inbox.body).toContain('1 conversation with unread messages');
    const notices = await ben.client.get(`/o/${org.slug}/notifications`);
    expect(notices.body).toContain('Ada Lovelace sent you a message');
    expect(notices.body).toContain(`href="${convUrl()}"`);
    expect(notices.body).toContain('1 unread notification');

    const conv = await ben.client.get(convUrl());
    expect(conv.statusCode).toBe(200);
    expect(conv.body).toContain('<strong>Ben</strong>');
    expect(conv.body).not.toContain('<script>alert');
    // Opening the conversation reads it, and its notice.
    expect((await ben.client.get(messages())).body).toContain('0 conversations with unread messages');
    expect((await ben.client.get(`/o/${org.slug}/notifications`)).body).toContain('0 unread notifications');
    // The sender's own message is not unread for them.
    expect((await ada.client.get(messages())).body).toContain('0 conversations with unread messages');

    expect((await ben.client.post(convUrl(), { body: 'Hi Ada' })).statusCode).toBe(303);
    expect((await ada.client.get(messages())).body).toContain('1 conversation with unread messages');
    const fr = await ada.client.get(`/o/${org.slug}/notifications`, { 'accept-language': 'fr' });
    expect(fr.body).toContain('Ben Côté vous a envoyé un message');
  });

  it('answers 404 to anyone who does not take part, 403 to other organizations, sign-in to anonymous visitors', async () => {
    expect((await cleo.client.get(convUrl())).statusCode).toBe(404);
    expect((await cleo.client.post(convUrl(), { body: 'Sneaking in' })).statusCode).toBe(404);
    expect((await admin.client.get(convUrl())).statusCode).toBe(404);
    const other = await signedInWith(t, { org: await createOrganization(t.db), roles: ['admin', 'member'] });
    expect((await other.client.get(convUrl())).statusCode).toBe(404);
    expect((await other.client.post(convUrl(), { body: 'Hi' })).statusCode).toBe(404);
    expect((await other.client.get(messages())).statusCode).toBe(403);
    expect((await other.client.get(withUrl(ada))).statusCode).toBe(403);
    expect((await other.client.post(withUrl(ada), { body: 'Hi' })).statusCode).toBe(403);
    // Someone of another organization cannot be messaged from this one either: they are not a member here.
    expect((await ada.client.post(`${messages()}/with/${other.id}`, { body: 'Hi' })).statusCode).toBe(404);
    const anon = new TestClient(t.app);
    expect((await anon.get(messages())).headers.location).toMatch(/^\/sign-in/);
    expect((await anon.get(convUrl())).headers.location).toMatch(/^\/sign-in/);
    const anonPost = await anon.post(convUrl(), { body: 'Hi' });
    expect(anonPost.statusCode).toBe(401);
    expect((await cleo.client.get(`${messages()}/${'0190f0e0-0000-7000-8000-0000000000ff'}`)).statusCode).toBe(404);
    expect(await countMessages()).toBe(2);
  });

  it('refuses bad input with a 400 naming the field, writing nothing', async () => {
    const empty = await ada.client.post(convUrl(), { body: '   ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('id="f-body-error"');
    expect((await ada.client.post(convUrl(), { body: 'x'.repeat(10001) })).statusCode).toBe(400);
    expect((await ada.client.get(`${messages()}/not-an-id`)).statusCode).toBe(400);
    expect((await ada.client.post(`${messages()}/with/nobody`, { body: 'Hi' })).statusCode).toBe(400);
    expect((await ada.client.get(withUrl(ada))).statusCode).toBe(403);
    expect((await ada.client.post(withUrl(ada), { body: 'Me to me' })).statusCode).toBe(403);
    expect(await countMessages()).toBe(2);
  });

  it('warns about health information the author must confirm, as in posts', async () => {
    const text = 'Her health card is 1234-567-890-AB, born 2019-04-02';
    const warned = await ada.client.post(convUrl(), { body: text });
    expect(warned.statusCode).toBe(400);
    expect(warned.body).toContain('personal health information');
    expect(warned.body).toContain('name="confirmPhi"');
    expect(await countMessages()).toBe(2);
    expect((await ada.client.post(convUrl(), { body: text, confirmPhi: 'on' })).statusCode).toBe(303);
    expect(await countMessages()).toBe(3);
  });

  it('e-mails the recipient when they chose it, without the message itself', async () => {
    expect((await ben.client.post(`/o/${org.slug}/notifications/preferences`, { email: 'each' })).statusCode).toBe(303);
    expect((await ada.client.post(convUrl(), { body: 'A private note for Ben' })).statusCode).toBe(303);
    await t.worker.drain();
    const mail = await t.inbox.waitFor(ben.email, (m) => m.subject.includes('sent you a message'));
    expect(mail.subject).toBe('Ada Lovelace sent you a message');
    expect(mail.text).toContain(`http://localhost:3000${convUrl()}`);
    expect(mail.text).not.toContain('private note');
    // Cleo kept the default (no e-mail).
    expect((await ada.client.post(withUrl(cleo), { body: 'Hi Cleo' })).statusCode).toBe(303);
    await t.worker.drain();
    expect(t.inbox.received.some((m) => m.to.includes(cleo.email))).toBe(false);
    expect((await ben.client.post(`/o/${org.slug}/notifications/preferences`, { email: 'off' })).statusCode).toBe(303);
  });

  it('rings the recipient’s open notification stream', async () => {
    const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const controller = new AbortController();
    try {
      const cookie = [...ben.client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
      const res = await fetch(`${address}/o/${org.slug}/notifications/stream`, { headers: { cookie }, signal: controller.signal });
      const reader = res.body!.getReader();
      const decoder = new TextDecoder();
      let buffer = '';
      const nextEvent = async () => {
        while (!buffer.includes('\n\n')) buffer += decoder.decode((await reader.read()).value, { stream: true });
        const [event, ...rest] = buffer.split('\n\n');
        buffer = rest.join('\n\n');
        return JSON.parse(event!.split('\n').find((l) => l.startsWith('data: '))!.slice(6)) as { unread: number; latest: { text: string; href: string }[] };
      };
      const first = await nextEvent();
      expect((await ada.client.post(convUrl(), { body: 'Live one' })).statusCode).toBe(303);
      const second = await nextEvent();
      expect(second.unread).toBe(first.unread + 1);
      expect(second.latest[0]).toMatchObject({ text: 'Ada Lovelace sent you a message', href: convUrl() });
    } finally {
      controller.abort();
    }
  });
});

describe('the organization’s switch', () => {
  it('lets only an administrator open the settings', async () => {
    expect((await ada.client.get(`/o/${org.slug}/community/settings`)).statusCode).toBe(403);
    expect((await ada.client.post(`/o/${org.slug}/community/settings`, {})).statusCode).toBe(403);
    const other = await signedInWith(t, { org: await createOrganization(t.db), roles: ['admin', 'member'] });
    expect((await other.client.post(`/o/${org.slug}/community/settings`, {})).statusCode).toBe(403);
    const page = await admin.client.get(`/o/${org.slug}/community/settings`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/name="directMessages" checked/);
  });

  it('switched off: no new message (409 with the reason), no Message action, conversations still readable; audited', async () => {
    const before = await countMessages();
    expect((await admin.client.post(`/o/${org.slug}/community/settings`, {})).statusCode).toBe(303);
    const audit = await t.db.selectFrom('auditEvents').select(['action', 'actorAccountId', 'data']).where('organizationId', '=', org.id).where('action', '=', 'community.settings.updated').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actorAccountId).toBe(admin.id);
    expect(JSON.stringify(audit[0]!.data)).toContain('"directMessages":false');

    const refused = await ada.client.post(convUrl(), { body: 'Still there?' });
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain('Direct messages are switched off in this organization');
    expect((await ada.client.post(withUrl(admin), { body: 'Hello' })).statusCode).toBe(409);
    expect((await ada.client.get(withUrl(admin))).statusCode).toBe(409);
    expect(await countMessages()).toBe(before);

    const prof = await ada.client.get(profile(ben));
    expect(prof.body).not.toContain(withUrl(ben));
    const conv = await ada.client.get(convUrl());
    expect(conv.statusCode).toBe(200);
    expect(conv.body).toContain('Live one');
    expect(conv.body).toContain('you can read this conversation but not send new messages');
    expect(conv.body).not.toContain('name="body"');
    expect((await ben.client.get(convUrl())).statusCode).toBe(200);
    expect((await ada.client.get(messages())).body).toContain('Direct messages are switched off');

    expect((await admin.client.post(`/o/${org.slug}/community/settings`, { directMessages: 'on' })).statusCode).toBe(303);
    expect((await ada.client.post(convUrl(), { body: 'Back on' })).statusCode).toBe(303);
  });
});

describe('blocking', () => {
  let group: { id: string; slug: string; organizationId: string };
  let benPost: string;

  beforeAll(async () => {
    group = await createGroup(t.db, { organizationId: org.id, kind: 'public', nameEn: 'Garden', members: [{ accountId: ada.id }, { accountId: ben.id }] });
    [benPost] = (await createGroupPosts(t.db, group, [{ authorId: ben.id, body: 'My tomatoes' }])) as [string];
  });
  const noticesOf = (who: Signed) => t.db.selectFrom('communityNotifications').select(['kind', 'actorId']).where('recipientId', '=', who.id).where('readAt', 'is', null).execute();

  it('lists whom one blocks and lets one unblock', async () => {
    const prof = await ben.client.get(profile(ada));
    expect(prof.body).toContain('Block Ada Lovelace');
    const done = await ben.client.post(`${profile(ada)}/block`, { block: 'yes', back: 'profile' });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(profile(ada));
    // Twice is the same block.
    expect((await ben.client.post(`${profile(ada)}/block`, { block: 'yes' })).statusCode).toBe(303);
    const list = await ben.client.get(`/o/${org.slug}/blocks`);
    expect(list.body).toContain('Ada Lovelace');
    expect(list.body).toContain('Unblock Ada Lovelace');
    expect((await ben.client.get(profile(ada))).body).toContain('Unblock Ada Lovelace');
  });

  it('refuses the blocked member’s messages neutrally, and tells the blocker why they cannot write', async () => {
    await t.db.updateTable('communityNotifications').set({ readAt: new Date() }).where('recipientId', '=', ben.id).execute();
    const before = await countMessages();
    // The blocked member still sees the action and the form: the refusal does not name the block.
    expect((await ada.client.get(profile(ben))).body).toContain(withUrl(ben));
    const refused = await ada.client.post(convUrl(), { body: 'Please answer' });
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('This message could not be sent.');
    expect(refused.body).not.toMatch(/blocks you|blocked you|bloqu[ée]/i);
    expect(refused.body).toContain('Block Ben Côté');
    expect(refused.body).toContain('Please answer');
    const mine = await ben.client.get(convUrl());
    expect(mine.statusCode).toBe(200);
    expect(mine.body).toContain('You block Ada Lovelace');
    expect(mine.body).not.toContain('name="body"');
    const own = await ben.client.post(convUrl(), { body: 'Go away' });
    expect(own.statusCode).toBe(403);
    expect(own.body).toContain('You block Ada Lovelace');
    expect(await countMessages()).toBe(before);
    expect(await noticesOf(ben)).toEqual([]);
  });

  it('does not record a mention of the blocker by the blocked member, nor tell them about their replies or reactions', async () => {
    const base = `/o/${org.slug}/groups/${group.slug}`;
    const res = await ada.client.post(`${base}/posts`, { body: 'Lovely, @BenCote' });
    expect(res.statusCode).toBe(303);
    const postId = String(res.headers.location).split('/').pop()!;
    expect(await t.db.selectFrom('communityMentions').selectAll().where('postId', '=', postId).execute()).toEqual([]);
    expect((await ada.client.post(`${base}/posts/${benPost}/replies`, { body: 'Nice tomatoes' })).statusCode).toBe(303);
    expect((await ada.client.post(`${base}/posts/${benPost}/reactions`, { reaction: 'heart' })).statusCode).toBe(303);
    expect(await noticesOf(ben)).toEqual([]);
    // Cleo, not blocked, is mentioned and told as usual.
    await t.db.insertInto('communityGroupMembers').values({ groupId: group.id, accountId: cleo.id, organizationId: org.id, status: 'active', invitedBy: null, decidedBy: null }).execute();
    const withCleo = await ada.client.post(`${base}/posts`, { body: 'And @CleoThird' });
    expect(await t.db.selectFrom('communityMentions').select('accountId').where('postId', '=', String(withCleo.headers.location).split('/').pop()!).execute()).toEqual([{ accountId: cleo.id }]);
  });

  it('hides notices made before the block when they are shown', async () => {
    expect((await ben.client.post(`${profile(ada)}/block`, { block: 'no' })).statusCode).toBe(303);
    expect((await ada.client.post(convUrl(), { body: 'Are we fine?' })).statusCode).toBe(303);
    expect((await ben.client.get(`/o/${org.slug}/notifications`)).body).toContain('Ada Lovelace sent you a message');
    expect((await ben.client.post(`${profile(ada)}/block`, { block: 'yes' })).statusCode).toBe(303);
    const page = await ben.client.get(`/o/${org.slug}/notifications`);
    expect(page.body).not.toContain('Ada Lovelace sent you a message');
    expect(page.body).toContain('0 unread notifications');
  });

  it('lets messages and mentions through again once unblocked', async () => {
    const res = await ben.client.post(`${profile(ada)}/block`, { block: 'no', back: 'blocks' });
    expect(res.headers.location).toBe(`/o/${org.slug}/blocks`);
    expect((await ben.client.get(`/o/${org.slug}/blocks`)).body).toContain('You do not block anyone.');
    expect((await ada.client.post(convUrl(), { body: 'Thanks' })).statusCode).toBe(303);
    const post = await ada.client.post(`/o/${org.slug}/groups/${group.slug}/posts`, { body: 'Hi @BenCote' });
    expect(await t.db.selectFrom('communityMentions').select('accountId').where('postId', '=', String(post.headers.location).split('/').pop()!).execute()).toEqual([{ accountId: ben.id }]);
  });

  it('refuses blocking oneself, unknown people, other organizations and bad input', async () => {
    expect((await ada.client.post(`${profile(ada)}/block`, { block: 'yes' })).statusCode).toBe(403);
    expect((await ada.client.post(`/o/${org.slug}/people/0190f0e0-0000-7000-8000-0000000000ff/block`, { block: 'yes' })).statusCode).toBe(404);
    const other = await signedInWith(t, { org: await createOrganization(t.db), roles: ['member'] });
    expect((await other.client.post(`${profile(ada)}/block`, { block: 'yes' })).statusCode).toBe(403);
    expect((await other.client.get(`/o/${org.slug}/blocks`)).statusCode).toBe(403);
    const bad = await ada.client.post(`${profile(ben)}/block`, { block: 'maybe' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('block');
    expect((await new TestClient(t.app).get(`/o/${org.slug}/blocks`)).headers.location).toMatch(/^\/sign-in/);
  });
});
