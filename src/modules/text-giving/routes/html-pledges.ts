import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { formRoute } from '../../../platform/http/form-route.js';
import { ReceiptDonorFields } from '../../fundraising/index.js';
import { NumberParams } from '../schemas.js';
import type { PledgeService } from '../services/pledges.js';
import { PledgeDonorPage, PledgesPage } from '../views/pledge-pages.js';
import { pledgesUrl } from '../views/urls.js';

const PledgeParams = NumberParams.extend({ pledgeId: z.uuid() });
type PledgeParams = z.infer<typeof PledgeParams>;

/** A number's pledges for staff, and the donor details staff enter for a receipt the donor asked for. */
export function pledgeHtmlRoutes(deps: { pledges: PledgeService }) {
  return async (app: FastifyInstance) => {
    app.get('/o/:org/text-giving/numbers/:numberId/pledges', { config: { access: 'signed-in' }, schema: { params: NumberParams } }, async (request, reply) => {
      const p = request.params as NumberParams;
      return reply.header('cache-control', 'no-store').page(PledgesPage({ ctx: request.viewCtx(), ...(await deps.pledges.pledgesPage(request.actor, p.org, p.numberId)) }));
    });
    app.get('/o/:org/text-giving/numbers/:numberId/pledges/:pledgeId/donor', { config: { access: 'signed-in' }, schema: { params: PledgeParams } }, async (request, reply) => {
      const p = request.params as PledgeParams;
      const found = await deps.pledges.donorForm(request.actor, p.org, p.numberId, p.pledgeId);
      return reply.header('cache-control', 'no-store').page(PledgeDonorPage({ ctx: request.viewCtx(), ...found, input: { values: {} } }));
    });
    formRoute(app, {
      url: '/o/:org/text-giving/numbers/:numberId/pledges/:pledgeId/donor',
      access: 'signed-in',
      params: PledgeParams,
      body: ReceiptDonorFields,
      render: async (request, input, p: PledgeParams) => PledgeDonorPage({ ctx: request.viewCtx(), ...(await deps.pledges.donorForm(request.actor, p.org, p.numberId, p.pledgeId)), input }),
      async handle(request, reply, body, p) {
        await deps.pledges.recordDonor(request.actor, p.org, p.numberId, p.pledgeId, body, { ip: request.ip ?? null });
        return reply.seeOther(`${pledgesUrl(p.org, p.numberId)}#pledge-${p.pledgeId}`, 'notices.textGivingDonorRecorded');
      },
    });
  };
}
