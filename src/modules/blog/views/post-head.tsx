import type { T } from '../../../platform/i18n/i18n.js';
import { ShareMeta } from '../../../platform/views/share-meta.js';
import type { PostMeta } from '../services/sharing.js';
import type { FeedFormat } from './urls.js';

const FEED_TYPES: Record<FeedFormat, string> = { rss: 'application/rss+xml', atom: 'application/atom+xml', json: 'application/feed+json' };

/**
 * JSON for a <script type="application/ld+json"> data block: <, > and & are written as \u escapes
 * (and the two JavaScript line separators too), so no title can close the element or open a comment.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** Autodiscovery: the <link rel="alternate"> of each feed, so readers and browsers find them from the page. */
export function FeedLinks({ t, feeds }: { t: T; feeds: { format: FeedFormat; href: string; title: string }[] }): JSX.Element {
  return (
    <>
      {feeds.map((f) => (
        <link rel="alternate" type={FEED_TYPES[f.format]} title={t(`blog-sharing.feeds.${f.format}`, { title: f.title })} href={f.href} />
      ))}
    </>
  );
}

/** The post page's head: canonical and language alternates, feeds, Open Graph, Twitter card and JSON-LD. */
export function PostHead({ t, meta }: { t: T; meta: PostMeta }): JSX.Element {
  const m = meta;
  const safeJsonLd = jsonForScript(m.jsonLd);
  return (
    <>
      <link rel="canonical" href={m.canonical} />
      <meta name="description" content={m.description} />
      {m.noindex ? <meta name="robots" content="noindex" /> : ''}
      {m.alternates.map((a) => (
        <link rel="alternate" hreflang={a.hreflang} href={a.href} />
      ))}
      <FeedLinks t={t} feeds={m.feeds.map((f) => ({ format: f.format, href: f.href, title: f.blogTitle }))} />
      <ShareMeta meta={{ type: 'article', canonical: m.canonical, title: m.title, description: m.description, siteName: m.siteName, locale: m.locale, alternateLocales: m.alternateLocales, image: m.image }} />
      {m.publishedTime ? <meta property="article:published_time" content={m.publishedTime} /> : ''}
      <meta property="article:modified_time" content={m.modifiedTime} />
      {m.tags.map((tag) => (
        <meta property="article:tag" content={tag} />
      ))}
      <script type="application/ld+json">{safeJsonLd}</script>
      <script src="/assets/share.js" defer></script>
    </>
  );
}
