import type { FastifyInstance } from 'fastify';
import { isSignedIn } from '../../../platform/auth/actor.js';
import { UnauthenticatedError } from '../../../platform/http/errors.js';
import { MeResponse, OrganizationsResponse } from '../admin-schemas.js';
import { presentMe, presentOrganization } from '../presenters.js';
import type { OrganizationService } from '../services/organizations.js';

/** JSON under /api/v1: the public list of organizations and the signed-in person's own record. */
export function identityApiRoutes(deps: { organizations: OrganizationService }) {
  return async (app: FastifyInstance) => {
    app.get('/organizations', { config: { access: 'public' }, schema: { response: { 200: OrganizationsResponse } } }, async () => ({
      organizations: (await deps.organizations.listPublic()).map(presentOrganization),
    }));
    app.get('/me', { config: { access: 'signed-in' }, schema: { response: { 200: MeResponse } } }, async (request) => {
      if (!isSignedIn(request.actor)) throw new UnauthenticatedError();
      return presentMe(request.actor);
    });
  };
}
