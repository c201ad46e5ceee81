import { z } from 'zod';
import { checkbox, emailField, multilineText, optional, plainText } from '../../platform/http/validation.js';

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const slug = z.string().min(1).max(120).regex(SLUG, 'slug_format');

export const OrgParams = z.object({ org: slug });
export type OrgParams = z.infer<typeof OrgParams>;
export const CampaignParams = z.object({ org: slug, campaign: slug });
export type CampaignParams = z.infer<typeof CampaignParams>;
export const GiftParams = CampaignParams.extend({ gift: z.uuid() });
export type GiftParams = z.infer<typeof GiftParams>;
export const GiftTokenQuery = z.object({ t: z.string().max(100).optional() });

export const TITLE_MAX = 120;
export const STORY_MAX = 10_000;
export const CAMPAIGN_SLUG_MAX = 60;
export const NAME_MAX = 80;
export const ADDRESS_MAX = 120;
export const MESSAGE_MAX = 280;
export const ECARD_MESSAGE_MAX = 500;
export const MIN_GIFT_CENTS = 100;
export const TEXT_REF_MAX = 120;
export const MAX_GIFT_CENTS = 100_000_000;
/** Addresses under /o/:org/give/ that are not campaigns. */
export const RESERVED_CAMPAIGN_SLUGS: ReadonlySet<string> = new Set(['new', 'manage', 'pages', 'teams']);

/** "50", "50.00", "1 250,50", "$50" → cents; anything else is not an amount. */
export function parseAmountCents(raw: string): number | null {
  const s = raw.replace(/[\s\u00a0\u202f$]/g, '').replace(/,(\d{1,2})$/, '.$1').replace(/,/g, '');
  if (!/^\d{1,9}(\.\d{1,2})?$/.test(s)) return null;
  const [whole, frac = ''] = s.split('.');
  return Number(whole) * 100 + Number(frac.padEnd(2, '0'));
}

/** A money field typed by a person, in dollars; the parsed value is in cents. */
export const moneyField = (min: number, max: number) =>
  z
    .string()
    .max(20)
    .transform((s, ctx) => {
      const cents = parseAmountCents(s.trim());
      if (cents === null) {
        ctx.addIssue({ code: 'custom', message: s.trim() === '' ? 'required' : 'invalid_amount' });
        return z.NEVER;
      }
      return cents;
    })
    .pipe(z.number().int().min(min).max(max));

const day = z.iso.date();
const amountList = z
  .string()
  .max(200)
  .transform((s, ctx) => {
    const parts = s.split(/[;\s]+/).map((p) => p.trim()).filter(Boolean);
    const cents = parts.map((p) => parseAmountCents(p));
    if (cents.some((c) => c === null || c < MIN_GIFT_CENTS || c > MAX_GIFT_CENTS) || cents.length > 6) {
      ctx.addIssue({ code: 'custom', message: 'invalid_amount_list' });
      return z.NEVER;
    }
    return cents as number[];
  });

/** A campaign as a fundraiser writes it, both languages. */
export const CampaignBody = z
  .object({
    titleEn: plainText(TITLE_MAX),
    titleFr: plainText(TITLE_MAX),
    storyEn: multilineText(STORY_MAX),
    storyFr: multilineText(STORY_MAX),
    goal: moneyField(100, 100_000_000_000),
    startsOn: day,
    endsOn: optional(day),
    suggestedAmounts: optional(amountList),
    defaultAdvantage: optional(moneyField(0, 100_000_000)),
    defaultAdvantageDescription: optional(plainText(200)),
  })
  .superRefine((b, ctx) => {
    if (b.endsOn && b.endsOn < b.startsOn) ctx.addIssue({ code: 'custom', path: ['endsOn'], message: 'date_range' });
    if (b.defaultAdvantage && b.defaultAdvantage > 0 && !b.defaultAdvantageDescription)
      ctx.addIssue({ code: 'custom', path: ['defaultAdvantageDescription'], message: 'required' });
  });
export type CampaignBody = z.infer<typeof CampaignBody>;

export const CreateCampaignBody = CampaignBody.and(
  z.object({
    slug: z
      .string()
      .transform((s) => s.trim())
      .pipe(z.string().min(2).max(CAMPAIGN_SLUG_MAX).refine((s) => SLUG.test(s), 'slug_format').refine((s) => !RESERVED_CAMPAIGN_SLUGS.has(s), 'campaign_slug_reserved')),
  }),
);
export type CreateCampaignBody = z.infer<typeof CreateCampaignBody>;

export const PROVINCES = ['AB', 'BC', 'MB', 'NB', 'NL', 'NS', 'NT', 'NU', 'ON', 'PE', 'QC', 'SK', 'YT'] as const;
export const SHARE_CHANNELS = ['email', 'facebook', 'x', 'linkedin', 'whatsapp', 'sms', 'link'] as const;
export const WALL_CHOICES = ['name', 'anonymous', 'hidden'] as const;
export const TRIBUTE_CHOICES = ['none', 'honour', 'memory'] as const;

const postalCode = z
  .string()
  .transform((s) => s.trim().toUpperCase().replace(/\s+/g, ''))
  .pipe(z.string().min(1).regex(/^[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z]\d[ABCEGHJ-NPRSTV-Z]\d$/, 'postal_code_format'))
  .transform((s) => `${s.slice(0, 3)} ${s.slice(3)}`);

