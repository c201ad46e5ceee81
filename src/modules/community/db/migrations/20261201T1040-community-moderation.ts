import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table community_posts drop constraint if exists community_posts_status_check`.execute(db);
  await sql`alter table community_posts add constraint community_posts_status_check check (status in ('visible','held','hidden','removed','deleted'))`.execute(db);
  await sql`alter table community_posts add column if not exists moderation_reason text check (moderation_reason is null or char_length(moderation_reason) <= 500)`.execute(db);
  await sql`alter table community_posts add column if not exists hold_reasons text[] not null default '{}'`.execute(db);
  await sql`alter table community_group_members add column if not exists muted_until timestamptz`.execute(db);

  await sql`
    create table if not exists community_reports (
      id uuid primary key,
      organization_id uuid not null references identity_organizations(id) on delete cascade,
      group_id uuid not null references community_groups(id) on delete cascade,
      post_id uuid not null references community_posts(id) on delete cascade,
      reporter_id uuid references identity_accounts(id) on delete set null,
      reason text not null check (char_length(reason) between 1 and 500),
      status text not null default 'open' check (status in ('open','resolved')),
      resolution text check (resolution in ('hidden','removed','dismissed','approved')),
      resolved_by uuid references identity_accounts(id) on delete set null,
      created_at timestamptz not null default now(),
      resolved_at timestamptz
    )`.execute(db);
  await sql`create index if not exists community_reports_open_idx on community_reports (organization_id, group_id, created_at) where status = 'open'`.execute(db);
}
