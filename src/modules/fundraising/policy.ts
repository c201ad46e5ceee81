import type { Actor } from '../../platform/auth/actor.js';
import type { Decision, Policy } from '../../platform/auth/policy.js';

const allowIf = (ok: boolean, otherwise: Decision = 'deny'): Decision => (ok ? 'allow' : otherwise);
const isFundraiser = (actor: Actor, orgId: string) => actor.rolesIn(orgId).some((r) => r === 'admin' || r === 'fundraiser');

const isHospitalStaff = (actor: Actor, orgId: string) => actor.rolesIn(orgId).some((r) => r === 'admin' || r === 'staff');

export type OrgResource = { organizationId: string };
/** A campaign: a draft (not yet published) exists only for its fundraisers. */
export type CampaignResource = OrgResource & { publishedAt: Date | null };
/** A hospital (kind `hospital`) in the grateful-patient program. */
export type HospitalResource = OrgResource & { kind: string };
export type GiftResource = OrgResource & { accountId: string | null };
export type DonorResource = OrgResource & { accountId: string | null };

/** Every authorization rule of the fundraising module. Roles are read here and nowhere else. */
export const fundraisingPolicy = {
  /** A published campaign's public page, its images and its gift form are open to everyone; a draft, only to its fundraisers. */
  'campaign.view': (actor: Actor, campaign: CampaignResource): Decision => allowIf(campaign.publishedAt !== null || isFundraiser(actor, campaign.organizationId), 'hide'),
  'campaign.create': (actor: Actor, org: OrgResource) => allowIf(isFundraiser(actor, org.organizationId)),
  'campaign.update': (actor: Actor, campaign: OrgResource) => allowIf(isFundraiser(actor, campaign.organizationId)),
  /** The fundraisers' desk: campaign list with totals, gift list, reports. */
  'campaign.manage': (actor: Actor, org: OrgResource) => allowIf(isFundraiser(actor, org.organizationId)),
  /** Giving online: to a published campaign (a draft's fundraisers may try its form). */
  'gift.give': (actor: Actor, campaign: CampaignResource): Decision => allowIf(campaign.publishedAt !== null || isFundraiser(actor, campaign.organizationId), 'hide'),
  /** A gift's thank-you page: its donor (by account) or the browser that holds its token; others do not learn it exists. */
  'gift.view': (actor: Actor, gift: GiftResource, ctx?: { holdsToken: boolean }) =>
    allowIf(Boolean(ctx?.holdsToken) || (gift.accountId !== null && gift.accountId === actor.accountId) || isFundraiser(actor, gift.organizationId), 'hide'),
  'gift.list': (actor: Actor, org: OrgResource) => allowIf(isFundraiser(actor, org.organizationId)),
  'gift.recordOffline': (actor: Actor, org: OrgResource) => allowIf(isFundraiser(actor, org.organizationId)),
  /** A person's own giving history; a fundraiser may read any donor of the organization. */
  'donor.view': (actor: Actor, donor: DonorResource) =>
    allowIf((donor.accountId !== null && donor.accountId === actor.accountId) || isFundraiser(actor, donor.organizationId), 'hide'),
  /** Any signed-in supporter may run a personal or team page for a campaign. */
  'page.create': (actor: Actor, _campaign: OrgResource) => allowIf(actor.kind === 'account'),
  /** A page's photo and its alt text: the supporter who runs the page. */
  'page.update': (actor: Actor, page: { ownerAccountId: string | null }) => allowIf(actor.kind === 'account' && page.ownerAccountId !== null && page.ownerAccountId === actor.accountId),
  'donor.viewOwnHistory': (actor: Actor, _none?: undefined) => allowIf(actor.kind === 'account'),
  /** A monthly gift's confirmation page: the browser holding its token, its donor, fundraisers. */
  'monthly.view': (actor: Actor, monthly: GiftResource, ctx?: { holdsToken: boolean }) =>
    allowIf(Boolean(ctx?.holdsToken) || (monthly.accountId !== null && monthly.accountId === actor.accountId) || isFundraiser(actor, monthly.organizationId), 'hide'),
  /**
   * Changing, pausing, resuming or cancelling a monthly gift: the signed-in donor whose account
   * gave it, or — for a guest's monthly gift only — whoever holds the signed link e-mailed to its
   * donor; to anyone else it does not exist.
   */
  'monthly.manage': (actor: Actor, monthly: GiftResource, ctx?: { holdsManageLink: boolean }) =>
    allowIf((actor.kind === 'account' && monthly.accountId !== null && monthly.accountId === actor.accountId) || (Boolean(ctx?.holdsManageLink) && monthly.accountId === null), 'hide'),
  'monthly.listOwn': (actor: Actor, _none?: undefined) => allowIf(actor.kind === 'account'),
  /** The foundation's list of monthly gifts, and the yearly run of annual receipts. */
  'monthly.list': (actor: Actor, org: OrgResource) => allowIf(isFundraiser(actor, org.organizationId)),
  'monthly.issueAnnualReceipts': (actor: Actor, org: OrgResource) => allowIf(isFundraiser(actor, org.organizationId)),
  /** Grateful-patient program (PHIPA s.32): the hospital's admins and staff record notice and pass name and address to its foundation. */
  'patient.transfer': (actor: Actor, hospital: HospitalResource) => allowIf(hospital.kind === 'hospital' && isHospitalStaff(actor, hospital.organizationId)),
  /** Opt-outs said by phone: recorded by the hospital's staff or the foundation's fundraisers. */
  'patient.recordOptOut': (actor: Actor, org: OrgResource & { kind: string }) =>
    allowIf(org.kind === 'hospital' ? isHospitalStaff(actor, org.organizationId) : isFundraiser(actor, org.organizationId)),
  /** The foundation's list of grateful-patient contacts: its fundraisers and admins only. */
  'patient.list': (actor: Actor, foundation: OrgResource) => allowIf(isFundraiser(actor, foundation.organizationId)),
  /** The opt-out link in a solicitation works for whoever holds it, signed in or not. */
  'patient.optOutByLink': (_actor: Actor, _contact: OrgResource): Decision => 'allow',
} satisfies Policy;

export type FundraisingAction = keyof typeof fundraisingPolicy;
