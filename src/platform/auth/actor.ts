import type { Lang } from '../i18n/i18n.js';

export const ROLES = ['admin', 'communicator', 'moderator', 'fundraiser', 'staff', 'member'] as const;
export type Role = (typeof ROLES)[number];

export type ActorMembership = {
  organizationId: string;
  organizationSlug: string;
  organizationName: { en: string; fr: string };
  roles: Role[];
  staffVerified: boolean;
};

export type Actor = {
  readonly kind: 'account' | 'anonymous';
  readonly accountId: string | null;
  readonly sessionId: string | null;
  readonly email: string | null;
  readonly displayName: string;
  readonly locale: Lang | null;
  readonly isPlatformAdmin: boolean;
  readonly memberships: readonly ActorMembership[];
  /** Roles held in one organization; read only by policy files. */
  rolesIn(organizationId: string): readonly Role[];
  isMemberOf(organizationId: string): boolean;
};

export function accountActor(input: {
  accountId: string;
  sessionId: string;
  email: string;
  displayName: string;
  locale: Lang | null;
  isPlatformAdmin: boolean;
  memberships: ActorMembership[];
}): Actor {
  return {
    kind: 'account',
    ...input,
    rolesIn: (orgId) => input.memberships.find((m) => m.organizationId === orgId)?.roles ?? [],
    isMemberOf: (orgId) => input.memberships.some((m) => m.organizationId === orgId),
  };
}

export const ANONYMOUS: Actor = Object.freeze({
  kind: 'anonymous',
  accountId: null,
  sessionId: null,
  email: null,
  displayName: '',
  locale: null,
  isPlatformAdmin: false,
  memberships: [],
  rolesIn: () => [],
  isMemberOf: () => false,
}) as Actor;

export type SignedInActor = Actor & { kind: 'account'; accountId: string; sessionId: string; email: string };
export const isSignedIn = (a: Actor): a is SignedInActor => a.kind === 'account';
