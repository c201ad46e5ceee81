import type { FastifyPluginAsync } from 'fastify';
import type { SessionResolver } from '../../platform/auth/session.js';
import type { JobHandlers } from '../../platform/jobs/queue.js';
import type { IdentityDeps } from './deps.js';
import { authHtmlRoutes } from './routes/html-auth.js';
import { homeHtmlRoutes } from './routes/html-home.js';
import { createAuthService } from './services/auth.js';
import { createOrganizationService } from './services/organizations.js';

export type IdentityModule = {
  resolveSession: SessionResolver;
  htmlRoutes: FastifyPluginAsync[];
  apiRoutes: FastifyPluginAsync[];
  jobs: JobHandlers;
};

export function createIdentityModule(deps: IdentityDeps & { authRateLimit: number }): IdentityModule {
  const auth = createAuthService(deps);
  const organizations = createOrganizationService(deps);
  return {
    resolveSession: (token) => auth.resolveSession(token),
    htmlRoutes: [
      homeHtmlRoutes({ organizations }),
      authHtmlRoutes({ auth, secureCookies: deps.config.cookieSecure, authRateLimit: deps.authRateLimit }),
    ],
    apiRoutes: [],
    jobs: {},
  };
}
