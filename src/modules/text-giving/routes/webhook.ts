import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { InboundService } from '../services/inbound.js';
import { InboundTextBody } from '../schemas.js';

const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';

/**
 * Twilio's messaging webhook, one URL per connected number. The signature is checked before
 * the body is even validated; the text is stored (once per MessageSid) before the 200 goes out,
 * and what it means is worked out later by the job queue.
 */
export function webhookRoutes(deps: { inbound: InboundService }) {
  return async (app: FastifyInstance) => {
    app.post(
      '/text-giving/numbers/:numberId/twilio/messages',
      {
        config: { access: 'public', csrf: false },
        schema: { params: z.object({ numberId: z.uuid() }), body: InboundTextBody },
        preValidation: async (request) => {
          const { numberId } = request.params as { numberId: string };
          const signature = request.headers['x-twilio-signature'];
          const body = request.body && typeof request.body === 'object' ? (request.body as Record<string, unknown>) : {};
          (request as { textGivingNumber?: unknown }).textGivingNumber = await deps.inbound.verify(numberId, typeof signature === 'string' ? signature : undefined, request.url, body);
        },
      },
      async (request, reply) => {
        const number = (request as unknown as { textGivingNumber: Parameters<InboundService['record']>[0] }).textGivingNumber;
        const body = request.body as InboundTextBody;
        await deps.inbound.record(number, { messageSid: body.MessageSid, from: body.From, body: body.Body });
        return reply.code(200).type('text/xml').send(EMPTY_TWIML);
      },
    );
  };
}
