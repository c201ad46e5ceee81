import { describe, expect, it } from 'vitest';
import { dateToTorontoLocal, parseTagLabels, slugify, torontoLocalToDate } from './post-fields.js';

describe('slugify', () => {
  it.each([
    ['Our new paediatric wing', 'our-new-paediatric-wing'],
    ['L’été à l’hôpital : Œuvres', 'l-ete-a-l-hopital-oeuvres'],
    ['  Ça déménage!!!  ', 'ca-demenage'],
    ['Straße & Æsir', 'strasse-aesir'],
    ['2026 — année record', '2026-annee-record'],
    ['!!!', ''],
    ['日本語', ''],
  ])('%s → %s', (title, slug) => expect(slugify(title)).toBe(slug));

  it('cuts long titles on a word boundary without a trailing hyphen', () => {
    const slug = slugify('a '.repeat(100));
    expect(slug.length).toBeLessThanOrEqual(80);
    expect(slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });
});

describe('parseTagLabels', () => {
  it('splits on commas, keeps the first spelling of each tag and drops empty parts', () => {
    expect(parseTagLabels(' Pédiatrie, Family   life,, pediatrie ,')).toEqual({
      labels: ['Pédiatrie', 'Family life', 'pediatrie'],
      tags: [
        { tag: 'pediatrie', label: 'Pédiatrie' },
        { tag: 'family-life', label: 'Family life' },
      ],
    });
    expect(parseTagLabels('')).toEqual({ labels: [], tags: [] });
  });
});

describe('Toronto wall-clock time', () => {
  it('reads winter and summer times with their own offsets', () => {
    expect(torontoLocalToDate('2026-01-15T09:30')!.toISOString()).toBe('2026-01-15T14:30:00.000Z');
    expect(torontoLocalToDate('2026-07-15T09:30')!.toISOString()).toBe('2026-07-15T13:30:00.000Z');
    expect(torontoLocalToDate('2026-07-15T09:30:15')!.toISOString()).toBe('2026-07-15T13:30:15.000Z');
  });

  it('takes the first of a time shown twice, and moves a skipped time past the jump', () => {
    // 2026-11-01: 01:30 happens in EDT, then again in EST.
    expect(torontoLocalToDate('2026-11-01T01:30')!.toISOString()).toBe('2026-11-01T05:30:00.000Z');
    // 2026-03-08: the clock goes from 02:00 to 03:00.
    expect(torontoLocalToDate('2026-03-08T02:30')!.toISOString()).toBe('2026-03-08T07:30:00.000Z');
    expect(torontoLocalToDate('2026-03-08T03:30')!.toISOString()).toBe('2026-03-08T07:30:00.000Z');
  });

  it('refuses impossible or malformed values', () => {
    for (const bad of ['2026-02-30T10:00', '2026-13-01T10:00', '2026-01-01T24:00', '2026-01-01 10:00', 'tomorrow', '']) expect(torontoLocalToDate(bad), bad).toBeNull();
  });

  it('writes an instant back as the datetime-local value a Toronto clock shows', () => {
    expect(dateToTorontoLocal(new Date('2026-07-15T13:30:59Z'))).toBe('2026-07-15T09:30');
    expect(dateToTorontoLocal(new Date('2026-01-01T04:59:00Z'))).toBe('2025-12-31T23:59');
    for (const iso of ['2026-03-08T06:59:00Z', '2026-03-08T07:00:00Z', '2026-11-01T05:59:00Z', '2026-11-01T07:00:00Z', '2027-06-30T23:45:00Z']) {
      expect(torontoLocalToDate(dateToTorontoLocal(new Date(iso)))!.toISOString(), iso).toBe(new Date(iso).toISOString());
    }
  });
});
