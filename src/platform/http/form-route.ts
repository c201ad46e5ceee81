import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import './fastify-types.js';
import { AppError, type FieldErrors } from './errors.js';
import type { Access } from './fastify-types.js';
import { fieldErrorsFromZod } from './validation.js';

export type FormInput = { values: Record<string, unknown>; errors?: FieldErrors | undefined };

export type FormRouteOptions<B extends z.ZodType, P extends z.ZodType | undefined> = {
  url: string;
  access: Access;
  body: B;
  params?: P;
  rateLimit?: { max: number; timeWindow: number | string };
  /** Re-renders the form page with the person's input and the errors tied to fields. */
  render(request: FastifyRequest, input: FormInput, params: P extends z.ZodType ? z.output<P> : undefined): string | Promise<string>;
  handle(
    request: FastifyRequest,
    reply: FastifyReply,
    data: z.output<B>,
    params: P extends z.ZodType ? z.output<P> : undefined,
  ): Promise<unknown>;
};

/**
 * A POST route for an HTML form. Its body is parsed by the same Zod schema as everywhere; a
 * failure (or a ValidationError from the service) re-renders the form with status 4xx, the
 * input kept, and nothing written. Works the same with or without JavaScript.
 */
export function formRoute<B extends z.ZodType, P extends z.ZodType | undefined = undefined>(
  app: FastifyInstance,
  opts: FormRouteOptions<B, P>,
): void {
  app.route({
    method: 'POST',
    url: opts.url,
    config: { access: opts.access, ...(opts.rateLimit ? { rateLimit: opts.rateLimit } : {}) },
    ...(opts.params ? { schema: { params: opts.params } } : {}),
    handler: async (request, reply) => {
      const params = request.params as P extends z.ZodType ? z.output<P> : undefined;
      const raw = (request.body && typeof request.body === 'object' ? request.body : {}) as Record<string, unknown>;
      const parsed = opts.body.safeParse(raw);
      if (!parsed.success) {
        return reply.page(await opts.render(request, { values: raw, errors: fieldErrorsFromZod(parsed.error, raw) }, params), 400);
      }
      try {
        return await opts.handle(request, reply, parsed.data, params);
      } catch (error) {
        if (error instanceof AppError && Object.keys(error.fields).length > 0) {
          return reply.page(await opts.render(request, { values: raw, errors: error.fields }, params), error.status);
        }
        throw error;
      }
    },
  });
}
