/**
 * Mentions and hashtags in a post's Markdown source. Pure functions.
 *
 * A mention is "@" and a person's display name written without spaces ("@PatMember" for
 * "Pat Member"), compared without case or accents. A hashtag is "#" and letters, digits or "_",
 * kept in lower case. Neither counts inside a word, an e-mail address or a URL fragment, nor
 * inside code.
 */
const WITHOUT_CODE = (s: string) => s.replace(/```[\s\S]*?```/g, ' ').replace(/`[^`\n]*`/g, ' ');

export const mentionKey = (name: string) =>
  name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\p{L}\p{N}]/gu, '')
    .toLowerCase();

export function extractMentions(source: string): string[] {
  const out = new Set<string>();
  for (const m of WITHOUT_CODE(source).matchAll(/(?<![\p{L}\p{N}_@./#])@([\p{L}\p{N}][\p{L}\p{N}._-]{1,59})/gu)) {
    const key = mentionKey(m[1]!);
    if (key.length >= 2) out.add(key);
  }
  return [...out].slice(0, 20);
}

export function extractHashtags(source: string): string[] {
  const out = new Set<string>();
  for (const m of WITHOUT_CODE(source).matchAll(/(?<![\p{L}\p{N}_&#/])#([\p{L}\p{N}_]{2,50})(?![\p{L}\p{N}_])/gu)) {
    if (/^\d+$/.test(m[1]!)) continue;
    out.add(m[1]!.toLowerCase());
  }
  return [...out].slice(0, 20);
}
