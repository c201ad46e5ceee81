import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ValidationError, NotFoundError, type FieldErrors } from '../../../platform/http/errors.js';
import { formRoute, type FormInput } from '../../../platform/http/form-route.js';
import { fieldErrorsFromFastify } from '../../../platform/http/validation.js';
import { AuditQuery, CsrfQuery, MemberParams, OrgParams, OrganizationSettingsBody, StaffVerificationBody, UpdateMemberBody } from '../admin-schemas.js';
import { toAdminOrgView, toAuditEventViews, toMemberView, toOrganizationListItem, toSettingsValues } from '../presenters.js';
import type { AuditLogService } from '../services/audit-log.js';
import type { MembershipService } from '../services/memberships.js';
import type { OrganizationService } from '../services/organizations.js';
import { AdminHomePage, AuditPage, MemberPage, MembersPage, SettingsPage } from '../views/admin-pages.js';
import { requestMeta } from './html-auth.js';

/** What @fastify/multipart throws for an upload we cannot use, as an error on the logo field. */
function uploadFieldErrors(error: unknown): FieldErrors | null {
  if (error instanceof ValidationError) return error.fields;
  const code = (error as { code?: string }).code;
  if (code === 'FST_REQ_FILE_TOO_LARGE') return { logo: { code: 'file_too_large' } };
  if (code === 'FST_INVALID_MULTIPART_CONTENT_TYPE' || code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT') return { logo: { code: 'image_invalid' } };
  return null;
}

/** Pages under /o/:org/admin: settings and logo, members and roles, the audit log. */
export function adminHtmlRoutes(deps: { organizations: OrganizationService; memberships: MembershipService; auditLog: AuditLogService }) {
  const { organizations, memberships, auditLog } = deps;

  async function renderSettings(request: FastifyRequest, slug: string, input: FormInput | null, logoErrors?: FieldErrors): Promise<string> {
    const [{ org }, hospitals] = await Promise.all([organizations.getForAdministration(request.actor, slug, 'organization.update'), organizations.listHospitals()]);
    return SettingsPage({
      ctx: request.viewCtx(),
      org: toAdminOrgView(org, request.lang),
      hospitals: hospitals.filter((h) => h.id !== org.id).map((h) => toOrganizationListItem(h, request.lang)),
      input: input ?? { values: toSettingsValues(org) },
      logoErrors,
    });
  }

  async function renderMember(request: FastifyRequest, p: MemberParams, input: FormInput | null): Promise<string> {
    const { org, member, canVerifyStaff } = await memberships.getMember(request.actor, p.org, p.accountId);
    const view = toMemberView(member);
    return MemberPage({
      ctx: request.viewCtx(),
      org: toAdminOrgView(org, request.lang),
      member: view,
      canVerifyStaff,
      input: input ?? { values: { roles: view.roles, memberKind: view.memberKind ?? '', staffKind: view.staffKind ?? '' } },
    });
  }

  return async (app: FastifyInstance) => {
    app.get('/o/:org/admin', { config: { access: 'signed-in' }, schema: { params: OrgParams } }, async (request, reply) => {
      const { org, abilities } = await organizations.getForAdministration(request.actor, (request.params as OrgParams).org);
      return reply.page(AdminHomePage({ ctx: request.viewCtx(), org: toAdminOrgView(org, request.lang), abilities }));
    });

    app.get('/o/:org/admin/settings', { config: { access: 'signed-in' }, schema: { params: OrgParams } }, async (request, reply) =>
      reply.page(await renderSettings(request, (request.params as OrgParams).org, null)),
    );
    formRoute(app, {
      url: '/o/:org/admin/settings',
      access: 'signed-in',
      params: OrgParams,
      body: OrganizationSettingsBody,
      render: (request, input, params) => renderSettings(request, params.org, input),
      async handle(request, reply, body, params) {
        await organizations.updateSettings(request.actor, params.org, body, requestMeta(request));
        return reply.seeOther(`/o/${params.org}/admin/settings`, 'notices.saved');
      },
    });

    // Multipart, so the CSRF token travels in the action URL (?_csrf=).
    app.post('/o/:org/admin/logo', { config: { access: 'signed-in' }, schema: { params: OrgParams, querystring: CsrfQuery } }, async (request, reply) => {
      const { org } = request.params as OrgParams;
      await organizations.getForAdministration(request.actor, org, 'organization.update');
      try {
        const file = await request.file();
        const data = file ? await file.toBuffer() : Buffer.alloc(0);
        if (!file || file.fieldname !== 'logo' || data.byteLength === 0) throw new ValidationError('logo', 'required');
        await organizations.setLogo(request.actor, org, { data }, requestMeta(request));
      } catch (error) {
        const fields = uploadFieldErrors(error);
        if (!fields) throw error;
        return reply.page(await renderSettings(request, org, null, fields), 400);
      }
      return reply.seeOther(`/o/${org}/admin/settings`, 'notices.logoUpdated');
    });

    app.get('/o/:org/admin/members', { config: { access: 'signed-in' }, schema: { params: OrgParams } }, async (request, reply) => {
      const { org, members } = await memberships.listMembers(request.actor, (request.params as OrgParams).org);
      return reply.page(MembersPage({ ctx: request.viewCtx(), org: toAdminOrgView(org, request.lang), members: members.map(toMemberView) }));
    });
    app.get('/o/:org/admin/members/:accountId', { config: { access: 'signed-in' }, schema: { params: MemberParams } }, async (request, reply) =>
      reply.page(await renderMember(request, request.params as MemberParams, null)),
    );
    formRoute(app, {
      url: '/o/:org/admin/members/:accountId',
      access: 'signed-in',
      params: MemberParams,
      body: UpdateMemberBody,
      render: (request, input, params) => renderMember(request, params, input),
      async handle(request, reply, body, params) {
        await memberships.updateMember(request.actor, params.org, params.accountId, body, requestMeta(request));
        return reply.seeOther(`/o/${params.org}/admin/members/${params.accountId}`, 'notices.memberUpdated');
      },
    });
    formRoute(app, {
      url: '/o/:org/admin/members/:accountId/staff-verification',
      access: 'signed-in',
      params: MemberParams,
      body: StaffVerificationBody,
      render: (request, input, params) => renderMember(request, params, { values: {}, errors: input.errors }),
      async handle(request, reply, body, params) {
        const verified = body.verified === 'yes';
        await memberships.setStaffVerified(request.actor, params.org, params.accountId, verified, requestMeta(request));
        return reply.seeOther(`/o/${params.org}/admin/members/${params.accountId}`, verified ? 'notices.staffVerified' : 'notices.staffUnverified');
      },
    });

    app.get(
      '/o/:org/admin/audit',
      { config: { access: 'signed-in' }, schema: { params: OrgParams, querystring: AuditQuery }, attachValidation: true },
      async (request, reply) => {
        const invalid = request.validationError as (Error & { validation?: unknown; validationContext?: string }) | undefined;
        if (invalid?.validationContext === 'params') throw new NotFoundError();
        const slug = (request.params as OrgParams).org;
        const raw = (request.query ?? {}) as Record<string, unknown>;
        const errors = invalid ? fieldErrorsFromFastify(invalid.validation as Parameters<typeof fieldErrorsFromFastify>[0], raw) : undefined;
        const query: AuditQuery = errors ? {} : (request.query as AuditQuery);
        const data = await auditLog.listEvents(request.actor, slug, query);
        const older = data.olderBefore ? new URLSearchParams({ ...stringEntries(query), before: data.olderBefore }) : null;
        const page = AuditPage({
          ctx: request.viewCtx(),
          org: toAdminOrgView(data.org, request.lang),
          actions: data.actions,
          events: toAuditEventViews(data.events, data.people, data.org, request.lang),
          values: raw,
          errors,
          olderHref: older ? `/o/${slug}/admin/audit?${older.toString()}` : null,
        });
        return reply.page(page, errors ? 400 : 200);
      },
    );
  };
}

const stringEntries = (q: AuditQuery): Record<string, string> => {
  const { before: _before, ...filters } = q;
  return Object.fromEntries(Object.entries(filters).filter((e): e is [string, string] => typeof e[1] === 'string'));
};
