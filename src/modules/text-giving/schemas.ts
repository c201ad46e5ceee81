import { z } from 'zod';
import { plainText } from '../../platform/http/validation.js';
import { RESERVED_WORDS } from './sms-words.js';
import { E164 } from './phone.js';

export const LABEL_MAX = 80;
export const KEYWORD_MAX = 8;
/** The amounts a carrier-billed program allows, in dollars. */
export const ALLOWED_DOLLARS = [5, 10, 15, 20, 25] as const;

export const OrgParams = z.object({ org: z.string().min(1).max(60) });
export type OrgParams = z.infer<typeof OrgParams>;
export const NumberParams = OrgParams.extend({ numberId: z.uuid() });
export type NumberParams = z.infer<typeof NumberParams>;
export const KeywordParams = NumberParams.extend({ keywordId: z.uuid() });
export type KeywordParams = z.infer<typeof KeywordParams>;

const trimmed = (schema: z.ZodType<string, string>) => z.string().transform((s) => s.trim()).pipe(schema);
const phoneField = trimmed(z.string().min(1).max(16).regex(E164, 'phone_format'));
/** North American toll-free area codes: the support line HELP answers give. */
const TOLL_FREE = /^\+18(00|33|44|55|66|77|88)\d{7}$/;

export const ConnectNumberBody = z.object({
  label: plainText(LABEL_MAX),
  phoneNumber: phoneField,
  accountSid: trimmed(z.string().min(1).max(34).regex(/^AC[0-9a-f]{32}$/, 'account_sid_format')),
  authToken: trimmed(z.string().min(1).max(32).regex(/^[0-9a-f]{32}$/, 'auth_token_format')),
  supportNumber: trimmed(z.string().min(1).max(16).regex(TOLL_FREE, 'toll_free_format')),
  programLang: z.enum(['en', 'fr']),
  sendsPerSecond: z.coerce.number().int().min(1).max(100),
});
export type ConnectNumberBody = z.infer<typeof ConnectNumberBody>;

const dollars = z.coerce.number().int().refine((n) => (ALLOWED_DOLLARS as readonly number[]).includes(n), 'amount_not_allowed');

export const AddKeywordBody = z
  .object({
    keyword: z
      .string()
      .transform((s) => s.trim().toUpperCase())
      .pipe(
        z
          .string()
          .min(2)
          .max(KEYWORD_MAX)
          .regex(/^[A-Z0-9]+$/, 'keyword_format')
          .refine((s) => !RESERVED_WORDS.has(s), 'keyword_reserved'),
      ),
    lang: z.enum(['en', 'fr']),
    campaignId: z.uuid(),
    flow: z.enum(['link', 'confirm']),
    amounts: z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z
        .array(z.unknown())
        .min(1)
        .max(ALLOWED_DOLLARS.length)
        .refine((a) => a.every((v) => typeof v === 'string' && (ALLOWED_DOLLARS as readonly number[]).includes(Number(v))), 'amount_not_allowed')
        .transform((a) => a.map(Number))),
    defaultAmount: dollars,
    confirmWindowMinutes: z.coerce.number().int().min(1).max(1440),
  })
  .refine((b) => b.amounts.includes(b.defaultAmount), { path: ['defaultAmount'], message: 'default_not_in_amounts' });
export type AddKeywordBody = z.infer<typeof AddKeywordBody>;

export const EmptyBody = z.object({});

/** The fields Twilio posts for an inbound text that this module reads (the signature covers them all). */
export const InboundTextBody = z.looseObject({
  MessageSid: z.string().regex(/^(SM|MM)[0-9a-f]{32}$/),
  AccountSid: z.string().regex(/^AC[0-9a-f]{32}$/),
  From: z.string().regex(E164),
  To: z.string().regex(E164),
  Body: z.string().max(1600),
});
export type InboundTextBody = z.infer<typeof InboundTextBody>;
