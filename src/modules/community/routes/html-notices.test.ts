import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../test/support/build-test-app.js';
import { TestClient } from '../../../../test/support/client.js';
import { createGroup, createGroupPosts } from '../../../../test/support/factories/community.js';
import { createOrganization } from '../../../../test/support/factories/identity.js';
import { signedInWith, type Signed } from '../../../../test/support/roles.js';
import { newId } from '../../../platform/db/ids.js';

let t: TestApp;
let org: { id: string; slug: string };
let ada: Signed;
let ben: Signed;
let group: { id: string; slug: string; organizationId: string };
let postId: string;
const inbox = (who: Signed) => who.client.get(`/o/${org.slug}/notifications`);
const base = () => `/o/${org.slug}/groups/${group.slug}`;

beforeAll(async () => {
  t = await buildTestApp();
  org = await createOrganization(t.db, { slug: 'notices-org' });
  ada = await signedInWith(t, { org, roles: ['member'], displayName: 'Ada Lovelace' });
  ben = await signedInWith(t, { org, roles: ['member'], displayName: 'Ben Côté' });
  group = await createGroup(t.db, { organizationId: org.id, kind: 'private', nameEn: 'Night owls', members: [{ accountId: ada.id, role: 'owner' }, { accountId: ben.id }] });
  [postId] = (await createGroupPosts(t.db, group, [{ authorId: ada.id, body: 'Who is up?' }])) as [string];
}, 60_000);
afterAll(() => t.close());

