import type { Actor, Role } from '../../platform/auth/actor.js';
import type { Decision, Policy } from '../../platform/auth/policy.js';
import type { ProfileVisibility } from './db/schema.js';

const allowIf = (ok: boolean, otherwise: Decision = 'deny'): Decision => (ok ? 'allow' : otherwise);
const isAdminOf = (actor: Actor, orgId: string) => actor.rolesIn(orgId).includes('admin');

export type OrgResource = { id: string };
export type InvitationResource = { email: string };

/** The role that administers an organization; an organization must always keep one holder. */
export const ADMINISTRATOR_ROLE: Role = 'admin';
export const grantsAdministration = (roles: readonly Role[]): boolean => roles.includes(ADMINISTRATOR_ROLE);
export type ProfileResource = { accountId: string; visibility: ProfileVisibility; organizationIds: readonly string[] };

/**
 * Every authorization rule of the identity module. Roles are read here and nowhere else.
 */
export const identityPolicy = {
  /** Creating organizations is for the deployment's operators. */
  'organization.create': (actor: Actor) => allowIf(actor.isPlatformAdmin),
  'organization.update': (actor: Actor, org: OrgResource) => allowIf(isAdminOf(actor, org.id) || actor.isPlatformAdmin),
  'organization.administer': (actor: Actor, org: OrgResource) => allowIf(isAdminOf(actor, org.id) || actor.isPlatformAdmin),
  'membership.list': (actor: Actor, org: OrgResource) => allowIf(isAdminOf(actor, org.id)),
  'membership.changeRoles': (actor: Actor, org: OrgResource) => allowIf(isAdminOf(actor, org.id)),
  /** Member kind (patient, family…) and staff kind: set by the organization's administrators. */
  'membership.update': (actor: Actor, org: OrgResource) => allowIf(isAdminOf(actor, org.id)),
  /** The verified-staff badge: only an administrator of the organization grants it. */
  'staff.verify': (actor: Actor, org: OrgResource) => allowIf(isAdminOf(actor, org.id)),
  'invitation.create': (actor: Actor, org: OrgResource) => allowIf(isAdminOf(actor, org.id)),
  'invitation.revoke': (actor: Actor, org: OrgResource) => allowIf(isAdminOf(actor, org.id)),
  'invitation.list': (actor: Actor, org: OrgResource) => allowIf(isAdminOf(actor, org.id)),
  /** An invitation sent to an address is accepted only by the account that owns that address. */
  'invitation.accept': (actor: Actor, invitation: InvitationResource) =>
    allowIf(actor.email !== null && actor.email.toLowerCase() === invitation.email.toLowerCase()),
  'audit.read': (actor: Actor, org: OrgResource) => allowIf(isAdminOf(actor, org.id)),
  /** A profile the viewer may not see does not exist for them. */
  'profile.view': (actor: Actor, profile: ProfileResource): Decision => {
    if (actor.accountId === profile.accountId) return 'allow';
    if (profile.visibility === 'public') return 'allow';
    if (profile.visibility === 'organizations') return allowIf(profile.organizationIds.some((id) => actor.isMemberOf(id)), 'hide');
    return 'hide';
  },
  'profile.update': (actor: Actor, profile: { accountId: string }) => allowIf(actor.accountId === profile.accountId),
  'account.manageSecurity': (actor: Actor, account: { accountId: string }) => allowIf(actor.accountId === account.accountId),
} satisfies Policy;

export type IdentityAction = keyof typeof identityPolicy;
