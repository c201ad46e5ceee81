import { sql } from 'kysely';
import type { Executor } from '../../../../platform/db/types.js';
import type { Cursor, PostWithAuthor } from './posts.js';

export type FeedPost = PostWithAuthor & { groupSlug: string; groupNameEn: string; groupNameFr: string };

const feedSelect = (ex: Executor) =>
  ex
    .selectFrom('communityPosts as p')
    .innerJoin('identityProfiles as a', 'a.accountId', 'p.authorId')
    .innerJoin('communityGroups as g', 'g.id', 'p.groupId')
    .selectAll('p')
    .select(['a.displayName as authorName', 'g.slug as groupSlug', 'g.nameEn as groupNameEn', 'g.nameFr as groupNameFr']);

const before = (c: Cursor | undefined) => (c ? sql<boolean>`(p.created_at, p.id) < (${c.createdAt}, ${c.id})` : sql<boolean>`true`);

/**
 * The home feed: top-level posts in `groupIds` (the reader's groups), or by `authorIds` (people
 * they follow) in `visibleGroupIds` (groups whose posts the policy lets them read), newest first
 * after the keyset cursor. Each branch walks its own index and stops after `limit` rows, so the
 * cost follows the page size, not the number of posts.
 */
export async function listHomeFeed(
  ex: Executor,
  organizationId: string,
  opts: { groupIds: string[]; authorIds: string[]; visibleGroupIds: string[]; before?: Cursor | undefined; limit: number },
): Promise<FeedPost[]> {
  const ids = new Map<string, Date>();
  const collect = (rows: { id: string; createdAt: Date }[]) => rows.forEach((r) => ids.set(r.id, r.createdAt));
  const base = (q: ReturnType<typeof ex.selectFrom<'communityPosts as p'>>) =>
    q.select(['p.id', 'p.createdAt']).where('p.organizationId', '=', organizationId).where('p.parentId', 'is', null).where('p.status', '=', 'visible').where(before(opts.before)).orderBy('p.createdAt', 'desc').orderBy('p.id', 'desc').limit(opts.limit);
  if (opts.groupIds.length) collect(await base(ex.selectFrom('communityPosts as p')).where('p.groupId', 'in', opts.groupIds).execute());
  if (opts.authorIds.length && opts.visibleGroupIds.length) {
    collect(await base(ex.selectFrom('communityPosts as p')).where('p.authorId', 'in', opts.authorIds).where('p.groupId', 'in', opts.visibleGroupIds).execute());
  }
  const page = [...ids].sort((a, b) => b[1].getTime() - a[1].getTime() || (a[0] < b[0] ? 1 : -1)).slice(0, opts.limit).map(([id]) => id);
  if (page.length === 0) return [];
  return feedSelect(ex).where('p.id', 'in', page).orderBy('p.createdAt', 'desc').orderBy('p.id', 'desc').execute();
}

/** Top-level posts carrying a hashtag, in groups the reader may read. */
export function listHashtagFeed(ex: Executor, organizationId: string, tag: string, opts: { visibleGroupIds: string[]; before?: Cursor | undefined; limit: number }): Promise<FeedPost[]> {
  if (opts.visibleGroupIds.length === 0) return Promise.resolve([]);
  return feedSelect(ex)
    .innerJoin('communityHashtags as h', 'h.postId', 'p.id')
    .where('h.organizationId', '=', organizationId)
    .where('h.tag', '=', tag)
    .where('p.groupId', 'in', opts.visibleGroupIds)
    .where('p.status', '=', 'visible')
    .where(before(opts.before))
    .orderBy('p.createdAt', 'desc')
    .orderBy('p.id', 'desc')
    .limit(opts.limit)
    .execute();
}

/** One person's top-level posts, in groups the reader may read. */
export function listAuthorFeed(ex: Executor, organizationId: string, authorId: string, opts: { visibleGroupIds: string[]; before?: Cursor | undefined; limit: number }): Promise<FeedPost[]> {
  if (opts.visibleGroupIds.length === 0) return Promise.resolve([]);
  return feedSelect(ex)
    .where('p.organizationId', '=', organizationId)
    .where('p.authorId', '=', authorId)
    .where('p.groupId', 'in', opts.visibleGroupIds)
    .where('p.parentId', 'is', null)
    .where('p.status', '=', 'visible')
    .where(before(opts.before))
    .orderBy('p.createdAt', 'desc')
    .orderBy('p.id', 'desc')
    .limit(opts.limit)
    .execute();
}

export const listFollowees = async (ex: Executor, organizationId: string, followerId: string): Promise<string[]> =>
  (await ex.selectFrom('communityFollows').select('followeeId').where('organizationId', '=', organizationId).where('followerId', '=', followerId).execute()).map((r) => r.followeeId);

export async function isFollowing(ex: Executor, organizationId: string, followerId: string | null, followeeId: string): Promise<boolean> {
  if (!followerId) return false;
  return (await ex.selectFrom('communityFollows').select('followeeId').where('organizationId', '=', organizationId).where('followerId', '=', followerId).where('followeeId', '=', followeeId).executeTakeFirst()) !== undefined;
}

export async function setFollow(ex: Executor, organizationId: string, followerId: string, followeeId: string, follow: boolean): Promise<void> {
  if (follow) await ex.insertInto('communityFollows').values({ organizationId, followerId, followeeId }).onConflict((oc) => oc.doNothing()).execute();
  else await ex.deleteFrom('communityFollows').where('organizationId', '=', organizationId).where('followerId', '=', followerId).where('followeeId', '=', followeeId).execute();
}

/** When the person last opened their home feed (before now), and records now. */
export async function touchFeedView(ex: Executor, organizationId: string, accountId: string, now: Date): Promise<Date | null> {
  const row = await ex.selectFrom('communityFeedViews').select('lastSeenAt').where('organizationId', '=', organizationId).where('accountId', '=', accountId).executeTakeFirst();
  await ex
    .insertInto('communityFeedViews')
    .values({ organizationId, accountId, lastSeenAt: now })
    .onConflict((oc) => oc.columns(['organizationId', 'accountId']).doUpdateSet({ lastSeenAt: now }))
    .execute();
  return row?.lastSeenAt ?? null;
}

/** A member of the organization with their profile, for the profile feed and following. */
export const findOrgPerson = (ex: Executor, organizationId: string, accountId: string) =>
  ex
    .selectFrom('identityMemberships as m')
    .innerJoin('identityProfiles as p', 'p.accountId', 'm.accountId')
    .select(['m.accountId', 'p.displayName', 'p.visibility'])
    .where('m.organizationId', '=', organizationId)
    .where('m.accountId', '=', accountId)
    .executeTakeFirst();
