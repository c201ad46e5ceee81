import type { Lang } from './db/schema.js';

/**
 * What a donor's text means. Compliance words (CWTA short-code rules) are recognized in both
 * languages whatever the program's language; case and accents are ignored.
 */
export type Intent =
  | { kind: 'stop'; lang: Lang }
  | { kind: 'start'; lang: Lang }
  | { kind: 'help'; lang: Lang | null }
  | { kind: 'yes'; lang: Lang }
  | { kind: 'no'; lang: Lang }
  | { kind: 'keyword'; keyword: string; amountDollars: number | null; amountText: string | null }
  | { kind: 'empty' };

const STOP: Record<string, Lang> = { STOP: 'en', END: 'en', CANCEL: 'en', UNSUBSCRIBE: 'en', QUIT: 'en', ARRET: 'fr', ARRETER: 'fr' };
const START: Record<string, Lang> = { START: 'en', UNSTOP: 'en' };
/** INFO is the same word in both languages: the contact's own language answers it. */
const HELP: Record<string, Lang | null> = { HELP: 'en', AIDE: 'fr', INFO: null };
const YES: Record<string, Lang> = { YES: 'en', Y: 'en', OUI: 'fr', O: 'fr' };
const NO: Record<string, Lang> = { NO: 'en', NON: 'fr' };

/** Upper case, accents and punctuation dropped, spaces collapsed: "  arrêt! " → "ARRET". */
export function normalizeText(body: string): string {
  return body
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toUpperCase()
    .replace(/[^A-Z0-9$ ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export function parseIntent(body: string): Intent {
  const words = normalizeText(body).split(' ').filter(Boolean);
  const first = words[0];
  if (!first) return { kind: 'empty' };
  // A compliance word anywhere alone, or first ("STOP please"), always wins.
  if (first in STOP) return { kind: 'stop', lang: STOP[first]! };
  if (words.length === 1 && first in START) return { kind: 'start', lang: START[first]! };
  if (first in HELP) return { kind: 'help', lang: HELP[first]! };
  if (words.length === 1 && first in YES) return { kind: 'yes', lang: YES[first]! };
  if (words.length === 1 && first in NO) return { kind: 'no', lang: NO[first]! };
  const amountText = words[1] ?? null;
  const amount = amountText ? /^\$?(\d{1,4})\$?$/.exec(amountText) : null;
  return { kind: 'keyword', keyword: first, amountDollars: amount ? Number(amount[1]) : null, amountText };
}

/** Every word a keyword may not be, because donors' carriers and this module give it a meaning. */
export const RESERVED_WORDS: ReadonlySet<string> = new Set([...Object.keys(STOP), ...Object.keys(START), ...Object.keys(HELP), ...Object.keys(YES), ...Object.keys(NO)]);
