import { createHash } from 'node:crypto';
import { Feed, type Item } from 'feed';
import sanitizeHtml from 'sanitize-html';
import { ANONYMOUS } from '../../../platform/auth/actor.js';
import type { Lang } from '../../../platform/i18n/i18n.js';
import type { BlogDeps } from '../deps.js';
import { absoluteUrl, blogUrl, feedUrl, postUrl, tagUrl, type FeedFormat } from '../views/urls.js';
import type { PostSummary, ReadingService } from './reading.js';

/** How many of the newest published posts a feed carries. */
export const FEED_LIMIT = 20;

export const FEED_CONTENT_TYPES: Record<FeedFormat, string> = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
};

export const LANGUAGE_TAGS: Record<Lang, string> = { en: 'en-CA', fr: 'fr-CA' };

export type RenderedFeed = { body: string; contentType: string; etag: string };

// XML 1.0 forbids these characters even as references; they are dropped rather than break a reader.
// eslint-disable-next-line no-control-regex
const XML_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
const clean = (s: string) => s.replace(XML_FORBIDDEN, '');
const escapeHtml = (s: string) => clean(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
/**
 * Text for a CDATA section. The XML writer splits only the first `]]>` across two sections; every
 * later one is split here the same way, so any text survives whole.
 */
function cdata(s: string): string {
  let seen = false;
  return clean(s).replace(/]]>/g, (m) => (seen ? ']]]]><![CDATA[>' : ((seen = true), m)));
}
/** Atom writes categories as attributes, where a raw `<` is not allowed. */
const attributeText = (s: string) => clean(s).replace(/[<>]/g, '');

/**
 * Post bodies are sanitized when saved; feeds pass them through a sanitizer once more and make
 * their links and images absolute, since a feed reader has no page address to resolve them against.
 */
function feedHtml(html: string, base: URL): string {
  const absolute =
    (attr: string) =>
    (tagName: string, attribs: sanitizeHtml.Attributes): sanitizeHtml.Tag => {
      const value = attribs[attr];
      return { tagName, attribs: value?.startsWith('/') && !value.startsWith('//') ? { ...attribs, [attr]: absoluteUrl(base, value) } : attribs };
    };
  return sanitizeHtml(html, {
    allowedTags: [...sanitizeHtml.defaults.allowedTags, 'img'],
    allowedAttributes: { a: ['href', 'title', 'lang', 'hreflang', 'rel'], img: ['src', 'alt', 'title', 'width', 'height'], th: ['scope', 'align'], td: ['align'], abbr: ['title'], '*': ['lang'] },
    allowedSchemes: ['https', 'http', 'mailto', 'tel'],
    allowedSchemesByTag: { img: ['https', 'http'] },
    allowProtocolRelative: false,
    transformTags: { a: absolute('href'), img: absolute('src') },
  });
}

