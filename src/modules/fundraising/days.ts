/** A `date` column read back (midnight, local for pg and UTC for PGlite) → 'yyyy-mm-dd'. */
export function isoDay(d: Date | string): string {
  if (typeof d === 'string') return d.slice(0, 10);
  const local = d.getHours() === 0 && d.getMinutes() === 0;
  const [y, m, day] = local ? [d.getFullYear(), d.getMonth() + 1, d.getDate()] : [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
  return `${y}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Today in the foundation's time zone (Ontario), as a calendar date. */
export function todayInToronto(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Toronto', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** A calendar date as a Date at noon UTC, for formatting without shifting the day. */
export const dayAsDate = (iso: string): Date => new Date(`${iso}T12:00:00Z`);
