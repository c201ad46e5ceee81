import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';
import type { Role } from '../../../platform/auth/actor.js';

export type OrganizationKind = 'hospital' | 'foundation' | 'other';
export type ProfileVisibility = 'public' | 'organizations' | 'private';
export type TokenPurpose = 'email_verification' | 'password_reset' | 'webauthn_registration' | 'webauthn_authentication' | 'totp_enrolment';
export type MemberKind = 'patient' | 'family' | 'volunteer' | 'donor';
export type StaffKind = 'clinician' | 'employee';

type Created = Generated<Date>;

export interface IdentityOrganizationsTable {
  id: string;
  slug: string;
  nameEn: string;
  nameFr: string;
  kind: OrganizationKind;
  foundationOfId: string | null;
  craRegistrationNumber: string | null;
  brandColour: string | null;
  logoObjectId: string | null;
  createdAt: Created;
  updatedAt: Created;
}

export interface IdentityAccountsTable {
  id: string;
  email: string;
  emailVerifiedAt: Date | null;
  passwordHash: string;
  locale: 'en' | 'fr' | null;
  isPlatformAdmin: Generated<boolean>;
  /** AES-GCM sealed with the deployment secret; never logged or shown after enrolment. */
  totpSecretSealed: string | null;
  totpEnabledAt: Date | null;
  /** The last TOTP time step accepted, so one code cannot be used twice. */
  totpLastUsedStep: number | null;
  disabledAt: Date | null;
  createdAt: Created;
  updatedAt: Created;
}

export interface IdentitySessionsTable {
  id: string;
  accountId: string;
  tokenHash: string;
  /** Password accepted, second factor still owed: the session is not yet signed in. */
  secondFactorPending: boolean;
  userAgent: string | null;
  createdAt: Created;
  lastSeenAt: Created;
  expiresAt: Date;
}

export interface IdentityTokensTable {
  id: string;
  accountId: string | null;
  purpose: TokenPurpose;
  tokenHash: string;
  data: ColumnType<Record<string, unknown>, string | undefined, string>;
  expiresAt: Date;
  usedAt: Date | null;
  createdAt: Created;
}

export interface IdentityRecoveryCodesTable {
  id: string;
  accountId: string;
  codeHash: string;
  usedAt: Date | null;
  createdAt: Created;
}

export interface IdentityPasskeysTable {
  id: string;
  accountId: string;
  credentialId: string;
  publicKey: Buffer;
  counter: number;
  transports: string[];
  name: string;
  createdAt: Created;
  lastUsedAt: Date | null;
}

export interface IdentityMembershipsTable {
  id: string;
  organizationId: string;
  accountId: string;
  roles: ColumnType<Role[], Role[], Role[]>;
  memberKind: MemberKind | null;
  staffKind: StaffKind | null;
  staffVerifiedAt: Date | null;
  staffVerifiedBy: string | null;
  createdAt: Created;
  updatedAt: Created;
}

export interface IdentityInvitationsTable {
  id: string;
  organizationId: string;
  email: string;
  roles: ColumnType<Role[], Role[], Role[]>;
  tokenHash: string;
  invitedBy: string;
  expiresAt: Date;
  acceptedAt: Date | null;
  acceptedBy: string | null;
  revokedAt: Date | null;
  createdAt: Created;
}

export interface IdentityProfilesTable {
  accountId: string;
  displayName: string;
  pronouns: string | null;
  bioEn: string | null;
  bioFr: string | null;
  avatarObjectId: string | null;
  visibility: ProfileVisibility;
  createdAt: Created;
  updatedAt: Created;
}

export type IdentityTables = {
  identityOrganizations: IdentityOrganizationsTable;
  identityAccounts: IdentityAccountsTable;
  identitySessions: IdentitySessionsTable;
  identityTokens: IdentityTokensTable;
  identityRecoveryCodes: IdentityRecoveryCodesTable;
  identityPasskeys: IdentityPasskeysTable;
  identityMemberships: IdentityMembershipsTable;
  identityInvitations: IdentityInvitationsTable;
  identityProfiles: IdentityProfilesTable;
};

export type OrganizationRow = Selectable<IdentityOrganizationsTable>;
export type NewOrganizationRow = Insertable<IdentityOrganizationsTable>;
export type AccountRow = Selectable<IdentityAccountsTable>;
export type SessionRow = Selectable<IdentitySessionsTable>;
export type MembershipRow = Selectable<IdentityMembershipsTable>;
export type InvitationRow = Selectable<IdentityInvitationsTable>;
export type ProfileRow = Selectable<IdentityProfilesTable>;
export type PasskeyRow = Selectable<IdentityPasskeysTable>;
export type TokenRow = Selectable<IdentityTokensTable>;
