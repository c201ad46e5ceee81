import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { formRoute } from '../../../platform/http/form-route.js';
import { ReceiptDonorFields } from '../../fundraising/index.js';
import type { ReceiptLinkService } from '../services/receipt-links.js';
import { ReceiptFormPage } from '../views/receipt-pages.js';

const ReceiptParams = z.object({ token: z.string().min(1).max(64) });
type ReceiptParams = z.infer<typeof ReceiptParams>;

/** /r/:token, the receipt form a paid text gift's thank-you links to. */
export function receiptHtmlRoutes(deps: { receipts: ReceiptLinkService }) {
  return async (app: FastifyInstance) => {
    app.get('/r/:token', { config: { access: 'public' }, schema: { params: ReceiptParams } }, async (request, reply) => {
      const { token } = request.params as ReceiptParams;
      const link = await deps.receipts.showReceiptLink(token);
      return reply.header('cache-control', 'no-store').header('x-robots-tag', 'noindex').page(ReceiptFormPage({ ctx: request.viewCtx(), token, link, input: { values: {} } }));
    });
    formRoute(app, {
      url: '/r/:token',
      access: 'public',
      params: ReceiptParams,
      body: ReceiptDonorFields,
      rateLimit: { max: 30, timeWindow: '1 minute' },
      render: async (request, input, params) => ReceiptFormPage({ ctx: request.viewCtx(), token: params.token, link: await deps.receipts.showReceiptLink(params.token), input }),
      async handle(_request, reply, body, params) {
        await deps.receipts.completeReceipt(params.token, body);
        return reply.code(303).header('location', `/r/${params.token}`).send();
      },
    });
  };
}
