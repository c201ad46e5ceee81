import { sql } from 'kysely';
import type { Executor } from '../../../../platform/db/types.js';
import type { GroupMemberRow, GroupRole, GroupRow, MemberStatus, NewGroupRow } from '../schema.js';
import { groupRowInReach, isEmptyReach, type GroupReach } from './reach.js';
import { likePattern } from './search.js';

export type OrgRef = { id: string; slug: string; nameEn: string; nameFr: string };
/** A person's membership of a group; `muted` while a moderator's mute runs. */
export type Membership = { role: GroupRole; status: MemberStatus; muted?: boolean };
const isMuted = (until: Date | null) => until !== null && until.getTime() > Date.now();

/** The organization (shared kernel) a community URL names. */
export const findOrganizationBySlug = (ex: Executor, slug: string): Promise<OrgRef | undefined> =>
  ex.selectFrom('identityOrganizations').select(['id', 'slug', 'nameEn', 'nameFr']).where('slug', '=', slug).executeTakeFirst();

export const findGroupBySlug = (ex: Executor, organizationId: string, slug: string): Promise<GroupRow | undefined> =>
  ex.selectFrom('communityGroups').selectAll().where('organizationId', '=', organizationId).where('slug', '=', slug).executeTakeFirst();

export const findGroupById = (ex: Executor, organizationId: string, id: string): Promise<GroupRow | undefined> =>
  ex.selectFrom('communityGroups').selectAll().where('organizationId', '=', organizationId).where('id', '=', id).executeTakeFirst();

/** Whether the organization has any group at all (the demo seeds only an empty one). */
export const organizationHasGroups = async (ex: Executor, organizationId: string): Promise<boolean> =>
  (await ex.selectFrom('communityGroups').select('id').where('organizationId', '=', organizationId).limit(1).executeTakeFirst()) !== undefined;

/** Where a page of the group list ends: the last group shown, in the list's order (English name, then id). */
export type GroupCursor = { nameEn: string; id: string };
/** A group of the list with its number of active members. */
export type GroupListRow = GroupRow & { memberCount: number };

/** Active members of the group (aliased `g`), counted where the group is read. */
const ACTIVE_MEMBERS = sql<number>`(select count(*)::int from community_group_members cm where cm.group_id = g.id and cm.status = 'active')`;

/**
 * One page of the organization's group list: the groups of the person's reach (the groups the
 * policy lets them list or find, see services/reach.ts), optionally those whose name or
 * description holds `q` (in either language), by English name after the keyset cursor, each with
 * its active members counted, in one statement whatever the number of groups. A group outside the
 * reach is never read, so it is neither named nor counted.
 */
export function listGroupsInReach(ex: Executor, organizationId: string, opts: { reach: GroupReach; q?: string | undefined; after?: GroupCursor | undefined; limit: number }): Promise<GroupListRow[]> {
  if (isEmptyReach(opts.reach)) return Promise.resolve([]);
  let query = ex
    .selectFrom('communityGroups as g')
    .selectAll('g')
    .select(ACTIVE_MEMBERS.as('memberCount'))
    .where('g.organizationId', '=', organizationId)
    .where(groupRowInReach(opts.reach, 'g'));
  if (opts.q) {
    const like = likePattern(opts.q);
    query = query.where((eb) => eb.or([eb('g.nameEn', 'ilike', like), eb('g.nameFr', 'ilike', like), eb('g.descriptionEn', 'ilike', like), eb('g.descriptionFr', 'ilike', like)]));
  }
  if (opts.after) query = query.where(sql<boolean>`(g.name_en, g.id) > (${opts.after.nameEn}, ${opts.after.id}::uuid)`);
  return query.orderBy('g.nameEn').orderBy('g.id').limit(opts.limit).execute();
}

export async function insertGroup(ex: Executor, g: NewGroupRow): Promise<void> {
  await ex.insertInto('communityGroups').values(g).execute();
}

