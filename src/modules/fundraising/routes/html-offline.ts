import type { FastifyInstance, FastifyRequest } from 'fastify';
import { formRoute, type FormInput } from '../../../platform/http/form-route.js';
import { ChequeBatchBody, OfflineGiftBody } from '../offline-schemas.js';
import { OrgParams } from '../schemas.js';
import type { OfflineService } from '../services/offline.js';
import { ChequeBatchPage, chequeBatchUrl, OfflineGiftPage, offlineGiftUrl } from '../views/offline-pages.js';
import { todayInToronto } from '../days.js';

const meta = (request: FastifyRequest) => ({ ip: request.ip ?? null });

/** Fundraisers record gifts the foundation received: one at a time, or a day's cheques at once. */
export function offlineHtmlRoutes(deps: { offline: OfflineService }) {
  const { offline } = deps;
  const renderGift = async (request: FastifyRequest, org: string, input: FormInput) => OfflineGiftPage({ ctx: request.viewCtx(), ...(await offline.form(request.actor, org)), input });
  const renderBatch = async (request: FastifyRequest, org: string, input: FormInput) => ChequeBatchPage({ ctx: request.viewCtx(), ...(await offline.form(request.actor, org)), input });

  return async (app: FastifyInstance) => {
    app.get('/o/:org/fundraising/gifts/new', { config: { access: 'signed-in' }, schema: { params: OrgParams } }, async (request, reply) =>
      reply.page(await renderGift(request, (request.params as OrgParams).org, { values: { receivedOn: todayInToronto() } })),
    );
    formRoute(app, {
      url: '/o/:org/fundraising/gifts/new',
      access: 'signed-in',
      params: OrgParams,
      body: OfflineGiftBody,
      render: (request, input, params) => renderGift(request, params.org, input),
      async handle(request, reply, body, params) {
        await offline.recordGift(request.actor, params.org, body, meta(request));
        return reply.seeOther(offlineGiftUrl(params.org), 'notices.saved');
      },
    });
    app.get('/o/:org/fundraising/cheques/new', { config: { access: 'signed-in' }, schema: { params: OrgParams } }, async (request, reply) =>
      reply.page(await renderBatch(request, (request.params as OrgParams).org, { values: { receivedOn: todayInToronto() } })),
    );
    formRoute(app, {
      url: '/o/:org/fundraising/cheques/new',
      access: 'signed-in',
      params: OrgParams,
      body: ChequeBatchBody,
      render: (request, input, params) => renderBatch(request, params.org, input),
      async handle(request, reply, body, params) {
        await offline.recordChequeBatch(request.actor, params.org, body, meta(request));
        return reply.seeOther(chequeBatchUrl(params.org), 'notices.saved');
      },
    });
  };
}
