import type { Executor } from '../../../../platform/db/types.js';

/*
 * The sitemap lists public pages of every organization at once, so these two reads are the
 * deliberate exception to scoping by organization: they return published, public rows only.
 */

export const listPublishedPostsForSitemap = (ex: Executor, limit: number) =>
  ex
    .selectFrom('blogPosts as p')
    .innerJoin('blogBlogs as b', 'b.id', 'p.blogId')
    .innerJoin('identityOrganizations as o', 'o.id', 'p.organizationId')
    .select(['p.id', 'p.slug', 'p.lang', 'p.translationGroupId', 'p.updatedAt', 'p.blogId', 'b.slug as blogSlug', 'o.slug as orgSlug'])
    .where('p.status', '=', 'published')
    .orderBy('p.updatedAt', 'desc')
    .orderBy('p.id', 'desc')
    .limit(limit)
    .execute();

export const listBlogsForSitemap = (ex: Executor) =>
  ex
    .selectFrom('blogBlogs as b')
    .innerJoin('identityOrganizations as o', 'o.id', 'b.organizationId')
    .select(['b.id', 'b.slug', 'b.updatedAt', 'o.id as organizationId', 'o.slug as orgSlug'])
    .orderBy('o.slug')
    .orderBy('b.slug')
    .execute();
