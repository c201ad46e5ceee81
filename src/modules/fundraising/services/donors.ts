import type { Actor } from '../../../platform/auth/actor.js';
import { authorize } from '../../../platform/auth/policy.js';
import type { FundraisingDeps } from '../deps.js';
import { listGiftsForAccount } from '../db/queries.js';
import type { GiftRow } from '../db/schema.js';
import { fundraisingPolicy } from '../policy.js';
import { GIFT_SOURCE_TYPE } from './receipts.js';

export type HistoryEntry = GiftRow & { campaignTitleEn: string; campaignTitleFr: string; orgSlug: string; receipt: { id: string; serial: string } | null };

/** A donor's own giving: every gift given signed in, with its receipt when one was issued. */
export function createDonorService(deps: Pick<FundraisingDeps, 'db' | 'receipting'>) {
  return {
    async history(actor: Actor): Promise<HistoryEntry[]> {
      authorize(fundraisingPolicy, actor, 'donor.viewOwnHistory', undefined);
      const gifts = await listGiftsForAccount(deps.db, actor.accountId!);
      // One receipt lookup per gift, bounded by the list's limit; receipting owns that data.
      return Promise.all(
        gifts.map(async (g) => {
          const r = await deps.receipting.findReceiptForSource(g.organizationId, { type: GIFT_SOURCE_TYPE, id: g.id });
          return { ...g, receipt: r ? { id: r.id, serial: r.serial } : null };
        }),
      );
    },
  };
}
export type DonorService = ReturnType<typeof createDonorService>;
