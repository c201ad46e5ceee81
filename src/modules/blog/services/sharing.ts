import { ValidationError } from '../../../platform/http/errors.js';
import { OG_LOCALES, shorten } from '../../../platform/views/share-meta.js';
import type { BlogDeps } from '../deps.js';
import { markdownToText } from '../markdown.js';
import type { MastodonShareQuery } from '../sharing-schemas.js';
import { absoluteUrl, blogUrl, feedUrl, postUrl, shareImageUrl, type FeedFormat } from '../views/urls.js';
import { LANGUAGE_TAGS } from './feeds.js';
import type { ReadingService } from './reading.js';

export type PostPageData = Awaited<ReturnType<ReadingService['postPage']>>;

export const SHARE_NETWORKS = ['facebook', 'x', 'linkedin', 'bluesky', 'reddit', 'pinterest', 'tumblr', 'email'] as const;
export type ShareNetwork = (typeof SHARE_NETWORKS)[number];
export type ShareLink = { network: ShareNetwork; href: string };

export const SHARE_IMAGE_SIZE = { width: 1200, height: 630 } as const;

/** Everything the head of a post page says about the post to search engines and link previews. */
export type PostMeta = {
  canonical: string;
  title: string;
  description: string;
  siteName: string;
  lang: 'en' | 'fr';
  /** Open Graph locales: en_CA, fr_CA. */
  locale: string;
  alternateLocales: string[];
  image: { url: string; alt: string; width?: number; height?: number; type?: string };
  publishedTime: string | null;
  modifiedTime: string;
  tags: string[];
  authors: string[];
  alternates: { hreflang: string; href: string }[];
  feeds: { format: FeedFormat; href: string; blogTitle: string }[];
  jsonLd: Record<string, unknown>;
  /** Drafts shown to their authors must not be indexed if the address leaks. */
  noindex: boolean;
};

/**
 * Share links for networks that take a URL and a title in their own address: the reader's
 * browser goes there only when they follow the link, so nothing of theirs is loaded here.
 */
export function shareLinks(p: { url: string; title: string; image: string }): ShareLink[] {
  // encodeURIComponent rather than URLSearchParams: mailto needs %20, not +, for spaces.
  const e = encodeURIComponent;
  return [
    { network: 'facebook', href: `https://www.facebook.com/sharer/sharer.php?u=${e(p.url)}` },
    { network: 'x', href: `https://x.com/intent/post?text=${e(p.title)}&url=${e(p.url)}` },
    { network: 'linkedin', href: `https://www.linkedin.com/sharing/share-offsite/?url=${e(p.url)}` },
    { network: 'bluesky', href: `https://bsky.app/intent/compose?text=${e(`${p.title} ${p.url}`)}` },
    { network: 'reddit', href: `https://www.reddit.com/submit?url=${e(p.url)}&title=${e(p.title)}` },
    { network: 'pinterest', href: `https://www.pinterest.com/pin/create/button/?url=${e(p.url)}&media=${e(p.image)}&description=${e(p.title)}` },
    { network: 'tumblr', href: `https://www.tumblr.com/widgets/share/tool?posttype=link&canonicalUrl=${e(p.url)}&title=${e(p.title)}` },
    { network: 'email', href: `mailto:?subject=${e(p.title)}&body=${e(p.url)}` },
  ];
}

