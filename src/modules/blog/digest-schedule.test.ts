import { describe, expect, it } from 'vitest';
import { digestDueAt, isDigestWeek, nextDigestWeek, previousDigestWeek } from './digest-schedule.js';

describe('weekly digest schedule (Mondays 9:00, Toronto time)', () => {
  it('is due at 14:00 UTC in winter and 13:00 UTC in summer', () => {
    expect(digestDueAt('2026-11-30').toISOString()).toBe('2026-11-30T14:00:00.000Z');
    expect(digestDueAt('2026-07-06').toISOString()).toBe('2026-07-06T13:00:00.000Z');
  });

  it('follows the daylight-saving changes of March and November', () => {
    // Clocks go forward on Sunday 8 March 2026 and back on Sunday 1 November 2026.
    expect(digestDueAt('2026-03-02').toISOString()).toBe('2026-03-02T14:00:00.000Z');
    expect(digestDueAt('2026-03-09').toISOString()).toBe('2026-03-09T13:00:00.000Z');
    expect(digestDueAt('2026-10-26').toISOString()).toBe('2026-10-26T13:00:00.000Z');
    expect(digestDueAt('2026-11-02').toISOString()).toBe('2026-11-02T14:00:00.000Z');
  });

  it('picks the next Monday strictly after the instant', () => {
    expect(nextDigestWeek(new Date('2026-11-25T12:00:00Z'))).toBe('2026-11-30');
    // Monday 8:59 in Toronto: this morning's digest is still to come.
    expect(nextDigestWeek(new Date('2026-11-30T13:59:00Z'))).toBe('2026-11-30');
    expect(nextDigestWeek(new Date('2026-11-30T14:00:00Z'))).toBe('2026-12-07');
    // Sunday night in Toronto is already Monday in UTC.
    expect(nextDigestWeek(new Date('2026-11-30T03:00:00Z'))).toBe('2026-11-30');
    expect(nextDigestWeek(new Date('2026-12-28T15:00:00Z'))).toBe('2027-01-04');
  });

  it('names weeks by their Monday and steps back one week', () => {
    expect(isDigestWeek('2026-11-30')).toBe(true);
    expect(isDigestWeek('2026-12-01')).toBe(false);
    expect(isDigestWeek('2026-11-30T00:00')).toBe(false);
    expect(previousDigestWeek('2026-03-02')).toBe('2026-02-23');
    expect(() => digestDueAt('2026-12-01')).toThrow();
  });
});
