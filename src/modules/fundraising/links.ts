import { createHmac, createSecretKey, hkdfSync, timingSafeEqual } from 'node:crypto';

/**
 * Signed links that work without signing in: an id and an HMAC of it under a key derived from
 * the deployment secret for one purpose only, so a link made for one thing opens nothing else.
 * Never stored, never expires (an unsubscribe link must work in every message ever sent).
 */
export function createSignedLinks(secret: string, purpose: 'fundraising.unsubscribe' | 'fundraising.patient-opt-out' | 'fundraising.text-ref') {
  const mac = macFor(secret, purpose);
  return {
    token: (id: string) => `${id}.${mac(id)}`,
    /** The id the token was made for, or null when it was not made by us for this purpose. */
    open(token: string): string | null {
      const [id, given, extra] = token.split('.');
      if (!id || !given || extra !== undefined || !ID.test(id)) return null;
      return sameMac(mac(id), given) ? id : null;
    },
  };
}

const ID = /^[0-9a-f-]{36}$/;
const macFor = (secret: string, purpose: string) => {
  // A KeyObject made once: a raw key buffer is turned into one on every call otherwise.
  const key = createSecretKey(Buffer.from(hkdfSync('sha256', secret, 'foyer', purpose, 32)));
  return (data: string) => createHmac('sha256', key).update(data).digest('base64url');
};
const sameMac = (expected: string, given: string) => {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
};

/**
 * The token of a thank-you or checkout address (`?t=`), which lets the browser that made a gift
 * or monthly gift see it without signing in: an HMAC of `<prefix>:<id>` under the deployment
 * secret, cut to 192 bits. Never stored; the same id always has the same token.
 */
export function createRecordTokens(secret: string, prefix: 'fundraising-gift' | 'fundraising-monthly') {
  const key = createSecretKey(Buffer.from(secret));
  const tokenFor = (id: string) => createHmac('sha256', key).update(`${prefix}:${id}`).digest('base64url').slice(0, 32);
  return {
    tokenFor,
    holds: (id: string, token: string | undefined): boolean => token !== undefined && token !== '' && sameMac(tokenFor(id), token),
  };
}

export type OpenedLink = { id: string } | { refused: 'invalid' | 'expired' };

/**
 * Signed links that end: the id, its expiry (seconds, base 36) and an HMAC of both under a key
 * derived for this purpose only. Never stored; an expired or altered link opens nothing.
 */
export function createExpiringLinks(secret: string, purpose: 'fundraising.monthly-manage', ttlMs: number) {
  // 192 bits of the HMAC: the token stays short enough for a URL path segment.
  const full = macFor(secret, purpose);
  const mac = (data: string) => full(data).slice(0, 32);
  return {
    ttlMs,
    token(id: string, now = new Date()): string {
      const exp = Math.floor((now.getTime() + ttlMs) / 1000).toString(36);
      return `${id}.${exp}.${mac(`${id}.${exp}`)}`;
    },
    open(token: string, now = new Date()): OpenedLink {
      const [id, exp, given, extra] = token.split('.');
      if (!id || !exp || !given || extra !== undefined || !ID.test(id) || !/^[0-9a-z]{1,12}$/.test(exp)) return { refused: 'invalid' };
      if (!sameMac(mac(`${id}.${exp}`), given)) return { refused: 'invalid' };
      return parseInt(exp, 36) * 1000 <= now.getTime() ? { refused: 'expired' } : { id };
    },
  };
}

/** A guest's monthly gift, managed from the link in each month's thank-you e-mail: 60 days. */
export const monthlyManageLinks = (secret: string) => createExpiringLinks(secret, 'fundraising.monthly-manage', 60 * 86_400_000);

/**
 * The `ref` a text message's gift link carries to the gift form (`channel=text&ref=`): the
 * text-giving module's pledge id, signed, so only a link it made marks a gift as given by text.
 */
export const textGiftRefs = (secret: string) => createSignedLinks(secret, 'fundraising.text-ref');
