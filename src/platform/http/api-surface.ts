import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import './fastify-types.js';
import { mapError } from './error-mapping.js';

/** JSON API under /api/v1 with the one error shape: { error: { code, message, fields } }. */
export function apiSurface(plugins: FastifyPluginAsync[]): FastifyPluginAsync {
  return async (app: FastifyInstance) => {
    app.setErrorHandler(async (error, request, reply) => {
      const mapped = mapError(error, request.body ?? request.query);
      if (mapped.internal) request.log.error({ err: error }, 'request failed');
      const t = request.t;
      const fields = Object.fromEntries(
        Object.entries(mapped.fields).map(([k, v]) => [k, t(`validation.${v.code}`, { ...v.params, defaultValue: t('validation.invalid') })]),
      );
      return reply.code(mapped.status).send({
        error: {
          code: mapped.code,
          message: t(`errors.${mapped.code}`, { defaultValue: t('errors.generic') }),
          fields,
          ...(mapped.internal ? { requestId: request.id } : {}),
        },
      });
    });
    app.setNotFoundHandler({}, async (request, reply) =>
      reply.code(404).send({ error: { code: 'not_found', message: request.t('errors.not_found'), fields: {} } }),
    );
    for (const plugin of plugins) await app.register(plugin);
  };
}
