import { z } from 'zod';
import { checkbox, emailField } from '../../platform/http/validation.js';
import { MAX_GIFT_CENTS, MIN_GIFT_CENTS, moneyField, OrgParams } from './schemas.js';
import { CampaignParams } from './schemas.js';

export const MonthlyParams = CampaignParams.extend({ monthly: z.uuid() });
export type MonthlyParams = z.infer<typeof MonthlyParams>;
export const MonthlyIdParams = z.object({ monthly: z.uuid() });
export type MonthlyIdParams = z.infer<typeof MonthlyIdParams>;
/** A guest's manage link: its signed token is checked by the service, not by its shape here. */
export const ManageLinkParams = z.object({ token: z.string().min(1).max(200) });
export type ManageLinkParams = z.infer<typeof ManageLinkParams>;
export const MonthlyTestCheckoutBody = z.object({ result: z.enum(['paid', 'declined']), t: z.string().max(100) });
export type MonthlyTestCheckoutBody = z.infer<typeof MonthlyTestCheckoutBody>;

/** The donor's new monthly amount, in dollars as typed. */
export const ChangeAmountBody = z.object({ amount: moneyField(MIN_GIFT_CENTS, MAX_GIFT_CENTS) });
export type ChangeAmountBody = z.infer<typeof ChangeAmountBody>;
export const ReceiptPreferenceBody = z.object({ annualReceipt: checkbox });
export type ReceiptPreferenceBody = z.infer<typeof ReceiptPreferenceBody>;
/** A button's form: only the CSRF token. */
export const EmptyBody = z.object({});

export const AnnualReceiptsBody = z.object({ year: z.coerce.number().int().min(2000).max(2100) });
export type AnnualReceiptsBody = z.infer<typeof AnnualReceiptsBody>;
export { OrgParams };

/** A guest asking for a new manage link: the e-mail address they gave with their monthly gift. */
export const ManageLinkRequestBody = z.object({ email: emailField });
export type ManageLinkRequestBody = z.infer<typeof ManageLinkRequestBody>;
