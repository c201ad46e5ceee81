import type { Actor, Role } from '../../../platform/auth/actor.js';
import { authorize, can } from '../../../platform/auth/policy.js';
import { recordAudit } from '../../../platform/audit/audit.js';
import { NotFoundError, ValidationError } from '../../../platform/http/errors.js';
import type { UpdateMemberBody } from '../admin-schemas.js';
import type { IdentityDeps, RequestMeta } from '../deps.js';
import {
  countMembershipsWithRole,
  findMemberOfOrganization,
  findMembershipForUpdate,
  listMembersOfOrganization,
  updateMembership,
  type MemberListRow,
} from '../db/queries/memberships.js';
import { requireOrganizationBySlug, findOrganizationForUpdate } from '../db/queries/organizations.js';
import type { OrganizationRow } from '../db/schema.js';
import { ADMINISTRATOR_ROLE, grantsAdministration, identityPolicy } from '../policy.js';

const sameRoles = (a: readonly Role[], b: readonly Role[]) => a.length === b.length && a.every((r) => b.includes(r));

export type MemberDetail = { org: OrganizationRow; member: MemberListRow; canVerifyStaff: boolean };

export function createMembershipService(deps: IdentityDeps) {
  const { db } = deps;

  const bySlug = requireOrganizationBySlug;

  return {
    async listMembers(actor: Actor, slug: string): Promise<{ org: OrganizationRow; members: MemberListRow[] }> {
      const org = await bySlug(db, slug);
      authorize(identityPolicy, actor, 'membership.list', org);
      return { org, members: await listMembersOfOrganization(db, org.id) };
    },

    async getMember(actor: Actor, slug: string, accountId: string): Promise<MemberDetail> {
      const org = await bySlug(db, slug);
      authorize(identityPolicy, actor, 'membership.list', org);
      const member = await findMemberOfOrganization(db, org.id, accountId);
      if (!member) throw new NotFoundError();
      return { org, member, canVerifyStaff: can(identityPolicy, actor, 'staff.verify', org) };
    },

    /**
     * Roles, member kind and staff kind of one member. The organization row is locked first, so
     * two administrators removing each other's role at the same moment cannot leave it with none.
     */
    async updateMember(actor: Actor, slug: string, accountId: string, input: UpdateMemberBody, meta: RequestMeta): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const found = await bySlug(trx, slug);
        authorize(identityPolicy, actor, 'membership.changeRoles', found);
        authorize(identityPolicy, actor, 'membership.update', found);
        const org = (await findOrganizationForUpdate(trx, found.id))!;
        const membership = await findMembershipForUpdate(trx, org.id, accountId);
        if (!membership) throw new NotFoundError();
        if (grantsAdministration(membership.roles) && !grantsAdministration(input.roles)) {
          if ((await countMembershipsWithRole(trx, org.id, ADMINISTRATOR_ROLE)) <= 1) throw new ValidationError('roles', 'last_admin');
        }
        const memberKind = input.memberKind ?? null;
        const staffKind = input.staffKind ?? null;
        const rolesChanged = !sameRoles(membership.roles, input.roles);
        const kindsChanged = membership.memberKind !== memberKind || membership.staffKind !== staffKind;
        if (!rolesChanged && !kindsChanged) return;
        await updateMembership(trx, org.id, accountId, { roles: input.roles, memberKind, staffKind });
        const audit = { organizationId: org.id, actorAccountId: actor.accountId, targetType: 'account', targetId: accountId, ip: meta.ip };
        if (rolesChanged) await recordAudit(trx, { ...audit, action: 'membership.roles_changed', data: { from: membership.roles, to: input.roles } });
        if (kindsChanged) await recordAudit(trx, { ...audit, action: 'membership.updated', data: { memberKind, staffKind } });
      });
    },

    /** Grants or removes the verified-staff badge; the organization's administrators vouch for it. */
    async setStaffVerified(actor: Actor, slug: string, accountId: string, verified: boolean, meta: RequestMeta): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const org = await bySlug(trx, slug);
        authorize(identityPolicy, actor, 'staff.verify', org);
        const membership = await findMembershipForUpdate(trx, org.id, accountId);
        if (!membership) throw new NotFoundError();
        if ((membership.staffVerifiedAt !== null) === verified) return;
        await updateMembership(trx, org.id, accountId, verified ? { staffVerifiedAt: new Date(), staffVerifiedBy: actor.accountId } : { staffVerifiedAt: null, staffVerifiedBy: null });
        await recordAudit(trx, {
          action: verified ? 'staff.verified' : 'staff.unverified',
          organizationId: org.id,
          actorAccountId: actor.accountId,
          targetType: 'account',
          targetId: accountId,
          ip: meta.ip,
        });
      });
    },
  };
}
export type MembershipService = ReturnType<typeof createMembershipService>;
