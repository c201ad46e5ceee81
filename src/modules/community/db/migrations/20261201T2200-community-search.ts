import { type Kysely, sql } from 'kysely';

/**
 * Full-text search over posts and groups in English and French, as expression indexes (no
 * stored column, so reading posts and groups fetches nothing more). A post's language is not
 * known, so its text is indexed with both dictionaries; a group's English fields with the
 * English one and its French fields with the French one. db/queries/search.ts repeats these
 * expressions exactly, so the planner uses the indexes.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create index if not exists community_posts_search_idx on community_posts using gin (
      (to_tsvector('english'::regconfig, body_md) || to_tsvector('french'::regconfig, body_md))
    )`.execute(db);
  await sql`
    create index if not exists community_groups_search_idx on community_groups using gin (
      (to_tsvector('english'::regconfig, name_en || ' ' || description_en) || to_tsvector('french'::regconfig, name_fr || ' ' || description_fr))
    )`.execute(db);
}
