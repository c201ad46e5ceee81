import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table if not exists blog_favourites (
      account_id uuid not null references identity_accounts(id) on delete cascade,
      post_id uuid not null references blog_posts(id) on delete cascade,
      created_at timestamptz not null default now(),
      primary key (account_id, post_id)
    )`.execute(db);
  await sql`create index if not exists blog_favourites_account_created_idx on blog_favourites (account_id, created_at desc, post_id desc)`.execute(db);
  await sql`create index if not exists blog_favourites_post_idx on blog_favourites (post_id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists blog_favourites`.execute(db);
}
