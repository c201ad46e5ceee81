import { sql } from 'kysely';
import type { Executor } from '../../../../platform/db/types.js';
import type { Cursor, PostWithAuthor } from './posts.js';
import { postInReach, postInReaderRows, readerRowsCte, type GroupReach, type MembershipDecisions } from './reach.js';

/** What a feed shows of a post: no Markdown source, moderation state or organization. */
export type FeedPost = Pick<PostWithAuthor, 'id' | 'groupId' | 'authorId' | 'bodyHtml' | 'createdAt' | 'editedAt' | 'authorName'> & {
  groupSlug: string;
  groupNameEn: string;
  groupNameFr: string;
  replyCount: number;
  hasImages: boolean;
};
/** A home feed row, with whether it is new since the reader's previous visit when the read was also recorded as one. */
export type HomeFeedPost = FeedPost & { isNew: boolean };

/** A post's visible replies, counted where the post (aliased `p`) is read. */
const REPLY_COUNT = sql<number>`(select count(*)::int from community_posts r where r.parent_id = p.id and r.status = 'visible')`;
/** Whether the post (aliased `p`) has images, so that a page reads images only when some post has them. */
const HAS_IMAGES = sql<boolean>`exists (select 1 from community_post_images i where i.post_id = p.id)`;

const feedSelect = (ex: Executor) =>
  ex
    .selectFrom('communityPosts as p')
    .innerJoin('identityProfiles as a', 'a.accountId', 'p.authorId')
    .innerJoin('communityGroups as g', 'g.id', 'p.groupId')
    .select(['p.id', 'p.groupId', 'p.authorId', 'p.bodyHtml', 'p.createdAt', 'p.editedAt'])
    .select(['a.displayName as authorName', 'g.slug as groupSlug', 'g.nameEn as groupNameEn', 'g.nameFr as groupNameFr', REPLY_COUNT.as('replyCount'), HAS_IMAGES.as('hasImages')]);

const before = (c: Cursor | undefined) => (c ? sql<boolean>`(p.created_at, p.id) < (${c.createdAt}, ${c.id})` : sql<boolean>`true`);
const VISIBLE_TOP = sql<boolean>`p.parent_id is null and p.status = 'visible'`;

/**
 * The home feed: top-level posts in the reader's own groups, or by people they follow in groups
 * within their reach, newest first after the keyset cursor, in one statement. Each source is one
 * short walk down an index per group or per followed person (a lateral subquery stopping after
 * `limit` rows), so the cost follows the number of groups and follows and the page size, never
 * the number of posts. The group walks are bounded first: each group's newest post is read (on
 * the first page, the time the group's row keeps, `posted_at`; on older pages, one row per
 * group), and when `limit` groups have one, the `limit`-th newest of those is a time no
 * page post from the groups can be older than (those groups alone hold `limit` posts at least as
 * new), so each walk then reads only the posts from that time on, a few per group instead of
 * `limit`, and a group whose newest post is older than that time is not walked again at all. A
 * followed person's post older than the page's last post from the groups cannot make the page:
 * their walks stop there, and a person whose newest post is older than that (the follow row
 * keeps that time, `followee_posted_at`) is not walked at all.
 *
 * The statement reads the reader's membership rows itself (readerRowsCte) and matches them
 * against the policy's decisions for every membership (`decisions`), so reach and page are one
 * round trip.
 *
 * With `visitAt`, the same statement records the read as the reader's visit and marks each row
 * written by someone else since their previous one (`isNew`), so the page's "new since you last
 * looked" costs no round trip of its own. The visit is written only when the page shows a post
 * newer than the previous visit (a reload with nothing new writes nothing: the next visit would
 * call the same posts new either way). The mark only decides which posts the next visit calls
 * new, so it never waits: its commit does not wait for the disk (synchronous_commit off for this
 * transaction alone; a crash can lose the last fraction of a second of marks, never a post), and
 * a load of the feed that finds another load of the same reader's feed marking the visit at that
 * moment (two tabs, say) leaves the mark to it (`skip locked`) instead of queueing behind it.
 */
