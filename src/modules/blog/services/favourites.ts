import type { Actor } from '../../../platform/auth/actor.js';
import { authorize, can } from '../../../platform/auth/policy.js';
import type { BlogDeps } from '../deps.js';
import { deleteFavourite, insertFavourite, isFavourite, listAuthorRolesOfAccount, listFavouritesForAccount, listPostsByAuthor, type FavouriteRow } from '../db/queries/favourites.js';
import { blogPolicy } from '../policy.js';
import type { ReadingService } from './reading.js';

export const FAVOURITES_PAGE_SIZE = 30;

/** Members save posts they may read, and find them again on one page. */
export function createFavouriteService(deps: BlogDeps & { reading: ReadingService }) {
  const { db, reading } = deps;

  /** The post a favourite is about, loaded as its page is: a post the actor may not read does not exist (404). */
  async function visiblePost(actor: Actor, orgSlug: string, blogSlug: string, postSlug: string) {
    authorize(blogPolicy, actor, 'favourite.manage', undefined);
    const page = await reading.postPage(orgSlug, blogSlug, postSlug, actor);
    return { accountId: actor.accountId!, postId: page.post.id };
  }

  return {
    async favourite(actor: Actor, orgSlug: string, blogSlug: string, postSlug: string): Promise<void> {
      const { accountId, postId } = await visiblePost(actor, orgSlug, blogSlug, postSlug);
      await insertFavourite(db, accountId, postId);
    },

    async unfavourite(actor: Actor, orgSlug: string, blogSlug: string, postSlug: string): Promise<void> {
      const { accountId, postId } = await visiblePost(actor, orgSlug, blogSlug, postSlug);
      await deleteFavourite(db, accountId, postId);
    },

    /** Whether the post is among the actor's favourites; false for anyone not signed in. */
    async isFavourite(actor: Actor, postId: string): Promise<boolean> {
      if (!can(blogPolicy, actor, 'favourite.manage', undefined) || !actor.accountId) return false;
      return isFavourite(db, actor.accountId, postId);
    },

    /**
     * The actor's saved posts, newest saved first. A post they may no longer read (unpublished,
     * or a draft of a blog they left) is left out; it comes back if it is published again.
     */
    async list(actor: Actor, before?: { at: Date; postId: string }): Promise<{ favourites: FavouriteRow[]; next: { at: Date; postId: string } | null }> {
      authorize(blogPolicy, actor, 'favourite.manage', undefined);
      const accountId = actor.accountId!;
      const rows = await listFavouritesForAccount(db, accountId, { limit: FAVOURITES_PAGE_SIZE + 1, before });
      const page = rows.slice(0, FAVOURITES_PAGE_SIZE);
      const unpublished = page.filter((r) => r.status !== 'published');
      const [roles, written] = await Promise.all([
        listAuthorRolesOfAccount(db, accountId, [...new Set(unpublished.map((r) => r.blogId))]),
        listPostsByAuthor(db, accountId, unpublished.map((r) => r.postId)),
      ]);
      const favourites = page.filter((r) =>
        can(blogPolicy, actor, 'post.view', { organizationId: r.organizationId, authorRole: roles.get(r.blogId) ?? null, status: r.status, isPostAuthor: written.has(r.postId) }),
      );
      const last = page.at(-1);
      return { favourites, next: rows.length > FAVOURITES_PAGE_SIZE && last ? { at: last.favouritedAt, postId: last.postId } : null };
    },
  };
}
export type FavouriteService = ReturnType<typeof createFavouriteService>;
