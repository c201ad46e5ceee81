import { describe, expect, it } from 'vitest';
import { createI18n, flattenKeys, formatters, LANGUAGES, loadLocaleFiles } from './i18n.js';

type Tree = { [key: string]: string | Tree };
const locales = loadLocaleFiles() as Record<(typeof LANGUAGES)[number], Tree>;

function valueAt(tree: Tree, key: string): string | Tree | undefined {
  return key.split('.').reduce<string | Tree | undefined>((node, part) => (typeof node === 'object' ? node[part] : undefined), tree);
}
const placeholders = (text: string) => [...text.matchAll(/\{\{\s*([\w.]+)[^}]*\}\}/g)].map((m) => m[1]).sort();
// Intl writes French spaces as no-break spaces; compare them as plain spaces.
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

// Plural forms differ by language (French has a "many" form English lacks): compare base keys.
const base = (keys: string[]) => [...new Set(keys.map((k) => k.replace(/_(zero|one|two|few|many|other)$/, '')))];

describe('locale files', () => {
  const en = base(flattenKeys(locales.en));
  const fr = base(flattenKeys(locales.fr));

  it('have the same area files in every language', () => {
    expect(Object.keys(locales.fr).sort()).toEqual(Object.keys(locales.en).sort());
  });

  it('give every English key a French translation', () => {
    expect(en.filter((k) => !fr.includes(k))).toEqual([]);
  });

  it('give every French key an English one', () => {
    expect(fr.filter((k) => !en.includes(k))).toEqual([]);
  });

  it('have no empty strings', () => {
    for (const lang of LANGUAGES) {
      const empty = flattenKeys(locales[lang]).filter((k) => String(valueAt(locales[lang], k)).trim() === '');
      expect(empty, `empty strings in ${lang}`).toEqual([]);
    }
  });

  it('use the same placeholders in both languages', () => {
    const mismatched = en.filter(
      (k) => valueAt(locales.en, k) !== undefined && valueAt(locales.fr, k) !== undefined && placeholders(String(valueAt(locales.en, k))).join() !== placeholders(String(valueAt(locales.fr, k))).join(),
    );
    expect(mismatched).toEqual([]);
  });

  it('resolve through i18next by area and key, without falling back to the other language', async () => {
    const i18n = await createI18n();
    const key = en.find((k) => typeof valueAt(locales.en, k) === 'string' && !String(valueAt(locales.en, k)).includes('{{'))!;
    expect(i18n.t('en')(key)).toBe(valueAt(locales.en, key));
    expect(i18n.t('fr')(key)).toBe(valueAt(locales.fr, key));
    expect(i18n.t('fr')('nowhere.missing')).toBe('nowhere.missing');
    expect(i18n.isLang('fr')).toBe(true);
    expect(i18n.isLang('de')).toBe(false);
  });
});

