import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGroupPosts } from '../../../../test/support/factories/community.js';
import { createAccount, createOrganization } from '../../../../test/support/factories/identity.js';
import { createTestDb } from '../../../../test/support/test-db.js';
import { accountActor, type Actor, type Role } from '../../../platform/auth/actor.js';
import type { DbHandle } from '../../../platform/db/create-db.js';
import { newId } from '../../../platform/db/ids.js';
import { listHomeFeed } from '../db/queries/feeds.js';
import { GROUP_KINDS, GROUP_ROLES, MEMBER_STATUSES, type GroupKind } from '../db/schema.js';
import { readerDecisions, readerReach } from './reach.js';

/**
 * The home feed reads the reader's membership rows in its own statement and matches them against
 * the policy's decisions for every membership (readerDecisions); everything else reads the rows
 * first and asks the policy about each (readerReach). Both must let through exactly the same
 * groups, for every kind, role, status and mute a row can hold, and for every kind of reader.
 */
let handle: DbHandle;
let org: { id: string; slug: string };
let readerId: string;
let readerEmail: string;
const groupsById = new Map<string, { slug: string; kind: GroupKind; hasRow: boolean }>();

beforeAll(async () => {
  handle = await createTestDb();
  const db = handle.db;
  org = await createOrganization(db);
  const reader = await createAccount(db, { org, roles: ['member'] });
  readerId = reader.id;
  readerEmail = reader.email;
  const followed = await createAccount(db, { org, roles: ['member'] });
  const other = await createAccount(db, { org, roles: ['member'] });
  await db.insertInto('communityFollows').values({ organizationId: org.id, followerId: readerId, followeeId: followed.id }).execute();
  const day = 86_400_000;
  const groups: { slug: string; kind: GroupKind; row: { role: (typeof GROUP_ROLES)[number]; status: (typeof MEMBER_STATUSES)[number]; mutedUntil: Date | null } | null }[] = [];
  for (const kind of GROUP_KINDS) {
    groups.push({ slug: `${kind}-no-row`, kind, row: null });
    for (const role of GROUP_ROLES)
      for (const status of MEMBER_STATUSES) {
        groups.push({ slug: `${kind}-${role}-${status}-muted`, kind, row: { role, status, mutedUntil: new Date(Date.now() + day) } });
        // Unmuted: never muted, or a mute that has ended.
        groups.push({ slug: `${kind}-${role}-${status}-unmuted`, kind, row: { role, status, mutedUntil: role === 'member' ? new Date(Date.now() - day) : null } });
      }
  }
  let minute = 0;
  for (const g of groups) {
    const id = newId();
    groupsById.set(id, { slug: g.slug, kind: g.kind, hasRow: g.row !== null });
    await db.insertInto('communityGroups').values({ id, organizationId: org.id, slug: g.slug, kind: g.kind, nameEn: g.slug, nameFr: g.slug, createdBy: null }).execute();
    if (g.row) await db.insertInto('communityGroupMembers').values({ groupId: id, accountId: readerId, organizationId: org.id, invitedBy: null, decidedBy: null, ...g.row }).execute();
    const at = (n: number) => new Date(Date.now() - (n + 1) * 60_000);
    await createGroupPosts(db, { id, organizationId: org.id }, [
      { authorId: followed.id, body: 'By a person the reader follows', createdAt: at(minute++) },
      { authorId: other.id, body: 'By someone else', createdAt: at(minute++) },
    ]);
  }
}, 120_000);
afterAll(() => handle.close());

const readerAs = (roles: Role[], staffVerified: boolean): Actor =>
  accountActor({
    accountId: readerId,
    sessionId: '',
    email: readerEmail,
    displayName: 'Reader',
    locale: null,
    isPlatformAdmin: false,
    memberships: [{ organizationId: org.id, organizationSlug: org.slug, organizationName: { en: 'Org', fr: 'Org' }, roles, staffVerified }],
  });

const READERS: Record<string, [Role[], boolean]> = {
  member: [['member'], false],
  'verified staff': [['staff', 'member'], true],
  'unverified staff': [['staff', 'member'], false],
  'organization moderator': [['moderator', 'member'], false],
  administrator: [['admin', 'member'], true],
};

const slugs = (ids: Iterable<string>) => [...new Set(ids)].map((id) => groupsById.get(id)!.slug).sort();

describe('reach decided in the home feed statement', () => {
  for (const [name, [roles, staffVerified]] of Object.entries(READERS)) {
    it(`lets through the same groups as the policy asked row by row, for a reader who is a ${name}`, async () => {
      const actor = readerAs(roles, staffVerified);
      const reach = await readerReach(handle.db, actor, org.id);
      const inReach = [...groupsById].filter(([id, g]) => reach.readableIds.includes(id) || (!g.hasRow && reach.openKinds.includes(g.kind))).map(([id]) => id);
      const rows = await listHomeFeed(handle.db, org.id, { decisions: readerDecisions(actor, org.id), limit: 1000 });
      const byFollowed = rows.filter((p) => p.bodyHtml.startsWith('<p>By a person')).map((p) => p.groupId);
      const byOthers = rows.filter((p) => p.bodyHtml.startsWith('<p>By someone')).map((p) => p.groupId);
      // A followed person's posts: every group in reach; anyone else's: the reader's own groups.
      expect(slugs(byFollowed)).toEqual(slugs(inReach));
      expect(slugs(byOthers)).toEqual(slugs(reach.memberIds));
      // Not vacuous: each reader reads some groups and not others.
      expect(inReach.length).toBeGreaterThan(0);
      expect(inReach.length).toBeLessThan(groupsById.size);
    });
  }
});
