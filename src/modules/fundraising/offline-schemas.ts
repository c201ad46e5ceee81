import { z } from 'zod';
import { checkbox, emailField, optional, plainText } from '../../platform/http/validation.js';
import { ADDRESS_MAX, MAX_GIFT_CENTS, moneyField, NAME_MAX, PROVINCES } from './schemas.js';

export const OFFLINE_METHODS = ['cheque', 'cash', 'etransfer', 'in_kind'] as const;
export const BATCH_ROWS = 8;
const day = z.iso.date();

const postalCode = z
  .string()
  .transform((s) => s.trim().toUpperCase().replace(/\s+/g, ''))
  .pipe(z.string().min(1).regex(/^[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z]\d[ABCEGHJ-NPRSTV-Z]\d$/, 'postal_code_format'))
  .transform((s) => `${s.slice(0, 3)} ${s.slice(3)}`);

/** The donor as written on a cheque or a pledge card: the e-mail is optional, the address is not (receipts). */
const offlineDonor = {
  firstName: plainText(NAME_MAX),
  middleInitial: optional(plainText(1).pipe(z.string().regex(/^\p{L}$/u, 'invalid_format'))),
  lastName: plainText(NAME_MAX),
  email: optional(emailField),
  addressLine1: plainText(ADDRESS_MAX),
  addressLine2: optional(plainText(ADDRESS_MAX)),
  city: plainText(NAME_MAX),
  province: z.enum(PROVINCES),
  postalCode,
  language: z.enum(['en', 'fr']),
};

/** One gift received by the foundation: cheque, cash, e-Transfer, or property (a gift in kind). */
export const OfflineGiftBody = z
  .object({
    campaignId: z.uuid(),
    method: z.enum(OFFLINE_METHODS),
    amount: moneyField(1, MAX_GIFT_CENTS),
    receivedOn: day,
    reference: optional(plainText(60)),
    advantage: optional(moneyField(0, MAX_GIFT_CENTS)),
    advantageDescription: optional(plainText(200)),
    advantageNearCash: checkbox,
    propertyDescription: optional(plainText(1000)),
    appraiserName: optional(plainText(NAME_MAX * 2)),
    appraiserAddress: optional(plainText(300)),
    ...offlineDonor,
  })
  .superRefine((b, ctx) => {
    if (b.method === 'in_kind' && !b.propertyDescription) ctx.addIssue({ code: 'custom', path: ['propertyDescription'], message: 'required' });
    if (b.method !== 'in_kind' && (b.propertyDescription || b.appraiserName)) ctx.addIssue({ code: 'custom', path: ['propertyDescription'], message: 'only_in_kind' });
    if (Boolean(b.appraiserName) !== Boolean(b.appraiserAddress)) ctx.addIssue({ code: 'custom', path: [b.appraiserName ? 'appraiserAddress' : 'appraiserName'], message: 'required' });
    if (b.advantage && b.advantage > 0 && !b.advantageDescription) ctx.addIssue({ code: 'custom', path: ['advantageDescription'], message: 'required' });
    if (b.advantage && b.advantage > b.amount) ctx.addIssue({ code: 'custom', path: ['advantage'], message: 'advantage_over_amount' });
  });
export type OfflineGiftBody = z.infer<typeof OfflineGiftBody>;

export const BatchRow = z.object({ amount: moneyField(1, MAX_GIFT_CENTS), reference: plainText(60), ...offlineDonor });
export type BatchRow = z.infer<typeof BatchRow>;

/** Rows come as `rows.N.field`; a row whose typed fields are all empty is not a row (its menus always send a value). */
const MENUS = new Set(['province', 'language']);
function rowsFrom(raw: Record<string, unknown>): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = [];
  for (const [k, v] of Object.entries(raw)) {
    const m = /^rows\.(\d{1,2})\.(\w+)$/.exec(k);
    if (!m) continue;
    const i = Number(m[1]);
    if (i >= BATCH_ROWS) continue;
    (rows[i] ??= {})[m[2]!] = v;
  }
  return Array.from({ length: rows.length }, (_, i) => rows[i] ?? {}).map((r) => (Object.entries(r).every(([k, v]) => MENUS.has(k) || (typeof v === 'string' && v.trim() === '')) ? {} : r));
}

/** A day's cheques: one campaign and date, several rows; all are recorded or none. */
export const ChequeBatchBody = z.preprocess(
  (raw) => {
    const r = (raw ?? {}) as Record<string, unknown>;
    const rows = rowsFrom(r);
    return { campaignId: r.campaignId, receivedOn: r.receivedOn, rows: rows.map((row) => (Object.keys(row).length === 0 ? null : row)) };
  },
  z
    .object({ campaignId: z.uuid(), receivedOn: day, rows: z.array(BatchRow.nullable()).max(BATCH_ROWS) })
    .superRefine((b, ctx) => {
      if (b.rows.every((r) => r === null)) ctx.addIssue({ code: 'custom', path: ['rows.0.amount'], message: 'batch_empty' });
    })
    .transform((b) => ({ ...b, rows: b.rows.flatMap((r, i) => (r ? [{ ...r, row: i }] : [])) })),
);
export type ChequeBatchBody = z.infer<typeof ChequeBatchBody>;