describe('formatters', () => {
  const when = new Date('2026-03-05T15:30:00Z');

  it('write dates in Canadian English and French, in Eastern time', () => {
    expect(formatters('en').locale).toBe('en-CA');
    expect(formatters('fr').locale).toBe('fr-CA');
    expect(formatters('en').date(when)).toBe('March 5, 2026');
    expect(formatters('fr').date(when)).toBe('5 mars 2026');
    expect(plain(formatters('en').dateTime(when))).toBe('Mar 5, 2026, 10:30 a.m.');
    expect(plain(formatters('fr').dateTime(when))).toBe('5 mars 2026, 10 h 30');
  });

  it('write each minute the same however often asked, across days, time changes and languages', () => {
    const en = formatters('en');
    const fr = formatters('fr');
    // Asked again, and within the same minute: the same words.
    expect(plain(en.dateTime(new Date('2026-03-05T15:30:59Z')))).toBe('Mar 5, 2026, 10:30 a.m.');
    expect(plain(en.dateTime(when))).toBe('Mar 5, 2026, 10:30 a.m.');
    expect(plain(en.dateTime(new Date('2026-03-05T15:31:00Z')))).toBe('Mar 5, 2026, 10:31 a.m.');
    // Midnight in Toronto, not in UTC, turns the day; the spring time change moves the clock.
    expect(en.date(new Date('2026-03-06T04:59:00Z'))).toBe('March 5, 2026');
    expect(en.date(new Date('2026-03-06T05:00:00Z'))).toBe('March 6, 2026');
    expect(plain(en.dateTime(new Date('2026-03-08T06:59:00Z')))).toBe('Mar 8, 2026, 1:59 a.m.');
    expect(plain(en.dateTime(new Date('2026-03-08T07:00:00Z')))).toBe('Mar 8, 2026, 3:00 a.m.');
    expect(plain(fr.dateTime(new Date('2026-03-08T07:00:00Z')))).toBe('8 mars 2026, 03 h 00');
    expect(() => en.dateTime(new Date(Number.NaN))).toThrow(RangeError);
    expect(() => en.dateTime(new Date(Number.NaN))).toThrow(RangeError);
  });

  it('write numbers with each language’s separators', () => {
    expect(formatters('en').number(1234567.5)).toBe('1,234,567.5');
    expect(plain(formatters('fr').number(1234567.5))).toBe('1 234 567,5');
  });

  it('write money from cents, with the symbol where each language puts it', () => {
    expect(formatters('en').money(123456)).toBe('$1,234.56');
    expect(plain(formatters('fr').money(123456))).toBe('1 234,56 $');
    expect(plain(formatters('fr').money(5))).toBe('0,05 $');
    expect(formatters('en').money(-500)).toBe('-$5.00');
  });
});

describe('translating', () => {
  it('answers a plain key the same every time, in its language, and still interpolates and pluralizes', async () => {
    const i18n = await createI18n();
    const [en, fr] = [i18n.t('en'), i18n.t('fr')];
    const key = 'community.feed.title';
    expect(en(key)).toBe(valueAt(locales.en, key));
    expect(en(key)).toBe(en(key));
    expect(fr(key)).toBe(valueAt(locales.fr, key));
    expect(fr(key)).not.toBe(en(key));
    expect(en('community.post.by', { name: 'Rita' })).toContain('Rita');
    expect(en('community.post.by', { name: 'Sam' })).toContain('Sam');
    expect(en('community.post.replies', { count: 1 })).not.toBe(en('community.post.replies', { count: 2 }));
    expect(en('no.such.key')).toBe('no.such.key');
  });

  it('remembers each set of options apart: names, values, their types, and several options at once', async () => {
    const en = (await createI18n()).t('en');
    const mention = 'community.notices.mention';
    expect(en(mention, { name: 'Rita', group: 'Parents' })).toBe('Rita mentioned you in Parents');
    expect(en(mention, { name: 'Rita', group: 'Staff' })).toBe('Rita mentioned you in Staff');
    expect(en(mention, { name: 'Sam', group: 'Parents' })).toBe('Sam mentioned you in Parents');
    expect(en(mention, { group: 'Parents', name: 'Rita' })).toBe('Rita mentioned you in Parents');
    expect(en(mention, { name: 'Rita', group: 'Parents' })).toBe('Rita mentioned you in Parents');
    // The key alone, then with an option, then alone again.
    expect(en('community.post.by')).toBe('Post by {{name}}');
    expect(en('community.post.by', { name: 'Rita' })).toBe('Post by Rita');
    expect(en('community.post.by')).toBe('Post by {{name}}');
    // A number and the same digits as text are asked apart, and plurals still follow the number.
    expect(en('community.post.replies', { count: 1 })).toBe('1 reply');
    expect(en('community.post.replies', { count: '1' })).toBe(en('community.post.replies', { count: '1' }));
    expect(en('community.post.replies', { count: 2 })).toBe('2 replies');
    // Long values and values that are not plain text, numbers or booleans go to i18next each time.
    const long = 'x'.repeat(500);
    expect(en('community.post.by', { name: long })).toBe(`Post by ${long}`);
    expect(en('community.post.by', { name: `${long}y` })).toBe(`Post by ${long}y`);
    expect(en('community.post.by', { name: ['A', 'B'] })).toContain('Post by');
  });
});
