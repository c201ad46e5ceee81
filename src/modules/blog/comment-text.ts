/**
 * Pure rules about a comment's text: what holds it for moderation, how a moderator's redaction
 * is applied, and how a body is cut into pieces for pages. No I/O.
 */
import { REDACTION_PLACEHOLDER, type Redaction } from './db/comment-schema.js';
import type { PhiFinding, PhiKind } from './phi.js';

export const HOLD_REASONS = ['first_comment', 'links', 'blocked_words', 'honeypot', 'rate_limit', 'phi'] as const;
export type HoldReason = (typeof HOLD_REASONS)[number];

/** Comments from one address within ten minutes beyond which the next ones are held. */
export const COMMENT_BURST_LIMIT = 5;
export const COMMENT_BURST_WINDOW_MS = 10 * 60_000;

const TLDS = 'com|net|org|ca|info|biz|io|ru|cn|xyz|top|co|us|uk|fr|de|ly|me|app|site|online|shop|link|click|club|store';
const LINK = new RegExp(String.raw`https?://|\bwww\.|<\s*a\b|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:${TLDS})(?![\p{L}\p{N}])`, 'iu');

/** A URL, a www. address, a bare domain, or an HTML anchor. */
export const hasLink = (text: string): boolean => LINK.test(text);

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const fold = (s: string) => s.normalize('NFKC').toLocaleLowerCase('en-CA');

/** Whole-word (or whole-phrase), case-insensitive. */
export function hasBlockedWord(text: string, words: readonly string[]): boolean {
  const folded = fold(text);
  return words.some((w) => w.trim() !== '' && new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(fold(w.trim()))}(?![\\p{L}\\p{N}])`, 'u').test(folded));
}

/** Hold reasons as stored: plain reasons, and `phi:<kind>` for each kind of health information. */
export function holdReasonsFor(input: {
  firstComment: boolean;
  body: string;
  blockedWords: readonly string[];
  honeypotFilled: boolean;
  recentFromAddress: number;
  phiKinds: readonly PhiKind[];
}): string[] {
  const reasons: string[] = [];
  if (input.firstComment) reasons.push('first_comment');
  if (hasLink(input.body)) reasons.push('links');
  if (hasBlockedWord(input.body, input.blockedWords)) reasons.push('blocked_words');
  if (input.honeypotFilled) reasons.push('honeypot');
  if (input.recentFromAddress >= COMMENT_BURST_LIMIT) reasons.push('rate_limit');
  for (const kind of input.phiKinds) reasons.push(`phi:${kind}`);
  return reasons;
}

export const hasPhiReason = (reasons: readonly string[]) => reasons.some((r) => r.startsWith('phi:'));

/**
 * Replaces every occurrence of each text by the placeholder and records where the
 * placeholders stand. Occurrences overlapping an earlier placeholder are left alone. Returns
 * null for the first text that does not occur (outside placeholders), so the moderator can be
 * told which.
 */
export function applyRedactions(
  body: string,
  existing: readonly Redaction[],
  texts: readonly string[],
  at: Date,
): { body: string; redactions: Redaction[]; count: number } | { missing: string } {
  let current = body;
  let ranges = [...existing].sort((a, b) => a.start - b.start);
  let count = 0;
  for (const text of texts) {
    const hits: number[] = [];
    for (let i = current.indexOf(text); i >= 0; i = current.indexOf(text, i + text.length)) {
      const end = i + text.length;
      if (!ranges.some((r) => i < r.end && end > r.start)) hits.push(i);
    }
    if (hits.length === 0) return { missing: text };
    // Right to left, so earlier offsets stay valid while the text changes length.
    for (const start of hits.reverse()) {
      const end = start + text.length;
      const delta = REDACTION_PLACEHOLDER.length - text.length;
      current = current.slice(0, start) + REDACTION_PLACEHOLDER + current.slice(end);
      ranges = ranges.map((r) => (r.start >= end ? { ...r, start: r.start + delta, end: r.end + delta } : r));
      ranges.push({ start, end: start + REDACTION_PLACEHOLDER.length, at: at.toISOString() });
      count++;
    }
    ranges.sort((a, b) => a.start - b.start);
  }
  return { body: current, redactions: ranges, count };
}

/** A piece of a body as pages show it. */
export type BodyPiece = { text: string; mark?: 'redacted' | PhiKind };
/** Paragraphs, each a list of lines, each a list of pieces. */
export type BodyBlocks = BodyPiece[][][];

/**
 * Cuts a body into paragraphs (blank lines), lines, and pieces, marking redactions and, for
 * moderators, the spans the detector found. Marks never overlap; redactions win.
 */
export function toBodyBlocks(body: string, redactions: readonly Redaction[], findings: readonly PhiFinding[] = []): BodyBlocks {
  const marks: { start: number; end: number; mark: BodyPiece['mark'] }[] = redactions
    .filter((r) => r.start >= 0 && r.end <= body.length && r.start < r.end)
    .map((r) => ({ start: r.start, end: r.end, mark: 'redacted' as const }));
  for (const f of findings) if (!marks.some((m) => f.start < m.end && f.end > m.start)) marks.push({ start: f.start, end: f.end, mark: f.kind });
  marks.sort((a, b) => a.start - b.start);

  const pieces: BodyPiece[] = [];
  let at = 0;
  for (const m of marks) {
    if (m.start < at) continue;
    if (m.start > at) pieces.push({ text: body.slice(at, m.start) });
    pieces.push({ text: body.slice(m.start, m.end), mark: m.mark });
    at = m.end;
  }
  if (at < body.length) pieces.push({ text: body.slice(at) });

  // Marked spans never hold a line break, so only plain pieces need splitting.
  const paragraphs: BodyBlocks = [[[]]];
  for (const piece of pieces) {
    if (piece.mark) {
      paragraphs.at(-1)!.at(-1)!.push(piece);
      continue;
    }
    const parts = piece.text.split(/(\n{2,}|\n)/);
    for (const part of parts) {
      if (part === '') continue;
      if (/^\n{2,}$/.test(part)) paragraphs.push([[]]);
      else if (part === '\n') paragraphs.at(-1)!.push([]);
      else paragraphs.at(-1)!.at(-1)!.push({ text: part });
    }
  }
  return paragraphs.map((p) => p.filter((line) => line.length > 0)).filter((p) => p.length > 0);
}
