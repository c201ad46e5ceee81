import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { formRoute } from '../../../platform/http/form-route.js';
import { EmptyBody } from '../schemas.js';
import { GiftLinkGoneError, type LinkService } from '../services/links.js';
import { GiftLinkGonePage, GiftLinkPage } from '../views/link-pages.js';

const LinkParams = z.object({ token: z.string().min(1).max(64) });
type LinkParams = z.infer<typeof LinkParams>;

/** /g/:token, the short link a text carries to the campaign's gift form. */
export function linkHtmlRoutes(deps: { links: LinkService }) {
  /** A link used already or expired: say so, and offer the campaign's gift form as it is. */
  async function orGone(request: FastifyRequest, reply: FastifyReply, work: () => Promise<unknown>) {
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof GiftLinkGoneError)) throw error;
      return reply.header('cache-control', 'no-store').header('x-robots-tag', 'noindex').page(GiftLinkGonePage({ ctx: request.viewCtx(), giveUrl: error.giveUrl, campaignTitle: error.campaignTitle }), 410);
    }
  }
  return async (app: FastifyInstance) => {
    app.get('/g/:token', { config: { access: 'public' }, schema: { params: LinkParams } }, async (request, reply) => {
      const { token } = request.params as LinkParams;
      return orGone(request, reply, async () => {
        const link = await deps.links.showLink(token);
        return reply.header('cache-control', 'no-store').header('x-robots-tag', 'noindex').page(GiftLinkPage({ ctx: request.viewCtx(), token, link }));
      });
    });
    formRoute(app, {
      url: '/g/:token',
      access: 'public',
      params: LinkParams,
      body: EmptyBody,
      render: async (request, _input, params) => GiftLinkPage({ ctx: request.viewCtx(), token: params.token, link: await deps.links.showLink(params.token) }),
      async handle(request, reply, _body, params) {
        return orGone(request, reply, async () => reply.code(303).header('location', await deps.links.useLink(params.token)).send());
      },
    });
  };
}
