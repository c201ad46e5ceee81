import type { Actor } from '../../../platform/auth/actor.js';
import type { Executor } from '../../../platform/db/types.js';
import { NotFoundError } from '../../../platform/http/errors.js';
import { findGroupBySlug, findMembership, findOrganizationBySlug, type Membership, type OrgRef } from '../db/queries/groups.js';
import type { GroupRow } from '../db/schema.js';
import type { GroupResource } from '../policy.js';

export type GroupContext = { org: OrgRef; group: GroupRow; membership: Membership | null; resource: GroupResource };

export const groupResource = (group: GroupRow, membership: Membership | null): GroupResource => ({ organizationId: group.organizationId, kind: group.kind, membership });

/**
 * The organization a URL names: from the asking person's own memberships when they belong to it
 * (read with their session), else from the database.
 */
export async function loadOrg(ex: Executor, orgSlug: string, actor: Actor): Promise<OrgRef> {
  const own = actor.memberships.find((m) => m.organizationSlug === orgSlug);
  if (own) return { id: own.organizationId, slug: own.organizationSlug, nameEn: own.organizationName.en, nameFr: own.organizationName.fr };
  const org = await findOrganizationBySlug(ex, orgSlug);
  if (!org) throw new NotFoundError();
  return org;
}

/** The group a URL names and the asking person's membership; an unknown group is a 404 like a hidden one. */
export async function loadGroup(ex: Executor, actor: Actor, orgSlug: string, groupSlug: string): Promise<GroupContext> {
  const org = await loadOrg(ex, orgSlug, actor);
  const group = await findGroupBySlug(ex, org.id, groupSlug);
  if (!group) throw new NotFoundError();
  const membership = await findMembership(ex, group.id, actor.accountId);
  return { org, group, membership, resource: groupResource(group, membership) };
}
