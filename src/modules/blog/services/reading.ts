import type { Actor } from '../../../platform/auth/actor.js';
import { authorize, can } from '../../../platform/auth/policy.js';
import { NotFoundError } from '../../../platform/http/errors.js';
import type { BlogDeps } from '../deps.js';
import { findAuthorRole, findBlogBySlug, findOrganizationBySlug, listBlogs, type OrgRef } from '../db/queries/blogs.js';
import { findPostBySlug, listAuthorsForPosts, listPublishedPosts, listTagsForPosts, listTranslations } from '../db/queries/posts.js';
import type { AuthorRole, BlogRow, PostRow } from '../db/schema.js';
import { blogPolicy } from '../policy.js';

export type PostSummary = PostRow & { tags: { tag: string; label: string }[]; authors: { accountId: string; displayName: string }[] };
export type BlogContext = { org: OrgRef; blog: BlogRow; authorRole: AuthorRole | null; canWrite: boolean };

/** What readers see: blog lists, blog indexes and post pages. */
export function createReadingService(deps: BlogDeps) {
  const { db } = deps;

  async function org(orgSlug: string): Promise<OrgRef> {
    const o = await findOrganizationBySlug(db, orgSlug);
    if (!o) throw new NotFoundError();
    return o;
  }

  async function blogContext(orgSlug: string, blogSlug: string, actor: Actor): Promise<BlogContext> {
    const o = await org(orgSlug);
    const blog = await findBlogBySlug(db, o.id, blogSlug);
    if (!blog) throw new NotFoundError();
    const authorRole = await findAuthorRole(db, blog.id, actor.accountId);
    return { org: o, blog, authorRole, canWrite: can(blogPolicy, actor, 'blog.write', { organizationId: o.id, authorRole }) };
  }

  async function summarize(posts: PostRow[]): Promise<PostSummary[]> {
    const ids = posts.map((p) => p.id);
    const [tags, authors] = await Promise.all([listTagsForPosts(db, ids), listAuthorsForPosts(db, ids)]);
    return posts.map((p) => ({ ...p, tags: tags.get(p.id) ?? [], authors: authors.get(p.id) ?? [] }));
  }

  return {
    blogContext,
    summarize,

    async listBlogs(orgSlug: string) {
      const o = await org(orgSlug);
      return { org: o, blogs: await listBlogs(db, o.id) };
    },

    async blogIndex(orgSlug: string, blogSlug: string, actor: Actor, opts: { tag?: string | undefined; before?: { publishedAt: Date; id: string } | undefined; limit?: number }) {
      const ctx = await blogContext(orgSlug, blogSlug, actor);
      const limit = opts.limit ?? 10;
      const rows = await listPublishedPosts(db, ctx.blog.id, { limit: limit + 1, before: opts.before, tag: opts.tag });
      const posts = await summarize(rows.slice(0, limit));
      const last = posts.at(-1);
      const next = rows.length > limit && last?.publishedAt ? { publishedAt: last.publishedAt, id: last.id } : null;
      return { ...ctx, posts, next };
    },

    async postPage(orgSlug: string, blogSlug: string, postSlug: string, actor: Actor) {
      const ctx = await blogContext(orgSlug, blogSlug, actor);
      const post = await findPostBySlug(db, ctx.blog.id, postSlug);
      if (!post) throw new NotFoundError();
      const isPostAuthor = (await listAuthorsForPosts(db, [post.id])).get(post.id)?.some((a) => a.accountId === actor.accountId) ?? false;
      authorize(blogPolicy, actor, 'post.view', { organizationId: ctx.org.id, authorRole: ctx.authorRole, status: post.status, isPostAuthor });
      const [summary] = await summarize([post]);
      const translations = (await listTranslations(db, post.translationGroupId, post.id)).filter((t) => t.status === 'published');
      const canEdit = can(blogPolicy, actor, 'post.edit', { organizationId: ctx.org.id, authorRole: ctx.authorRole, status: post.status, isPostAuthor });
      return { ...ctx, post: summary!, translations, canEdit };
    },
  };
}
export type ReadingService = ReturnType<typeof createReadingService>;
