import { sql, type RawBuilder } from 'kysely';
import type { Executor } from '../../../../platform/db/types.js';
import type { GroupKind } from '../schema.js';
import type { Membership } from './groups.js';

/**
 * Which groups' posts a reader may read (or, for other actions decided the same way, which
 * groups they may moderate or find in search), in a form that stays small however many groups the
 * organization has: the groups where the reader's own membership lets them read, the groups they
 * have any membership row in (decided one by one), and the kinds of group readable without a
 * membership. A group is in reach when it is readable through its membership row, or when the
 * reader has no row in it and its kind is open to them. The policy makes each of these decisions
 * (see services/reach.ts); this file only turns them into SQL.
 */
export type GroupReach = {
  organizationId: string;
  /** Groups whose posts the reader's membership row lets them read. */
  readableIds: string[];
  /** Of those, the groups the reader is an active member of (their own groups). */
  memberIds: string[];
  /** Every group the reader has a membership row in, whatever it allows. */
  knownIds: string[];
  /** Kinds of group whose posts the reader may read without being a member. */
  openKinds: GroupKind[];
};

export type GroupRowOfReader = { groupId: string; kind: GroupKind; membership: Membership };

/**
 * The same reach as GroupReach, for a statement that reads the reader's membership rows itself
 * (so that a page costs one round trip less): instead of the policy's answer for each row, its
 * answer for every membership a row could hold (kind, role, status, muted), as keys the
 * statement matches each row against (membershipKey). A row whose key is not in `allowed`
 * (including one with a value the policy was never asked about) lets nothing through.
 */
export type MembershipDecisions = {
  organizationId: string;
  accountId: string;
  /** The time a mute is judged at (muted while muted_until is later). */
  at: Date;
  /** membershipKey of each membership whose row lets the reader in. */
  allowed: string[];
  /** Kinds of group whose posts the reader may read without a membership row. */
  openKinds: GroupKind[];
};

/** The key of a membership, as the statement spells it from the row (see readerRowsCte). */
export const membershipKey = (kind: GroupKind, m: Membership): string => `${kind}/${m.role}/${m.status}/${m.muted ? 'muted' : 'unmuted'}`;

const isMuted = (until: Date | null) => until !== null && until.getTime() > Date.now();

/** The reader's membership rows in the organization's groups, with each group's kind. */
export async function membershipRowsInOrg(ex: Executor, organizationId: string, accountId: string): Promise<GroupRowOfReader[]> {
  const rows = await ex
    .selectFrom('communityGroupMembers as m')
    .innerJoin('communityGroups as g', 'g.id', 'm.groupId')
    .select(['m.groupId', 'g.kind', 'm.role', 'm.status', 'm.mutedUntil'])
    .where('m.accountId', '=', accountId)
    .where('g.organizationId', '=', organizationId)
    .execute();
  return rows.map((r) => ({ groupId: r.groupId, kind: r.kind, membership: { role: r.role, status: r.status, muted: isMuted(r.mutedUntil) } }));
}

/** A list of ids as one bound array parameter (one placeholder however long the list). */
export const uuidArray = (ids: readonly string[]): RawBuilder<string[]> => sql`${sql.val([...ids])}::uuid[]`;
const textArray = (values: readonly string[]): RawBuilder<string[]> => sql`${sql.val([...values])}::text[]`;

/** True for a post (aliased `p`) whose group is in the reader's reach. */
export const postInReach = (reach: GroupReach): RawBuilder<boolean> => groupInReach(reach, sql.ref('p.group_id'));

/** Whether a reach holds nothing at all (no group through a row, no kind open): nothing to read. */
export const isEmptyReach = (reach: GroupReach): boolean => reach.readableIds.length === 0 && reach.openKinds.length === 0;

/** True when the group named by `groupId` (a column reference) is in the reach. */
export function groupInReach(reach: GroupReach, groupId: RawBuilder<unknown> | ReturnType<typeof sql.ref>): RawBuilder<boolean> {
  return sql<boolean>`(${groupId} = any(${uuidArray(reach.readableIds)}) or (${groupId} <> all(${uuidArray(reach.knownIds)}) and exists (select 1 from community_groups rg where rg.id = ${groupId} and rg.organization_id = ${reach.organizationId} and rg.kind = any(${textArray(reach.openKinds)}))))`;
}

/**
 * True when a group row read in the same statement (aliased `alias`, e.g. `g`) is in the reach:
 * the same rule as groupInReach, reading the kind from the row itself instead of looking it up.
 */
export function groupRowInReach(reach: GroupReach, alias: string): RawBuilder<boolean> {
  const id = sql.ref(`${alias}.id`);
  return sql<boolean>`(${sql.ref(`${alias}.organization_id`)} = ${reach.organizationId} and (${id} = any(${uuidArray(reach.readableIds)}) or (${id} <> all(${uuidArray(reach.knownIds)}) and ${sql.ref(`${alias}.kind`)} = any(${textArray(reach.openKinds)}))))`;
}

/**
 * A CTE named `reader_rows`: the reader's membership rows in the organization's groups, each
 * with `readable`, whether the policy's decisions let that row read (the key made here as
 * membershipKey makes it).
 */
export function readerRowsCte(d: MembershipDecisions): RawBuilder<unknown> {
  return sql`reader_rows as (
      select m.group_id, m.status, g.posted_at,
        (g.kind || '/' || m.role || '/' || m.status || '/' || case when m.muted_until > ${d.at} then 'muted' else 'unmuted' end) = any(${textArray(d.allowed)}) as readable
      from community_group_members m
      join community_groups g on g.id = m.group_id
      where m.account_id = ${d.accountId} and g.organization_id = ${d.organizationId}
    )`;
}

/**
 * True for a post (aliased `p`) whose group is in reach, in a statement with readerRowsCte: the
 * rule of groupInReach, reading the rows from the CTE instead of from bound lists.
 */
export function postInReaderRows(d: MembershipDecisions): RawBuilder<boolean> {
  return sql<boolean>`(p.group_id in (select group_id from reader_rows where readable) or (p.group_id not in (select group_id from reader_rows) and exists (select 1 from community_groups rg where rg.id = p.group_id and rg.organization_id = ${d.organizationId} and rg.kind = any(${textArray(d.openKinds)}))))`;
}
