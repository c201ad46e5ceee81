import type { Actor, Role } from '../../platform/auth/actor.js';
import type { AuditEventRow } from '../../platform/audit/schema.js';
import type { Lang } from '../../platform/i18n/i18n.js';
import type { MeResponse, OrganizationResource } from './admin-schemas.js';
import { formatCraNumber } from './cra-number.js';
import type { MemberListRow, PersonSummary } from './db/queries/memberships.js';
import type { InvitationWithOrg } from './db/queries/invitations.js';
import type { InvitationRow, MemberKind, OrganizationKind, OrganizationRow, StaffKind } from './db/schema.js';
import type { InvitationState } from './services/invitations.js';
import type { PublicOrganization } from './services/organizations.js';

const nameIn = (o: Pick<OrganizationRow, 'nameEn' | 'nameFr'>, lang: Lang) => (lang === 'fr' ? o.nameFr : o.nameEn);
const mediaUrl = (id: string | null) => (id ? `/media/${id}` : null);

// ---- JSON ----

export const presentOrganization = (o: OrganizationRow): OrganizationResource => ({
  slug: o.slug,
  names: { en: o.nameEn, fr: o.nameFr },
  kind: o.kind,
});

export const presentMe = (actor: Actor & { accountId: string; email: string }): MeResponse => ({
  me: {
    accountId: actor.accountId,
    email: actor.email,
    displayName: actor.displayName,
    memberships: actor.memberships.map((m) => ({
      organization: { slug: m.organizationSlug, names: { en: m.organizationName.en, fr: m.organizationName.fr } },
      roles: [...m.roles],
      staffVerified: m.staffVerified,
    })),
  },
});

// ---- Pages ----

export type OrgLink = { slug: string; name: string };

export type OrganizationView = {
  slug: string;
  name: string;
  /** The name in the other official language, with that language's code for screen readers. */
  otherName: { text: string; lang: Lang } | null;
  kind: OrganizationKind;
  craNumber: string | null;
  logoUrl: string | null;
  brandColour: string | null;
  foundationOf: OrgLink | null;
  foundations: OrgLink[];
  canAdminister: boolean;
};

export function toOrganizationView(p: PublicOrganization, lang: Lang): OrganizationView {
  const other: Lang = lang === 'fr' ? 'en' : 'fr';
  const name = nameIn(p.org, lang);
  const otherName = nameIn(p.org, other);
  return {
    slug: p.org.slug,
    name,
    otherName: otherName !== name ? { text: otherName, lang: other } : null,
    kind: p.org.kind,
    craNumber: p.org.craRegistrationNumber ? formatCraNumber(p.org.craRegistrationNumber) : null,
    logoUrl: mediaUrl(p.org.logoObjectId),
    brandColour: p.org.brandColour,
    foundationOf: p.foundationOf ? { slug: p.foundationOf.slug, name: nameIn(p.foundationOf, lang) } : null,
    foundations: p.foundations.map((f) => ({ slug: f.slug, name: nameIn(f, lang) })),
    canAdminister: p.canAdminister,
  };
}

export type OrganizationListItem = { id: string; slug: string; name: string; kind: OrganizationKind; craNumber: string | null };

export const toOrganizationListItem = (o: OrganizationRow, lang: Lang): OrganizationListItem => ({
  id: o.id,
  slug: o.slug,
  name: nameIn(o, lang),
  kind: o.kind,
  craNumber: o.craRegistrationNumber ? formatCraNumber(o.craRegistrationNumber) : null,
});

/** The settings form's starting values, named as the form's fields. */
export const toSettingsValues = (o: OrganizationRow): Record<string, string> => ({
  nameEn: o.nameEn,
  nameFr: o.nameFr,
  kind: o.kind,
  foundationOf: o.foundationOfId ?? '',
  craNumber: o.craRegistrationNumber ?? '',
  brandColour: o.brandColour ?? '',
});

export type AdminOrgView = { slug: string; name: string; logoUrl: string | null; brandColour: string | null };

export const toAdminOrgView = (o: OrganizationRow, lang: Lang): AdminOrgView => ({
  slug: o.slug,
  name: nameIn(o, lang),
  logoUrl: mediaUrl(o.logoObjectId),
  brandColour: o.brandColour,
});

