import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { formRoute } from '../../../platform/http/form-route.js';
import { EmptyBody } from '../schemas.js';
import type { LinkService } from '../services/links.js';
import { GiftLinkPage } from '../views/link-pages.js';

const LinkParams = z.object({ token: z.string().min(1).max(64) });
type LinkParams = z.infer<typeof LinkParams>;

/** /g/:token, the short link a text carries to the campaign's gift form. */
export function linkHtmlRoutes(deps: { links: LinkService }) {
  return async (app: FastifyInstance) => {
    app.get('/g/:token', { config: { access: 'public' }, schema: { params: LinkParams } }, async (request, reply) => {
      const { token } = request.params as LinkParams;
      const link = await deps.links.showLink(token);
      return reply.header('cache-control', 'no-store').header('x-robots-tag', 'noindex').page(GiftLinkPage({ ctx: request.viewCtx(), token, link }));
    });
    formRoute(app, {
      url: '/g/:token',
      access: 'public',
      params: LinkParams,
      body: EmptyBody,
      render: async (request, _input, params) => GiftLinkPage({ ctx: request.viewCtx(), token: params.token, link: await deps.links.showLink(params.token) }),
      async handle(_request, reply, _body, params) {
        return reply.code(303).header('location', await deps.links.useLink(params.token)).send();
      },
    });
  };
}
