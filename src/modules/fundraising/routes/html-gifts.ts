import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { formRoute } from '../../../platform/http/form-route.js';
import { GiftParams, GiftTokenQuery, TestCheckoutBody } from '../schemas.js';
import type { GiftService } from '../services/gifts.js';
import { GiftThanksPage, TestCheckoutPage } from '../views/gift-pages.js';
import { giftPageUrl } from '../views/urls.js';

type Q = z.infer<typeof GiftTokenQuery>;

/** A gift's own pages: the test gateway's payment page and the thank-you page. */
export function giftHtmlRoutes(deps: { gifts: GiftService }) {
  const { gifts } = deps;
  return async (app: FastifyInstance) => {
    app.get('/o/:org/give/:campaign/gifts/:gift', { config: { access: 'public' }, schema: { params: GiftParams, querystring: GiftTokenQuery } }, async (request, reply) => {
      const token = (request.query as Q).t;
      const page = await gifts.giftPage(request.actor, request.params as GiftParams, token);
      reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
      return reply.page(GiftThanksPage({ ctx: request.viewCtx(), ...page, token: token ?? '', testMode: gifts.isTest }));
    });

    if (!gifts.isTest) return;
    app.get('/o/:org/give/:campaign/gifts/:gift/test-checkout', { config: { access: 'public' }, schema: { params: GiftParams, querystring: GiftTokenQuery } }, async (request, reply) => {
      const token = (request.query as Q).t;
      const page = await gifts.giftPage(request.actor, request.params as GiftParams, token);
      reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
      return reply.page(TestCheckoutPage({ ctx: request.viewCtx(), ...page, token: token ?? '', testMode: true }));
    });
    formRoute(app, {
      url: '/o/:org/give/:campaign/gifts/:gift/test-checkout',
      access: 'public',
      params: GiftParams,
      body: TestCheckoutBody,
      async render(request, _input, params) {
        const raw = (request.body ?? {}) as Record<string, unknown>;
        const token = typeof raw.t === 'string' ? raw.t : '';
        const page = await gifts.giftPage(request.actor, params, token);
        return TestCheckoutPage({ ctx: request.viewCtx(), ...page, token, testMode: true });
      },
      async handle(request, reply, body, params) {
        await gifts.completeTestCheckout(request.actor, params, body.t, body.result);
        return reply.redirect(giftPageUrl(params.org, params.campaign, params.gift, body.t), 303);
      },
    });
  };
}
