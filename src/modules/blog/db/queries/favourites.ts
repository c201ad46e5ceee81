import type { Executor } from '../../../../platform/db/types.js';
import type { AuthorRole, PostLang, PostStatus } from '../schema.js';

export type FavouriteRow = {
  postId: string;
  favouritedAt: Date;
  organizationId: string;
  orgSlug: string;
  blogId: string;
  blogSlug: string;
  blogTitleEn: string;
  blogTitleFr: string;
  slug: string;
  lang: PostLang;
  title: string;
  status: PostStatus;
  publishedAt: Date | null;
};

export async function insertFavourite(ex: Executor, accountId: string, postId: string): Promise<void> {
  // Written from the app clock in milliseconds, so a page cursor (a JS Date) matches the stored value exactly.
  await ex.insertInto('blogFavourites').values({ accountId, postId, createdAt: new Date() }).onConflict((oc) => oc.columns(['accountId', 'postId']).doNothing()).execute();
}

export async function deleteFavourite(ex: Executor, accountId: string, postId: string): Promise<void> {
  await ex.deleteFrom('blogFavourites').where('accountId', '=', accountId).where('postId', '=', postId).execute();
}

export async function isFavourite(ex: Executor, accountId: string, postId: string): Promise<boolean> {
  const row = await ex.selectFrom('blogFavourites').select('postId').where('accountId', '=', accountId).where('postId', '=', postId).executeTakeFirst();
  return row !== undefined;
}

/** One account's saved posts across organizations, newest saved first, keyset-paginated on (created_at, post_id). */
export function listFavouritesForAccount(ex: Executor, accountId: string, opts: { limit: number; before?: { at: Date; postId: string } | undefined }): Promise<FavouriteRow[]> {
  let q = ex
    .selectFrom('blogFavourites as f')
    .innerJoin('blogPosts as p', 'p.id', 'f.postId')
    .innerJoin('blogBlogs as b', 'b.id', 'p.blogId')
    .innerJoin('identityOrganizations as o', 'o.id', 'p.organizationId')
    .select([
      'f.postId', 'f.createdAt as favouritedAt', 'p.organizationId', 'o.slug as orgSlug', 'b.id as blogId', 'b.slug as blogSlug', 'b.titleEn as blogTitleEn',
      'b.titleFr as blogTitleFr', 'p.slug', 'p.lang', 'p.title', 'p.status', 'p.publishedAt',
    ])
    .where('f.accountId', '=', accountId);
  if (opts.before) {
    const b = opts.before;
    q = q.where((eb) => eb.or([eb('f.createdAt', '<', b.at), eb.and([eb('f.createdAt', '=', b.at), eb('f.postId', '<', b.postId)])]));
  }
  return q.orderBy('f.createdAt', 'desc').orderBy('f.postId', 'desc').limit(opts.limit).execute();
}

/** The roles one account holds in several blogs, for deciding which saved drafts it may still see. */
export async function listAuthorRolesOfAccount(ex: Executor, accountId: string, blogIds: string[]): Promise<Map<string, AuthorRole>> {
  if (blogIds.length === 0) return new Map();
  const rows = await ex.selectFrom('blogAuthors').select(['blogId', 'role']).where('accountId', '=', accountId).where('blogId', 'in', blogIds).execute();
  return new Map(rows.map((r) => [r.blogId, r.role]));
}

/** Which of these posts the account wrote. */
export async function listPostsByAuthor(ex: Executor, accountId: string, postIds: string[]): Promise<Set<string>> {
  if (postIds.length === 0) return new Set();
  const rows = await ex.selectFrom('blogPostAuthors').select('postId').where('accountId', '=', accountId).where('postId', 'in', postIds).execute();
  return new Set(rows.map((r) => r.postId));
}
