import { sql, type RawBuilder } from 'kysely';
import type { Executor } from '../../../../platform/db/types.js';
import type { Cursor, PostWithAuthor } from './posts.js';
import { postInReach, uuidArray, type GroupReach } from './reach.js';

export type FeedPost = PostWithAuthor & { groupSlug: string; groupNameEn: string; groupNameFr: string };

const feedSelect = (ex: Executor) =>
  ex
    .selectFrom('communityPosts as p')
    .innerJoin('identityProfiles as a', 'a.accountId', 'p.authorId')
    .innerJoin('communityGroups as g', 'g.id', 'p.groupId')
    .selectAll('p')
    .select(['a.displayName as authorName', 'g.slug as groupSlug', 'g.nameEn as groupNameEn', 'g.nameFr as groupNameFr']);

const before = (c: Cursor | undefined) => (c ? sql<boolean>`(p.created_at, p.id) < (${c.createdAt}, ${c.id})` : sql<boolean>`true`);
const VISIBLE_TOP = sql<boolean>`p.parent_id is null and p.status = 'visible'`;

/**
 * The newest `limit` top-level posts after the cursor among those each id in `ids` leads to:
 * one short walk down `column`'s index per id (a lateral subquery stopping after `limit` rows),
 * then the best `limit` of them all. The cost follows the number of ids and the page size, never
 * the number of posts.
 */
async function newestPerKey(ex: Executor, column: 'group_id' | 'author_id', ids: string[], where: RawBuilder<boolean>, c: Cursor | undefined, limit: number) {
  if (ids.length === 0) return [];
  const result = await sql<{ id: string; createdAt: Date }>`
    select x.id, x.created_at from unnest(${uuidArray(ids)}) as k(id)
    cross join lateral (
      select p.id, p.created_at from community_posts p
      where p.${sql.ref(column)} = k.id and ${VISIBLE_TOP} and ${before(c)} and ${where}
      order by p.created_at desc, p.id desc limit ${limit}
    ) x
    order by x.created_at desc, x.id desc limit ${limit}`.execute(ex);
  return result.rows;
}

/**
 * The home feed: top-level posts in the reader's own groups, or by people they follow in groups
 * within their reach, newest first after the keyset cursor.
 */
export async function listHomeFeed(ex: Executor, organizationId: string, opts: { reach: GroupReach; authorIds: string[]; before?: Cursor | undefined; limit: number }): Promise<FeedPost[]> {
  const inGroups = await newestPerKey(ex, 'group_id', opts.reach.memberIds, sql<boolean>`p.organization_id = ${organizationId}`, opts.before, opts.limit);
  // A followed person's post older than the page's last post from the groups cannot make the page:
  // their walks stop there, so they cost almost nothing when the groups are busy.
  const floor = inGroups.length >= opts.limit ? inGroups[opts.limit - 1]! : undefined;
  const newerThanFloor = floor ? sql<boolean>`(p.created_at, p.id) > (${new Date(floor.createdAt)}, ${floor.id})` : sql<boolean>`true`;
  const byFollowed = await newestPerKey(ex, 'author_id', opts.authorIds, sql<boolean>`${postInReach(opts.reach)} and ${newerThanFloor}`, opts.before, opts.limit);
  const ids = new Map<string, Date>();
  for (const r of [...inGroups, ...byFollowed]) ids.set(r.id, new Date(r.createdAt));
  const page = [...ids].sort((a, b) => b[1].getTime() - a[1].getTime() || (a[0] < b[0] ? 1 : -1)).slice(0, opts.limit).map(([id]) => id);
  if (page.length === 0) return [];
  return feedSelect(ex).where('p.id', 'in', page).orderBy('p.createdAt', 'desc').orderBy('p.id', 'desc').execute();
}

/** Top-level posts carrying a hashtag, in groups within the reader's reach. */
export function listHashtagFeed(ex: Executor, organizationId: string, tag: string, opts: { reach: GroupReach; before?: Cursor | undefined; limit: number }): Promise<FeedPost[]> {
  return feedSelect(ex)
    .innerJoin('communityHashtags as h', 'h.postId', 'p.id')
    .where('h.organizationId', '=', organizationId)
    .where('h.tag', '=', tag)
    .where(postInReach(opts.reach))
    .where('p.status', '=', 'visible')
    .where(before(opts.before))
    .orderBy('p.createdAt', 'desc')
    .orderBy('p.id', 'desc')
    .limit(opts.limit)
    .execute();
}

/** One person's top-level posts, in groups within the reader's reach. */
export function listAuthorFeed(ex: Executor, organizationId: string, authorId: string, opts: { reach: GroupReach; before?: Cursor | undefined; limit: number }): Promise<FeedPost[]> {
  return feedSelect(ex)
    .where('p.organizationId', '=', organizationId)
    .where('p.authorId', '=', authorId)
    .where(postInReach(opts.reach))
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
