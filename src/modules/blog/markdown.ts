import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';

/**
 * Markdown → HTML that is safe to show: markdown-it with raw HTML off, then sanitize-html with
 * an allowlist, so no script, event handler, style or javascript: URL survives either step.
 */
const md = new MarkdownIt({ html: false, linkify: true, typographer: true });

const ALLOWED: sanitizeHtml.IOptions = {
  allowedTags: [
    'p', 'br', 'hr', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'ul', 'ol', 'li', 'strong', 'em', 'del', 's', 'code', 'pre',
    'a', 'img', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'abbr', 'sup', 'sub',
  ],
  allowedAttributes: { a: ['href', 'title', 'lang', 'hreflang'], img: ['src', 'alt', 'title', 'width', 'height'], th: ['scope', 'align'], td: ['align'], abbr: ['title'] },
  allowedSchemes: ['https', 'http', 'mailto', 'tel'],
  allowedSchemesByTag: { img: ['https', 'http'] },
  allowProtocolRelative: false,
  transformTags: {
    // A heading level 1 belongs to the page's title; body headings start at 2.
    h1: 'h2',
    a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: 'noopener noreferrer nofollow ugc' } }),
  },
  disallowedTagsMode: 'discard',
};
ALLOWED.allowedAttributes = { ...(ALLOWED.allowedAttributes as Record<string, string[]>), a: ['href', 'title', 'lang', 'hreflang', 'rel'] };

export function renderMarkdown(source: string): string {
  return sanitizeHtml(md.render(source), ALLOWED);
}

/** Plain text of a Markdown source (for excerpts, feeds and share text). */
export function markdownToText(source: string): string {
  return sanitizeHtml(md.render(source), { allowedTags: [], allowedAttributes: {} }).replace(/\s+/g, ' ').trim();
}

/** Images in a Markdown body with their alt text, so publishing can require it. */
export function markdownImages(source: string): { src: string; alt: string }[] {
  const out: { src: string; alt: string }[] = [];
  const walk = (tokens: ReturnType<typeof md.parse>) => {
    for (const tok of tokens) {
      if (tok.type === 'image') out.push({ src: tok.attrGet('src') ?? '', alt: tok.content.trim() });
      if (tok.children) walk(tok.children);
    }
  };
  walk(md.parse(source, {}));
  return out;
}
