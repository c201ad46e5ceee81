/**
 * When the weekly digest goes out: Mondays at 9:00 in Toronto, whatever the season. A week is
 * named by the Toronto date of its Monday ("2026-11-30"), which is also its dedupe key.
 */
export const DIGEST_ZONE = 'America/Toronto';
const DIGEST_HOUR = 9;
const DAY = 86_400_000;

const parts = new Intl.DateTimeFormat('en-CA', {
  timeZone: DIGEST_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** The wall-clock time in Toronto at this instant, as if it were UTC. */
function torontoWallClock(at: Date): number {
  const p = Object.fromEntries(parts.formatToParts(at).map((x) => [x.type, x.value]));
  return Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
}

/** The instant when Toronto's clocks show this wall-clock time (given as if it were UTC). */
function fromTorontoWallClock(wall: number): Date {
  let guess = wall;
  // Two passes settle the offset; 9:00 is never inside a daylight-saving jump (those are at 2:00).
  for (let i = 0; i < 2; i++) guess = wall - (torontoWallClock(new Date(guess)) - guess);
  return new Date(guess);
}

/** A Monday written YYYY-MM-DD. */
export const isDigestWeek = (week: string): boolean => /^\d{4}-\d{2}-\d{2}$/.test(week) && new Date(`${week}T00:00:00Z`).getUTCDay() === 1;

/** The moment the digest of this week is due. */
export function digestDueAt(week: string): Date {
  if (!isDigestWeek(week)) throw new Error(`not a digest week: ${week}`);
  const [y, m, d] = week.split('-').map(Number) as [number, number, number];
  return fromTorontoWallClock(Date.UTC(y, m - 1, d, DIGEST_HOUR));
}

/** The first digest week whose due time is strictly after this instant. */
export function nextDigestWeek(after: Date): string {
  const wall = new Date(torontoWallClock(after));
  const monday = Date.UTC(wall.getUTCFullYear(), wall.getUTCMonth(), wall.getUTCDate()) - ((wall.getUTCDay() + 6) % 7) * DAY;
  for (let candidate = monday; ; candidate += 7 * DAY) {
    const week = new Date(candidate).toISOString().slice(0, 10);
    if (digestDueAt(week).getTime() > after.getTime()) return week;
  }
}

/** The week before this one. */
export function previousDigestWeek(week: string): string {
  return new Date(new Date(`${week}T00:00:00Z`).getTime() - 7 * DAY).toISOString().slice(0, 10);
}
