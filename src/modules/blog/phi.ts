/**
 * Finds what looks like personal health information in a reader's comment, so the comment is
 * held for a moderator instead of being published. Pure: no I/O, no state.
 *
 * Every finding names its kind and its span [start, end) in the text; the matched value itself
 * is never returned separately, so callers cannot log or store it by accident.
 *
 * Formats:
 * - Ontario health number: 10 digits (written 4-3-3 or run together), the last a Luhn (mod-10)
 *   check digit, optionally followed by a 2-letter version code.
 * - British Columbia PHN: 10 digits starting with 9; digits 2–9 weighted 2,4,8,5,10,9,7,3, each
 *   product taken mod 11, and the check digit is (11 − sum) mod 11 (a result of 10 is no number).
 * - Quebec RAMQ: 4 letters, then YYMMDD (month + 50 for women) and 2 more digits, the first of
 *   which is not 0. The date must exist in the 1900s or 2000s.
 * - Alberta PHN: 9 digits (often written 5-4). Alberta publishes the length but no check digit,
 *   so a 9-digit number counts only with a health-number word shortly before it.
 * - SIN: 9 digits with a Luhn check digit, never starting with 0 or 8.
 * - Medical record numbers in the organization's template (see compileMrnTemplate).
 * - A full date (day, month and year) right after a birth word (born, DOB, né le, naissance…).
 * - North American phone numbers: a separator, brackets or +1 is needed; 10 bare digits count
 *   only after a phone word, so order numbers do not.
 */

export const PHI_KINDS = ['mrn', 'ontario_health_card', 'bc_phn', 'quebec_health_card', 'sin', 'alberta_phn', 'phone', 'date_of_birth'] as const;
export type PhiKind = (typeof PHI_KINDS)[number];
export type PhiFinding = { kind: PhiKind; start: number; end: number };

export type PhiOptions = {
  /** The organization's compiled medical record number template, if it has one. */
  mrn?: RegExp | null | undefined;
};

// A number must not be glued to other letters or digits, nor be the tail of a decimal.
const B = String.raw`(?<![\p{L}\p{N}])(?<!\d[.,])`;
const E = String.raw`(?![\p{L}\p{N}])(?![.,]\d)`;
const SEP = String.raw`[ \t\u00a0-]?`;

const digitsOf = (s: string) => s.replace(/\D/g, '');

/** Luhn (mod-10): the check digit is the last one. */
export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

export function isOntarioHealthNumber(input: string): boolean {
  const d = digitsOf(input.replace(/[A-Za-z]{2}$/, ''));
  return d.length === 10 && d[0] !== '0' && luhnValid(d);
}

const BC_WEIGHTS = [2, 4, 8, 5, 10, 9, 7, 3];
export function isBcPhn(input: string): boolean {
  const d = digitsOf(input);
  if (d.length !== 10 || d[0] !== '9') return false;
  const sum = BC_WEIGHTS.reduce((s, w, i) => s + ((w * Number(d[i + 1])) % 11), 0);
  const check = (11 - (sum % 11)) % 11;
  return check < 10 && check === Number(d[9]);
}

const validDate = (y: number, m: number, d: number) => {
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
};

export function isQuebecHealthNumber(input: string): boolean {
  const compact = input.replace(/[\s-]/g, '').toUpperCase();
  const m = /^[A-Z]{4}(\d{2})(\d{2})(\d{2})([1-9]\d)$/.exec(compact);
  if (!m) return false;
  const yy = Number(m[1]);
  const mm = Number(m[2]) > 50 ? Number(m[2]) - 50 : Number(m[2]);
  const dd = Number(m[3]);
  return validDate(1900 + yy, mm, dd) || validDate(2000 + yy, mm, dd);
}

export function isSin(input: string): boolean {
  const d = digitsOf(input);
  return d.length === 9 && d[0] !== '0' && d[0] !== '8' && luhnValid(d);
}

// ---- Medical record number templates ----

export const MRN_TEMPLATE_MAX = 40;

/**
 * An organization describes its medical record numbers with a template rather than a regular
 * expression: `#` is a digit, `@` a letter, and letters, digits, spaces, `-`, `.` and `/` stand
 * for themselves (a separator may also be typed as another separator or left out). The template
 * compiles to a pattern without nested repetition, so matching time grows linearly with the text:
 * no pattern an administrator saves can stall the server. Returns null when the template is not
 * acceptable.
 */
