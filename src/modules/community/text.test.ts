import { describe, expect, it } from 'vitest';
import { extractHashtags, extractMentions, mentionKey } from './text.js';

describe('mentions', () => {
  it('finds display names written without spaces, ignoring case and accents', () => {
    expect(extractMentions('Thanks @PatMember and @frédériqueFundraiser!')).toEqual(['patmember', 'frederiquefundraiser']);
    expect(mentionKey('Dr. Sam Staff')).toBe('drsamstaff');
  });
  it('ignores e-mail addresses, code and lone @', () => {
    expect(extractMentions('write to pat@example.ca, `@NotMe`, @ alone\n```\n@Nope\n```')).toEqual([]);
  });
});

describe('hashtags', () => {
  it('keeps tags in lower case, once each', () => {
    expect(extractHashtags('#School tips #school and #santé_mentale')).toEqual(['school', 'santé_mentale']);
  });
  it('ignores numbers, HTML entities, URL fragments and headings', () => {
    expect(extractHashtags('#1 room &#39; https://x.ca/a#frag\n# Heading')).toEqual([]);
  });
});
