import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import './fastify-types.js';
import { ErrorPage } from '../views/error-page.js';
import { mapError } from './error-mapping.js';

/** Registers page routes with one HTML error policy, defined once. */
export function htmlSurface(plugins: FastifyPluginAsync[]): FastifyPluginAsync {
  return async (app: FastifyInstance) => {
    app.setErrorHandler(async (error, request, reply) => {
      const mapped = mapError(error, request.body ?? request.query);
      if (mapped.internal) request.log.error({ err: error }, 'request failed');
      if (mapped.code === 'unauthenticated' && request.method === 'GET') {
        return reply.redirect(`/sign-in?next=${encodeURIComponent(request.url)}`, 303);
      }
      return reply.page(
        <ErrorPage ctx={request.viewCtx()} status={mapped.status} code={mapped.code} fields={mapped.fields} requestId={mapped.internal ? request.id : undefined} />,
        mapped.status,
      );
    });
    app.setNotFoundHandler({}, async (request, reply) =>
      reply.page(<ErrorPage ctx={request.viewCtx()} status={404} code="not_found" />, 404),
    );
    for (const plugin of plugins) await app.register(plugin);
  };
}
