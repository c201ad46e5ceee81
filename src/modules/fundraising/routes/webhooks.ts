import type { FastifyInstance } from 'fastify';
import { WebhookHeaders } from '../schemas.js';

/**
 * The payment gateway's webhook. The body is kept raw (the signature covers its exact bytes)
 * and verified by the gateway before anything is read from it; CSRF does not apply.
 */
export function webhookApiRoutes(deps: { gifts: { handleWebhook(rawBody: Buffer, signature: string): Promise<{ outcome: string }> } }) {
  return async (app: FastifyInstance) => {
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 512 * 1024 }, (_request, body, done) => done(null, body));
    app.post(
      '/fundraising/webhooks/stripe',
      { config: { access: 'public', csrf: false }, schema: { headers: WebhookHeaders } },
      async (request, reply) => {
        const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        const result = await deps.gifts.handleWebhook(body, (request.headers as { 'stripe-signature': string })['stripe-signature']);
        return reply.code(200).send({ received: true, outcome: result.outcome });
      },
    );
  };
}
