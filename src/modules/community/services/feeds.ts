import type { Actor } from '../../../platform/auth/actor.js';
import { authorize, can } from '../../../platform/auth/policy.js';
import { findOrgPerson, isFollowing, listAuthorFeed, listHashtagFeed, listHomeFeed, setFollow, type FeedPost } from '../db/queries/feeds.js';
import type { OrgRef } from '../db/queries/groups.js';
import type { Cursor } from '../db/queries/posts.js';
import { reactionsFor } from '../db/queries/posts.js';
import type { CommunityDeps } from '../deps.js';
import { communityPolicy, type PersonResource } from '../policy.js';
import { loadOrg } from './context.js';
import { readerDecisions, readerReach } from './reach.js';
import { decodeCursor, encodeCursor, PAGE_SIZE } from './posts.js';
import { NotFoundError } from '../../../platform/http/errors.js';
import { listImagesForPosts } from '../db/queries/images.js';
import type { PostImageRow } from '../db/media-schema.js';

export type FeedPage = {
  org: OrgRef;
  posts: FeedPost[];
  next: string | null;
  /** Posts newer than the reader's previous visit (home feed only). */
  isNew: Set<string>;
  replyCounts: Map<string, number>;
  /** Each post's images (with alt text); the posts are all ones the reader may read. */
  images: Map<string, PostImageRow[]>;
};

/** The home feed, hashtag and profile feeds, and following people. */
export function createFeedService(deps: CommunityDeps) {
  const { db } = deps;

  /** Which groups' posts the reader may read, and which are their own: the policy decides for each. */
  const reach = (actor: Actor, organizationId: string) => readerReach(db, actor, organizationId);

  async function page(org: OrgRef, rows: FeedPost[], isNew = new Set<string>()): Promise<FeedPage> {
    const posts = rows.slice(0, PAGE_SIZE);
    const next = rows.length > PAGE_SIZE ? encodeCursor(posts[posts.length - 1]! as Cursor) : null;
    // Images are read only for the posts that have some (most pages have none).
    const withImages = posts.filter((p) => p.hasImages).map((p) => p.id);
    const images = await listImagesForPosts(db, org.id, withImages);
    return { org, posts, next, isNew, replyCounts: new Map(posts.map((p) => [p.id, p.replyCount])), images };
  }

  async function person(actor: Actor, org: OrgRef, accountId: string) {
    const found = await findOrgPerson(db, org.id, accountId);
    if (!found) throw new NotFoundError();
    const resource: PersonResource = { organizationId: org.id, visibility: found.visibility, isSelf: actor.accountId === accountId };
    return { found, resource };
  }

  return {
    /** My groups and the people I follow, newest first; posts since my previous visit are marked. */
    async home(actor: Actor, orgSlug: string, before?: string): Promise<FeedPage> {
      const org = await loadOrg(db, orgSlug, actor);
      authorize(communityPolicy, actor, 'community.browse', { organizationId: org.id });
      const now = new Date();
      // Only the first page counts as a visit; older pages keep the marks of that visit.
      const rows = await listHomeFeed(db, org.id, { decisions: readerDecisions(actor, org.id, now), before: decodeCursor(before), limit: PAGE_SIZE + 1, visitAt: before ? undefined : now });
      return page(org, rows, new Set(rows.filter((p) => p.isNew).map((p) => p.id)));
    },

    async hashtag(actor: Actor, orgSlug: string, tag: string, before?: string): Promise<FeedPage & { tag: string }> {
      const org = await loadOrg(db, orgSlug, actor);
      authorize(communityPolicy, actor, 'community.browse', { organizationId: org.id });
      const rows = await listHashtagFeed(db, org.id, tag.toLowerCase(), { reach: await reach(actor, org.id), before: decodeCursor(before), limit: PAGE_SIZE + 1 });
      return { ...(await page(org, rows)), tag: tag.toLowerCase() };
    },

    /** A person's posts in the groups the reader may read, and whether the reader may (un)follow them. */
    async profile(actor: Actor, orgSlug: string, accountId: string, before?: string) {
      const org = await loadOrg(db, orgSlug, actor);
      authorize(communityPolicy, actor, 'community.browse', { organizationId: org.id });
      const { found, resource } = await person(actor, org, accountId);
      authorize(communityPolicy, actor, 'person.view', resource);
      const rows = await listAuthorFeed(db, org.id, accountId, { reach: await reach(actor, org.id), before: decodeCursor(before), limit: PAGE_SIZE + 1 });
      return { ...(await page(org, rows)), person: { accountId, displayName: found.displayName }, canFollow: can(communityPolicy, actor, 'person.follow', resource), following: await isFollowing(db, org.id, actor.accountId, accountId) };
    },

    async follow(actor: Actor, orgSlug: string, accountId: string, follow: boolean): Promise<void> {
      const org = await loadOrg(db, orgSlug, actor);
      authorize(communityPolicy, actor, 'community.browse', { organizationId: org.id });
      const { resource } = await person(actor, org, accountId);
      // Unfollowing is always possible, even once the person's profile turned private.
      if (follow) authorize(communityPolicy, actor, 'person.follow', resource);
      await setFollow(db, org.id, actor.accountId!, accountId, follow);
    },

    reactions: (postIds: string[], accountId: string | null) => reactionsFor(db, postIds, accountId),
  };
}
export type FeedService = ReturnType<typeof createFeedService>;
