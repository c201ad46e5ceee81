import type { Actor } from '../../platform/auth/actor.js';
import type { Decision, Policy } from '../../platform/auth/policy.js';

const allowIf = (ok: boolean, otherwise: Decision = 'deny'): Decision => (ok ? 'allow' : otherwise);
const isFundraiser = (actor: Actor, orgId: string) => actor.rolesIn(orgId).some((r) => r === 'admin' || r === 'fundraiser');

export type OrgResource = { organizationId: string };
export type GiftResource = OrgResource & { accountId: string | null };
export type DonorResource = OrgResource & { accountId: string | null };

/** Every authorization rule of the fundraising module. Roles are read here and nowhere else. */
export const fundraisingPolicy = {
  /** A campaign's public page and its gift form are open to everyone, signed in or not. */
  'campaign.view': (_actor: Actor, _campaign: OrgResource): Decision => 'allow',
  'campaign.create': (actor: Actor, org: OrgResource) => allowIf(isFundraiser(actor, org.organizationId)),
  'campaign.update': (actor: Actor, campaign: OrgResource) => allowIf(isFundraiser(actor, campaign.organizationId)),
  /** The fundraisers' desk: campaign list with totals, gift list, reports. */
  'campaign.manage': (actor: Actor, org: OrgResource) => allowIf(isFundraiser(actor, org.organizationId)),
  'gift.give': (_actor: Actor, _campaign: OrgResource): Decision => 'allow',
  /** A gift's thank-you page: its donor (by account) or the browser that holds its token; others do not learn it exists. */
  'gift.view': (actor: Actor, gift: GiftResource, ctx?: { holdsToken: boolean }) =>
    allowIf(Boolean(ctx?.holdsToken) || (gift.accountId !== null && gift.accountId === actor.accountId) || isFundraiser(actor, gift.organizationId), 'hide'),
  'gift.list': (actor: Actor, org: OrgResource) => allowIf(isFundraiser(actor, org.organizationId)),
  'gift.recordOffline': (actor: Actor, org: OrgResource) => allowIf(isFundraiser(actor, org.organizationId)),
  /** A person's own giving history; a fundraiser may read any donor of the organization. */
  'donor.view': (actor: Actor, donor: DonorResource) =>
    allowIf((donor.accountId !== null && donor.accountId === actor.accountId) || isFundraiser(actor, donor.organizationId), 'hide'),
  'donor.viewOwnHistory': (actor: Actor, _none?: undefined) => allowIf(actor.kind === 'account'),
} satisfies Policy;

export type FundraisingAction = keyof typeof fundraisingPolicy;
