import type { FastifyInstance } from 'fastify';
import { NotFoundError } from '../../../platform/http/errors.js';
import { OrgParams } from '../schemas.js';
import type { ExportService } from '../services/export.js';
import { CommunityIndexPage } from '../views/community-index.js';

/** The list of one's communities, and a member's own community content as a JSON file. */
export function exportHtmlRoutes(deps: { exports: ExportService }) {
  const { exports } = deps;
  return async (app: FastifyInstance) => {
    app.get('/community', { config: { access: 'signed-in' } }, async (request, reply) => {
      const organizations = request.actor.memberships.map((m) => ({ slug: m.organizationSlug, name: m.organizationName[request.lang] }));
      if (organizations.length === 1) return reply.redirect(`/o/${organizations[0]!.slug}/community`, 303);
      return reply.page(CommunityIndexPage({ ctx: request.viewCtx(), organizations }));
    });

    app.get('/o/:org/community/export.json', { config: { access: 'signed-in' } }, async (request, reply) => {
      const p = OrgParams.safeParse(request.params);
      if (!p.success) throw new NotFoundError();
      const { org, data } = await exports.exportMine(request.actor, p.data.org);
      const day = data.exportedAt.slice(0, 10);
      return reply
        .type('application/json; charset=utf-8')
        .header('content-disposition', `attachment; filename="community-${org.slug}-${day}.json"`)
        .header('cache-control', 'private, no-store')
        .header('x-content-type-options', 'nosniff')
        .send(JSON.stringify(data, null, 2));
    });
  };
}
