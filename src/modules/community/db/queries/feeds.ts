import { sql } from 'kysely';
import type { Executor } from '../../../../platform/db/types.js';
import type { Cursor, PostWithAuthor } from './posts.js';
import { postInReach, uuidArray, type GroupReach } from './reach.js';

export type FeedPost = PostWithAuthor & { groupSlug: string; groupNameEn: string; groupNameFr: string; replyCount: number; hasImages: boolean };

/** A post's visible replies, counted where the post (aliased `p`) is read. */
const REPLY_COUNT = sql<number>`(select count(*)::int from community_posts r where r.parent_id = p.id and r.status = 'visible')`;
/** Whether the post (aliased `p`) has images, so that a page reads images only when some post has them. */
const HAS_IMAGES = sql<boolean>`exists (select 1 from community_post_images i where i.post_id = p.id)`;

const feedSelect = (ex: Executor) =>
  ex
    .selectFrom('communityPosts as p')
    .innerJoin('identityProfiles as a', 'a.accountId', 'p.authorId')
    .innerJoin('communityGroups as g', 'g.id', 'p.groupId')
    .selectAll('p')
    .select(['a.displayName as authorName', 'g.slug as groupSlug', 'g.nameEn as groupNameEn', 'g.nameFr as groupNameFr', REPLY_COUNT.as('replyCount'), HAS_IMAGES.as('hasImages')]);

const before = (c: Cursor | undefined) => (c ? sql<boolean>`(p.created_at, p.id) < (${c.createdAt}, ${c.id})` : sql<boolean>`true`);
const VISIBLE_TOP = sql<boolean>`p.parent_id is null and p.status = 'visible'`;

/**
 * The home feed: top-level posts in the reader's own groups, or by people they follow in groups
 * within their reach, newest first after the keyset cursor, in one statement. Each source is one
 * short walk down an index per group or per followed person (a lateral subquery stopping after
 * `limit` rows), so the cost follows the number of groups and follows and the page size, never
 * the number of posts. A followed person's post older than the page's last post from the groups
 * cannot make the page: their walks stop there, so they cost almost nothing when groups are busy.
 */
export async function listHomeFeed(ex: Executor, organizationId: string, opts: { reach: GroupReach; followerId: string; before?: Cursor | undefined; limit: number }): Promise<FeedPost[]> {
  const { limit } = opts;
  const c = opts.before;
  const result = await sql<FeedPost>`
    with in_groups as (
      select x.id, x.created_at from unnest(${uuidArray(opts.reach.memberIds)}) as k(id)
      cross join lateral (
        select p.id, p.created_at from community_posts p
        where p.group_id = k.id and ${VISIBLE_TOP} and ${before(c)}
        order by p.created_at desc, p.id desc limit ${limit}
      ) x
      order by x.created_at desc, x.id desc limit ${limit}
    ),
    floor as (
      select coalesce((select created_at from in_groups order by created_at desc, id desc offset ${limit - 1} limit 1), '-infinity'::timestamptz) as created_at
    ),
    by_followed as (
      select x.id, x.created_at from community_follows f
      cross join lateral (
        select p.id, p.created_at from community_posts p
        where p.author_id = f.followee_id and ${VISIBLE_TOP} and ${before(c)} and p.created_at >= (select created_at from floor) and ${postInReach(opts.reach)}
        order by p.created_at desc, p.id desc limit ${limit}
      ) x
      where f.organization_id = ${organizationId} and f.follower_id = ${opts.followerId}
      order by x.created_at desc, x.id desc limit ${limit}
    ),
    page as (
      select id, created_at from in_groups union select id, created_at from by_followed
      order by created_at desc, id desc limit ${limit}
    )
    select p.*, a.display_name as author_name, g.slug as group_slug, g.name_en as group_name_en, g.name_fr as group_name_fr, ${REPLY_COUNT} as reply_count, ${HAS_IMAGES} as has_images
    from page
    join community_posts p on p.id = page.id
    join identity_profiles a on a.account_id = p.author_id
    join community_groups g on g.id = p.group_id
    order by p.created_at desc, p.id desc`.execute(ex);
  return result.rows;
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

export async function isFollowing(ex: Executor, organizationId: string, followerId: string | null, followeeId: string): Promise<boolean> {
  if (!followerId) return false;
  return (await ex.selectFrom('communityFollows').select('followeeId').where('organizationId', '=', organizationId).where('followerId', '=', followerId).where('followeeId', '=', followeeId).executeTakeFirst()) !== undefined;
}

export async function setFollow(ex: Executor, organizationId: string, followerId: string, followeeId: string, follow: boolean): Promise<void> {
  if (follow) await ex.insertInto('communityFollows').values({ organizationId, followerId, followeeId }).onConflict((oc) => oc.doNothing()).execute();
  else await ex.deleteFrom('communityFollows').where('organizationId', '=', organizationId).where('followerId', '=', followerId).where('followeeId', '=', followeeId).execute();
}

/** When the person last opened their home feed (before now), and records now, in one statement. */
export async function touchFeedView(ex: Executor, organizationId: string, accountId: string, now: Date): Promise<Date | null> {
  const result = await sql<{ previous: Date | null }>`
    with previous as (select last_seen_at from community_feed_views where organization_id = ${organizationId} and account_id = ${accountId})
    insert into community_feed_views (organization_id, account_id, last_seen_at) values (${organizationId}, ${accountId}, ${now})
    on conflict (organization_id, account_id) do update set last_seen_at = excluded.last_seen_at
    returning (select last_seen_at from previous) as previous`.execute(ex);
  const previous = result.rows[0]?.previous ?? null;
  return previous === null ? null : new Date(previous);
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
