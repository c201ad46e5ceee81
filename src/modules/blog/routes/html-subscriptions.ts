import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { formRoute } from '../../../platform/http/form-route.js';
import { BlogParams } from '../schemas.js';
import type { SubscriptionService } from '../services/subscriptions.js';
import { SubscribeBody, SubscriptionTokenQuery } from '../subscription-schemas.js';
import { ConfirmResultPage, SubscribeCheckEmailPage, SubscribePage, SubscribeSection, UnsubscribedPage, UnsubscribeInvalidPage, UnsubscribePage } from '../views/subscription-pages.js';
import { subscribeCheckEmailUrl, unsubscribeUrl } from '../views/urls.js';
import type { BlogIndexContributor, PostPageContributor } from './html-reading.js';

type BlogParams = z.infer<typeof BlogParams>;

/**
 * Per client address, bad input included, so the form cannot be used to flood someone's inbox.
 * Loose enough for a hospital's guest network, where many people share one address.
 */
export const SUBSCRIBE_RATE_LIMIT = { max: 20, timeWindow: '5 minutes' };

/** The subscribe form under a post. */
export function subscribePostContributor(subscriptions: SubscriptionService): PostPageContributor {
  return async (request, page) => {
    const form = await subscriptions.formFor(page.org, page.blog, request.lang, request.viewCtx().path);
    return { afterBody: SubscribeSection({ ctx: request.viewCtx(), form }) };
  };
}

/** The subscribe form beside a blog's index of posts. */
export function subscribeIndexContributor(subscriptions: SubscriptionService): BlogIndexContributor {
  return async (request, page) => {
    const form = await subscriptions.formFor(page.org, page.blog, request.lang, request.viewCtx().path);
    return { aside: SubscribeSection({ ctx: request.viewCtx(), form }) };
  };
}

export function subscriptionHtmlRoutes(deps: { subscriptions: SubscriptionService }) {
  const { subscriptions } = deps;
  return async (app: FastifyInstance) => {
    const subscribePage = async (request: FastifyRequest, params: BlogParams, input: { values: Record<string, unknown>; errors?: Record<string, { code: string }> | undefined }) => {
      const { form } = await subscriptions.subscribePage(params.org, params.blog, request.lang);
      return SubscribePage({ ctx: request.viewCtx(), orgSlug: params.org, blogSlug: params.blog, form, input });
    };

    app.get('/o/:org/blogs/:blog/subscribe', { config: { access: 'public' }, schema: { params: BlogParams } }, async (request, reply) =>
      reply.page(await subscribePage(request, request.params as BlogParams, { values: {} })),
    );
    formRoute(app, {
      url: '/o/:org/blogs/:blog/subscribe',
      access: 'public',
      params: BlogParams,
      body: SubscribeBody,
      rateLimit: SUBSCRIBE_RATE_LIMIT,
      render: (request, input, params) => subscribePage(request, params, input),
      async handle(request, reply, body, params) {
        await subscriptions.subscribe(params.org, params.blog, { email: body.subscriberEmail, frequency: body.subscriptionFrequency, lang: body.lang, source: body.source }, { ip: request.ip ?? null });
        return reply.seeOther(subscribeCheckEmailUrl(params.org, params.blog));
      },
    });
    app.get('/o/:org/blogs/:blog/subscribe/check-email', { config: { access: 'public' }, schema: { params: BlogParams } }, async (request, reply) => {
      const params = request.params as BlogParams;
      const { form } = await subscriptions.subscribePage(params.org, params.blog, request.lang);
      return reply.page(SubscribeCheckEmailPage({ ctx: request.viewCtx(), orgSlug: params.org, blogSlug: params.blog, blogTitle: form.blogTitle }));
    });

    app.get('/subscriptions/confirm', { config: { access: 'public' }, schema: { querystring: SubscriptionTokenQuery } }, async (request, reply) => {
      const result = await subscriptions.confirm((request.query as SubscriptionTokenQuery).token);
      const status = { confirmed: 200, used: 409, expired: 410, invalid: 400 }[result.outcome];
      return reply.page(ConfirmResultPage({ ctx: request.viewCtx(), outcome: result.outcome, link: result.link }), status);
    });

    app.get('/subscriptions/unsubscribe', { config: { access: 'public' }, schema: { querystring: SubscriptionTokenQuery } }, async (request, reply) => {
      const { token } = request.query as SubscriptionTokenQuery;
      const view = await subscriptions.unsubscribeView(token);
      if (!view) return reply.page(UnsubscribeInvalidPage({ ctx: request.viewCtx() }), 400);
      if (view.unsubscribed) return reply.page(UnsubscribedPage({ ctx: request.viewCtx(), view }));
      return reply.page(UnsubscribePage({ ctx: request.viewCtx(), view, action: unsubscribeUrl(token) }));
    });
    // RFC 8058 one-click: a mail client POSTs "List-Unsubscribe=One-Click" with no cookie and no
    // CSRF token; the HMAC token in the URL is the only credential, and it can do nothing else.
    app.post('/subscriptions/unsubscribe', { config: { access: 'public', csrf: false }, schema: { querystring: SubscriptionTokenQuery } }, async (request, reply) => {
      const view = await subscriptions.unsubscribe((request.query as SubscriptionTokenQuery).token);
      if (!view) return reply.page(UnsubscribeInvalidPage({ ctx: request.viewCtx() }), 400);
      return reply.page(UnsubscribedPage({ ctx: request.viewCtx(), view }));
    });
  };
}
