import type { FastifyPluginAsync } from 'fastify';
import type { SessionResolver } from '../../platform/auth/session.js';
import type { JobHandlers } from '../../platform/jobs/queue.js';
import type { IdentityDeps } from './deps.js';
import { authHtmlRoutes } from './routes/html-auth.js';
import { homeHtmlRoutes } from './routes/html-home.js';
import { profileHtmlRoutes } from './routes/html-profile.js';
import { securityHtmlRoutes } from './routes/html-security.js';
import { createPasskeyService } from './services/passkeys.js';
import { createTwoFactorService } from './services/two-factor.js';
import { createProfileService } from './services/profiles.js';
import { createAuthService } from './services/auth.js';
import { createOrganizationService } from './services/organizations.js';
import { identityApiRoutes } from './routes/api.js';
import { adminHtmlRoutes } from './routes/html-admin.js';
import { invitationHtmlRoutes } from './routes/html-invitations.js';
import { organizationHtmlRoutes } from './routes/html-organizations.js';
import { createAuditLogService } from './services/audit-log.js';
import { createInvitationService } from './services/invitations.js';
import { createMembershipService } from './services/memberships.js';

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
      profileHtmlRoutes({ profiles: createProfileService(deps), secureCookies: deps.config.cookieSecure }),
      securityHtmlRoutes({
        twoFactor: createTwoFactorService(deps, auth),
        passkeys: createPasskeyService(deps, auth),
        secureCookies: deps.config.cookieSecure,
        authRateLimit: deps.authRateLimit,
      }),
      organizationHtmlRoutes({ organizations }),
      adminHtmlRoutes({ organizations, memberships: createMembershipService(deps), auditLog: createAuditLogService(deps) }),
      invitationHtmlRoutes({ invitations: createInvitationService(deps) }),
    ],
    apiRoutes: [identityApiRoutes({ organizations })],
    jobs: {},
  };
}
