import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table if not exists blog_comments (
      id uuid primary key,
      organization_id uuid not null references identity_organizations(id) on delete cascade,
      post_id uuid not null references blog_posts(id) on delete cascade,
      parent_id uuid references blog_comments(id) on delete cascade,
      account_id uuid references identity_accounts(id) on delete cascade,
      guest_name text,
      guest_email text,
      body text not null check (char_length(body) between 1 and 5000),
      lang text not null default 'en' check (lang in ('en','fr')),
      status text not null default 'held' check (status in ('held','approved','rejected','spam')),
      hold_reasons text[] not null default '{}',
      redactions jsonb not null default '[]',
      ip_hash text,
      created_at timestamptz not null default now(),
      moderated_by uuid references identity_accounts(id) on delete set null,
      moderated_at timestamptz,
      check (account_id is not null or (guest_name is not null and guest_email is not null)),
      check (parent_id is null or parent_id <> id)
    )`.execute(db);
  await sql`create index if not exists blog_comments_post_idx on blog_comments (post_id, created_at) where status = 'approved'`.execute(db);
  await sql`create index if not exists blog_comments_held_idx on blog_comments (organization_id, created_at) where status = 'held'`.execute(db);
  await sql`create index if not exists blog_comments_ip_idx on blog_comments (ip_hash, created_at)`.execute(db);
  await sql`create index if not exists blog_comments_account_idx on blog_comments (organization_id, account_id) where status = 'approved'`.execute(db);
  await sql`create index if not exists blog_comments_guest_idx on blog_comments (organization_id, guest_email) where status = 'approved'`.execute(db);

  await sql`
    create table if not exists blog_moderation_settings (
      organization_id uuid primary key references identity_organizations(id) on delete cascade,
      mrn_pattern text check (mrn_pattern is null or char_length(mrn_pattern) <= 40),
      blocked_words text[] not null default '{}',
      updated_by uuid references identity_accounts(id) on delete set null,
      updated_at timestamptz not null default now()
    )`.execute(db);
}
