import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../../platform/auth/actor.js';
import type { Decision } from '../../../platform/auth/policy.js';
import { buildTestApp, type TestApp } from '../../../../test/support/build-test-app.js';
import { TestClient } from '../../../../test/support/client.js';
import { createGroup, createGroupPosts, verifyStaff } from '../../../../test/support/factories/community.js';
import { createAccount, createOrganization } from '../../../../test/support/factories/identity.js';
import { signIn } from '../../../../test/support/sign-in.js';
import { AUTHORIZATION_TABLE, MATRIX_ROLES, type MatrixAction, type MatrixRole } from '../authorization-table.js';
import { GROUP_KINDS, type GroupKind } from '../db/schema.js';
import { putObject } from '../../../platform/storage/storage.js';
import { postMultipart } from '../../../../test/support/multipart.js';

/**
 * The community authorization table (authorization-table.ts), run against the routes: every
 * role, every group kind, every action that has a route. A route that forgot the policy, or
 * answered 403 where the group must not exist, fails here.
 */
let t: TestApp;
let org: { id: string; slug: string };
const clients = new Map<MatrixRole, TestClient>();
const accountOf = new Map<MatrixRole, string>();
const groups = new Map<GroupKind, { id: string; slug: string; nameEn: string; postId: string; word: string }>();
let ownerId: string;

const ROLE_SETUP: Record<Exclude<MatrixRole, 'anonymous'>, { roles: Role[]; staff: boolean; other?: boolean; membership?: { role: 'member' | 'moderator'; status: 'active' | 'banned' } }> = {
  member: { roles: ['member'], staff: false },
  'group member': { roles: ['member'], staff: true, membership: { role: 'member', status: 'active' } },
  'group moderator': { roles: ['member'], staff: true, membership: { role: 'moderator', status: 'active' } },
  staff: { roles: ['staff', 'member'], staff: true },
  'org moderator': { roles: ['moderator', 'member'], staff: false },
  admin: { roles: ['admin', 'member'], staff: false },
  'member of another organization': { roles: ['admin', 'member'], staff: true, other: true },
  'banned member': { roles: ['member'], staff: true, membership: { role: 'member', status: 'banned' } },
  'group member without staff verification': { roles: ['member'], staff: false, membership: { role: 'member', status: 'active' } },
};

beforeAll(async () => {
  t = await buildTestApp();
  org = await createOrganization(t.db, { slug: 'matrix-community' });
  const other = await createOrganization(t.db);
  const owner = await createAccount(t.db, { org, roles: ['member'], displayName: 'Owner Person' });
  ownerId = owner.id;
  for (const [role, s] of Object.entries(ROLE_SETUP) as [Exclude<MatrixRole, 'anonymous'>, (typeof ROLE_SETUP)[keyof typeof ROLE_SETUP]][]) {
    const home = s.other ? other : org;
    const account = await createAccount(t.db, { org: home, roles: s.roles, displayName: `Person ${role}` });
    if (s.staff) await verifyStaff(t.db, home.id, [account.id]);
    accountOf.set(role, account.id);
    clients.set(role, await signIn(t.app, account));
  }
  clients.set('anonymous', new TestClient(t.app));
  for (const kind of GROUP_KINDS) {
    const word = `zebra${kind}`;
    const members = (Object.entries(ROLE_SETUP) as [MatrixRole, (typeof ROLE_SETUP)[keyof typeof ROLE_SETUP]][])
      .filter(([, s]) => s.membership)
      .map(([role, s]) => ({ accountId: accountOf.get(role)!, ...s.membership! }));
    const g = await createGroup(t.db, { organizationId: org.id, kind, slug: `matrix-${kind}`, nameEn: `Matrix ${word} group`, members: [{ accountId: owner.id, role: 'owner' }, ...members] });
    const [postId] = await createGroupPosts(t.db, g, [{ authorId: owner.id, body: `The ${kind} post` }]);
    groups.set(kind, { ...g, postId: postId!, word });
  }
}, 60_000);
afterAll(() => t.close());

const statusFor = (d: Decision, role: MatrixRole, method: 'GET' | 'POST') => {
  if (d === 'allow') return method === 'GET' ? 200 : 303;
  if (d === 'hide') return 404;
  if (role === 'anonymous') return method === 'GET' ? 303 : 401;
  return 403;
};

