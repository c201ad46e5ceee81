import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { ReadingService } from '../services/reading.js';
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

export function readingHtmlRoutes(deps: { reading: ReadingService; contributors: PostPageContributor[] }) {
  const { reading } = deps;
  return async (app: FastifyInstance) => {
    app.get('/o/:org/blogs', { config: { access: 'public' }, schema: { params: OrgParams } }, async (request, reply) => {
      const { org } = request.params as z.infer<typeof OrgParams>;
      const page = await reading.listBlogs(org);
      return reply.page(BlogListPage({ ctx: request.viewCtx(), ...page }));
    });

    const index = async (request: FastifyRequest, tag?: string) => {
      const { org, blog } = request.params as z.infer<typeof BlogParams>;
      const q = request.query as IndexQuery;
      const before = q.before && q.beforeId ? { publishedAt: new Date(q.before), id: q.beforeId } : undefined;
      const page = await reading.blogIndex(org, blog, request.actor, { tag, before });
      const base = tag ? tagUrl(org, blog, tag) : blogUrl(org, blog);
      const nextHref = page.next ? `${base}?before=${encodeURIComponent(page.next.publishedAt.toISOString())}&beforeId=${page.next.id}` : undefined;
      return BlogIndexPage({ ctx: request.viewCtx(), ...page, tag: page.posts[0]?.tags.find((x) => x.tag === tag)?.label ?? tag, nextHref });
    };
    app.get('/o/:org/blogs/:blog', { config: { access: 'public' }, schema: { params: BlogParams, querystring: IndexQuery } }, async (request, reply) =>
      reply.page(await index(request)),
    );
    app.get('/o/:org/blogs/:blog/tags/:tag', { config: { access: 'public' }, schema: { params: TagParams, querystring: IndexQuery } }, async (request, reply) =>
      reply.page(await index(request, (request.params as z.infer<typeof TagParams>).tag)),
    );

    app.get('/o/:org/blogs/:blog/:post', { config: { access: 'public' }, schema: { params: PostParams } }, async (request, reply) => {
      const { org, blog, post } = request.params as z.infer<typeof PostParams>;
      const page = await reading.postPage(org, blog, post, request.actor);
      const sections = mergeSections(await Promise.all(deps.contributors.map((c) => c(request, page))));
      return reply.page(PostPage({ ctx: request.viewCtx(), ...page, sections }));
    });
  };
}
