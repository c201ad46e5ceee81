import type { Actor } from '../../../platform/auth/actor.js';
import { can } from '../../../platform/auth/policy.js';
import type { Executor } from '../../../platform/db/types.js';
import type { Membership } from '../db/queries/groups.js';
import { membershipKey, membershipRowsInOrg, type GroupReach, type GroupRowOfReader, type MembershipDecisions } from '../db/queries/reach.js';
import { GROUP_KINDS, GROUP_ROLES, MEMBER_STATUSES } from '../db/schema.js';
import { communityPolicy } from '../policy.js';

/**
 * The reader's reach (see db/queries/reach.ts), decided by the policy: each of their membership
 * rows on its own, and each kind of group for a reader without one. The policy's answer for a
 * group depends only on the organization, the group's kind and the reader's membership, so this
 * is the same as asking it about every group of the organization, without reading them all.
 */
export const readerReach = (ex: Executor, actor: Actor, organizationId: string): Promise<GroupReach> => reachFor(ex, actor, organizationId, 'post.view');

/**
 * The groups whose posts the person may moderate, in the same form: their own rows (a group
 * moderator's, decided one by one) and the kinds an organization moderator or administrator
 * moderates without a membership. The organization's moderation queue reads reports through it.
 */
export const moderatorReach = (ex: Executor, actor: Actor, organizationId: string): Promise<GroupReach> => reachFor(ex, actor, organizationId, 'post.moderate');

/**
 * What search may show, from one read of the person's membership rows: the groups whose posts
 * they may read (`post.view`) and the groups they may find by name (`group.search`, which also
 * holds the groups whose page only they may see: a private group they are not in, a public one
 * they are banned from).
 */
export async function searchReach(ex: Executor, actor: Actor, organizationId: string): Promise<{ posts: GroupReach; groups: GroupReach }> {
  const rows = await rowsOf(ex, actor, organizationId);
  return { posts: decideReach(actor, organizationId, rows, 'post.view'), groups: decideReach(actor, organizationId, rows, 'group.search') };
}

/**
 * What the organization's group list may show, from one read of the person's membership rows:
 * the groups they may list (`group.list`) or, when they search it, find (`group.search`), and
 * their own membership of each group they have one in (shown beside it).
 */
export async function listingReach(ex: Executor, actor: Actor, organizationId: string, action: 'group.list' | 'group.search'): Promise<{ reach: GroupReach; memberships: Map<string, Membership> }> {
  const rows = await rowsOf(ex, actor, organizationId);
  return { reach: decideReach(actor, organizationId, rows, action), memberships: new Map(rows.map((r) => [r.groupId, r.membership])) };
}

/**
 * The reader's reach as the policy's answers for every membership they could hold (see
 * MembershipDecisions), for a statement that reads their membership rows itself: no read here.
 * The answers are the same ones readerReach asks for, one for each kind, role, status and mute.
 */
export function readerDecisions(actor: Actor, organizationId: string, at = new Date()): MembershipDecisions {
  if (!actor.accountId) throw new Error('Membership decisions are made for a signed-in reader');
  const allowed = EVERY_MEMBERSHIP.filter((m) => can(communityPolicy, actor, 'post.view', { organizationId, kind: m.kind, membership: m.membership })).map((m) => m.key);
  const openKinds = GROUP_KINDS.filter((kind) => can(communityPolicy, actor, 'post.view', { organizationId, kind, membership: null }));
  return { organizationId, accountId: actor.accountId, at, allowed, openKinds };
}

/** Every membership a row can hold, in every kind of group, with its key: made once. */
const EVERY_MEMBERSHIP = GROUP_KINDS.flatMap((kind) =>
  GROUP_ROLES.flatMap((role) =>
    MEMBER_STATUSES.flatMap((status) =>
      [false, true].map((muted) => {
        const membership: Membership = Object.freeze({ role, status, muted });
        return { kind, membership, key: membershipKey(kind, membership) };
      }),
    ),
  ),
);

/** Group actions whose answer depends only on the organization, the group's kind and the person's membership. */
type KindAction = 'post.view' | 'post.moderate' | 'group.list' | 'group.search';

const rowsOf = (ex: Executor, actor: Actor, organizationId: string): Promise<GroupRowOfReader[]> => (actor.accountId ? membershipRowsInOrg(ex, organizationId, actor.accountId) : Promise.resolve([]));

async function reachFor(ex: Executor, actor: Actor, organizationId: string, action: KindAction): Promise<GroupReach> {
  return decideReach(actor, organizationId, await rowsOf(ex, actor, organizationId), action);
}

function decideReach(actor: Actor, organizationId: string, rows: GroupRowOfReader[], action: KindAction): GroupReach {
  const allowed = rows.filter((r) => can(communityPolicy, actor, action, { organizationId, kind: r.kind, membership: r.membership }));
  return {
    organizationId,
    readableIds: allowed.map((r) => r.groupId),
    memberIds: allowed.filter((r) => r.membership.status === 'active').map((r) => r.groupId),
    knownIds: rows.map((r) => r.groupId),
    openKinds: GROUP_KINDS.filter((kind) => can(communityPolicy, actor, action, { organizationId, kind, membership: null })),
  };
}
