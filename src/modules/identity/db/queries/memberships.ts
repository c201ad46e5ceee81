import { sql } from 'kysely';
import type { Role } from '../../../../platform/auth/actor.js';
import type { Executor } from '../../../../platform/db/types.js';
import type { MembershipRow, OrganizationRow } from '../schema.js';

export type MembershipWithOrg = MembershipRow & { org: Pick<OrganizationRow, 'slug' | 'nameEn' | 'nameFr'> };

export async function listMembershipsOfAccount(ex: Executor, accountId: string): Promise<MembershipWithOrg[]> {
  const rows = await ex
    .selectFrom('identityMemberships as m')
    .innerJoin('identityOrganizations as o', 'o.id', 'm.organizationId')
    .selectAll('m')
    .select(['o.slug', 'o.nameEn', 'o.nameFr'])
    .where('m.accountId', '=', accountId)
    .orderBy('o.nameEn')
    .execute();
  return rows.map(({ slug, nameEn, nameFr, ...m }) => ({ ...m, org: { slug, nameEn, nameFr } }));
}

export const findMembership = (ex: Executor, organizationId: string, accountId: string): Promise<MembershipRow | undefined> =>
  ex.selectFrom('identityMemberships').selectAll().where('organizationId', '=', organizationId).where('accountId', '=', accountId).executeTakeFirst();

export async function insertMembership(
  ex: Executor,
  m: { id: string; organizationId: string; accountId: string; roles: Role[]; memberKind?: MembershipRow['memberKind']; staffKind?: MembershipRow['staffKind'] },
): Promise<void> {
  await ex
    .insertInto('identityMemberships')
    .values({ ...m, memberKind: m.memberKind ?? null, staffKind: m.staffKind ?? null, staffVerifiedAt: null, staffVerifiedBy: null })
    .execute();
}

export async function updateMembership(
  ex: Executor,
  organizationId: string,
  accountId: string,
  set: Partial<Pick<MembershipRow, 'roles' | 'memberKind' | 'staffKind' | 'staffVerifiedAt' | 'staffVerifiedBy'>>,
): Promise<void> {
  await ex
    .updateTable('identityMemberships')
    .set({ ...set, updatedAt: new Date() })
    .where('organizationId', '=', organizationId)
    .where('accountId', '=', accountId)
    .execute();
}

export type MemberListRow = MembershipRow & { email: string; displayName: string };

export async function listMembersOfOrganization(ex: Executor, organizationId: string): Promise<MemberListRow[]> {
  return ex
    .selectFrom('identityMemberships as m')
    .innerJoin('identityAccounts as a', 'a.id', 'm.accountId')
    .innerJoin('identityProfiles as p', 'p.accountId', 'm.accountId')
    .selectAll('m')
    .select(['a.email', 'p.displayName'])
    .where('m.organizationId', '=', organizationId)
    .orderBy('p.displayName')
    .execute();
}

export const findMembershipForUpdate = (ex: Executor, organizationId: string, accountId: string): Promise<MembershipRow | undefined> =>
  ex
    .selectFrom('identityMemberships')
    .selectAll()
    .where('organizationId', '=', organizationId)
    .where('accountId', '=', accountId)
    .forUpdate()
    .executeTakeFirst();

export const findMemberOfOrganization = (ex: Executor, organizationId: string, accountId: string): Promise<MemberListRow | undefined> =>
  ex
    .selectFrom('identityMemberships as m')
    .innerJoin('identityAccounts as a', 'a.id', 'm.accountId')
    .innerJoin('identityProfiles as p', 'p.accountId', 'm.accountId')
    .selectAll('m')
    .select(['a.email', 'p.displayName'])
    .where('m.organizationId', '=', organizationId)
    .where('m.accountId', '=', accountId)
    .executeTakeFirst();

export async function countMembershipsWithRole(ex: Executor, organizationId: string, role: Role): Promise<number> {
  const r = await ex
    .selectFrom('identityMemberships')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('organizationId', '=', organizationId)
    .where(sql<boolean>`${role} = any(roles)`)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export type PersonSummary = { id: string; email: string; displayName: string };

/** Names and addresses for a batch of accounts (audit rows, invitations), in one query. */
export async function listPeopleByIds(ex: Executor, ids: readonly string[]): Promise<PersonSummary[]> {
  if (ids.length === 0) return [];
  return ex
    .selectFrom('identityAccounts as a')
    .leftJoin('identityProfiles as p', 'p.accountId', 'a.id')
    .select(['a.id', 'a.email', sql<string>`coalesce(p.display_name, a.email)`.as('displayName')])
    .where('a.id', 'in', [...new Set(ids)])
    .execute();
}
