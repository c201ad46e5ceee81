import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { BlogRow } from '../db/schema.js';
import type { OrgRef } from '../db/queries/blogs.js';
import { BlogParams, TagParams } from '../schemas.js';
import type { FeedService, RenderedFeed } from '../services/feeds.js';
import { cachedValue, type PageCache } from '../../../platform/http/page-cache.js';
import { FeedLinks } from '../views/post-head.js';
import { absoluteUrl, FEED_FILES, feedUrl, type FeedFormat } from '../views/urls.js';

const FORMATS: FeedFormat[] = ['rss', 'atom', 'json'];

/** A rendered feed with its body already encoded, so a cached feed is sent without re-encoding it. */
type EncodedFeed = RenderedFeed & { bytes: Buffer };

function sendFeed(request: FastifyRequest, reply: FastifyReply, { value: feed, hit }: { value: Readonly<EncodedFeed>; hit: boolean }) {
  reply.header('x-page-cache', hit ? 'hit' : 'miss');
  // Readers poll often: they revalidate every time and get 304 while nothing changed.
  reply.header('etag', feed.etag).header('cache-control', 'public, no-cache').header('vary', 'Accept-Language, Cookie').header('x-content-type-options', 'nosniff');
  if (request.headers['if-none-match'] === feed.etag) return reply.code(304).send();
  return reply.type(feed.contentType).send(feed.bytes);
}

/** RSS 2.0, Atom and JSON Feed of each blog and each of its tags. */
export function feedRoutes(deps: { feeds: FeedService; pageCache: PageCache }) {
  const render = (request: FastifyRequest, produce: () => Promise<RenderedFeed>) =>
    cachedValue(deps.pageCache, `feed|${request.lang}|${request.url}`, async (): Promise<EncodedFeed> => {
      const feed = await produce();
      return { ...feed, bytes: Buffer.from(feed.body, 'utf8') };
    });
  return async (app: FastifyInstance) => {
    for (const format of FORMATS) {
      app.get(`/o/:org/blogs/:blog/${FEED_FILES[format]}`, { config: { access: 'public' }, schema: { params: BlogParams } }, async (request, reply) => {
        const { org, blog } = request.params as z.infer<typeof BlogParams>;
        return sendFeed(request, reply, await render(request, () => deps.feeds.render(org, blog, format, request.lang)));
      });
      app.get(`/o/:org/blogs/:blog/tags/:tag/${FEED_FILES[format]}`, { config: { access: 'public' }, schema: { params: TagParams } }, async (request, reply) => {
        const { org, blog, tag } = request.params as z.infer<typeof TagParams>;
        return sendFeed(request, reply, await render(request, () => deps.feeds.render(org, blog, format, request.lang, tag)));
      });
    }
  };
}

/** Autodiscovery links for the head of a blog index, and of a tag page (its own feeds first, then the blog's). */
export function blogIndexFeedLinks(deps: { publicUrl: URL }) {
  return (request: FastifyRequest, page: { org: OrgRef; blog: BlogRow; tag?: string | undefined; tagLabel?: string | undefined }): JSX.Element => {
    const t = request.t;
    const blogTitle = request.lang === 'fr' ? page.blog.titleFr : page.blog.titleEn;
    const link = (format: FeedFormat, tag?: string) => absoluteUrl(deps.publicUrl, feedUrl(page.org.slug, page.blog.slug, format, tag));
    const tagFeeds =
      page.tag === undefined
        ? []
        : FORMATS.map((format) => ({ format, href: link(format, page.tag), title: t('blog.index.tagTitle', { blog: blogTitle, tag: page.tagLabel ?? page.tag }) }));
    return FeedLinks({ t, feeds: [...tagFeeds, ...FORMATS.map((format) => ({ format, href: link(format), title: blogTitle }))] });
  };
}
