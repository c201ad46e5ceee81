/**
 * Rules for the words and times an editor types: slugs made from titles, tags made from
 * labels, and the wall-clock time of the newsroom (Toronto) turned into an instant.
 */

/** These slugs are URLs of the blog itself, so no post may take them. */
export const RESERVED_POST_SLUGS: ReadonlySet<string> = new Set(['desk', 'new', 'tags', 'search', 'favourites', 'subscribe', 'subscriptions', 'settings', 'authors']);

export const SLUG_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;
export const SLUG_MAX = 120;

// Letters NFKD leaves whole; French and English titles use them.
const LIGATURES: Record<string, string> = { œ: 'oe', Œ: 'oe', æ: 'ae', Æ: 'ae', ß: 'ss', ø: 'o', Ø: 'o', ł: 'l', Ł: 'l', đ: 'd', Đ: 'd' };

/** "L’été à l’hôpital !" → "l-ete-a-l-hopital": accents folded, anything else a hyphen. */
export function slugify(text: string, max = 80): string {
  const folded = text
    .replace(/[œŒæÆßøØłŁđĐ]/g, (c) => LIGATURES[c] ?? c)
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
  return folded.replace(/[^a-z0-9]+/g, '-').replace(/^-+/, '').slice(0, max).replace(/-+$/, '');
}

export type TagInput = { tag: string; label: string };

/** "Pédiatrie, Family life" → [{tag: 'pediatrie', label: 'Pédiatrie'}, …], first spelling kept per tag. */
export function parseTagLabels(text: string): { labels: string[]; tags: TagInput[] } {
  const labels = text
    .split(',')
    .map((s) => s.replace(/\s+/g, ' ').trim())
    .filter((s) => s !== '');
  const seen = new Map<string, TagInput>();
  for (const label of labels) {
    const tag = slugify(label, 60);
    if (tag && !seen.has(tag)) seen.set(tag, { tag, label });
  }
  return { labels, tags: [...seen.values()] };
}

export const NEWSROOM_TIME_ZONE = 'America/Toronto';

const wallClock = new Intl.DateTimeFormat('en-CA', {
  timeZone: NEWSROOM_TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

function wallParts(d: Date): Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', number> {
  const out: Record<string, number> = {};
  for (const p of wallClock.formatToParts(d)) if (p.type !== 'literal') out[p.type] = Number(p.value);
  return out as Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', number>;
}

/** How far Toronto's clock is ahead of UTC at this instant (negative: behind). */
function offsetAt(instant: number): number {
  const w = wallParts(new Date(instant));
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(instant / 1000) * 1000;
}

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * A datetime-local value ("2026-12-01T09:30") read as Toronto wall-clock time. Returns null for
 * a malformed or impossible date. A time the clock shows twice (November) is its first
 * occurrence; a time it skips (March) is read with the offset before the jump, which lands an
 * hour later on the clock, as a person setting an alarm would expect.
 */
export function torontoLocalToDate(value: string): Date | null {
  const m = LOCAL.exec(value);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number) as [number, number, number, number, number, number];
  const asUtc = Date.UTC(y, mo - 1, d, h, mi, s);
  const check = new Date(asUtc);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return null;
  const DAY = 86_400_000;
  // The offsets in force a day either side cover both sides of any change of the clocks.
  const candidates = [...new Set([asUtc - offsetAt(asUtc - DAY), asUtc - offsetAt(asUtc + DAY)])].sort((a, b) => a - b);
  const shown = candidates.filter((c) => offsetAt(c) === asUtc - c);
  return new Date(shown[0] ?? candidates.at(-1)!);
}

/** The datetime-local value that shows this instant on a Toronto clock, to the minute. */
export function dateToTorontoLocal(d: Date): string {
  const w = wallParts(d);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${w.year}-${two(w.month)}-${two(w.day)}T${two(w.hour)}:${two(w.minute)}`;
}
