/**
 * A charity's registration number with the Canada Revenue Agency: the nine-digit business
 * number, the program identifier RR, and a four-digit reference (123456789RR0001).
 */
const CRA_NUMBER = /^[0-9]{9}RR[0-9]{4}$/;

/** Spaces and hyphens people type between the parts are dropped; letters are upper-cased. */
export function normalizeCraNumber(input: string): string {
  return input.replace(/[\s-]+/g, '').toUpperCase();
}

export function isCraNumber(value: string): boolean {
  return CRA_NUMBER.test(value);
}

/** The normalized number, or null when it is not in the 9 digits + RR + 4 digits form. */
export function parseCraNumber(input: string): string | null {
  const normalized = normalizeCraNumber(input);
  return isCraNumber(normalized) ? normalized : null;
}

/** As printed on receipts and pages: 123456789 RR 0001. */
export function formatCraNumber(value: string): string {
  return isCraNumber(value) ? `${value.slice(0, 9)} RR ${value.slice(11)}` : value;
}
