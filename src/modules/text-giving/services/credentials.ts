import type { NumberRow } from '../db/schema.js';
import type { TextGivingDeps } from '../deps.js';
import type { TwilioCredentials } from '../twilio-gateway.js';

export type OpenedNumber = TwilioCredentials & { phoneNumber: string };

/**
 * Unsealed credentials of a number, kept in memory for a short while so a surge of webhooks
 * does not decrypt the same token thousands of times; a change of the row's updatedAt drops it.
 */
export function createCredentialCache(deps: Pick<TextGivingDeps, 'sealer'>, ttlMs = 60_000) {
  const cache = new Map<string, { at: number; version: number; value: OpenedNumber }>();
  return {
    open(number: NumberRow): OpenedNumber {
      const hit = cache.get(number.id);
      const version = number.updatedAt.getTime();
      if (hit && hit.version === version && Date.now() - hit.at < ttlMs) return hit.value;
      const value = {
        accountSid: deps.sealer.open(number.accountSidSealed),
        authToken: deps.sealer.open(number.authTokenSealed),
        phoneNumber: deps.sealer.open(number.phoneNumberSealed),
      };
      cache.set(number.id, { at: Date.now(), version, value });
      return value;
    },
    forget(numberId: string) {
      cache.delete(numberId);
    },
  };
}
export type CredentialCache = ReturnType<typeof createCredentialCache>;
