import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import { IndexQuery, PostParams } from '../schemas.js';
import { FavouriteBody } from '../sharing-schemas.js';
import type { FavouriteService } from '../services/favourites.js';
import { FavouritesPage } from '../views/favourites.js';
import { favouritesUrl, postUrl } from '../views/urls.js';

/** Saving posts, removing them, and the page that lists them. */
export function favouriteRoutes(deps: { favourites: FavouriteService }) {
  return async (app: FastifyInstance) => {
    for (const action of ['favourite', 'unfavourite'] as const) {
      app.post(`/o/:org/blogs/:blog/:post/${action}`, { config: { access: 'signed-in' }, schema: { params: PostParams, body: FavouriteBody } }, async (request, reply) => {
        const { org, blog, post } = request.params as z.infer<typeof PostParams>;
        const { back } = request.body as FavouriteBody;
        await deps.favourites[action](request.actor, org, blog, post);
        const notice = action === 'favourite' ? 'notices.favouriteAdded' : 'notices.favouriteRemoved';
        return reply.seeOther(back === 'favourites' ? favouritesUrl() : postUrl(org, blog, post), notice);
      });
    }

    app.get('/account/favourites', { config: { access: 'signed-in' }, schema: { querystring: IndexQuery } }, async (request, reply) => {
      const q = request.query as IndexQuery;
      const before = q.before && q.beforeId ? { at: new Date(q.before), postId: q.beforeId } : undefined;
      const { favourites, next } = await deps.favourites.list(request.actor, before);
      const nextHref = next ? `${favouritesUrl()}?before=${encodeURIComponent(next.at.toISOString())}&beforeId=${next.postId}` : undefined;
      return reply.page(FavouritesPage({ ctx: request.viewCtx(), favourites, nextHref }));
    });
  };
}
