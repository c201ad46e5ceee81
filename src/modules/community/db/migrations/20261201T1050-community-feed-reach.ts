import { type Kysely, sql } from 'kysely';

/**
 * People's posts newest first with their group in the index itself, so the home feed can skip
 * posts in groups the reader may not read without visiting the table.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index if not exists community_posts_author_group_idx on community_posts (author_id, created_at desc, id desc) include (group_id) where parent_id is null and status = 'visible'`.execute(db);
  await sql`drop index if exists community_posts_author_idx`.execute(db);
}