async function countRows(table: 'communityPosts' | 'communityReactions') {
  const r = await t.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

type Probe = (role: MatrixRole, kind: GroupKind) => Promise<{ res: LightMyRequestResponse; method: 'GET' | 'POST' }>;

const groupUrl = (kind: GroupKind) => `/o/${org.slug}/groups/${groups.get(kind)!.slug}`;
const postUrl = (kind: GroupKind) => `${groupUrl(kind)}/posts/${groups.get(kind)!.postId}`;

/** Actions checked by the status of one request to the route that performs them. */
const BY_STATUS: Partial<Record<MatrixAction, Probe>> = {
  'see group': async (role, kind) => ({ res: await clients.get(role)!.get(groupUrl(kind)), method: 'GET' }),
  'see post': async (role, kind) => ({ res: await clients.get(role)!.get(postUrl(kind)), method: 'GET' }),
  reply: async (role, kind) => ({ res: await clients.get(role)!.post(`${postUrl(kind)}/replies`, { body: `A reply from ${role}` }), method: 'POST' }),
  react: async (role, kind) => ({ res: await clients.get(role)!.post(`${postUrl(kind)}/reactions`, { reaction: 'like' }), method: 'POST' }),
  moderate: async (role, kind) => ({ res: await clients.get(role)!.get(`${groupUrl(kind)}/moderation`), method: 'GET' }),
};

function checkStatus(role: MatrixRole, kind: GroupKind, action: MatrixAction, res: LightMyRequestResponse, method: 'GET' | 'POST'): string | null {
  const d = AUTHORIZATION_TABLE[role][kind][action];
  const want = statusFor(d, role, method);
  if (res.statusCode !== want) return `${role} · ${kind} · ${action}: ${res.statusCode}, expected ${want} (${d})`;
  if (want === 303 && d !== 'allow' && !String(res.headers.location).startsWith('/sign-in')) return `${role} · ${kind} · ${action}: redirected to ${res.headers.location}`;
  if (d === 'hide' && res.body.includes(groups.get(kind)!.word)) return `${role} · ${kind} · ${action}: the 404 page names the group`;
  return null;
}

describe('community authorization table over HTTP', () => {
  for (const action of Object.keys(BY_STATUS) as MatrixAction[]) {
    it(`${action}: every role × group kind`, async () => {
      const failures: string[] = [];
      for (const role of MATRIX_ROLES) {
        for (const kind of GROUP_KINDS) {
          const before = action === 'reply' ? await countRows('communityPosts') : action === 'react' ? await countRows('communityReactions') : 0;
          const { res, method } = await BY_STATUS[action]!(role, kind);
          const failure = checkStatus(role, kind, action, res, method);
          if (failure) failures.push(failure);
          if (method === 'POST' && AUTHORIZATION_TABLE[role][kind][action] !== 'allow') {
            const after = await countRows(action === 'reply' ? 'communityPosts' : 'communityReactions');
            if (after !== before) failures.push(`${role} · ${kind} · ${action}: a row was written`);
          }
        }
      }
      expect(failures).toEqual([]);
    });
  }

  it('home feed: a group’s post appears exactly for the roles that may see it, through their groups or a person they follow', async () => {
    // Everyone follows the posts' author (even the member of another organization, whose feed here is refused anyway).
    const followers = [...accountOf.values()].filter((id) => id !== ownerId);
    await t.db.insertInto('communityFollows').values(followers.map((followerId) => ({ organizationId: org.id, followerId, followeeId: ownerId }))).execute();
    const failures: string[] = [];
    try {
      for (const role of MATRIX_ROLES) {
        const res = await clients.get(role)!.get(`/o/${org.slug}/community`);
        for (const kind of GROUP_KINDS) {
          const shown = res.statusCode === 200 && res.body.includes(`The ${kind} post`);
          if (shown !== (AUTHORIZATION_TABLE[role][kind]['see post'] === 'allow')) failures.push(`${role} · ${kind} · home feed: ${shown ? 'shown' : 'not shown'} (${res.statusCode})`);
        }
      }
    } finally {
      await t.db.deleteFrom('communityFollows').where('organizationId', '=', org.id).where('followeeId', '=', ownerId).execute();
    }
    expect(failures).toEqual([]);
  });

  it('a post’s history and reporting it follow the see-post column', async () => {
    const failures: string[] = [];
    for (const role of MATRIX_ROLES) {
      for (const kind of GROUP_KINDS) {
        const history = checkStatus(role, kind, 'see post', await clients.get(role)!.get(`${postUrl(kind)}/history`), 'GET');
        const report = checkStatus(role, kind, 'see post', await clients.get(role)!.post(`${postUrl(kind)}/report`, { reason: 'Matrix check' }), 'POST');
        failures.push(...[history, report].filter((f): f is string => f !== null));
      }
    }
    expect(failures).toEqual([]);
  });

  it('writing a new post follows the reply column (the same rule)', async () => {
    const failures: string[] = [];
    for (const role of MATRIX_ROLES) {
      for (const kind of GROUP_KINDS) {
        const res = await clients.get(role)!.post(`${groupUrl(kind)}/posts`, { body: `New post from ${role}` });
        const failure = checkStatus(role, kind, 'reply', res, 'POST');
        if (failure) failures.push(failure);
      }
    }
    expect(failures).toEqual([]);
  });

  for (const action of ['list', 'search'] as const) {
    it(`${action}: a group appears exactly for the roles that may ${action === 'list' ? 'list' : 'find'} it`, async () => {
      const failures: string[] = [];
      for (const role of MATRIX_ROLES) {
        for (const kind of GROUP_KINDS) {
          const g = groups.get(kind)!;
          const res = await clients.get(role)!.get(`/o/${org.slug}/groups${action === 'search' ? `?q=${g.word}` : ''}`);
          // The search box echoes the query, so a group counts as shown when its link or name is there.
          const shown = res.statusCode === 200 && (res.body.includes(`href="${groupUrl(kind)}"`) || res.body.includes(g.nameEn));
          const allowed = AUTHORIZATION_TABLE[role][kind][action] === 'allow';
          if (shown !== allowed) failures.push(`${role} · ${kind} · ${action}: ${shown ? 'shown' : 'not shown'} (${res.statusCode})`);
        }
      }
      expect(failures).toEqual([]);
    });
  }

  it('mention and notify: a post mentioning everyone reaches exactly the people who may read it', async () => {
    const failures: string[] = [];
    const mentionAll = MATRIX_ROLES.filter((r) => r !== 'anonymous').map((r) => `@Person${r.replace(/[^a-z]/gi, '')}`).join(' ');
    for (const kind of GROUP_KINDS) {
      const res = await clients.get('group moderator')!.post(`${groupUrl(kind)}/posts`, { body: `Hello ${mentionAll}` });
      expect(res.statusCode).toBe(303);
      const postId = String(res.headers.location).split('/').pop()!;
      const mentioned = new Set((await t.db.selectFrom('communityMentions').select('accountId').where('postId', '=', postId).execute()).map((m) => m.accountId));
      for (const role of MATRIX_ROLES) {
        const isMentioned = role !== 'anonymous' && mentioned.has(accountOf.get(role)!);
        const mayBe = AUTHORIZATION_TABLE[role][kind].mention === 'allow';
        if (role !== 'group moderator' && isMentioned !== mayBe) failures.push(`${role} · ${kind} · mention: ${isMentioned ? 'mentioned' : 'not mentioned'}`);
      }
    }
    for (const role of MATRIX_ROLES) {
      const res = await clients.get(role)!.get(`/o/${org.slug}/notifications`);
      for (const kind of GROUP_KINDS) {
        if (role === 'group moderator') continue; // the author is not told about their own post
        const d = AUTHORIZATION_TABLE[role][kind].notify;
        const told = res.statusCode === 200 && res.body.includes(`Matrix ${groups.get(kind)!.word} group`);
        if (told !== (d === 'allow')) failures.push(`${role} · ${kind} · notify: ${told ? 'told' : 'not told'} (${res.statusCode})`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('moderation actions (decide a request, invite) follow the moderate column', async () => {
    const failures: string[] = [];
    const someone = accountOf.get('member')!;
    for (const role of MATRIX_ROLES) {
      for (const kind of GROUP_KINDS) {
        const d = AUTHORIZATION_TABLE[role][kind].moderate;
        const decide = await clients.get(role)!.post(`${groupUrl(kind)}/moderation/requests/${someone}`, { decision: 'approve' });
        const invite = await clients.get(role)!.post(`${groupUrl(kind)}/moderation/invitations`, { email: 'nobody@example.ca' });
        // Hiding needs a reason and only a banned person can be let back: both reach the service and are refused as invalid.
        const hide = await clients.get(role)!.post(`${groupUrl(kind)}/moderation/posts/${groups.get(kind)!.postId}`, { action: 'hide' });
        const unban = await clients.get(role)!.post(`${groupUrl(kind)}/moderation/members/${someone}`, { action: 'unban' });
        for (const [what, res] of [['decide', decide], ['invite', invite], ['hide', hide], ['unban', unban]] as const) {
          // Allowed moderators reach the service, which refuses these inputs as invalid (400).
          const want = d === 'allow' ? 400 : statusFor(d, role, 'POST');
          if (res.statusCode !== want) failures.push(`${role} · ${kind} · ${what}: ${res.statusCode}, expected ${want}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('the organization’s moderation queue lists a group’s reports exactly for the roles that may moderate it', async () => {
    for (const kind of GROUP_KINDS) {
      const g = groups.get(kind)!;
      await t.db.insertInto('communityReports').values({ id: randomUUID(), organizationId: org.id, groupId: g.id, postId: g.postId, reporterId: accountOf.get('group member')!, reason: `Queue ${g.word} report`, resolution: null, resolvedBy: null, resolvedAt: null }).execute();
    }
    const failures: string[] = [];
    for (const role of MATRIX_ROLES) {
      const res = await clients.get(role)!.get(`/o/${org.slug}/community/reports`);
      if (role === 'anonymous' ? res.statusCode !== 303 : role === 'member of another organization' ? res.statusCode !== 403 : res.statusCode !== 200) failures.push(`${role} · queue: ${res.statusCode}`);
      for (const kind of GROUP_KINDS) {
        const listed = res.statusCode === 200 && res.body.includes(`Queue ${groups.get(kind)!.word} report`);
        if (listed !== (AUTHORIZATION_TABLE[role][kind].moderate === 'allow')) failures.push(`${role} · ${kind} · queue: ${listed ? 'listed' : 'not listed'}`);
      }
    }
    expect(failures).toEqual([]);
    await t.db.deleteFrom('communityReports').where('organizationId', '=', org.id).where('reason', 'like', 'Queue %').execute();
  });

  it('search page: a group’s posts appear exactly for the roles that may see them, the group for those that may find it', async () => {
    const failures: string[] = [];
    for (const kind of GROUP_KINDS) await createGroupPosts(t.db, { id: groups.get(kind)!.id, organizationId: org.id }, [{ authorId: accountOf.get('group moderator')!, body: `Findable ${groups.get(kind)!.word}` }]);
    for (const role of MATRIX_ROLES) {
      for (const kind of GROUP_KINDS) {
        const g = groups.get(kind)!;
        const res = await clients.get(role)!.get(`/o/${org.slug}/community/search?q=${g.word}`);
        const postShown = res.statusCode === 200 && res.body.includes(`Findable ${g.word}`);
        const groupShown = res.statusCode === 200 && res.body.includes(`href="${groupUrl(kind)}"`);
        if (postShown !== (AUTHORIZATION_TABLE[role][kind]['see post'] === 'allow')) failures.push(`${role} · ${kind} · search (post): ${postShown ? 'shown' : 'not shown'} (${res.statusCode})`);
        if (groupShown !== (AUTHORIZATION_TABLE[role][kind].search === 'allow')) failures.push(`${role} · ${kind} · search (group): ${groupShown ? 'shown' : 'not shown'} (${res.statusCode})`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('a post’s image follows the see-post column, and is a 404 (never a 403) for everyone else', async () => {
    const failures: string[] = [];
    const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#336699' } }).png().toBuffer();
    for (const kind of GROUP_KINDS) {
      const objectId = await putObject(t.db, { contentType: 'image/png', data: png, private: true });
      const imageId = randomUUID();
      await t.db.insertInto('communityPostImages').values({ id: imageId, organizationId: org.id, postId: groups.get(kind)!.postId, objectId, alt: 'A test pattern', width: 4, height: 4 }).execute();
      for (const role of MATRIX_ROLES) {
        const res = await clients.get(role)!.get(`/o/${org.slug}/community/images/${imageId}`);
        const want = AUTHORIZATION_TABLE[role][kind]['see post'] === 'allow' ? 200 : 404;
        if (res.statusCode !== want) failures.push(`${role} · ${kind} · image: ${res.statusCode}, expected ${want}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('writing a post with an image follows the reply column', async () => {
    const failures: string[] = [];
    const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#663399' } }).png().toBuffer();
    for (const role of MATRIX_ROLES) {
      for (const kind of GROUP_KINDS) {
        const form = await clients.get(role)!.get(`${groupUrl(kind)}/image-posts`);
        const formFailure = checkStatus(role, kind, 'reply', form, 'GET');
        if (formFailure) failures.push(`${formFailure} (image form)`);
        const before = await countRows('communityPosts');
        const res = await postMultipart(clients.get(role)!, `${groupUrl(kind)}/image-posts`, [
          { name: 'body', value: `Image post from ${role}` },
          { name: 'alt', value: 'A test pattern' },
          { name: 'image', value: png, filename: 'pattern.png', type: 'image/png' },
        ]);
        const failure = checkStatus(role, kind, 'reply', res, 'POST');
        if (failure) failures.push(`${failure} (image post)`);
        if (AUTHORIZATION_TABLE[role][kind].reply !== 'allow' && (await countRows('communityPosts')) !== before) failures.push(`${role} · ${kind} · image post: a row was written`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('join: every role × group kind (last, since joining changes memberships)', async () => {
    const failures: string[] = [];
    for (const role of MATRIX_ROLES) {
      for (const kind of GROUP_KINDS) {
        const res = await clients.get(role)!.post(`${groupUrl(kind)}/join`, {});
        const failure = checkStatus(role, kind, 'join', res, 'POST');
        if (failure) failures.push(failure);
        if (res.statusCode === 303 && accountOf.has(role) && !ROLE_SETUP[role as Exclude<MatrixRole, 'anonymous'>].membership) {
          await t.db.deleteFrom('communityGroupMembers').where('groupId', '=', groups.get(kind)!.id).where('accountId', '=', accountOf.get(role)!).execute();
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('covers every route that names a group', () => {
    const covered = new Set([
      'GET /o/:org/groups/:group',
      'GET /o/:org/groups/:group/posts/:post',
      'GET /o/:org/groups/:group/posts/:post/history',
      'POST /o/:org/groups/:group/posts/:post/report',
      'POST /o/:org/groups/:group/moderation/posts/:post',
      'POST /o/:org/groups/:group/moderation/members/:account',
      'POST /o/:org/groups/:group/posts/:post/replies',
      'POST /o/:org/groups/:group/posts/:post/reactions',
      'POST /o/:org/groups/:group/posts',
      'GET /o/:org/groups/:group/moderation',
      'POST /o/:org/groups/:group/moderation/requests/:account',
      'POST /o/:org/groups/:group/moderation/invitations',
      'POST /o/:org/groups/:group/join',
      'GET /o/:org/groups/:group/image-posts',
      'POST /o/:org/groups/:group/image-posts',
    ]);
    // These have rules of their own (group.leave; post.edit and post.delete: the author, or a
    // moderator for deleting), tested in html-groups.test.ts and html-posts.test.ts.
    const elsewhere = new Set([
      'POST /o/:org/groups/:group/leave',
      'GET /o/:org/groups/:group/posts/:post/edit',
      'POST /o/:org/groups/:group/posts/:post/edit',
      'POST /o/:org/groups/:group/posts/:post/delete',
    ]);
    const missing = t.routes.filter((r) => r.url.includes('/groups/:group')).map((r) => `${r.method} ${r.url}`).filter((r) => !covered.has(r) && !elsewhere.has(r));
    expect(missing).toEqual([]);
  });
});