describe('notices', () => {
  it('tells the author about a reply and a reaction, and a mentioned member (accents folded)', async () => {
    expect((await ben.client.post(`${base()}/posts/${postId}/replies`, { body: 'Me! cc @AdaLovelace' })).statusCode).toBe(303);
    expect((await ben.client.post(`${base()}/posts/${postId}/reactions`, { reaction: 'thanks' })).statusCode).toBe(303);
    expect((await ada.client.post(`${base()}/posts`, { body: 'Welcome @BenCote #nightshift' })).statusCode).toBe(303);
    const a = await inbox(ada);
    expect(a.statusCode).toBe(200);
    // A reply that mentions the author tells them once, as a mention.
    expect(a.body).toContain('Ben Côté mentioned you in Night owls');
    expect(a.body).not.toContain('Ben Côté replied to your post');
    expect(a.body).toContain('Ben Côté reacted to your post in Night owls');
    expect(a.body).toContain('2 unread notifications');
    expect((await inbox(ben)).body).toContain('Ada Lovelace mentioned you in Night owls');
    const tags = await t.db.selectFrom('communityHashtags').select('tag').where('groupId', '=', group.id).execute();
    expect(tags.map((r) => r.tag)).toEqual(['nightshift']);
    const fr = await ada.client.get(`/o/${org.slug}/notifications`, { 'accept-language': 'fr' });
    expect(fr.body).toContain('Ben Côté vous a mentionné dans');
  });

  it('marks everything read', async () => {
    expect((await ada.client.post(`/o/${org.slug}/notifications/read`)).statusCode).toBe(303);
    expect((await inbox(ada)).body).toContain('0 unread notifications');
    expect((await ada.client.post(`/o/${org.slug}/notifications/read`, { extra: 'x' })).statusCode).toBe(303);
  });

  it('tells moderators about a request to join, and the person when approved', async () => {
    const cleo = await signedInWith(t, { org, roles: ['member'], displayName: 'Cleo Parent' });
    expect((await cleo.client.post(`${base()}/join`)).statusCode).toBe(303);
    const a = await inbox(ada);
    expect(a.body).toContain('Cleo Parent asks to join Night owls');
    expect(a.body).toContain(`href="${base()}/moderation"`);
    expect((await inbox(ben)).body).not.toContain('Cleo Parent asks');
    expect((await ada.client.post(`${base()}/moderation/requests/${cleo.id}`, { decision: 'approve' })).statusCode).toBe(303);
    expect((await inbox(cleo)).body).toContain('You are now a member of Night owls');
  });

  it('checks the policy again when notices are shown: a banned member no longer sees theirs', async () => {
    expect((await ada.client.post(`${base()}/posts`, { body: 'One more for @BenCote' })).statusCode).toBe(303);
    expect((await inbox(ben)).body).toContain('2 unread notifications');
    await t.db.updateTable('communityGroupMembers').set({ status: 'banned' }).where('groupId', '=', group.id).where('accountId', '=', ben.id).execute();
    const page = await inbox(ben);
    expect(page.body).not.toContain('Night owls');
    expect(page.body).toContain('0 unread notifications');
    await t.db.updateTable('communityGroupMembers').set({ status: 'active' }).where('groupId', '=', group.id).where('accountId', '=', ben.id).execute();
  });

  it('never mentions someone who cannot read the post', async () => {
    const outsider = await signedInWith(t, { org, roles: ['member'], displayName: 'Omar Outside' });
    const res = await ada.client.post(`${base()}/posts`, { body: 'Hi @OmarOutside' });
    const id = String(res.headers.location).split('/').pop()!;
    expect(await t.db.selectFrom('communityMentions').selectAll().where('postId', '=', id).execute()).toEqual([]);
    expect((await inbox(outsider)).body).not.toContain('Night owls');
  });

  it('refuses anonymous visitors and other organizations', async () => {
    expect((await new TestClient(t.app).get(`/o/${org.slug}/notifications`)).headers.location).toMatch(/^\/sign-in/);
    expect((await new TestClient(t.app).get(`/o/${org.slug}/notifications/stream`)).headers.location).toMatch(/^\/sign-in/);
    const other = await signedInWith(t, { org: await createOrganization(t.db), roles: ['admin', 'member'] });
    expect((await other.client.get(`/o/${org.slug}/notifications`)).statusCode).toBe(403);
    expect((await other.client.get(`/o/${org.slug}/notifications/stream`)).statusCode).toBe(403);
    expect((await ada.client.get(`/o/NOT VALID/notifications`)).statusCode).toBe(400);
  });

  it('streams the count and new notices live (server-sent events)', async () => {
    const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const controller = new AbortController();
    try {
      const cookie = [...ben.client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
      const res = await fetch(`${address}/o/${org.slug}/notifications/stream`, { headers: { cookie }, signal: controller.signal });
      expect(res.headers.get('content-type')).toContain('text/event-stream');
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
      expect(first.unread).toBe(2);
      expect((await ada.client.post(`${base()}/posts`, { body: 'Live ping @BenCote' })).statusCode).toBe(303);
      const second = await nextEvent();
      expect(second.unread).toBe(3);
      expect(second.latest[0]).toMatchObject({ text: 'Ada Lovelace mentioned you in Night owls' });
      expect(second.latest[0]!.href).toContain(`${base()}/posts/`);
    } finally {
      controller.abort();
    }
  });
});

describe('the unread count', () => {
  /** Unread notices to `reader` about `groupId`, `n` of them, each a second apart, the newest `newest` ago. */
  const unreadAbout = async (reader: Signed, groupId: string, n: number, newest: number) => {
    const now = Date.now();
    const rows = Array.from({ length: n }, (_, i) => ({ id: newId(), organizationId: org.id, recipientId: reader.id, kind: 'reaction' as const, actorId: ada.id, groupId, postId: null, createdAt: new Date(now - newest - i * 1000) }));
    await t.db.insertInto('communityNotifications').values(rows).execute();
  };
  const countOn = (html: string) => /<span data-unread-count>([^<]*)<\/span>/.exec(html)?.[1];

  it('counts older visible notices behind a hundred and more about a group one has left, and shows "99+" past 99', async () => {
    const reader = await signedInWith(t, { org, roles: ['member'], displayName: 'Rita Reader' });
    const left = await createGroup(t.db, { organizationId: org.id, kind: 'private', nameEn: 'Left behind', members: [{ accountId: reader.id }] });
    const kept = await createGroup(t.db, { organizationId: org.id, kind: 'private', nameEn: 'Still here', members: [{ accountId: reader.id }] });
    await unreadAbout(reader, kept.id, 3, 3_600_000);
    await unreadAbout(reader, left.id, 120, 60_000);
    await t.db.deleteFrom('communityGroupMembers').where('groupId', '=', left.id).where('accountId', '=', reader.id).execute();
    let page = await inbox(reader);
    expect(countOn(page.body)).toBe('3 unread notifications');
    // The page lists them too, and nothing about the group left.
    expect(page.body.match(/reacted to your post in Still here/g)).toHaveLength(3);
    expect(page.body).not.toContain('Left behind');

    await unreadAbout(reader, kept.id, 96, 7_200_000);
    expect(countOn((await inbox(reader)).body)).toBe('99 unread notifications');
    await unreadAbout(reader, kept.id, 51, 10_800_000);
    page = await inbox(reader);
    expect(countOn(page.body)).toBe('99+ unread notifications');
    expect(countOn((await reader.client.get(`/o/${org.slug}/notifications`, { 'accept-language': 'fr' })).body)).toBe('99+ notifications non lues');
    expect(page.body).toContain('Mark all as read');
  });
});

describe('notice e-mail', () => {
  it('sends one e-mail per notice when chosen, re-checking the policy at delivery', async () => {
    const page = await ben.client.get(`/o/${org.slug}/notifications`);
    expect(page.body).toContain('value="off" checked');
    expect((await ben.client.post(`/o/${org.slug}/notifications/preferences`, { email: 'each' })).statusCode).toBe(303);
    expect((await ben.client.post(`/o/${org.slug}/notifications/preferences`, { email: 'hourly' })).statusCode).toBe(400);
    expect((await ada.client.post(`${base()}/posts`, { body: 'Mail me @BenCote' })).statusCode).toBe(303);
    await t.worker.drain();
    const mail = await t.inbox.waitFor(ben.email, (m) => m.subject.includes('mentioned you'));
    expect(mail.subject).toBe('Ada Lovelace mentioned you in Night owls');
    expect(mail.text).toContain(`http://localhost:3000${base()}/posts/`);

    // Banned before the job runs: no e-mail about the group.
    expect((await ada.client.post(`${base()}/posts`, { body: 'Second @BenCote' })).statusCode).toBe(303);
    await t.db.updateTable('communityGroupMembers').set({ status: 'banned' }).where('groupId', '=', group.id).where('accountId', '=', ben.id).execute();
    const before = t.inbox.received.length;
    await t.worker.drain();
    expect(t.inbox.received.length).toBe(before);
    await t.db.updateTable('communityGroupMembers').set({ status: 'active' }).where('groupId', '=', group.id).where('accountId', '=', ben.id).execute();
  });

  it('gathers notices into a morning digest when chosen', async () => {
    const dee = await signedInWith(t, { org, roles: ['member'], displayName: 'Dee Digest' });
    await t.db.insertInto('communityGroupMembers').values({ groupId: group.id, accountId: dee.id, organizationId: org.id, status: 'active', invitedBy: null, decidedBy: null }).execute();
    expect((await dee.client.post(`/o/${org.slug}/notifications/preferences`, { email: 'daily' })).statusCode).toBe(303);
    expect((await ada.client.post(`${base()}/posts`, { body: 'One @DeeDigest' })).statusCode).toBe(303);
    expect((await ada.client.post(`${base()}/posts`, { body: 'Two @DeeDigest' })).statusCode).toBe(303);
    const jobs = await t.db.selectFrom('jobsQueue').select(['runAt']).where('name', '=', 'community.notice.digest').execute();
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!.runAt.getTime()).toBeGreaterThan(Date.now());
    await t.db.updateTable('jobsQueue').set({ runAt: new Date() }).where('name', '=', 'community.notice.digest').execute();
    await t.worker.drain();
    const mail = await t.inbox.waitFor(dee.email);
    expect(mail.subject).toBe('2 new notifications');
    expect(mail.text.match(/mentioned you in Night owls/g)).toHaveLength(2);
  });
});