export async function findMembership(ex: Executor, groupId: string, accountId: string | null): Promise<Membership | null> {
  if (!accountId) return null;
  const row = await ex.selectFrom('communityGroupMembers').select(['role', 'status', 'mutedUntil']).where('groupId', '=', groupId).where('accountId', '=', accountId).executeTakeFirst();
  return row ? { role: row.role, status: row.status, muted: isMuted(row.mutedUntil) } : null;
}

/** The person's memberships of many groups at once (lists, search). */
export async function membershipsOf(ex: Executor, accountId: string | null, groupIds: string[]): Promise<Map<string, Membership>> {
  if (!accountId || groupIds.length === 0) return new Map();
  const rows = await ex.selectFrom('communityGroupMembers').select(['groupId', 'role', 'status', 'mutedUntil']).where('accountId', '=', accountId).where('groupId', 'in', groupIds).execute();
  return new Map(rows.map((r) => [r.groupId, { role: r.role, status: r.status, muted: isMuted(r.mutedUntil) }]));
}

/** Many people's memberships of one group at once (the recipients of a notice, the people a post mentions). */
export async function membershipsInGroup(ex: Executor, groupId: string, accountIds: string[]): Promise<Map<string, Membership>> {
  if (accountIds.length === 0) return new Map();
  const rows = await ex.selectFrom('communityGroupMembers').select(['accountId', 'role', 'status', 'mutedUntil']).where('groupId', '=', groupId).where('accountId', 'in', accountIds).execute();
  return new Map(rows.map((r) => [r.accountId, { role: r.role, status: r.status, muted: isMuted(r.mutedUntil) }]));
}

export async function upsertMembership(
  ex: Executor,
  m: { groupId: string; accountId: string; organizationId: string; role?: GroupRole; status: MemberStatus; invitedBy?: string | null; decidedBy?: string | null },
): Promise<void> {
  await ex
    .insertInto('communityGroupMembers')
    .values({ ...m, role: m.role ?? 'member', invitedBy: m.invitedBy ?? null, decidedBy: m.decidedBy ?? null })
    .onConflict((oc) =>
      oc.columns(['groupId', 'accountId']).doUpdateSet({ status: m.status, ...(m.role ? { role: m.role } : {}), ...(m.decidedBy ? { decidedBy: m.decidedBy } : {}), updatedAt: new Date() }),
    )
    .execute();
}

export async function deleteMembership(ex: Executor, groupId: string, accountId: string): Promise<void> {
  await ex.deleteFrom('communityGroupMembers').where('groupId', '=', groupId).where('accountId', '=', accountId).execute();
}

export type MemberWithProfile = { accountId: string; role: GroupRole; status: MemberStatus; displayName: string; createdAt: Date; mutedUntil: Date | null };

export const listMembers = (ex: Executor, groupId: string): Promise<MemberWithProfile[]> =>
  ex
    .selectFrom('communityGroupMembers as m')
    .innerJoin('identityProfiles as p', 'p.accountId', 'm.accountId')
    .select(['m.accountId', 'm.role', 'm.status', 'p.displayName', 'm.createdAt', 'm.mutedUntil'])
    .where('m.groupId', '=', groupId)
    .orderBy('m.status')
    .orderBy('p.displayName')
    .execute();

export async function countOwners(ex: Executor, groupId: string): Promise<number> {
  const r = await ex
    .selectFrom('communityGroupMembers')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('groupId', '=', groupId)
    .where('role', '=', 'owner')
    .where('status', '=', 'active')
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** A member of the organization, by e-mail, for invitations. */
export const findOrgMemberByEmail = (ex: Executor, organizationId: string, email: string) =>
  ex
    .selectFrom('identityAccounts as a')
    .innerJoin('identityMemberships as m', 'm.accountId', 'a.id')
    .select(['a.id'])
    .where('m.organizationId', '=', organizationId)
    .where('a.email', '=', email.toLowerCase())
    .where('a.disabledAt', 'is', null)
    .executeTakeFirst();

export type { GroupMemberRow };
