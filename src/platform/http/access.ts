import type { FastifyInstance } from 'fastify';
import './fastify-types.js';
import { NotFoundError, UnauthenticatedError } from './errors.js';

const OPEN_PATHS = new Set(['*']);

/**
 * Routes are closed by default: a route that does not declare `config.access` stops the app
 * at boot. A preHandler then enforces the declared mode for every request.
 */
export type RouteEntry = { method: string; url: string; access: string; csrf: boolean };

/** Returns the catalogue of every route and its access mode, filled as routes register. */
export function registerAccessControl(app: FastifyInstance, opts: { devRoutes: boolean }): RouteEntry[] {
  const catalogue: RouteEntry[] = [];
  app.addHook('onRoute', (route) => {
    const access = (route.config as { access?: string } | undefined)?.access;
    if (!access && !OPEN_PATHS.has(route.url) && route.method !== 'HEAD') {
      throw new Error(`Route ${route.method} ${route.url} declares no config.access`);
    }
    for (const method of [route.method].flat()) if (access && method !== 'HEAD') catalogue.push({ method, url: route.url, access, csrf: (route.config as { csrf?: boolean } | undefined)?.csrf !== false });
  });
  app.addHook('preHandler', async (request) => {
    const access = request.routeOptions.config.access;
    if (access === 'dev-only' && !opts.devRoutes) throw new NotFoundError();
    if (access === 'signed-in' && request.actor.kind !== 'account') throw new UnauthenticatedError();
  });
  return catalogue;
}
