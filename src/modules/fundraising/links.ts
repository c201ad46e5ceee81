import { createHmac, createSecretKey, hkdfSync, timingSafeEqual } from 'node:crypto';

/**
 * Signed links that work without signing in: an id and an HMAC of it under a key derived from
 * the deployment secret for one purpose only, so a link made for one thing opens nothing else.
 * Never stored, never expires (an unsubscribe link must work in every message ever sent).
 */
export function createSignedLinks(secret: string, purpose: 'fundraising.unsubscribe' | 'fundraising.patient-opt-out' | 'fundraising.text-ref') {
  const key = createSecretKey(Buffer.from(hkdfSync('sha256', secret, 'foyer', purpose, 32)));
  const mac = (id: string) => createHmac('sha256', key).update(id).digest('base64url');
  return {
    token: (id: string) => `${id}.${mac(id)}`,
    /** The id the token was made for, or null when it was not made by us for this purpose. */
    open(token: string): string | null {
      const [id, given, extra] = token.split('.');
      if (!id || !given || extra !== undefined || !/^[0-9a-f-]{36}$/.test(id)) return null;
      const expected = Buffer.from(mac(id));
      const actual = Buffer.from(given);
      return actual.length === expected.length && timingSafeEqual(actual, expected) ? id : null;
    },
  };
}

/**
 * The `ref` a text message's gift link carries to the gift form (`channel=text&ref=`): the
 * text-giving module's pledge id, signed, so only a link it made marks a gift as given by text.
 */
export const textGiftRefs = (secret: string) => createSignedLinks(secret, 'fundraising.text-ref');
