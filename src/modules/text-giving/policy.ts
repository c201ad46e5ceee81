import type { Actor } from '../../platform/auth/actor.js';
import type { Decision, Policy } from '../../platform/auth/policy.js';

type Org = { organizationId: string };
const allowIf = (ok: boolean, otherwise: Decision = 'deny'): Decision => (ok ? 'allow' : otherwise);
const hasAny = (actor: Actor, orgId: string, roles: string[]) => actor.rolesIn(orgId).some((r) => roles.includes(r));

/** Every authorization rule of the text-giving module. Roles are read here and nowhere else. */
export const textGivingPolicy = {
  /** Connecting a Twilio number hands over account credentials: administrators only. */
  'number.manage': (actor: Actor, org: Org) => allowIf(hasAny(actor, org.organizationId, ['admin'])),
  /** The text-giving pages of an organization: its numbers, keywords and messages. */
  'program.view': (actor: Actor, org: Org) => allowIf(hasAny(actor, org.organizationId, ['admin', 'fundraiser'])),
  'keyword.manage': (actor: Actor, org: Org) => allowIf(hasAny(actor, org.organizationId, ['admin', 'fundraiser'])),
  /** A donor's phone number in full; everyone else who may see a donor sees it masked. */
  'contact.viewPhone': (actor: Actor, org: Org) => allowIf(hasAny(actor, org.organizationId, ['fundraiser'])),
  'contact.erase': (actor: Actor, org: Org) => allowIf(hasAny(actor, org.organizationId, ['admin', 'fundraiser'])),
  'settlement.import': (actor: Actor, org: Org) => allowIf(hasAny(actor, org.organizationId, ['admin', 'fundraiser'])),
  /** The pledges texts made, with the text, the gift and the receipt of each. */
  'pledge.view': (actor: Actor, org: Org) => allowIf(hasAny(actor, org.organizationId, ['admin', 'fundraiser'])),
  /** Entering, for a donor who asked the foundation, the name and address their receipt needs. */
  'pledge.recordDonor': (actor: Actor, org: Org) => allowIf(hasAny(actor, org.organizationId, ['admin', 'fundraiser'])),
  /** The staff dashboard of a telethon. */
  'board.view': (actor: Actor, org: Org) => allowIf(hasAny(actor, org.organizationId, ['admin', 'fundraiser', 'staff'])),
} satisfies Policy;

export type TextGivingAction = keyof typeof textGivingPolicy;