export async function listHomeFeed(
  ex: Executor,
  organizationId: string,
  opts: { decisions: MembershipDecisions; before?: Cursor | undefined; limit: number; visitAt?: Date | undefined },
): Promise<HomeFeedPost[]> {
  const { limit, decisions } = opts;
  const readerId = decisions.accountId;
  const c = opts.before;
  const previousVisit = opts.visitAt
    ? sql`
    previous_visit as (
      select last_seen_at, set_config('synchronous_commit', 'off', true) as commit_mode
      from community_feed_views where organization_id = ${organizationId} and account_id = ${readerId}
    ),`
    : sql``;
  // The visit is recorded only when the page shows a post newer than the previous one: otherwise
  // the next visit would mark the same posts new either way, and the load writes nothing.
  const visit = opts.visitAt
    ? sql`,
    visit as (
      update community_feed_views set last_seen_at = ${opts.visitAt}
      where (organization_id, account_id) = (
        select organization_id, account_id from community_feed_views
        where organization_id = ${organizationId} and account_id = ${readerId} and last_seen_at < (select max(created_at) from page)
        for update skip locked
      )
    ),
    first_visit as (
      insert into community_feed_views (organization_id, account_id, last_seen_at)
      select ${organizationId}, ${readerId}, ${opts.visitAt} where not exists (select 1 from previous_visit)
      on conflict (organization_id, account_id) do nothing
    )`
    : sql``;
  // New: written by someone else after the previous visit (every post is new on a first visit).
  const isNew = opts.visitAt
    ? sql`(p.author_id <> ${readerId} and p.created_at > coalesce((select last_seen_at from previous_visit), '-infinity'::timestamptz))`
    : sql`false`;
  const result = await sql<HomeFeedPost>`
    with ${previousVisit} ${readerRowsCte(decisions)},
    member_groups as (
      select group_id as id, posted_at from reader_rows where readable and status = 'active'
    ),
    newest_in_groups as (${
      c
        ? sql`
      select k.id, x.created_at from member_groups k
      cross join lateral (
        select p.created_at from community_posts p
        where p.group_id = k.id and ${VISIBLE_TOP} and ${before(c)}
        order by p.created_at desc, p.id desc limit 1
      ) x`
        : sql`
      select id, posted_at as created_at from member_groups where posted_at is not null`
    }
    ),
    group_bound as (
      select coalesce((select created_at from newest_in_groups order by created_at desc offset ${limit - 1} limit 1), '-infinity'::timestamptz) as created_at
    ),
    in_groups as (
      select x.id, x.created_at from newest_in_groups k
      cross join lateral (
        select p.id, p.created_at from community_posts p
        where p.group_id = k.id and ${VISIBLE_TOP} and ${before(c)} and p.created_at >= (select created_at from group_bound)
        order by p.created_at desc, p.id desc limit ${limit}
      ) x
      where k.created_at >= (select created_at from group_bound)
      order by x.created_at desc, x.id desc limit ${limit}
    ),
    floor as (
      select coalesce((select created_at from in_groups order by created_at desc, id desc offset ${limit - 1} limit 1), '-infinity'::timestamptz) as created_at
    ),
    by_followed as (
      select x.id, x.created_at from community_follows f
      cross join lateral (
        select p.id, p.created_at from community_posts p
        where p.author_id = f.followee_id and ${VISIBLE_TOP} and ${before(c)} and p.created_at >= (select created_at from floor) and ${postInReaderRows(decisions)}
        order by p.created_at desc, p.id desc limit ${limit}
      ) x
      where f.organization_id = ${organizationId} and f.follower_id = ${readerId}
        and (f.followee_posted_at is null or f.followee_posted_at >= (select created_at from floor))
      order by x.created_at desc, x.id desc limit ${limit}
    ),
    page as (
      select id, created_at from in_groups union select id, created_at from by_followed
      order by created_at desc, id desc limit ${limit}
    )${visit}
    select p.id, p.group_id, p.author_id, p.body_html, p.created_at, p.edited_at,
      a.display_name as author_name, g.slug as group_slug, g.name_en as group_name_en, g.name_fr as group_name_fr, ${REPLY_COUNT} as reply_count, ${HAS_IMAGES} as has_images,
      ${isNew} as is_new
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

/** A member of the organization with their profile, for the profile feed and following. */
export const findOrgPerson = (ex: Executor, organizationId: string, accountId: string) =>
  ex
    .selectFrom('identityMemberships as m')
    .innerJoin('identityProfiles as p', 'p.accountId', 'm.accountId')
    .select(['m.accountId', 'p.displayName', 'p.visibility'])
    .where('m.organizationId', '=', organizationId)
    .where('m.accountId', '=', accountId)
    .executeTakeFirst();
