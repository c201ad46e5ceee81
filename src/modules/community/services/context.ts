import type { Actor } from '../../../platform/auth/actor.js';
import type { Executor } from '../../../platform/db/types.js';
import { NotFoundError } from '../../../platform/http/errors.js';
import { findGroupBySlug, findMembership, findOrganizationBySlug, type Membership, type OrgRef } from '../db/queries/groups.js';
import type { GroupRow } from '../db/schema.js';
import type { GroupResource } from '../policy.js';

export type GroupContext = { org: OrgRef; group: GroupRow; membership: Membership | null; resource: GroupResource };

export const groupResource = (group: GroupRow, membership: Membership | null): GroupResource => ({ organizationId: group.organizationId, kind: group.kind, membership });

export async function loadOrg(ex: Executor, orgSlug: string): Promise<OrgRef> {
  const org = await findOrganizationBySlug(ex, orgSlug);
  if (!org) throw new NotFoundError();
  return org;
}

/** The group a URL names and the asking person's membership; an unknown group is a 404 like a hidden one. */
export async function loadGroup(ex: Executor, actor: Actor, orgSlug: string, groupSlug: string): Promise<GroupContext> {
  const org = await loadOrg(ex, orgSlug);
  const group = await findGroupBySlug(ex, org.id, groupSlug);
  if (!group) throw new NotFoundError();
  const membership = await findMembership(ex, group.id, actor.accountId);
  return { org, group, membership, resource: groupResource(group, membership) };
}
