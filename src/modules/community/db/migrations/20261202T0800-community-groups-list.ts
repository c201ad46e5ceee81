import { type Kysely, sql } from 'kysely';

/**
 * The organization's group list reads its groups by English name after a keyset cursor; this
 * index walks them in that order, so a page costs its own groups, not the organization's.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index if not exists community_groups_list_idx on community_groups (organization_id, name_en, id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists community_groups_list_idx`.execute(db);
}