/** Who gives: the name and mailing address a receipt needs (full name with middle initial). */
export const DonorFields = z.object({
  firstName: plainText(NAME_MAX),
  middleInitial: optional(plainText(1).pipe(z.string().regex(/^\p{L}$/u, 'invalid_format'))),
  lastName: plainText(NAME_MAX),
  email: emailField,
  addressLine1: plainText(ADDRESS_MAX),
  addressLine2: optional(plainText(ADDRESS_MAX)),
  city: plainText(NAME_MAX),
  province: z.enum(PROVINCES),
  postalCode,
  language: z.enum(['en', 'fr']),
});
export type DonorFields = z.infer<typeof DonorFields>;

/** The public gift form. `amount` is a suggested amount's cents or "other" with `otherAmount` typed. */
export const GiveBody = DonorFields.extend({
  amount: z.string().max(20),
  otherAmount: optional(z.string().max(20)),
  wallDisplay: z.enum(WALL_CHOICES),
  wallName: optional(plainText(NAME_MAX)),
  wallMessage: optional(plainText(MESSAGE_MAX)),
  tribute: z.enum(TRIBUTE_CHOICES),
  tributeName: optional(plainText(NAME_MAX)),
  /** A tribute e-card (optional): whom to tell, in which language, what to say, whether to name the donor. */
  ecardName: optional(plainText(NAME_MAX)),
  ecardEmail: optional(emailField),
  ecardLanguage: optional(z.enum(['en', 'fr'])),
  ecardMessage: optional(plainText(ECARD_MESSAGE_MAX)),
  ecardShowSender: checkbox,
  /** Made when the form is drawn: the same form posted twice is one gift. */
  idempotencyKey: z.uuid(),
  /** The share link's channel, carried from `?via=`. */
  via: optional(z.enum(SHARE_CHANNELS)),
  /** Express consent to the foundation's e-mail (CASL): never pre-checked. */
  emailConsent: checkbox,
  /** A gift asked for by text: the link the text carried (`channel=text`, signed `ref`). */
  channel: optional(z.enum(['text'])),
  ref: optional(z.string().max(TEXT_REF_MAX)),
  /** One gift now, or the same gift every month (see monthly-schemas.ts). */
  frequency: z.enum(['one_time', 'monthly']).default('one_time'),
  /** Monthly gifts only: one receipt for the year instead of one per month. */
  annualReceipt: checkbox,
}).transform((b, ctx) => {
  let cents: number | null = null;
  if (b.amount === 'other') {
    cents = b.otherAmount ? parseAmountCents(b.otherAmount) : null;
    if (cents === null) ctx.addIssue({ code: 'custom', path: ['otherAmount'], message: b.otherAmount ? 'invalid_amount' : 'required' });
  } else if (/^\d{1,11}$/.test(b.amount)) cents = Number(b.amount);
  else ctx.addIssue({ code: 'custom', path: ['amount'], message: b.amount === '' ? 'required' : 'invalid_choice' });
  if (cents !== null && (cents < MIN_GIFT_CENTS || cents > MAX_GIFT_CENTS))
    ctx.addIssue({ code: 'custom', path: [b.amount === 'other' ? 'otherAmount' : 'amount'], message: 'amount_out_of_range' });
  if (b.tribute !== 'none' && !b.tributeName) ctx.addIssue({ code: 'custom', path: ['tributeName'], message: 'required' });
  const wantsCard = Boolean(b.ecardEmail || b.ecardName || b.ecardMessage);
  if (wantsCard && b.tribute === 'none') ctx.addIssue({ code: 'custom', path: ['ecardEmail'], message: 'ecard_needs_tribute' });
  else if (wantsCard) {
    if (!b.ecardEmail) ctx.addIssue({ code: 'custom', path: ['ecardEmail'], message: 'required' });
    if (!b.ecardName) ctx.addIssue({ code: 'custom', path: ['ecardName'], message: 'required' });
  }
  return { ...b, amountCents: cents ?? 0 };
});
export type GiveBody = z.infer<typeof GiveBody>;

export const TestCheckoutBody = z.object({ result: z.enum(['paid', 'declined']), t: z.string().max(100) });
export type TestCheckoutBody = z.infer<typeof TestCheckoutBody>;

export const WebhookHeaders = z.object({ 'stripe-signature': z.string().min(1).max(4000) });

export const PageParams = CampaignParams.extend({ page: slug });
export type PageParams = z.infer<typeof PageParams>;
export const ViaQuery = z.object({ via: z.enum(SHARE_CHANNELS).optional() });
export type ViaQuery = z.infer<typeof ViaQuery>;
/** The gift form's address as a text message's link opens it: amount, channel and signed ref. */
export const GiveQuery = ViaQuery.extend({
  amount: z.string().regex(/^\d{1,11}$/, 'invalid_amount').optional(),
  channel: z.enum(['text']).optional(),
  ref: z.string().max(TEXT_REF_MAX).optional(),
  lang: z.enum(['en', 'fr']).optional(),
});
export type GiveQuery = z.infer<typeof GiveQuery>;

/** A supporter's personal page or a team page for a campaign. */
export const CreatePageBody = z.object({
  kind: z.enum(['personal', 'team']),
  slug: z
    .string()
    .transform((s) => s.trim())
    .pipe(z.string().min(2).max(CAMPAIGN_SLUG_MAX).refine((s) => SLUG.test(s), 'slug_format').refine((s) => s !== 'new', 'campaign_slug_reserved')),
  title: plainText(TITLE_MAX),
  story: multilineText(STORY_MAX),
  goal: moneyField(100, 100_000_000_000),
  teamId: optional(z.uuid()),
});
export type CreatePageBody = z.infer<typeof CreatePageBody>;
