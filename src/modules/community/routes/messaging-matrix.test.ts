import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../test/support/build-test-app.js';
import { TestClient } from '../../../../test/support/client.js';
import { createGroup, createGroupPosts } from '../../../../test/support/factories/community.js';
import { createOrganization } from '../../../../test/support/factories/identity.js';
import { signedInWith, type Signed } from '../../../../test/support/roles.js';
import type { Decision } from '../../../platform/auth/policy.js';
import { MESSAGING_ROLES, MESSAGING_SITUATIONS, MESSAGING_TABLE, type MessagingRole, type MessagingSituation } from '../messaging-table.js';

/**
 * The messaging table of messaging-table.ts over HTTP: for each role and situation, reading and
 * writing in a conversation, starting one, blocking, being mentioned and being told, through the
 * routes a browser uses. Anonymous visitors are sent to sign in before any rule is asked.
 */
let t: TestApp;
let org: { id: string; slug: string };
let quinn: Signed;
let zed: Signed;
let group: { id: string; slug: string; organizationId: string };
const askers = {} as Record<Exclude<MessagingRole, 'anonymous'>, Signed & { name: string; conversation: string }>;

const conversationOf = (res: { headers: Record<string, unknown> }) => String(res.headers.location).split('/').pop()!.split('#')[0]!;

beforeAll(async () => {
  t = await buildTestApp();
  org = await createOrganization(t.db, { slug: 'messaging-matrix' });
  quinn = await signedInWith(t, { org, roles: ['member'], displayName: 'Quinn Other' });
  zed = await signedInWith(t, { org, roles: ['member'], displayName: 'Zed Target' });
  const make = async (name: string, roles: ('member' | 'admin')[], inOrg = true) => ({ ...(await signedInWith(t, { org: inOrg ? org : await createOrganization(t.db), roles, displayName: name })), name });
  const pat = await make('Pat Matrix', ['member']);
  const ann = await make('Ann Matrix', ['admin', 'member']);
  const patQuinn = conversationOf(await pat.client.post(`/o/${org.slug}/messages/with/${quinn.id}`, { body: 'Hello Quinn' }));
  const annQuinn = conversationOf(await ann.client.post(`/o/${org.slug}/messages/with/${quinn.id}`, { body: 'Hello from the admin' }));
  askers.participant = { ...pat, conversation: patQuinn };
  askers['participant admin'] = { ...ann, conversation: annQuinn };
  askers['non-participant member'] = { ...(await make('Nora Matrix', ['member'])), conversation: patQuinn };
  askers['non-participant admin'] = { ...(await make('Nadia Matrix', ['admin', 'member'])), conversation: patQuinn };
  askers['member of another organization'] = { ...(await make('Otto Matrix', ['admin', 'member'], false)), conversation: patQuinn };
  group = await createGroup(t.db, { organizationId: org.id, kind: 'public', nameEn: 'Matrix square', members: [{ accountId: quinn.id }] });
}, 120_000);
afterAll(() => t.close());

async function apply(s: MessagingSituation, me: string) {
  if (s === 'messages off') await t.db.insertInto('communitySettings').values({ organizationId: org.id, directMessages: false, updatedBy: null }).execute();
  if (s === 'blocked by me') await t.db.insertInto('communityBlocks').values([{ organizationId: org.id, blockerId: me, blockedId: quinn.id }, { organizationId: org.id, blockerId: me, blockedId: zed.id }]).execute();
  if (s === 'blocked by them') await t.db.insertInto('communityBlocks').values([{ organizationId: org.id, blockerId: quinn.id, blockedId: me }, { organizationId: org.id, blockerId: zed.id, blockedId: me }]).execute();
  if (s === 'private profile') await t.db.updateTable('identityProfiles').set({ visibility: 'private' }).where('accountId', 'in', [quinn.id, zed.id]).execute();
}
async function undo(me: string) {
  await t.db.deleteFrom('communitySettings').where('organizationId', '=', org.id).execute();
  await t.db.deleteFrom('communityBlocks').where('organizationId', '=', org.id).where((eb) => eb.or([eb('blockerId', '=', me), eb('blockedId', '=', me)])).execute();
  await t.db.updateTable('identityProfiles').set({ visibility: 'organizations' }).where('accountId', 'in', [quinn.id, zed.id]).execute();
  await t.db.deleteFrom('communityConversations').where('organizationId', '=', org.id).where((eb) => eb.or([eb('accountA', '=', zed.id), eb('accountB', '=', zed.id)])).execute();
}

/** What a browser gets for a decision: a member's refusal is 409 when messages are switched off, else 403. */
const expected = (d: Decision, s: MessagingSituation, allowed: number, inOrg: boolean) => (d === 'allow' ? allowed : d === 'hide' ? 404 : s === 'messages off' && inOrg ? 409 : 403);

describe('messaging table over HTTP', () => {
  for (const role of MESSAGING_ROLES) {
    for (const s of MESSAGING_SITUATIONS) {
      const want = MESSAGING_TABLE[role][s];
      it(`${role}, ${s}`, async () => {
        if (role === 'anonymous') {
          const anon = new TestClient(t.app);
          const conv = `/o/${org.slug}/messages/${askers.participant.conversation}`;
          expect((await anon.get(conv)).headers.location).toMatch(/^\/sign-in/);
          expect((await anon.post(conv, { body: 'Hi' })).statusCode).toBe(401);
          expect((await anon.post(`/o/${org.slug}/messages/with/${zed.id}`, { body: 'Hi' })).statusCode).toBe(401);
          expect((await anon.post(`/o/${org.slug}/people/${quinn.id}/block`, { block: 'yes' })).statusCode).toBe(401);
          return;
        }
        const me = askers[role];
        const inOrg = role !== 'member of another organization';
        await apply(s, me.id);
        try {
          const conv = `/o/${org.slug}/messages/${me.conversation}`;
          // The other person mentions the asker, and reacts to the asker's post.
          const mention = await quinn.client.post(`/o/${org.slug}/groups/${group.slug}/posts`, { body: `Hello @${me.name.replace(' ', '')}` });
          const mentioned = await t.db.selectFrom('communityMentions').select('accountId').where('postId', '=', conversationOf(mention)).where('accountId', '=', me.id).execute();
          const [post] = (await createGroupPosts(t.db, group, [{ authorId: me.id, body: 'My post' }])) as [string];
          expect((await quinn.client.post(`/o/${org.slug}/groups/${group.slug}/posts/${post}/reactions`, { reaction: 'like' })).statusCode).toBe(303);
          const told = await t.db.selectFrom('communityNotifications').select('id').where('recipientId', '=', me.id).where('postId', '=', post).execute();
          const got = {
            read: (await me.client.get(conv)).statusCode,
            send: (await me.client.post(conv, { body: `From ${me.name}` })).statusCode,
            start: (await me.client.post(`/o/${org.slug}/messages/with/${zed.id}`, { body: 'Starting' })).statusCode,
            // Last: a block made here would change the answers above.
            block: (await me.client.post(`/o/${org.slug}/people/${quinn.id}/block`, { block: 'yes' })).statusCode,
          };

          expect(got).toEqual({
            read: expected(want.read, s, 200, inOrg),
            send: expected(want.send, s, 303, inOrg),
            start: expected(want.start, s, 303, inOrg),
            block: expected(want.block, s, 303, inOrg),
          });
          expect({ mention: mentioned.length > 0, notify: told.length > 0 }).toEqual({ mention: want.mention === 'allow', notify: want.notify === 'allow' });
        } finally {
          await undo(me.id);
        }
      });
    }
  }
});
