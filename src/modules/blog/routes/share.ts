import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import { ValidationError } from '../../../platform/http/errors.js';
import { fieldErrorsFromZod } from '../../../platform/http/validation.js';
import { PostParams } from '../schemas.js';
import { MastodonShareQuery, RawMastodonShareQuery, ShareImageQuery } from '../sharing-schemas.js';
import type { FavouriteService } from '../services/favourites.js';
import type { ShareImageService } from '../services/share-image.js';
import type { SharingService } from '../services/sharing.js';
import { PostHead } from '../views/post-head.js';
import { MastodonSharePage, ShareSection } from '../views/share.js';
import { postUrl } from '../views/urls.js';
import type { PostPageContributor } from './html-reading.js';

/** The post page's head metadata, and its share and favourite section. */
export function sharingContributor(deps: { sharing: SharingService; favourites: FavouriteService }): PostPageContributor {
  return async (request, page) => {
    const ctx = request.viewCtx();
    const saved = await deps.favourites.isFavourite(request.actor, page.post.id);
    const postPath = postUrl(page.org.slug, page.blog.slug, page.post.slug);
    return {
      head: PostHead({ t: ctx.t, meta: deps.sharing.postMeta(page) }),
      share: ShareSection({ ctx, url: deps.sharing.postUrl(page), title: page.post.title, links: deps.sharing.shareLinks(page), postPath, saved }),
    };
  };
}

export function shareRoutes(deps: { sharing: SharingService; images: ShareImageService; publicUrl: URL }) {
  return async (app: FastifyInstance) => {
    app.get('/share/mastodon', { config: { access: 'public' }, schema: { querystring: RawMastodonShareQuery } }, async (request, reply) => {
      const raw = request.query as RawMastodonShareQuery;
      // Only this site's own addresses are offered as the way back.
      const backHref = typeof raw.url === 'string' && URL.canParse(raw.url) && new URL(raw.url).origin === deps.publicUrl.origin ? new URL(raw.url).pathname : null;
      const render = (errors: ReturnType<typeof fieldErrorsFromZod>) => reply.page(MastodonSharePage({ ctx: request.viewCtx(), values: raw, errors, backHref }), 400);
      const parsed = MastodonShareQuery.safeParse(raw);
      if (!parsed.success) return render(fieldErrorsFromZod(parsed.error, raw));
      try {
        return reply.header('referrer-policy', 'no-referrer').redirect(deps.sharing.mastodonShareTarget(parsed.data), 303);
      } catch (error) {
        if (error instanceof ValidationError) return render(error.fields);
        throw error;
      }
    });

    app.get('/o/:org/blogs/:blog/:post/share.png', { config: { access: 'public' }, schema: { params: PostParams, querystring: ShareImageQuery } }, async (request, reply) => {
      const { org, blog, post } = request.params as z.infer<typeof PostParams>;
      const image = await deps.images.image(org, blog, post, request.actor);
      const etag = `"${createHash('sha256').update(image.key).digest('base64url').slice(0, 27)}"`;
      reply.header('etag', etag).header('cache-control', 'public, max-age=3600').header('x-content-type-options', 'nosniff');
      if (request.headers['if-none-match'] === etag) return reply.code(304).send();
      return reply.type('image/png').send(image.png);
    });
  };
}
