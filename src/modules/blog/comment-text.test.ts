import { describe, expect, it } from 'vitest';
import { applyRedactions, hasBlockedWord, hasLink, holdReasonsFor, toBodyBlocks } from './comment-text.js';
import { detectPhi } from './phi.js';

const AT = new Date('2026-11-25T12:00:00Z');

describe('links', () => {
  it.each(['see https://example.com', 'http://x.y', 'www.example.org', 'visit bestdeals.ru', 'go to my-site.ca/path', '<a href="x">'])('finds one in %s', (text) => {
    expect(hasLink(text)).toBe(true);
  });
  it.each(['St. John’s hospital', 'e.g. this', 'version 2.5', 'I love it.Really', 'node.js'])('finds none in %s', (text) => {
    expect(hasLink(text)).toBe(false);
  });
});

describe('blocked words', () => {
  it('matches whole words and phrases, ignoring case', () => {
    expect(hasBlockedWord('Try the CASINO', ['casino'])).toBe(true);
    expect(hasBlockedWord('buy Cheap  Pills', ['cheap pills'])).toBe(false);
    expect(hasBlockedWord('buy cheap pills', ['cheap pills'])).toBe(true);
    expect(hasBlockedWord('casinos are fun', ['casino'])).toBe(false);
    expect(hasBlockedWord('Élan', ['élan'])).toBe(true);
    expect(hasBlockedWord('anything', ['', '  '])).toBe(false);
  });
});

describe('hold reasons', () => {
  it('lists every reason, health information by kind only', () => {
    const body = 'See www.example.com, casino, card 1234-567-897';
    expect(
      holdReasonsFor({ firstComment: true, body, blockedWords: ['casino'], honeypotFilled: true, recentFromAddress: 5, phiKinds: ['ontario_health_card'] }),
    ).toEqual(['first_comment', 'links', 'blocked_words', 'honeypot', 'rate_limit', 'phi:ontario_health_card']);
    expect(holdReasonsFor({ firstComment: false, body: 'Thanks!', blockedWords: [], honeypotFilled: false, recentFromAddress: 4, phiKinds: [] })).toEqual([]);
  });
});

describe('redactions', () => {
  it('replaces every occurrence and records where the placeholders stand', () => {
    const out = applyRedactions('Card 1234 567 897, again 1234 567 897. Call 416-555-0199.', [], ['1234 567 897', '416-555-0199'], AT);
    if ('missing' in out) throw new Error('unexpected');
    expect(out.body).toBe('Card [redacted], again [redacted]. Call [redacted].');
    expect(out.count).toBe(3);
    expect(out.redactions.map((r) => out.body.slice(r.start, r.end))).toEqual(['[redacted]', '[redacted]', '[redacted]']);
    expect(JSON.stringify(out.redactions)).not.toContain('567');
  });

  it('keeps earlier placeholders in place when redacting again', () => {
    const first = applyRedactions('A secret then B secret', [], ['A secret'], AT);
    if ('missing' in first) throw new Error('unexpected');
    const second = applyRedactions(first.body, first.redactions, ['B secret'], AT);
    if ('missing' in second) throw new Error('unexpected');
    expect(second.body).toBe('[redacted] then [redacted]');
    expect(second.redactions.map((r) => second.body.slice(r.start, r.end))).toEqual(['[redacted]', '[redacted]']);
  });

  it('names a text that is not in the comment', () => {
    expect(applyRedactions('Hello', [], ['Hello', 'absent'], AT)).toEqual({ missing: 'absent' });
    const done = applyRedactions('x [redacted] y', [{ start: 2, end: 12, at: AT.toISOString() }], ['redacted'], AT);
    expect(done).toEqual({ missing: 'redacted' });
  });
});

describe('body blocks', () => {
  it('splits paragraphs and lines, and marks redactions and findings', () => {
    const body = 'Hi [redacted]\nline two\n\nborn 2019-03-04';
    const blocks = toBodyBlocks(body, [{ start: 3, end: 13, at: AT.toISOString() }], detectPhi(body));
    expect(blocks).toEqual([
      [[{ text: 'Hi ' }, { text: '[redacted]', mark: 'redacted' }], [{ text: 'line two' }]],
      [[{ text: 'born ' }, { text: '2019-03-04', mark: 'date_of_birth' }]],
    ]);
  });

  it('ignores ranges that do not fit the body', () => {
    expect(toBodyBlocks('short', [{ start: 3, end: 40, at: AT.toISOString() }])).toEqual([[[{ text: 'short' }]]]);
  });
});
