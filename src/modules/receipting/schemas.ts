import { z } from 'zod';
import { emailField, multilineText, optional, plainText } from '../../platform/http/validation.js';

const slug = z.string().min(1).max(120).regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'slug_format');
const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'invalid_format').refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'invalid_format');
const cents = z.number().int().min(0).max(1_000_000_000_00);
const name = plainText(200);

export const NAME_MAX = 200;
export const ADDRESS_LINE_MAX = 200;
export const DESCRIPTION_MAX = 1000;

/** Canadian postal codes (A1A 1A1) are checked when the country is Canada; others are free text. */
const POSTAL_CODE_CA = /^[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z] ?\d[ABCEGHJ-NPRSTV-Z]\d$/i;

export const Donor = z
  .object({
    fullName: name,
    addressLines: z.array(plainText(ADDRESS_LINE_MAX)).min(1).max(3),
    city: plainText(100),
    province: plainText(100),
    postalCode: plainText(20),
    country: plainText(100).default('Canada'),
    email: emailField.nullish(),
    language: z.enum(['en', 'fr', 'both']),
    accountId: z.uuid().nullish(),
  })
  .superRefine((d, ctx) => {
    if (/^(canada|ca)$/i.test(d.country) && !POSTAL_CODE_CA.test(d.postalCode)) ctx.addIssue({ code: 'custom', path: ['postalCode'], message: 'invalid_format' });
  });
export type Donor = z.infer<typeof Donor>;

export const SourceRef = z.object({ type: z.string().regex(/^[a-z][a-z0-9_-]*(\.[a-z][a-z0-9_-]*)+$/, 'invalid_format').max(60), id: z.string().min(1).max(120) });
export type SourceRef = z.infer<typeof SourceRef>;

export const ReceiptGift = z.object({
  source: SourceRef,
  dateReceived: isoDay,
  kind: z.enum(['cash', 'in_kind']).default('cash'),
  amountCents: cents,
  advantageCents: cents.default(0),
  advantageDescription: plainText(DESCRIPTION_MAX).nullish(),
  advantageNearCash: z.boolean().default(false),
  propertyDescription: plainText(DESCRIPTION_MAX).nullish(),
  appraiser: z.object({ name: plainText(NAME_MAX), address: plainText(400) }).nullish(),
  fairMarketValueCents: cents.nullish(),
});
export type ReceiptGift = z.infer<typeof ReceiptGift>;

/** What issuing needs: a snapshot of the donor and the gift(s), never a reference to read later. */
export const IssueReceiptInput = z.object({
  organizationId: z.uuid(),
  donor: Donor,
  gifts: z.array(ReceiptGift).min(1).max(400),
  issuedBy: z.uuid().nullish(),
  /** When the receipt is issued; defaults to now. */
  issuedAt: z.date().optional(),
  /** Queue the e-mail with the PDF (default: when the donor has an address). */
  sendEmail: z.boolean().default(true),
});
export type IssueReceiptInput = z.input<typeof IssueReceiptInput>;
export type IssueReceiptData = z.output<typeof IssueReceiptInput>;

export const OrgParams = z.object({ org: slug });
export const ReceiptParams = z.object({ org: slug, receipt: z.uuid() });
export type ReceiptParams = z.infer<typeof ReceiptParams>;

export const SERIES_PREFIX = /^[A-Z0-9]{0,8}$/;

/** The foundation's receipting settings, as on file with the CRA. */
export const SettingsBody = z.object({
  legalName: plainText(NAME_MAX),
  addressLine1: plainText(ADDRESS_LINE_MAX),
  addressLine2: optional(plainText(ADDRESS_LINE_MAX)),
  city: plainText(100),
  province: plainText(100),
  postalCode: plainText(20).refine((s) => POSTAL_CODE_CA.test(s), 'invalid_format'),
  placeOfIssue: plainText(100),
  signatoryName: plainText(NAME_MAX),
  signatoryTitle: plainText(NAME_MAX),
  seriesPrefix: optional(z.string().trim().toUpperCase().pipe(z.string().max(8).regex(SERIES_PREFIX, 'invalid_format'))),
});
export type SettingsBody = z.infer<typeof SettingsBody>;

/** Corrections on a replacement: the donor's name and address, and why. */
export const ReplaceBody = z.object({
  fullName: name,
  addressLine1: plainText(ADDRESS_LINE_MAX),
  addressLine2: optional(plainText(ADDRESS_LINE_MAX)),
  city: plainText(100),
  province: plainText(100),
  postalCode: plainText(20),
  country: plainText(100),
  reason: multilineText(500).pipe(z.string().min(1)),
});
export type ReplaceBody = z.infer<typeof ReplaceBody>;

export const Corrections = z.object({
  donor: z
    .object({
      fullName: name,
      addressLines: z.array(plainText(ADDRESS_LINE_MAX)).min(1).max(3),
      city: plainText(100),
      province: plainText(100),
      postalCode: plainText(20),
      country: plainText(100),
      email: emailField.nullish(),
      language: z.enum(['en', 'fr', 'both']),
    })
    .partial()
    .optional(),
  reason: plainText(500),
});
export type Corrections = z.input<typeof Corrections>;

export const EmptyBody = z.object({}).passthrough();

export const RegisterQuery = z.object({
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  status: z.enum(['issued', 'cancelled']).optional(),
  q: optional(plainText(100)),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
});
export type RegisterQuery = z.infer<typeof RegisterQuery>;

/** Multipart forms carry their CSRF token in the query string. */
export const UploadQuery = z.object({ _csrf: z.string().max(200).optional() });

/**
 * The text field of the signing certificate upload (the file is the `certificate` part). A
 * passphrase is any text: it is never shown again, logged or kept as typed.
 */
export const SigningCertificateFields = z.object({ passphrase: z.string().min(1).max(1024) });
export type SigningCertificateFields = z.infer<typeof SigningCertificateFields>;
/** A PKCS#12 bundle is a few kilobytes; a long chain stays well under this. */
export const SIGNING_BUNDLE_MAX_BYTES = 64 * 1024;
