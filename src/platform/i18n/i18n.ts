import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import i18next, { type TFunction } from 'i18next';

export const LANGUAGES = ['en', 'fr'] as const;
export type Lang = (typeof LANGUAGES)[number];
export type T = TFunction;

const LOCALES_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'locales');

type Tree = { [key: string]: string | Tree };

/** Every JSON file in locales/<lang>/ is one area; its keys live under the file's name. */
export function loadLocaleFiles(dir = LOCALES_DIR): Record<Lang, Tree> {
  const out = {} as Record<Lang, Tree>;
  for (const lang of LANGUAGES) {
    const tree: Tree = {};
    for (const file of readdirSync(path.join(dir, lang)).filter((f) => f.endsWith('.json')).sort()) {
      tree[file.replace(/\.json$/, '')] = JSON.parse(readFileSync(path.join(dir, lang, file), 'utf8')) as Tree;
    }
    out[lang] = tree;
  }
  return out;
}

export function flattenKeys(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([k, v]) =>
    typeof v === 'string' ? [`${prefix}${k}`] : flattenKeys(v, `${prefix}${k}.`),
  );
}

export type I18n = {
  t(lang: Lang): T;
  isLang(value: unknown): value is Lang;
};

/** The most remembered answers per language before the map starts over. */
const REMEMBERED_MAX = 20_000;
/** The longest key and options remembered, in characters. */
const REMEMBERED_KEY_MAX = 200;

/**
 * A page asks for the same strings again and again (labels, headings, "Post by Rita", "3
 * replies"): each key with the same options is looked up, pluralized and interpolated once per
 * language, then answered from a map. Options that are not all strings, numbers or booleans
 * (objects, arrays, dates), and long ones, go to i18next every time.
 */
function remembered(t: T): T {
  const answers = new Map<string, string>();
  const call = t as unknown as (...args: unknown[]) => unknown;
  const answer = (key: unknown, ...rest: unknown[]): unknown => {
    if (typeof key !== 'string' || rest.length > 1) return call(key, ...rest);
    const options = rest[0];
    let cacheKey = key;
    if (options !== undefined) {
      if (typeof options !== 'object' || options === null) return call(key, ...rest);
      for (const value of Object.values(options)) {
        const kind = typeof value;
        if (kind !== 'string' && kind !== 'number' && kind !== 'boolean') return call(key, ...rest);
      }
      cacheKey = `${key}\u0000${JSON.stringify(options)}`;
      // Long values (a message's text, say) are rarely asked for twice: not kept.
      if (cacheKey.length > REMEMBERED_KEY_MAX) return call(key, ...rest);
    }
    let value = answers.get(cacheKey);
    if (value === undefined) {
      const computed = call(key, ...rest);
      if (typeof computed !== 'string') return computed;
      if (answers.size >= REMEMBERED_MAX) answers.clear();
      answers.set(cacheKey, (value = computed));
    }
    return value;
  };
  return answer as unknown as T;
}

export async function createI18n(): Promise<I18n> {
  const resources = loadLocaleFiles();
  const instance = i18next.createInstance();
  await instance.init({
    resources: { en: { translation: resources.en }, fr: { translation: resources.fr } },
    lng: 'en',
    fallbackLng: false,
    supportedLngs: [...LANGUAGES],
    interpolation: { escapeValue: false },
    returnNull: false,
    initAsync: false,
    showSupportNotice: false,
  } as Parameters<typeof instance.init>[0]);
  const fixed = { en: remembered(instance.getFixedT('en')), fr: remembered(instance.getFixedT('fr')) };
  return {
    t: (lang) => fixed[lang],
    isLang: (value): value is Lang => value === 'en' || value === 'fr',
  };
}

const LOCALE: Record<Lang, string> = { en: 'en-CA', fr: 'fr-CA' };

function buildFormatters(lang: Lang) {
  const locale = LOCALE[lang];
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'America/Toronto' });
  const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'America/Toronto' });
  const number = new Intl.NumberFormat(locale);
  const currencies = new Map<string, Intl.NumberFormat>();
  const currencyFormat = (currency: string) => {
    let f = currencies.get(currency);
    if (!f) currencies.set(currency, (f = new Intl.NumberFormat(locale, { style: 'currency', currency })));
    return f;
  };
  return Object.freeze({
    locale,
    date: (d: Date) => date.format(d),
    dateTime: (d: Date) => dateTime.format(d),
    number: (n: number) => number.format(n),
    money: (cents: number, currency = 'CAD') => currencyFormat(currency).format(cents / 100),
  });
}

/**
 * Formatting for en-CA / fr-CA, so every page writes dates, numbers and money the same way. Built
 * once per language: an Intl formatter costs far more to make than to use.
 */
const FORMATTERS: Record<Lang, ReturnType<typeof buildFormatters>> = { en: buildFormatters('en'), fr: buildFormatters('fr') };
export const formatters = (lang: Lang) => FORMATTERS[lang];
export type Formatters = ReturnType<typeof formatters>;