export type MemberView = {
  accountId: string;
  displayName: string;
  email: string;
  roles: Role[];
  memberKind: MemberKind | null;
  staffKind: StaffKind | null;
  staffVerifiedAt: Date | null;
};

export const toMemberView = (m: MemberListRow): MemberView => ({
  accountId: m.accountId,
  displayName: m.displayName,
  email: m.email,
  roles: m.roles,
  memberKind: m.memberKind,
  staffKind: m.staffKind,
  staffVerifiedAt: m.staffVerifiedAt,
});

export type InvitationListItem = { id: string; email: string; roles: Role[]; invitedBy: string; expiresAt: Date };

export function toInvitationListItems(rows: InvitationRow[], inviters: PersonSummary[]): InvitationListItem[] {
  const byId = new Map(inviters.map((p) => [p.id, p]));
  return rows.map((i) => ({ id: i.id, email: i.email, roles: i.roles, invitedBy: byId.get(i.invitedBy)?.displayName ?? '', expiresAt: i.expiresAt }));
}

export type InvitationView = {
  token: string;
  organization: OrgLink;
  kind: OrganizationKind;
  roles: Role[];
  state: InvitationState;
  expiresAt: Date;
  signedIn: boolean;
  forThisAccount: boolean;
};

export const toInvitationView = (
  i: { invitation: InvitationWithOrg; state: InvitationState; forThisAccount: boolean },
  token: string,
  signedIn: boolean,
  lang: Lang,
): InvitationView => ({
  token,
  organization: { slug: i.invitation.org.slug, name: nameIn(i.invitation.org, lang) },
  kind: i.invitation.org.kind,
  roles: i.invitation.roles,
  state: i.state,
  expiresAt: i.invitation.expiresAt,
  signedIn,
  forThisAccount: i.forThisAccount,
});

// Defence in depth: recordAudit already drops such keys when writing.
const SECRET_KEY = /pass|token|secret|code|otp|key|hash/i;
const ROLE_KEYS = new Set(['from', 'to', 'roles']);

export type AuditDetail = { key: string; roles?: Role[]; text?: string };

export type AuditEventView = {
  id: string;
  at: Date;
  action: string;
  actor: { name: string; email: string } | null;
  target: { type: string; label: string | null } | null;
  ip: string | null;
  details: AuditDetail[];
};

// Before comes before after, whatever order the database returns the keys in.
const KEY_ORDER = ['from', 'to'];
const keyRank = (k: string) => (KEY_ORDER.includes(k) ? KEY_ORDER.indexOf(k) : KEY_ORDER.length);

function detailsOf(data: Record<string, unknown>): AuditDetail[] {
  return Object.entries(data)
    .filter(([key]) => !SECRET_KEY.test(key))
    .sort(([a], [b]) => keyRank(a) - keyRank(b) || a.localeCompare(b))
    .map(([key, value]) => {
      if (ROLE_KEYS.has(key) && Array.isArray(value)) return { key, roles: value as Role[] };
      return { key, text: Array.isArray(value) ? value.join(', ') : value === null ? '—' : String(value) };
    });
}

export function toAuditEventViews(rows: AuditEventRow[], people: PersonSummary[], org: OrganizationRow, lang: Lang): AuditEventView[] {
  const byId = new Map(people.map((p) => [p.id, p]));
  const targetLabel = (type: string | null, id: string | null): string | null => {
    if (!id) return null;
    if (type === 'account') return byId.get(id)?.displayName ?? null;
    if (type === 'organization' && id === org.id) return nameIn(org, lang);
    return null;
  };
  return rows.map((e) => {
    const person = e.actorAccountId ? byId.get(e.actorAccountId) : undefined;
    const data = (e.data ?? {}) as Record<string, unknown>;
    const email = typeof data.email === 'string' ? data.email : null;
    return {
      id: e.id,
      at: e.createdAt,
      action: e.action,
      actor: person ? { name: person.displayName, email: person.email } : null,
      target: e.targetType ? { type: e.targetType, label: targetLabel(e.targetType, e.targetId) ?? (e.targetType === 'invitation' ? email : null) } : null,
      ip: e.ip,
      details: detailsOf(data),
    };
  });
}
