import type { FastifyInstance, FastifyRequest } from 'fastify';
import { cachedPage, type PageCache } from '../../../platform/http/page-cache.js';
import type { ViewCtx } from '../../../platform/views/view-context.js';
import type { z } from 'zod';
import type { ReadingService } from '../services/reading.js';
import type { OrgRef } from '../db/queries/blogs.js';
import type { BlogRow } from '../db/schema.js';
import { BlogIndexPage, BlogListPage, PostPage, type PostPageSections } from '../views/blog-pages.js';
import { blogUrl, tagUrl } from '../views/urls.js';
import { BlogParams, IndexQuery, OrgParams, PostParams, TagParams } from '../schemas.js';

/**
 * Other areas of the module contribute to the post page (comments, sharing, attachments…):
 * each returns its sections for a loaded post.
 */
export type PostPageContributor = (
  request: FastifyRequest,
  page: Awaited<ReturnType<ReadingService['postPage']>>,
) => Promise<PostPageSections>;

function mergeSections(parts: PostPageSections[]): PostPageSections {
  const out: PostPageSections = {};
  for (const part of parts) {
    for (const key of Object.keys(part) as (keyof PostPageSections)[]) {
      const value = part[key];
      if (value !== undefined) out[key] = out[key] === undefined ? value : ((out[key] as string) + (value as string));
    }
  }
  return out;
}

/** Extra <head> elements of a blog index or tag page (feed autodiscovery links). */
export type BlogIndexHead = (request: FastifyRequest, page: { org: OrgRef; blog: BlogRow; tag?: string | undefined; tagLabel?: string | undefined }) => JSX.Element;

/** What other areas add beside a blog index's posts (the subscribe form). */
export type BlogIndexContributor = (request: FastifyRequest, page: Awaited<ReturnType<ReadingService['blogIndex']>>) => Promise<{ aside?: JSX.Element }>;

/** What other areas add above an organization's blog list (the new-blog button, search). */
export type BlogListContributor = (request: FastifyRequest, page: Awaited<ReturnType<ReadingService['listBlogs']>>) => Promise<{ aside?: JSX.Element }>;

export function readingHtmlRoutes(deps: {
  reading: ReadingService;
  contributors: PostPageContributor[];
  indexHead?: BlogIndexHead;
  indexContributors?: BlogIndexContributor[];
  listContributors?: BlogListContributor[];
  pageCache: PageCache;
}) {
  const { reading } = deps;
  return async (app: FastifyInstance) => {
    app.get('/o/:org/blogs', { config: { access: 'public' }, schema: { params: OrgParams } }, async (request, reply) => {
      const { org } = request.params as z.infer<typeof OrgParams>;
      return cachedPage(deps.pageCache, request, reply, async () => {
        const page = await reading.listBlogs(org);
        const asides = await Promise.all((deps.listContributors ?? []).map((c) => c(request, page)));
        const aside = asides.map((x) => (x.aside as string | undefined) ?? '').join('') || undefined;
        return (ctx: ViewCtx) => BlogListPage({ ctx, ...page, aside });
      });
    });

    const index = async (request: FastifyRequest, tag?: string) => {
      const { org, blog } = request.params as z.infer<typeof BlogParams>;
      const q = request.query as IndexQuery;
      const before = q.before && q.beforeId ? { publishedAt: new Date(q.before), id: q.beforeId } : undefined;
      const page = await reading.blogIndex(org, blog, request.actor, { tag, before });
      const base = tag ? tagUrl(org, blog, tag) : blogUrl(org, blog);
      const nextHref = page.next ? `${base}?before=${encodeURIComponent(page.next.publishedAt.toISOString())}&beforeId=${page.next.id}` : undefined;
      const tagLabel = page.posts[0]?.tags.find((x) => x.tag === tag)?.label ?? tag;
      const head = deps.indexHead?.(request, { org: page.org, blog: page.blog, tag, tagLabel });
      const asides = await Promise.all((deps.indexContributors ?? []).map((c) => c(request, page)));
      const aside = asides.map((x) => (x.aside as string | undefined) ?? '').join('') || undefined;
      return (ctx: ViewCtx) => BlogIndexPage({ ctx, ...page, tag: tagLabel, nextHref, head, aside });
    };
    app.get('/o/:org/blogs/:blog', { config: { access: 'public' }, schema: { params: BlogParams, querystring: IndexQuery } }, async (request, reply) =>
      cachedPage(deps.pageCache, request, reply, () => index(request)),
    );
    app.get('/o/:org/blogs/:blog/tags/:tag', { config: { access: 'public' }, schema: { params: TagParams, querystring: IndexQuery } }, async (request, reply) =>
      cachedPage(deps.pageCache, request, reply, () => index(request, (request.params as z.infer<typeof TagParams>).tag)),
    );

    app.get('/o/:org/blogs/:blog/:post', { config: { access: 'public' }, schema: { params: PostParams } }, async (request, reply) => {
      const { org, blog, post } = request.params as z.infer<typeof PostParams>;
      return cachedPage(deps.pageCache, request, reply, async () => {
        const page = await reading.postPage(org, blog, post, request.actor);
        const sections = mergeSections(await Promise.all(deps.contributors.map((c) => c(request, page))));
        return (ctx: ViewCtx) => PostPage({ ctx, ...page, sections });
      });
    });
  };
}
