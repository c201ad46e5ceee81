const decode = (s: string) => s.replace(/&quot;|&#34;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#39;/g, "'").replace(/&amp;/g, '&');

/** Every <meta property|name="…" content="…"> of a page, by key (repeated keys keep every value). */
export function metas(head: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const m of head.matchAll(/<meta (?:property|name)="([^"]+)" content="([^"]*)"\/>/g)) out.set(m[1]!, [...(out.get(m[1]!) ?? []), decode(m[2]!)]);
  return out;
}
