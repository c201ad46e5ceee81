import type { FastifyInstance } from 'fastify';
import type { SeoService } from '../services/seo.js';

/** sitemap.xml and robots.txt at the site's root. */
export function seoRoutes(deps: { seo: SeoService }) {
  return async (app: FastifyInstance) => {
    app.get('/sitemap.xml', { config: { access: 'public' } }, async (_request, reply) =>
      reply.type('application/xml; charset=utf-8').header('cache-control', 'public, max-age=3600').send(await deps.seo.sitemap()),
    );
    app.get('/robots.txt', { config: { access: 'public' } }, async (_request, reply) =>
      reply.type('text/plain; charset=utf-8').header('cache-control', 'public, max-age=86400').send(deps.seo.robots()),
    );
  };
}
