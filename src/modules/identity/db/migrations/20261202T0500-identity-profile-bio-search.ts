import { type Kysely, sql } from 'kysely';

/**
 * Full-text search over profile bios (community people search): the English bio stemmed with the
 * English dictionary, the French bio with the French one, as an expression index (no stored
 * column). community/db/queries/search.ts repeats the expression exactly, so the planner uses it.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create index if not exists identity_profiles_bio_search_idx on identity_profiles using gin (
      (to_tsvector('english'::regconfig, coalesce(bio_en, '')) || to_tsvector('french'::regconfig, coalesce(bio_fr, '')))
    )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists identity_profiles_bio_search_idx`.execute(db);
}