/** Sharing, link previews and search-engine metadata of posts. */
export function createSharingService(deps: BlogDeps) {
  const base = deps.config.publicUrl;
  const abs = (path: string) => absoluteUrl(base, path);

  function imageOf(page: PostPageData): PostMeta['image'] {
    const { org, blog, post } = page;
    if (post.coverObjectId) return { url: abs(`/media/${post.coverObjectId}`), alt: post.coverAlt ?? post.title };
    // The version changes with every edit, so previews cached by networks follow the new title.
    return {
      url: `${abs(shareImageUrl(org.slug, blog.slug, post.slug))}?v=${post.updatedAt.getTime()}`,
      alt: post.title,
      type: 'image/png',
      ...SHARE_IMAGE_SIZE,
    };
  }

  return {
    postUrl: (page: PostPageData) => abs(postUrl(page.org.slug, page.blog.slug, page.post.slug)),

    /** Pure: builds the head's view-model from a loaded post page. */
    postMeta(page: PostPageData): PostMeta {
      const { org, blog, post } = page;
      const canonical = abs(postUrl(org.slug, blog.slug, post.slug));
      const description = shorten(post.excerpt ?? markdownToText(post.bodyMd));
      const siteName = post.lang === 'fr' ? org.nameFr : org.nameEn;
      const image = imageOf(page);
      const published = post.status === 'published' && post.publishedAt ? post.publishedAt.toISOString() : null;
      const alternates =
        page.translations.length > 0
          ? [{ hreflang: post.lang, href: canonical }, ...page.translations.map((tr) => ({ hreflang: tr.lang, href: abs(postUrl(org.slug, tr.blogSlug, tr.slug)) }))]
          : [];
      const authors = post.authors.map((a) => a.displayName);
      const jsonLd: Record<string, unknown> = {
        '@context': 'https://schema.org',
        '@type': 'Article',
        headline: shorten(post.title, 110),
        description,
        url: canonical,
        mainEntityOfPage: { '@type': 'WebPage', '@id': canonical },
        inLanguage: LANGUAGE_TAGS[post.lang],
        image: [image.url],
        ...(published ? { datePublished: published } : {}),
        dateModified: post.updatedAt.toISOString(),
        author: authors.map((name) => ({ '@type': 'Person', name })),
        publisher: { '@type': 'Organization', name: siteName, url: abs(`/o/${org.slug}`) },
        isPartOf: { '@type': 'Blog', name: post.lang === 'fr' ? blog.titleFr : blog.titleEn, url: abs(blogUrl(org.slug, blog.slug)) },
        ...(post.tags.length > 0 ? { keywords: post.tags.map((t) => t.label).join(', ') } : {}),
      };
      return {
        canonical,
        title: post.title,
        description,
        siteName,
        lang: post.lang,
        locale: OG_LOCALES[post.lang],
        alternateLocales: [...new Set(page.translations.map((tr) => OG_LOCALES[tr.lang as 'en' | 'fr']).filter((l) => l && l !== OG_LOCALES[post.lang]))],
        image,
        publishedTime: published,
        modifiedTime: post.updatedAt.toISOString(),
        tags: post.tags.map((t) => t.label),
        authors,
        alternates,
        feeds: (['rss', 'atom', 'json'] as const).map((format) => ({
          format,
          href: abs(feedUrl(org.slug, blog.slug, format)),
          blogTitle: post.lang === 'fr' ? blog.titleFr : blog.titleEn,
        })),
        jsonLd,
        noindex: post.status !== 'published',
      };
    },

    shareLinks(page: PostPageData): ShareLink[] {
      return shareLinks({ url: abs(postUrl(page.org.slug, page.blog.slug, page.post.slug)), title: page.post.title, image: imageOf(page).url });
    },

    /**
     * Mastodon has no central share page: the reader names their server and is sent to its own
     * /share. Only addresses of this site are shared, so the redirect cannot be borrowed to
     * send people elsewhere with someone else's text.
     */
    mastodonShareTarget(q: MastodonShareQuery): string {
      let shared: URL;
      try {
        shared = new URL(q.url);
      } catch {
        throw new ValidationError('url', 'invalid_format');
      }
      if (shared.origin !== base.origin) throw new ValidationError('url', 'invalid_format');
      const text = q.text ? `${q.text}\n\n${shared.toString()}` : shared.toString();
      return `https://${q.instance}/share?text=${encodeURIComponent(text)}`;
    },
  };
}
export type SharingService = ReturnType<typeof createSharingService>;
