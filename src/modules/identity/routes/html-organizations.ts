import type { FastifyInstance, FastifyRequest } from 'fastify';
import { formRoute, type FormInput } from '../../../platform/http/form-route.js';
import { CreateOrganizationBody, OrgParams } from '../admin-schemas.js';
import { toOrganizationListItem, toOrganizationView } from '../presenters.js';
import type { OrganizationService } from '../services/organizations.js';
import { OrganizationPage, PlatformOrganizationsPage } from '../views/organization-pages.js';
import { requestMeta } from './html-auth.js';

/** The public organization page, and the operators' list of organizations with its creation form. */
export function organizationHtmlRoutes(deps: { organizations: OrganizationService }) {
  const { organizations } = deps;

  async function renderPlatformPage(request: FastifyRequest, input: FormInput): Promise<string> {
    const [all, hospitals] = await Promise.all([organizations.listForPlatform(request.actor), organizations.listHospitals()]);
    return PlatformOrganizationsPage({
      ctx: request.viewCtx(),
      organizations: all.map((o) => toOrganizationListItem(o, request.lang)),
      hospitals: hospitals.map((h) => toOrganizationListItem(h, request.lang)),
      input,
    });
  }

  return async (app: FastifyInstance) => {
    app.get('/o/:org', { config: { access: 'public' }, schema: { params: OrgParams } }, async (request, reply) => {
      const { org } = request.params as OrgParams;
      const page = await organizations.getPublicPage(request.actor, org);
      return reply.page(OrganizationPage({ ctx: request.viewCtx(), org: toOrganizationView(page, request.lang) }));
    });

    app.get('/admin/organizations', { config: { access: 'signed-in' } }, async (request, reply) =>
      reply.page(await renderPlatformPage(request, { values: {} })),
    );
    formRoute(app, {
      url: '/admin/organizations',
      access: 'signed-in',
      body: CreateOrganizationBody,
      render: (request, input) => renderPlatformPage(request, input),
      async handle(request, reply, body) {
        const org = await organizations.createOrganization(request.actor, body, requestMeta(request));
        return reply.seeOther(`/o/${org.slug}/admin`, 'notices.organizationCreated');
      },
    });
  };
}
