import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Outreach } from '../services/outreach.js';
import { UnsubscribedPage, UnsubscribeInvalidPage, UnsubscribePage } from '../views/unsubscribe-pages.js';
import { unsubscribeUrl } from '../views/urls.js';

export const UnsubscribeQuery = z.object({ token: z.string().min(1).max(200) });
type UnsubscribeQuery = z.infer<typeof UnsubscribeQuery>;

/** Unsubscribing from fundraising e-mail without signing in (CASL), from the link in each message. */
export function unsubscribeHtmlRoutes(deps: { outreach: Outreach }) {
  const { outreach } = deps;
  return async (app: FastifyInstance) => {
    app.get('/fundraising/unsubscribe', { config: { access: 'public' }, schema: { querystring: UnsubscribeQuery } }, async (request, reply) => {
      const { token } = request.query as UnsubscribeQuery;
      const view = await outreach.unsubscribeView(token);
      if (!view) return reply.page(UnsubscribeInvalidPage({ ctx: request.viewCtx() }), 400);
      if (view.withdrawn) return reply.page(UnsubscribedPage({ ctx: request.viewCtx(), view }));
      return reply.page(UnsubscribePage({ ctx: request.viewCtx(), view, action: unsubscribeUrl(token) }));
    });
    // RFC 8058 one-click: a mail client POSTs "List-Unsubscribe=One-Click" with no cookie and no
    // CSRF token; the HMAC token in the URL is the only credential, and it can do nothing else.
    app.post('/fundraising/unsubscribe', { config: { access: 'public', csrf: false }, schema: { querystring: UnsubscribeQuery } }, async (request, reply) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      const method = body['List-Unsubscribe'] === 'One-Click' ? 'one_click' : 'page';
      const view = await outreach.unsubscribe((request.query as UnsubscribeQuery).token, { method });
      if (!view) return reply.page(UnsubscribeInvalidPage({ ctx: request.viewCtx() }), 400);
      return reply.page(UnsubscribedPage({ ctx: request.viewCtx(), view }));
    });
  };
}
