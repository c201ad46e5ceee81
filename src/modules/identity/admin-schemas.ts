import { z } from 'zod';
import { ROLES, type Role } from '../../platform/auth/actor.js';
import { emailField, optional, plainText } from '../../platform/http/validation.js';
import { parseHexColour } from './contrast.js';
import { isCraNumber, normalizeCraNumber } from './cra-number.js';

export const ORGANIZATION_KINDS = ['hospital', 'foundation', 'other'] as const;
export const MEMBER_KINDS = ['patient', 'family', 'volunteer', 'donor'] as const;
export const STAFF_KINDS = ['clinician', 'employee'] as const;

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export const slugField = z
  .string()
  .transform((s) => s.trim())
  .pipe(z.string().min(2).max(60).refine((s) => SLUG.test(s), 'slug_format'));

/** Organization slug in a URL; anything else is simply not found. */
export const OrgParams = z.object({ org: z.string().min(1).max(60).regex(SLUG) });
export type OrgParams = z.infer<typeof OrgParams>;

export const MemberParams = OrgParams.extend({ accountId: z.uuid() });
export type MemberParams = z.infer<typeof MemberParams>;

export const InvitationParams = OrgParams.extend({ id: z.uuid() });
export type InvitationParams = z.infer<typeof InvitationParams>;

export const InvitationTokenParams = z.object({ token: z.string().min(20).max(100).regex(/^[A-Za-z0-9_-]+$/) });
export type InvitationTokenParams = z.infer<typeof InvitationTokenParams>;

/** Checkboxes sharing a name arrive as nothing, one string, or an array of strings. */
export const rolesField = z
  .preprocess((v) => (v === undefined || v === null || v === '' ? [] : Array.isArray(v) ? v : [v]), z.array(z.string().max(40)).max(ROLES.length * 2))
  .refine((list) => list.every((r) => (ROLES as readonly string[]).includes(r)), 'invalid_choice')
  .refine((list) => list.length > 0, 'choose_at_least_one')
  .transform((list) => ROLES.filter((r) => list.includes(r)) as Role[]);

const craNumberField = z
  .string()
  .max(40)
  .transform(normalizeCraNumber)
  .refine(isCraNumber, 'cra_number_format');

const brandColourField = z
  .string()
  .max(20)
  .refine((s) => parseHexColour(s) !== null, 'colour_format')
  .transform((s) => parseHexColour(s)!);

/**
 * What an organization is described by. Rules that need the database or several fields at once
 * (a foundation's number, the colour's contrast, what "foundation of" points at) are checked by
 * the service, which reports them on the same fields.
 */
export const OrganizationSettingsBody = z.object({
  nameEn: plainText(120),
  nameFr: plainText(120),
  kind: z.enum(ORGANIZATION_KINDS),
  foundationOf: optional(z.uuid()),
  craNumber: optional(craNumberField),
  brandColour: optional(brandColourField),
});
export type OrganizationSettingsBody = z.infer<typeof OrganizationSettingsBody>;

export const CreateOrganizationBody = OrganizationSettingsBody.extend({ slug: slugField });
export type CreateOrganizationBody = z.infer<typeof CreateOrganizationBody>;

export const UpdateMemberBody = z.object({
  roles: rolesField,
  memberKind: optional(z.enum(MEMBER_KINDS)),
  staffKind: optional(z.enum(STAFF_KINDS)),
});
export type UpdateMemberBody = z.infer<typeof UpdateMemberBody>;

export const StaffVerificationBody = z.object({ verified: z.enum(['yes', 'no']) });
export type StaffVerificationBody = z.infer<typeof StaffVerificationBody>;

export const CreateInvitationBody = z.object({ email: emailField, roles: rolesField });
export type CreateInvitationBody = z.infer<typeof CreateInvitationBody>;

export const EmptyBody = z.object({});

/** The multipart logo form carries its CSRF token in the action URL. */
export const CsrfQuery = z.object({ _csrf: z.string().max(200).optional() });

export const AUDIT_PAGE_SIZE = 50;

export const AuditQuery = z
  .object({
    action: optional(z.string().max(100).regex(/^[a-z0-9_.]+$/)),
    person: optional(emailField),
    from: optional(z.iso.date()),
    to: optional(z.iso.date()),
    before: optional(z.uuid()),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { path: ['to'], message: 'date_range' });
export type AuditQuery = z.infer<typeof AuditQuery>;

// ---- JSON API responses ----

const OrganizationNames = z.object({ en: z.string(), fr: z.string() });

export const OrganizationResource = z.object({
  slug: z.string(),
  names: OrganizationNames,
  kind: z.enum(ORGANIZATION_KINDS),
});
export type OrganizationResource = z.infer<typeof OrganizationResource>;

export const OrganizationsResponse = z.object({ organizations: z.array(OrganizationResource) });
export type OrganizationsResponse = z.infer<typeof OrganizationsResponse>;

export const MeResponse = z.object({
  me: z.object({
    accountId: z.uuid(),
    email: z.string(),
    displayName: z.string(),
    memberships: z.array(
      z.object({
        organization: z.object({ slug: z.string(), names: OrganizationNames }),
        roles: z.array(z.enum(ROLES)),
        staffVerified: z.boolean(),
      }),
    ),
  }),
});
export type MeResponse = z.infer<typeof MeResponse>;
