import { domainToASCII } from 'node:url';
import { z } from 'zod';

// eslint-disable-next-line no-control-regex -- control characters are exactly what this rejects
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** A host name of at least two labels, each 1–63 letters, digits or inner hyphens, ending in a letter TLD or an IDN one. */
export const DOMAIN = /^(?=.{4,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

/**
 * What a reader types for their Mastodon server, reduced to its host name: `mastodon.social`,
 * `https://mastodon.social/` and `@me@mastodon.social` all mean the same server. Anything else
 * (a port, a path, an IP address, a single label) is refused by DOMAIN.
 */
export function normalizeInstance(raw: string): string {
  let s = raw.trim().toLowerCase().replace(/^https:\/\//, '').replace(/\/$/, '');
  const handle = /^@?[a-z0-9_.-]+@([^@\s/]+)$/.exec(s);
  if (handle) s = handle[1]!;
  return /^[\p{L}\p{N}.-]+$/u.test(s) ? domainToASCII(s) || s : s;
}

/** The Mastodon share form, sent by GET so it works without script and needs no session. */
export const MastodonShareQuery = z.object({
  instance: z.string().max(300).transform(normalizeInstance).pipe(z.string().min(1).max(253).regex(DOMAIN, 'invalid_format')),
  url: z.string().min(1).max(2000),
  text: z.string().max(500).refine((s) => !CONTROL.test(s), 'invalid_characters').default(''),
});
export type MastodonShareQuery = z.output<typeof MastodonShareQuery>;

/** The same fields as they arrive; the handler parses them with MastodonShareQuery to re-show the form on error. */
export const RawMastodonShareQuery = z.object({
  instance: z.string().optional(),
  url: z.string().optional(),
  text: z.string().optional(),
});
export type RawMastodonShareQuery = z.infer<typeof RawMastodonShareQuery>;

/** `v` only busts caches when the post changes; the image is the same for any value. */
export const ShareImageQuery = z.object({ v: z.string().regex(/^\d{1,15}$/).optional() });

/** Where to go after saving or removing a favourite: back to the post, or the favourites page. */
export const FavouriteBody = z.object({ back: z.enum(['post', 'favourites']).default('post') });
export type FavouriteBody = z.output<typeof FavouriteBody>;
