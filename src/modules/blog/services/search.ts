import { NotFoundError } from '../../../platform/http/errors.js';
import type { BlogDeps } from '../deps.js';
import { findOrganizationBySlug, type OrgRef } from '../db/queries/blogs.js';
import { HIT_END, HIT_START, searchPublishedPosts, type SearchHit } from '../db/queries/search.js';
import type { PostLang } from '../db/schema.js';
import { SEARCH_PAGE_SIZE, type SearchQuery } from '../manage-schemas.js';

/** A piece of a snippet: plain post text, and whether it matched the reader's words. */
export type SnippetPart = { text: string; hit: boolean };
export type SearchResult = Omit<SearchHit, 'headline' | 'rank'> & { snippet: SnippetPart[] };

/** Markdown's punctuation would read as noise in a snippet: links keep their words only. */
const plainText = (markdown: string): string =>
  markdown
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[*_`#>~|]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

/**
 * Cuts ts_headline's output at its match markers. The parts are plain text, escaped when shown;
 * markup is never built from the post's words, so a stray marker can at worst shift a highlight.
 */
export function toSnippet(headline: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  let hit = false;
  let text = '';
  const flush = () => {
    if (text) parts.push({ text, hit });
    text = '';
  };
  for (const ch of plainText(headline)) {
    if (ch === HIT_START || ch === HIT_END) {
      flush();
      hit = ch === HIT_START;
    } else text += ch;
  }
  flush();
  return parts;
}

/** Full-text search over the published posts of an organization's blogs. */
export function createSearchService(deps: Pick<BlogDeps, 'db'>) {
  const { db } = deps;
  return {
    async search(orgSlug: string, query: SearchQuery): Promise<{ org: OrgRef; results: SearchResult[]; page: number; hasMore: boolean }> {
      const org = await findOrganizationBySlug(db, orgSlug);
      if (!org) throw new NotFoundError();
      const page = query.page ?? 1;
      const hits = await searchPublishedPosts(db, org.id, query.q, { lang: query.lang as PostLang | undefined, limit: SEARCH_PAGE_SIZE + 1, offset: (page - 1) * SEARCH_PAGE_SIZE });
      const results = hits.slice(0, SEARCH_PAGE_SIZE).map(({ headline, rank: _rank, ...hit }) => ({ ...hit, snippet: toSnippet(headline) }));
      return { org, results, page, hasMore: hits.length > SEARCH_PAGE_SIZE };
    },

    /** The organization, for a search form shown again with its errors. */
    async org(orgSlug: string): Promise<OrgRef> {
      const org = await findOrganizationBySlug(db, orgSlug);
      if (!org) throw new NotFoundError();
      return org;
    },
  };
}
export type SearchService = ReturnType<typeof createSearchService>;
