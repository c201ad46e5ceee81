import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table if not exists community_groups (
      id uuid primary key,
      organization_id uuid not null references identity_organizations(id) on delete cascade,
      slug text not null check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and char_length(slug) <= 60),
      kind text not null check (kind in ('public','private','secret','staff')),
      name_en text not null check (char_length(name_en) between 1 and 120),
      name_fr text not null check (char_length(name_fr) between 1 and 120),
      description_en text not null default '' check (char_length(description_en) <= 2000),
      description_fr text not null default '' check (char_length(description_fr) <= 2000),
      rules_en text not null default '' check (char_length(rules_en) <= 4000),
      rules_fr text not null default '' check (char_length(rules_fr) <= 4000),
      no_phi boolean not null default false,
      created_by uuid references identity_accounts(id) on delete set null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (organization_id, slug)
    )`.execute(db);

  await sql`
    create table if not exists community_group_members (
      group_id uuid not null references community_groups(id) on delete cascade,
      account_id uuid not null references identity_accounts(id) on delete cascade,
      organization_id uuid not null references identity_organizations(id) on delete cascade,
      role text not null default 'member' check (role in ('owner','moderator','member')),
      status text not null check (status in ('active','requested','invited','banned')),
      invited_by uuid references identity_accounts(id) on delete set null,
      decided_by uuid references identity_accounts(id) on delete set null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (group_id, account_id)
    )`.execute(db);
  await sql`create index if not exists community_group_members_account_idx on community_group_members (account_id, status)`.execute(db);

  await sql`
    create table if not exists community_posts (
      id uuid primary key,
      organization_id uuid not null references identity_organizations(id) on delete cascade,
      group_id uuid not null references community_groups(id) on delete cascade,
      author_id uuid not null references identity_accounts(id) on delete cascade,
      parent_id uuid references community_posts(id) on delete cascade,
      body_md text not null check (char_length(body_md) between 1 and 10000),
      body_html text not null,
      status text not null default 'visible' check (status in ('visible','deleted')),
      created_at timestamptz not null default now(),
      edited_at timestamptz,
      check (parent_id is null or parent_id <> id)
    )`.execute(db);
  await sql`create index if not exists community_posts_group_idx on community_posts (group_id, created_at desc, id desc) where parent_id is null and status = 'visible'`.execute(db);
  await sql`create index if not exists community_posts_parent_idx on community_posts (parent_id, created_at) where parent_id is not null`.execute(db);

  await sql`
    create table if not exists community_reactions (
      post_id uuid not null references community_posts(id) on delete cascade,
      account_id uuid not null references identity_accounts(id) on delete cascade,
      organization_id uuid not null references identity_organizations(id) on delete cascade,
      reaction text not null check (reaction in ('like','heart','support','thanks')),
      created_at timestamptz not null default now(),
      primary key (post_id, account_id, reaction)
    )`.execute(db);
}
