import type { Actor } from '../../../platform/auth/actor.js';
import { authorize, can } from '../../../platform/auth/policy.js';
import { markdownToText } from '../../blog/index.js';
import type { OrgRef } from '../db/queries/groups.js';
import type { Cursor } from '../db/queries/posts.js';
import { searchGroups, searchPeople, searchPosts, type PersonHit, type PostHit } from '../db/queries/search.js';
import type { GroupRow } from '../db/schema.js';
import { listImagesForPosts } from '../db/queries/images.js';
import type { PostImageRow } from '../db/media-schema.js';
import type { CommunityDeps } from '../deps.js';
import { communityPolicy } from '../policy.js';
import { loadOrg } from './context.js';
import { decodeCursor, encodeCursor } from './posts.js';
import { searchReach } from './reach.js';

export const SEARCH_KINDS = ['all', 'posts', 'groups', 'people'] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

/** How many results of each type one page shows: posts page on with a keyset cursor, groups and people are the best few. */
export const SEARCH_POSTS_PAGE = 20;
export const SEARCH_FEW = 10;
const EXCERPT_MAX = 240;

export type PostResult = PostHit & { excerpt: string };
export type SearchPage = {
  org: OrgRef;
  q: string;
  kind: SearchKind;
  posts: PostResult[];
  /** The images of the posts found (only posts the searcher may read are found). */
  images: Map<string, PostImageRow[]>;
  groups: GroupRow[];
  people: PersonHit[];
  /** The cursor of the next page of posts, when there is one. */
  next: string | null;
  /** Whether a type shown only in part on the "all" page has more to see on its own page. */
  more: { posts: boolean; groups: boolean; people: boolean };
};

const excerpt = (md: string) => {
  const text = markdownToText(md);
  return text.length > EXCERPT_MAX ? `${text.slice(0, EXCERPT_MAX - 1).trimEnd()}…` : text;
};

/**
 * Search across posts and replies, groups and people of one organization, showing only what
 * the policy lets the searcher see: posts of groups they may read (post.view), groups they may
 * find (group.search), people whose profile they may view (person.view). The policy's answers
 * about groups come as the searcher's reach (their own membership rows and the kinds open to
 * them, read once), which the statements take as their filter: neither the organization's groups
 * nor its memberships are listed, and the number of statements does not grow with them.
 */
export function createSearchService(deps: Pick<CommunityDeps, 'db'>) {
  const { db } = deps;

  return {
    async search(actor: Actor, orgSlug: string, input: { q?: string | undefined; kind: SearchKind; before?: string | undefined }): Promise<SearchPage> {
      const org = await loadOrg(db, orgSlug, actor);
      authorize(communityPolicy, actor, 'community.browse', { organizationId: org.id });
      const q = input.q?.trim() ?? '';
      const empty: SearchPage = { org, q, kind: input.kind, posts: [], images: new Map(), groups: [], people: [], next: null, more: { posts: false, groups: false, people: false } };
      if (!q) return empty;
      const want = (k: Exclude<SearchKind, 'all'>) => input.kind === 'all' || input.kind === k;
      const few = input.kind === 'all' ? SEARCH_FEW : SEARCH_POSTS_PAGE;

      let posts: PostResult[] = [];
      let next: string | null = null;
      let morePosts = false;
      const reach = want('posts') || want('groups') ? await searchReach(db, actor, org.id) : null;
      if (want('posts')) {
        const limit = input.kind === 'posts' ? SEARCH_POSTS_PAGE : SEARCH_FEW;
        const rows = await searchPosts(db, org.id, q, { reach: reach!.posts, before: input.kind === 'posts' ? decodeCursor(input.before) : undefined, limit: limit + 1 });
        posts = rows.slice(0, limit).map((r) => ({ ...r, excerpt: excerpt(r.bodyMd) }));
        morePosts = rows.length > limit;
        if (input.kind === 'posts' && morePosts) next = encodeCursor(posts[posts.length - 1]! as Cursor);
      }

      let groups: GroupRow[] = [];
      let moreGroups = false;
      if (want('groups')) {
        const found = await searchGroups(db, org.id, q, { reach: reach!.groups, limit: few + 1 });
        groups = found.slice(0, few);
        moreGroups = found.length > few;
      }

      let people: PersonHit[] = [];
      let morePeople = false;
      if (want('people')) {
        const found = await searchPeople(db, org.id, q, { selfId: actor.accountId, limit: few + 1 });
        const viewable = found.filter((p) => can(communityPolicy, actor, 'person.view', { organizationId: org.id, visibility: p.visibility, isSelf: p.accountId === actor.accountId }));
        people = viewable.slice(0, few);
        morePeople = viewable.length > few;
      }

      const images = await listImagesForPosts(db, org.id, posts.filter((p) => !p.parentId).map((p) => p.id));
      return { ...empty, posts, images, groups, people, next, more: { posts: morePosts, groups: moreGroups, people: morePeople } };
    },
  };
}
export type SearchService = ReturnType<typeof createSearchService>;
