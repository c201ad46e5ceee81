import { createHash, createHmac, createSecretKey, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The secrets behind subscription links. The double opt-in token is random and stored only as
 * its hash. The unsubscribe token is derived from the subscription id with an HMAC under the
 * deployment secret, so it is never stored, never expires, and works in every message ever sent.
 */
export function createSubscriptionTokens(secret: string) {
  const unsubscribeKey = createSecretKey(Buffer.from(hkdfSync('sha256', secret, 'foyer', 'blog.subscription.unsubscribe', 32)));
  const ipKey = createSecretKey(Buffer.from(hkdfSync('sha256', secret, 'foyer', 'blog.subscription.ip', 32)));
  const mac = (id: string) => createHmac('sha256', unsubscribeKey).update(id).digest('base64url');

  return {
    newConfirmToken(): { token: string; hash: string } {
      const token = randomBytes(32).toString('base64url');
      return { token, hash: hashConfirmToken(token) };
    },
    unsubscribeToken: (subscriptionId: string) => `${subscriptionId}.${mac(subscriptionId)}`,
    /** The subscription id the token was made for, or null if it was not made by us. */
    openUnsubscribeToken(token: string): string | null {
      const [id, given, extra] = token.split('.');
      if (!id || !given || extra !== undefined || !/^[0-9a-f-]{36}$/.test(id)) return null;
      const expected = Buffer.from(mac(id));
      const actual = Buffer.from(given);
      return actual.length === expected.length && timingSafeEqual(actual, expected) ? id : null;
    },
    /** Keyed, so the hash cannot be reversed by trying every address. */
    hashIp: (ip: string) => createHmac('sha256', ipKey).update(ip).digest('hex'),
  };
}
export type SubscriptionTokens = ReturnType<typeof createSubscriptionTokens>;

export const hashConfirmToken = (token: string): string => createHash('sha256').update(token).digest('hex');
