import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table if not exists community_follows (
      organization_id uuid not null references identity_organizations(id) on delete cascade,
      follower_id uuid not null references identity_accounts(id) on delete cascade,
      followee_id uuid not null references identity_accounts(id) on delete cascade,
      created_at timestamptz not null default now(),
      primary key (organization_id, follower_id, followee_id),
      check (follower_id <> followee_id)
    )`.execute(db);

  await sql`
    create table if not exists community_feed_views (
      organization_id uuid not null references identity_organizations(id) on delete cascade,
      account_id uuid not null references identity_accounts(id) on delete cascade,
      last_seen_at timestamptz not null,
      primary key (organization_id, account_id)
    )`.execute(db);

  // The home feed reads people's posts newest first, the way the group index serves groups.
  await sql`create index if not exists community_posts_author_idx on community_posts (author_id, created_at desc, id desc) where parent_id is null and status = 'visible'`.execute(db);
}
