import type { Executor } from '../../../../platform/db/types.js';
import type { PostRow, PostStatus } from '../schema.js';

export const findPostBySlug = (ex: Executor, blogId: string, slug: string): Promise<PostRow | undefined> =>
  ex.selectFrom('blogPosts').selectAll().where('blogId', '=', blogId).where('slug', '=', slug).executeTakeFirst();

export const findPostById = (ex: Executor, organizationId: string, id: string): Promise<PostRow | undefined> =>
  ex.selectFrom('blogPosts').selectAll().where('organizationId', '=', organizationId).where('id', '=', id).executeTakeFirst();

/** Published posts of a blog, newest first, keyset-paginated on (published_at, id). */
export function listPublishedPosts(
  ex: Executor,
  blogId: string,
  opts: { limit: number; before?: { publishedAt: Date; id: string } | undefined; tag?: string | undefined },
): Promise<PostRow[]> {
  let q = ex.selectFrom('blogPosts').selectAll('blogPosts').where('blogPosts.blogId', '=', blogId).where('blogPosts.status', '=', 'published');
  if (opts.tag) {
    const tag = opts.tag;
    q = q.where((eb) => eb.exists(eb.selectFrom('blogPostTags').select('postId').whereRef('blogPostTags.postId', '=', 'blogPosts.id').where('blogPostTags.tag', '=', tag)));
  }
  if (opts.before) {
    const b = opts.before;
    q = q.where((eb) => eb.or([eb('blogPosts.publishedAt', '<', b.publishedAt), eb.and([eb('blogPosts.publishedAt', '=', b.publishedAt), eb('blogPosts.id', '<', b.id)])]));
  }
  return q.orderBy('blogPosts.publishedAt', 'desc').orderBy('blogPosts.id', 'desc').limit(opts.limit).execute();
}

/** Every post of a blog for the editor's desk, any status. */
export const listPostsForDesk = (ex: Executor, blogId: string): Promise<PostRow[]> =>
  ex.selectFrom('blogPosts').selectAll().where('blogId', '=', blogId).orderBy('updatedAt', 'desc').limit(200).execute();

export async function listTagsForPosts(ex: Executor, postIds: string[]): Promise<Map<string, { tag: string; label: string }[]>> {
  const map = new Map<string, { tag: string; label: string }[]>();
  if (postIds.length === 0) return map;
  const rows = await ex.selectFrom('blogPostTags').selectAll().where('postId', 'in', postIds).orderBy('label').execute();
  for (const r of rows) map.set(r.postId, [...(map.get(r.postId) ?? []), { tag: r.tag, label: r.label }]);
  return map;
}

export async function listAuthorsForPosts(ex: Executor, postIds: string[]): Promise<Map<string, { accountId: string; displayName: string }[]>> {
  const map = new Map<string, { accountId: string; displayName: string }[]>();
  if (postIds.length === 0) return map;
  const rows = await ex
    .selectFrom('blogPostAuthors as pa')
    .innerJoin('identityProfiles as p', 'p.accountId', 'pa.accountId')
    .select(['pa.postId', 'pa.accountId', 'p.displayName'])
    .where('pa.postId', 'in', postIds)
    .orderBy('pa.position')
    .execute();
  for (const r of rows) map.set(r.postId, [...(map.get(r.postId) ?? []), { accountId: r.accountId, displayName: r.displayName }]);
  return map;
}

/** The other-language versions of a post. */
export const listTranslations = (ex: Executor, translationGroupId: string, exceptId: string) =>
  ex
    .selectFrom('blogPosts as p')
    .innerJoin('blogBlogs as b', 'b.id', 'p.blogId')
    .select(['p.id', 'p.slug', 'p.lang', 'p.title', 'p.status', 'b.slug as blogSlug'])
    .where('p.translationGroupId', '=', translationGroupId)
    .where('p.id', '!=', exceptId)
    .execute();

export async function insertPost(
  ex: Executor,
  p: Pick<PostRow, 'id' | 'organizationId' | 'blogId' | 'slug' | 'lang' | 'translationGroupId' | 'title' | 'excerpt' | 'bodyMd' | 'bodyHtml' | 'status' | 'createdBy'> &
    Partial<Pick<PostRow, 'publishAt' | 'publishedAt' | 'coverObjectId' | 'coverAlt'>>,
): Promise<void> {
  await ex.insertInto('blogPosts').values({ coverObjectId: null, coverAlt: null, publishAt: null, publishedAt: null, ...p }).execute();
}

