import { newId } from '../../../platform/db/ids.js';
import type { Executor } from '../../../platform/db/types.js';
import type { FundraisingDeps } from '../deps.js';
import type { ConsentBasis, ConsentChannel } from '../db/schema.js';

/** Implied consent from a gift lasts two years after it (CASL, registered charities). */
export const IMPLIED_CONSENT_YEARS = 2;

export type ConsentEntry = {
  organizationId: string;
  channel: ConsentChannel;
  address: string;
  basis: ConsentBasis;
  granted: boolean;
  expiresAt?: Date | null;
  source: string;
  evidence?: Record<string, string>;
  giftId?: string | null;
};

export type ConsentStanding = { granted: boolean; basis: ConsentBasis | null; expiresAt: Date | null; since: Date | null };

const normalize = (channel: ConsentChannel, address: string) => (channel === 'email' ? address.trim().toLowerCase() : address.trim());

/** Appends one record to the ledger; never updates or deletes one. */
export async function appendConsent(ex: Executor, e: ConsentEntry): Promise<void> {
  await ex
    .insertInto('fundraisingConsents')
    .values({
      id: newId(),
      organizationId: e.organizationId,
      channel: e.channel,
      address: normalize(e.channel, e.address),
      basis: e.basis,
      granted: e.granted,
      expiresAt: e.expiresAt ?? null,
      source: e.source,
      evidence: JSON.stringify(e.evidence ?? {}),
      giftId: e.giftId ?? null,
    })
    .execute();
}

export function impliedConsentExpiry(giftDay: Date): Date {
  const d = new Date(giftDay);
  d.setUTCFullYear(d.getUTCFullYear() + IMPLIED_CONSENT_YEARS);
  return d;
}

/**
 * The consent ledger, used by every sender in Foyer: one record per consent and withdrawal.
 * A withdrawal (unsubscribe, STOP) ends every earlier consent on that channel at once; a
 * later express consent starts a new one; implied consent counts only until it expires.
 */
export function createConsentLedger(deps: Pick<FundraisingDeps, 'db'>) {
  const { db } = deps;
  return {
    record: (e: ConsentEntry, ex: Executor = db) => appendConsent(ex, e),

    async standing(organizationId: string, channel: ConsentChannel, address: string, now = new Date(), ex: Executor = db): Promise<ConsentStanding> {
      const rows = await ex
        .selectFrom('fundraisingConsents')
        .select(['basis', 'granted', 'expiresAt', 'createdAt'])
        .where('organizationId', '=', organizationId)
        .where('channel', '=', channel)
        .where('address', '=', normalize(channel, address))
        .orderBy('createdAt', 'desc')
        .orderBy('id', 'desc')
        .limit(200)
        .execute();
      for (const r of rows) {
        if (!r.granted) return { granted: false, basis: r.basis, expiresAt: null, since: r.createdAt };
        if (r.expiresAt === null || r.expiresAt > now) return { granted: true, basis: r.basis, expiresAt: r.expiresAt, since: r.createdAt };
      }
      return { granted: false, basis: null, expiresAt: null, since: null };
    },

    history: (organizationId: string, channel: ConsentChannel, address: string) =>
      db.selectFrom('fundraisingConsents').selectAll().where('organizationId', '=', organizationId).where('channel', '=', channel).where('address', '=', normalize(channel, address)).orderBy('createdAt').orderBy('id').execute(),
  };
}
export type ConsentLedger = ReturnType<typeof createConsentLedger>;
