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
export async function readerReach(ex: Executor, actor: Actor, organizationId: string): Promise<GroupReach> {
  const rows = actor.accountId ? await membershipRowsInOrg(ex, organizationId, actor.accountId) : [];
  const readable = rows.filter((r) => can(communityPolicy, actor, 'post.view', { organizationId, kind: r.kind, membership: r.membership }));
  return {
    organizationId,
    readableIds: readable.map((r) => r.groupId),
    memberIds: readable.filter((r) => r.membership.status === 'active').map((r) => r.groupId),
    knownIds: rows.map((r) => r.groupId),
    openKinds: GROUP_KINDS.filter((kind) => can(communityPolicy, actor, 'post.view', { organizationId, kind, membership: null })),
  };
}
