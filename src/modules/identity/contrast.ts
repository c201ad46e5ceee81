/**
 * Colour contrast as WCAG 2.x defines it: relative luminance of sRGB colours and the ratio
 * (L1 + 0.05) / (L2 + 0.05). AA asks 4.5:1 for normal text.
 */
export const WCAG_AA_NORMAL_TEXT = 4.5;
export const WHITE = '#ffffff';

const HEX = /^#([0-9a-f]{6})$/i;

/** A colour written #rrggbb (either case), lower-cased; null for anything else. */
export function parseHexColour(input: string): string | null {
  const trimmed = input.trim();
  return HEX.test(trimmed) ? trimmed.toLowerCase() : null;
}

function channel(byte: number): number {
  const c = byte / 255;
  // 0.04045 is the sRGB standard's threshold; WCAG 2.0's 0.03928 gives the same result for 8-bit values.
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

export function relativeLuminance(hex: string): number {
  const parsed = parseHexColour(hex);
  if (!parsed) throw new Error(`not a #rrggbb colour: ${hex}`);
  const n = Number.parseInt(parsed.slice(1), 16);
  const r = channel((n >> 16) & 0xff);
  const g = channel((n >> 8) & 0xff);
  const b = channel(n & 0xff);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function contrastRatio(a: string, b: string): number {
  const la = relativeLuminance(a);
  const lb = relativeLuminance(b);
  const [hi, lo] = la >= lb ? [la, lb] : [lb, la];
  return (hi + 0.05) / (lo + 0.05);
}

/**
 * Rounded down to two decimals for messages, so a colour that fails never reads as if it
 * reached the threshold (4.497 shows as 4.49, not 4.50).
 */
export const ratioForDisplay = (ratio: number): number => Math.floor(ratio * 100) / 100;

export type ContrastVerdict = { ok: true; ratio: number } | { ok: false; ratio: number };

/**
 * A brand colour is used as a background under white text and as text on the white page,
 * so it must reach the threshold against white in both roles (the same pair, one ratio).
 */
export function checkBrandColour(hex: string, min = WCAG_AA_NORMAL_TEXT): ContrastVerdict {
  const againstText = contrastRatio(hex, WHITE);
  const againstPage = contrastRatio(WHITE, hex);
  const ratio = Math.min(againstText, againstPage);
  return { ok: ratio >= min, ratio };
}