export function compileMrnTemplate(template: string): RegExp | null {
  const t = template.trim();
  if (t.length < 4 || t.length > MRN_TEMPLATE_MAX) return null;
  if (!/^[A-Za-z0-9#@ ./-]+$/.test(t)) return null;
  if ((t.match(/[#@]/g) ?? []).length < 4) return null;
  let source = '';
  for (const ch of t) {
    if (ch === '#') source += String.raw`\d`;
    else if (ch === '@') source += String.raw`\p{L}`;
    else if (/[ ./-]/.test(ch)) source += String.raw`[ \t\u00a0./-]?`;
    else source += ch;
  }
  try {
    return new RegExp(`${B}${source}${E}`, 'giu');
  } catch {
    return null;
  }
}

// ---- Context words ----

const HEALTH_WORDS = String.raw`(?:alberta|ahcip|phn|health\s*(?:card|care|number|no\.?|#)|personal\s+health|carte\s+(?:santé|sante|d'assurance\s+maladie)|assurance[\s-]maladie|numéro\s+de\s+santé)`;
const PHONE_WORDS = String.raw`(?:phone|call|cell|mobile|tel\.?|text|fax|téléphone|telephone|tél\.?|appel(?:er|ez)?|cellulaire|texto|numéro)`;
const BIRTH_WORDS = String.raw`(?:born|birth(?:day|date)?|dob|d\.o\.b\.?|b\.|né|née|nés|nées|naissance|ddn|anniversaire)`;

/**
 * A context word ends at most `reach` characters before `index`, with no sentence break
 * between the two (a word's own full stop, as in "D.O.B.", does not count).
 */
function preceded(text: string, index: number, words: string, reach: number): boolean {
  const window = text.slice(Math.max(0, index - reach - 40), index);
  let last: RegExpExecArray | undefined;
  for (const m of window.matchAll(new RegExp(String.raw`(?<![\p{L}\p{N}])${words}(?![\p{L}])`, 'giu'))) last = m;
  if (!last) return false;
  const gap = window.slice(last.index + last[0].length);
  return gap.length <= reach && !/[!?\n]|\.\s/.test(gap);
}

// ---- Dates ----

const MONTHS: Record<string, number> = {
  january: 1, jan: 1, february: 2, feb: 2, march: 3, mar: 3, april: 4, apr: 4, may: 5, june: 6, jun: 6, july: 7, jul: 7,
  august: 8, aug: 8, september: 9, sept: 9, sep: 9, october: 10, oct: 10, november: 11, nov: 11, december: 12, dec: 12,
  janvier: 1, février: 2, fevrier: 2, mars: 3, avril: 4, mai: 5, juin: 6, juillet: 7, août: 8, aout: 8,
  septembre: 9, octobre: 10, novembre: 11, décembre: 12, decembre: 12,
};
const MONTH_NAMES = Object.keys(MONTHS).sort((a, b) => b.length - a.length).join('|');

const plausibleYear = (y: number) => y >= 1900 && y <= new Date().getUTCFullYear() + 1;
const fullYear = (y: string) => (y.length === 2 ? (Number(y) > new Date().getUTCFullYear() % 100 ? 1900 : 2000) + Number(y) : Number(y));

type DateRule = { re: RegExp; valid(m: RegExpExecArray): boolean };
const DATE_RULES: DateRule[] = [
  // 2019-03-04, 2019/03/04
  { re: new RegExp(String.raw`${B}(\d{4})([-/.])(\d{1,2})\2(\d{1,2})${E}`, 'gu'), valid: (m) => plausibleYear(+m[1]!) && validDate(+m[1]!, +m[3]!, +m[4]!) },
  // 04/03/2019, 4-3-2019, 03.04.19: day and month in either order
  {
    re: new RegExp(String.raw`${B}(\d{1,2})([-/.])(\d{1,2})\2(\d{4}|\d{2})${E}`, 'gu'),
    valid: (m) => {
      const y = fullYear(m[4]!);
      return plausibleYear(y) && (validDate(y, +m[3]!, +m[1]!) || validDate(y, +m[1]!, +m[3]!));
    },
  },
  // March 4, 2019 · Mar. 4th 2019
  {
    re: new RegExp(String.raw`(?<![\p{L}])(${MONTH_NAMES})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})${E}`, 'giu'),
    valid: (m) => plausibleYear(+m[3]!) && validDate(+m[3]!, MONTHS[m[1]!.toLowerCase()]!, +m[2]!),
  },
  // 4 March 2019 · 4th of March, 2019 · 4 mars 2019 · 1er mars 2019
  {
    re: new RegExp(String.raw`${B}(\d{1,2})(?:st|nd|rd|th|er)?\s+(?:of\s+)?(${MONTH_NAMES})\.?,?\s+(\d{4})${E}`, 'giu'),
    valid: (m) => plausibleYear(+m[3]!) && validDate(+m[3]!, MONTHS[m[2]!.toLowerCase()]!, +m[1]!),
  },
];

// ---- Detection ----

type Rule = { kind: PhiKind; re: RegExp; accept(match: string, text: string, index: number): boolean };

const D4_3_3 = String.raw`\d{4}${SEP}\d{3}${SEP}\d{3}`;
const RULES: Rule[] = [
  { kind: 'bc_phn', re: new RegExp(`${B}9\\d{3}${SEP}\\d{3}${SEP}\\d{3}${E}`, 'gu'), accept: (m) => isBcPhn(m) },
  { kind: 'ontario_health_card', re: new RegExp(`${B}${D4_3_3}(?:${SEP}[A-Za-z]{2})?${E}`, 'gu'), accept: (m) => isOntarioHealthNumber(m) },
  { kind: 'quebec_health_card', re: new RegExp(String.raw`${B}[A-Za-z]{4}${SEP}\d{4}${SEP}\d{4}${E}`, 'gu'), accept: (m) => isQuebecHealthNumber(m) },
  { kind: 'sin', re: new RegExp(String.raw`${B}\d{3}${SEP}\d{3}${SEP}\d{3}${E}`, 'gu'), accept: (m) => isSin(m) },
  {
    kind: 'alberta_phn',
    re: new RegExp(String.raw`${B}(?:\d{5}${SEP}\d{4}|\d{9})${E}`, 'gu'),
    accept: (_m, text, index) => preceded(text, index, HEALTH_WORDS, 30),
  },
  {
    kind: 'phone',
    re: new RegExp(String.raw`(?<![\p{L}\p{N}+])(?:\+?1[ .-]?)?(?:\(\s?[2-9]\d{2}\s?\)|[2-9]\d{2})[ .-]?[2-9]\d{2}[ .-]?\d{4}${E}`, 'gu'),
    accept: (m, text, index) => !/^\d{10,11}$/.test(m) || preceded(text, index, PHONE_WORDS, 30),
  },
];

/**
 * Every finding in the text, ordered by position. When two kinds claim overlapping text, the
 * more specific wins (the organization's own MRN first, then health numbers, SIN, phone, date).
 */
export function detectPhi(text: string, options: PhiOptions = {}): PhiFinding[] {
  const found: PhiFinding[] = [];
  const overlaps = (s: number, e: number) => found.some((f) => s < f.end && e > f.start);
  const add = (kind: PhiKind, start: number, end: number) => {
    if (!overlaps(start, end)) found.push({ kind, start, end });
  };

  if (options.mrn) {
    const re = new RegExp(options.mrn.source, options.mrn.flags.includes('g') ? options.mrn.flags : `${options.mrn.flags}g`);
    for (const m of text.matchAll(re)) add('mrn', m.index, m.index + m[0].length);
  }
  for (const rule of RULES) {
    rule.re.lastIndex = 0;
    for (const m of text.matchAll(rule.re)) {
      if (rule.accept(m[0], text, m.index)) add(rule.kind, m.index, m.index + m[0].length);
    }
  }
  for (const rule of DATE_RULES) {
    for (const m of text.matchAll(rule.re)) {
      if (rule.valid(m) && preceded(text, m.index, BIRTH_WORDS, 25)) add('date_of_birth', m.index, m.index + m[0].length);
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

/** The distinct kinds found, in a stable order, for hold reasons. */
export const phiKinds = (findings: PhiFinding[]): PhiKind[] => PHI_KINDS.filter((k) => findings.some((f) => f.kind === k));