/** RSS 2.0, Atom 1.0 and JSON Feed 1.1 of a blog or of one tag of it, built with the `feed` package. */
export function createFeedService(deps: BlogDeps & { reading: ReadingService }) {
  const base = deps.config.publicUrl;
  const abs = (path: string) => absoluteUrl(base, path);

  function item(format: FeedFormat, org: string, blog: string, post: PostSummary): Item {
    const link = abs(postUrl(org, blog, post.slug));
    const body = post.bodyHtml.trim() ? feedHtml(post.bodyHtml, base) : `<p>${escapeHtml(post.title)}</p>`;
    const names = post.authors.map((a) => clean(a.displayName));
    const lang = LANGUAGE_TAGS[post.lang];
    // The id never changes when a post is edited or its slug renamed; readers use it to spot items they already showed.
    const id = `urn:uuid:${post.id}`;
    return {
      title: format === 'rss' ? cdata(post.title) : format === 'atom' ? cdata(escapeHtml(post.title)) : clean(post.title),
      id,
      guid: id,
      link,
      date: post.updatedAt,
      published: post.publishedAt ?? post.updatedAt,
      ...(post.excerpt ? { description: format === 'json' ? clean(post.excerpt) : cdata(escapeHtml(post.excerpt)) } : {}),
      content: format === 'json' ? body : cdata(body),
      // RSS's own <author> must be an e-mail address, which is never published: names go in dc:creator.
      ...(format === 'rss' ? {} : { author: names.map((name) => ({ name })) }),
      category: post.tags.map((tag) =>
        format === 'atom' ? { name: attributeText(tag.label), term: attributeText(tag.tag) } : { name: clean(tag.label) },
      ),
      ...(format === 'rss'
        ? {
            extensions: [
              ...(names.length > 0 ? [{ name: 'dc:creator', objects: { _text: names.join(', ') } }] : []),
              { name: 'dc:language', objects: { _text: lang } },
            ],
          }
        : {}),
    };
  }

  return {
    async render(orgSlug: string, blogSlug: string, format: FeedFormat, lang: Lang, tag?: string): Promise<RenderedFeed> {
      const page = await deps.reading.blogIndex(orgSlug, blogSlug, ANONYMOUS, { tag, limit: FEED_LIMIT });
      const { org, blog, posts } = page;
      const t = deps.i18n.t(lang);
      const blogTitle = lang === 'fr' ? blog.titleFr : blog.titleEn;
      const tagLabel = tag === undefined ? undefined : (posts[0]?.tags.find((x) => x.tag === tag)?.label ?? tag);
      const title = clean(tagLabel === undefined ? blogTitle : t('blog.index.tagTitle', { blog: blogTitle, tag: tagLabel }));
      const description = (lang === 'fr' ? blog.descriptionFr : blog.descriptionEn) ?? title;
      const orgName = lang === 'fr' ? org.nameFr : org.nameEn;
      const home = abs(tag === undefined ? blogUrl(org.slug, blog.slug) : tagUrl(org.slug, blog.slug, tag));
      const updated = posts.reduce((latest, p) => (p.updatedAt > latest ? p.updatedAt : latest), blog.updatedAt);
      const feed = new Feed({
        id: tag === undefined ? `urn:uuid:${blog.id}` : home,
        title,
        description: clean(description),
        link: home,
        language: LANGUAGE_TAGS[lang],
        updated,
        generator: 'Foyer',
        favicon: abs('/assets/favicon.svg'),
        author: { name: clean(orgName), link: abs(`/o/${org.slug}`) },
        feedLinks: {
          rss: abs(feedUrl(org.slug, blog.slug, 'rss', tag)),
          atom: abs(feedUrl(org.slug, blog.slug, 'atom', tag)),
          json: abs(feedUrl(org.slug, blog.slug, 'json', tag)),
        },
      });
      // `feed` takes one self link; each format names its own address.
      feed.options.feed = feed.options.feedLinks![format];
      for (const post of posts) feed.addItem(item(format, org.slug, blog.slug, post));

      let body: string;
      if (format === 'rss') body = feed.rss2();
      else if (format === 'atom') body = withAtomLanguages(feed.atom1(), LANGUAGE_TAGS[lang], posts.map((p) => LANGUAGE_TAGS[p.lang]));
      else body = toJsonFeed11(feed.json1(), LANGUAGE_TAGS[lang], { name: clean(orgName), url: abs(`/o/${org.slug}`) }, posts);
      return { body, contentType: FEED_CONTENT_TYPES[format], etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
    },
  };
}
export type FeedService = ReturnType<typeof createFeedService>;

/**
 * `feed` writes no language in Atom; xml:lang goes on the root and on each entry, whose opening
 * tags are the only `<entry>` in the document (titles and summaries are escaped, bodies sanitized).
 */
function withAtomLanguages(xml: string, feedLang: string, entryLangs: string[]): string {
  const root = '<feed xmlns="http://www.w3.org/2005/Atom">';
  let out = xml.replace(root, `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${feedLang}">`);
  if ((out.match(/<entry>/g) ?? []).length === entryLangs.length) {
    let i = 0;
    out = out.replace(/<entry>/g, () => `<entry xml:lang="${entryLangs[i++]}">`);
  }
  return out;
}

/** `feed` writes JSON Feed 1.0; 1.1 adds `language` and the `authors` array, which replaces `author`. */
function toJsonFeed11(json: string, feedLang: string, author: { name: string; url: string }, posts: PostSummary[]): string {
  const doc = JSON.parse(json) as Record<string, unknown> & { items: Record<string, unknown>[] };
  delete doc.author;
  const items = doc.items.map((entry, i) => {
    const post = posts[i]!;
    const { author: _legacy, summary: _summary, ...rest } = entry;
    return {
      ...rest,
      ...(post.excerpt ? { summary: clean(post.excerpt) } : {}),
      authors: post.authors.map((a) => ({ name: clean(a.displayName) })),
      language: LANGUAGE_TAGS[post.lang],
    };
  });
  const { version: _version, items: _items, ...top } = doc;
  return JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', ...top, language: feedLang, authors: [author], items }, null, 2);
}