export async function updatePost(
  ex: Executor,
  organizationId: string,
  id: string,
  set: Partial<Pick<PostRow, 'slug' | 'title' | 'excerpt' | 'bodyMd' | 'bodyHtml' | 'status' | 'publishAt' | 'publishedAt' | 'coverObjectId' | 'coverAlt' | 'translationGroupId' | 'lang'>>,
): Promise<void> {
  await ex.updateTable('blogPosts').set({ ...set, updatedAt: new Date() }).where('organizationId', '=', organizationId).where('id', '=', id).execute();
}

export async function setPostStatus(ex: Executor, organizationId: string, id: string, status: PostStatus, at: { publishAt?: Date | null; publishedAt?: Date | null } = {}): Promise<void> {
  await updatePost(ex, organizationId, id, { status, ...at });
}

export async function replacePostTags(ex: Executor, postId: string, tags: { tag: string; label: string }[]): Promise<void> {
  await ex.deleteFrom('blogPostTags').where('postId', '=', postId).execute();
  if (tags.length > 0) await ex.insertInto('blogPostTags').values(tags.map((t) => ({ postId, ...t }))).execute();
}

export async function replacePostAuthors(ex: Executor, postId: string, accountIds: string[]): Promise<void> {
  await ex.deleteFrom('blogPostAuthors').where('postId', '=', postId).execute();
  if (accountIds.length > 0) await ex.insertInto('blogPostAuthors').values(accountIds.map((accountId, position) => ({ postId, accountId, position }))).execute();
}

export async function insertRevision(ex: Executor, r: { id: string; postId: string; title: string; excerpt: string | null; bodyMd: string; authorAccountId: string }): Promise<void> {
  await ex.insertInto('blogPostRevisions').values(r).execute();
}

/** The same post, locked until the transaction ends, so a scheduled publication and an edit never interleave. */
export const findPostByIdForUpdate = (ex: Executor, organizationId: string, id: string): Promise<PostRow | undefined> =>
  ex.selectFrom('blogPosts').selectAll().where('organizationId', '=', organizationId).where('id', '=', id).forUpdate().executeTakeFirst();

/**
 * Posts an editor may link a post to as its translation: published posts of the organization's
 * blogs, and any post of the blog being edited.
 */
export const listTranslationCandidates = (ex: Executor, organizationId: string, blogId: string, exceptId: string | null) => {
  let q = ex
    .selectFrom('blogPosts as p')
    .innerJoin('blogBlogs as b', 'b.id', 'p.blogId')
    .select(['p.id', 'p.title', 'p.lang', 'p.status', 'p.translationGroupId', 'p.blogId', 'b.titleEn as blogTitleEn', 'b.titleFr as blogTitleFr'])
    .where('p.organizationId', '=', organizationId)
    .where((eb) => eb.or([eb('p.status', '=', 'published'), eb('p.blogId', '=', blogId)]));
  if (exceptId) q = q.where('p.id', '!=', exceptId);
  return q.orderBy('p.updatedAt', 'desc').limit(300).execute();
};

/** Every post of a translation group within the organization, with its language. */
export const listTranslationGroup = (ex: Executor, organizationId: string, translationGroupId: string) =>
  ex.selectFrom('blogPosts').select(['id', 'lang', 'title']).where('organizationId', '=', organizationId).where('translationGroupId', '=', translationGroupId).execute();

/** A post's revisions, newest first, with who saved each. */
export const listRevisions = (ex: Executor, postId: string) =>
  ex
    .selectFrom('blogPostRevisions as r')
    .leftJoin('identityProfiles as p', 'p.accountId', 'r.authorAccountId')
    .select(['r.id', 'r.title', 'r.excerpt', 'r.bodyMd', 'r.createdAt', 'r.authorAccountId', 'p.displayName'])
    .where('r.postId', '=', postId)
    .orderBy('r.createdAt', 'desc')
    .orderBy('r.id', 'desc')
    .limit(500)
    .execute();

export const findRevision = (ex: Executor, postId: string, revisionId: string) =>
  ex
    .selectFrom('blogPostRevisions as r')
    .leftJoin('identityProfiles as p', 'p.accountId', 'r.authorAccountId')
    .select(['r.id', 'r.title', 'r.excerpt', 'r.bodyMd', 'r.createdAt', 'r.authorAccountId', 'p.displayName'])
    .where('r.postId', '=', postId)
    .where('r.id', '=', revisionId)
    .executeTakeFirst();
