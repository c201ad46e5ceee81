import type { FastifyInstance } from 'fastify';
import type { OrganizationService } from '../services/organizations.js';
import { HomePage } from '../views/home-page.js';

export function homeHtmlRoutes(deps: { organizations: OrganizationService }) {
  return async (app: FastifyInstance) => {
    app.get('/', { config: { access: 'public' } }, async (request, reply) => {
      const orgs = await deps.organizations.listPublic();
      const t = request.t;
      return reply.page(
        HomePage({
          ctx: request.viewCtx(),
          organizations: orgs.map((o) => ({ slug: o.slug, name: request.lang === 'fr' ? o.nameFr : o.nameEn, kindLabel: t(`organizations.kinds.${o.kind}`) })),
        }),
      );
    });
  };
}
