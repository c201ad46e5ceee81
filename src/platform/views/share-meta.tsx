/** What a shared link shows (Open Graph, Twitter card): one page's title, words, address and picture. */
export type ShareMetaData = {
  type: 'article' | 'website';
  /** Absolute. */
  canonical: string;
  title: string;
  description: string;
  siteName: string;
  /** Open Graph locales: en_CA, fr_CA. */
  locale: string;
  alternateLocales: string[];
  /** Absolute URL; without one the card is a plain summary. */
  image?: { url: string; alt: string; width?: number | undefined; height?: number | undefined; type?: string | undefined } | undefined;
};

export const OG_LOCALES = { en: 'en_CA', fr: 'fr_CA' } as const;
/** The page's Open Graph locale first, the other language as its alternate. */
export const ogLocales = (lang: 'en' | 'fr') => ({ locale: OG_LOCALES[lang], alternateLocales: [OG_LOCALES[lang === 'en' ? 'fr' : 'en']] });

/** A description of at most `max` characters, cut at a word. */
export function shorten(text: string, max = 200): string {
  const s = text.replace(/\s+/g, ' ').trim();
  if (s.length <= max) return s;
  const cut = s.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s.,;:!?-]+$/, '')}…`;
}

/** The Open Graph and Twitter-card tags of a page's head. */
export function ShareMeta({ meta: m }: { meta: ShareMetaData }): JSX.Element {
  return (
    <>
      <meta property="og:type" content={m.type} />
      <meta property="og:title" content={m.title} />
      <meta property="og:description" content={m.description} />
      <meta property="og:url" content={m.canonical} />
      <meta property="og:site_name" content={m.siteName} />
      <meta property="og:locale" content={m.locale} />
      {m.alternateLocales.map((l) => (
        <meta property="og:locale:alternate" content={l} />
      ))}
      {m.image ? (
        <>
          <meta property="og:image" content={m.image.url} />
          {m.image.type ? <meta property="og:image:type" content={m.image.type} /> : ''}
          {m.image.width ? <meta property="og:image:width" content={String(m.image.width)} /> : ''}
          {m.image.height ? <meta property="og:image:height" content={String(m.image.height)} /> : ''}
          <meta property="og:image:alt" content={m.image.alt} />
        </>
      ) : (
        ''
      )}
      <meta name="twitter:card" content={m.image ? 'summary_large_image' : 'summary'} />
      <meta name="twitter:title" content={m.title} />
      <meta name="twitter:description" content={m.description} />
      {m.image ? (
        <>
          <meta name="twitter:image" content={m.image.url} />
          <meta name="twitter:image:alt" content={m.image.alt} />
        </>
      ) : (
        ''
      )}
    </>
  );
}
