import { sql } from 'kysely';
import type { Executor } from '../../../../platform/db/types.js';
import { groupInReach, isEmptyReach, type GroupReach } from './reach.js';

export type ReportRow = { id: string; postId: string; parentId: string | null; reason: string; createdAt: Date; bodyMd: string; authorName: string; authorId: string; reporterName: string | null; groupId: string; groupSlug: string; groupNameEn: string; groupNameFr: string };

const openReports = (ex: Executor, organizationId: string) =>
  ex
    .selectFrom('communityReports as r')
    .innerJoin('communityPosts as p', 'p.id', 'r.postId')
    .innerJoin('communityGroups as g', 'g.id', 'r.groupId')
    .innerJoin('identityProfiles as a', 'a.accountId', 'p.authorId')
    .leftJoin('identityProfiles as rp', 'rp.accountId', 'r.reporterId')
    .select(['r.id', 'r.postId', 'p.parentId', 'r.reason', 'r.createdAt', 'p.bodyMd', 'a.displayName as authorName', 'p.authorId', 'rp.displayName as reporterName', 'g.id as groupId', 'g.slug as groupSlug', 'g.nameEn as groupNameEn', 'g.nameFr as groupNameFr'])
    .where('r.organizationId', '=', organizationId)
    .where('r.status', '=', 'open')
    .orderBy('r.createdAt')
    .orderBy('r.id')
    .limit(200);

/** Open reports of some groups of the organization, oldest first. */
export function listOpenReports(ex: Executor, organizationId: string, groupIds: string[]): Promise<ReportRow[]> {
  if (groupIds.length === 0) return Promise.resolve([]);
  return openReports(ex, organizationId).where('r.groupId', 'in', groupIds).execute();
}

/**
 * Open reports of the groups in a reach (the moderator's, see services/reach.ts), oldest first:
 * read from the open reports (a partial index) without listing the organization's groups.
 */
export function listOpenReportsInReach(ex: Executor, reach: GroupReach): Promise<ReportRow[]> {
  if (isEmptyReach(reach)) return Promise.resolve([]);
  return openReports(ex, reach.organizationId).where(groupInReach(reach, sql.ref('r.group_id'))).execute();
}

export const listHeldPosts = (ex: Executor, organizationId: string, groupId: string) =>
  ex
    .selectFrom('communityPosts as p')
    .innerJoin('identityProfiles as a', 'a.accountId', 'p.authorId')
    .select(['p.id', 'p.parentId', 'p.bodyMd', 'p.holdReasons', 'p.createdAt', 'a.displayName as authorName'])
    .where('p.organizationId', '=', organizationId)
    .where('p.groupId', '=', groupId)
    .where('p.status', '=', 'held')
    .orderBy('p.createdAt')
    .execute();

export async function resolveReportsOfPost(ex: Executor, organizationId: string, postId: string, resolution: 'hidden' | 'removed' | 'dismissed' | 'approved', by: string): Promise<void> {
  await ex.updateTable('communityReports').set({ status: 'resolved', resolution, resolvedBy: by, resolvedAt: new Date() }).where('organizationId', '=', organizationId).where('postId', '=', postId).where('status', '=', 'open').execute();
}
