import type { FastifyInstance } from 'fastify';
import type { DonorService } from '../services/donors.js';
import { GivingHistoryPage } from '../views/account-pages.js';

/** The donor's own giving history, in their account. */
export function accountHtmlRoutes(deps: { donors: DonorService }) {
  return async (app: FastifyInstance) => {
    app.get('/account/giving', { config: { access: 'signed-in' } }, async (request, reply) =>
      reply.page(GivingHistoryPage({ ctx: request.viewCtx(), gifts: await deps.donors.history(request.actor) })),
    );
  };
}
