import { sql } from 'kysely';
import type { Executor } from '../../../../platform/db/types.js';
import type { PostLang } from '../schema.js';

/** Marks ts_headline puts around matches; control characters, so no post text can contain them. */
export const HIT_START = '\u0002';
export const HIT_END = '\u0003';
const HEADLINE_OPTIONS = `StartSel=${HIT_START}, StopSel=${HIT_END}, MaxWords=35, MinWords=15, MaxFragments=2, FragmentDelimiter=" … "`;

export type SearchHit = {
  id: string;
  slug: string;
  lang: PostLang;
  title: string;
  publishedAt: Date | null;
  blogSlug: string;
  blogTitleEn: string;
  blogTitleFr: string;
  /** Raw post text with HIT_START/HIT_END around matches: never markup, always escaped when shown. */
  headline: string;
  rank: number;
};

/**
 * Published posts of one organization matching the words in English or in French: each
 * post's stored vector was built with its own language's dictionary, and the reader's words
 * are stemmed with both, so "hospitals" finds "hospital" and "hôpitaux" finds "hôpital".
 */
export async function searchPublishedPosts(
  ex: Executor,
  organizationId: string,
  q: string,
  opts: { lang?: PostLang | undefined; limit: number; offset: number },
): Promise<SearchHit[]> {
  const query = sql`(websearch_to_tsquery('english'::regconfig, ${q}) || websearch_to_tsquery('french'::regconfig, ${q}))`;
  const result = await sql<SearchHit>`
    select p.id, p.slug, p.lang, p.title, p.published_at, b.slug as blog_slug, b.title_en as blog_title_en, b.title_fr as blog_title_fr,
      ts_rank(p.search_vector, ${query}) as rank,
      ts_headline(
        (case when p.lang = 'fr' then 'french' else 'english' end)::regconfig,
        coalesce(p.excerpt, '') || ' ' || p.body_md,
        ${query},
        ${HEADLINE_OPTIONS}
      ) as headline
    from blog_posts p
    join blog_blogs b on b.id = p.blog_id and b.organization_id = p.organization_id
    where p.organization_id = ${organizationId}
      and p.status = 'published'
      and p.search_vector @@ ${query}
      ${opts.lang ? sql`and p.lang = ${opts.lang}` : sql``}
    order by rank desc, p.published_at desc nulls last, p.id desc
    limit ${opts.limit} offset ${opts.offset}`.execute(ex);
  return result.rows.map((r) => ({ ...r, rank: Number(r.rank) }));
}
