import type { Actor } from '../../../platform/auth/actor.js';
import { can } from '../../../platform/auth/policy.js';
import type { Executor } from '../../../platform/db/types.js';
import { membershipRowsInOrg, type GroupReach } from '../db/queries/reach.js';
import { GROUP_KINDS } from '../db/schema.js';
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

/** Any group action whose answer depends only on the organization, the group's kind and the person's membership. */
async function reachFor(ex: Executor, actor: Actor, organizationId: string, action: 'post.view' | 'post.moderate'): Promise<GroupReach> {
  const rows = actor.accountId ? await membershipRowsInOrg(ex, organizationId, actor.accountId) : [];
  const allowed = rows.filter((r) => can(communityPolicy, actor, action, { organizationId, kind: r.kind, membership: r.membership }));
  return {
    organizationId,
    readableIds: allowed.map((r) => r.groupId),
    memberIds: allowed.filter((r) => r.membership.status === 'active').map((r) => r.groupId),
    knownIds: rows.map((r) => r.groupId),
    openKinds: GROUP_KINDS.filter((kind) => can(communityPolicy, actor, action, { organizationId, kind, membership: null })),
  };
}
