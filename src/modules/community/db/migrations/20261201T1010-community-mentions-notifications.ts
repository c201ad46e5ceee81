import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table if not exists community_mentions (
      post_id uuid not null references community_posts(id) on delete cascade,
      account_id uuid not null references identity_accounts(id) on delete cascade,
      organization_id uuid not null references identity_organizations(id) on delete cascade,
      primary key (post_id, account_id)
    )`.execute(db);

  await sql`
    create table if not exists community_hashtags (
      post_id uuid not null references community_posts(id) on delete cascade,
      tag text not null check (char_length(tag) between 2 and 50),
      organization_id uuid not null references identity_organizations(id) on delete cascade,
      group_id uuid not null references community_groups(id) on delete cascade,
      created_at timestamptz not null,
      primary key (post_id, tag)
    )`.execute(db);
  await sql`create index if not exists community_hashtags_tag_idx on community_hashtags (organization_id, tag, created_at desc, post_id desc)`.execute(db);

  await sql`
    create table if not exists community_post_revisions (
      id uuid primary key,
      organization_id uuid not null references identity_organizations(id) on delete cascade,
      post_id uuid not null references community_posts(id) on delete cascade,
      body_md text not null,
      created_at timestamptz not null
    )`.execute(db);
  await sql`create index if not exists community_post_revisions_post_idx on community_post_revisions (post_id, created_at)`.execute(db);

  await sql`
    create table if not exists community_notifications (
      id uuid primary key,
      organization_id uuid not null references identity_organizations(id) on delete cascade,
      recipient_id uuid not null references identity_accounts(id) on delete cascade,
      kind text not null check (kind in ('mention','reply','reaction','join_request','approved')),
      actor_id uuid references identity_accounts(id) on delete set null,
      group_id uuid not null references community_groups(id) on delete cascade,
      post_id uuid references community_posts(id) on delete cascade,
      created_at timestamptz not null default now(),
      read_at timestamptz
    )`.execute(db);
  await sql`create index if not exists community_notifications_recipient_idx on community_notifications (recipient_id, organization_id, created_at desc)`.execute(db);
}
