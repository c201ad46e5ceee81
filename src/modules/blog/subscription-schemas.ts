import { z } from 'zod';
import { emailField } from '../../platform/http/validation.js';

/**
 * The subscribe form. Its field names are distinct from other forms' on the post page (a guest
 * comment also asks for an e-mail address), so ids never repeat on one page.
 */
export const SubscribeBody = z.object({
  subscriberEmail: emailField,
  subscriptionFrequency: z.enum(['per_post', 'weekly']),
  // Express consent is an act: only a ticked box counts, never a default.
  subscriptionConsent: z.unknown().refine((v) => v === 'yes', 'consent_required').transform(() => true as const),
  /** The language the form (and so the consent wording) was shown in. */
  lang: z.enum(['en', 'fr']),
  /** The page the form was on, recorded with the consent. */
  source: z
    .string()
    .max(300)
    .regex(/^\/o\/[a-z0-9-]+\/blogs\/[a-z0-9-]+(\/[A-Za-z0-9%._~!*'()-]+)*$/, 'invalid_format'),
});
export type SubscribeBody = z.infer<typeof SubscribeBody>;

/** A link's token; malformed ones get the same clear page as unknown ones. */
export const SubscriptionTokenQuery = z.object({ token: z.string().min(1).max(200) });
export type SubscriptionTokenQuery = z.infer<typeof SubscriptionTokenQuery>;
