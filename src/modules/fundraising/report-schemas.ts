import { z } from 'zod';
import { optional } from '../../platform/http/validation.js';

export const GIFT_STATUSES = ['pending', 'succeeded', 'failed', 'refunded', 'disputed'] as const;
export const GIFT_CHANNELS = ['web', 'peer_to_peer', 'text', 'offline'] as const;

/** Filters of the gift list and its CSV export; all optional. */
export const GiftListQuery = z
  .object({
    campaign: optional(z.uuid()),
    channel: optional(z.enum(GIFT_CHANNELS)),
    status: optional(z.enum(GIFT_STATUSES)),
    from: optional(z.iso.date()),
    to: optional(z.iso.date()),
  })
  .superRefine((q, ctx) => {
    if (q.from && q.to && q.to < q.from) ctx.addIssue({ code: 'custom', path: ['to'], message: 'date_range' });
  });
export type GiftListQuery = z.infer<typeof GiftListQuery>;
