import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // A supporter's personal page or a team page for a campaign; a personal page may belong to a team.
  await sql`
    create table if not exists fundraising_pages (
      id uuid primary key,
      organization_id uuid not null references identity_organizations(id) on delete cascade,
      campaign_id uuid not null references fundraising_campaigns(id) on delete cascade,
      owner_account_id uuid references identity_accounts(id) on delete set null,
      kind text not null check (kind in ('personal', 'team')),
      team_id uuid references fundraising_pages(id) on delete set null,
      slug text not null,
      title text not null,
      story text not null default '',
      goal_cents bigint not null check (goal_cents > 0),
      raised_cents bigint not null default 0,
      gift_count integer not null default 0,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (campaign_id, slug)
    )`.execute(db);
  await sql`create index if not exists fundraising_pages_leaderboard_idx on fundraising_pages (campaign_id, kind, raised_cents desc)`.execute(db);
  await sql`alter table fundraising_gifts add column if not exists page_id uuid references fundraising_pages(id) on delete set null`.execute(db);
  // Where the donor came from (a share link's channel: email, facebook, x, link…).
  await sql`alter table fundraising_gifts add column if not exists attribution_channel text`.execute(db);
  await sql`create index if not exists fundraising_gifts_page_idx on fundraising_gifts (page_id) where page_id is not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table fundraising_gifts drop column if exists attribution_channel`.execute(db);
  await sql`alter table fundraising_gifts drop column if exists page_id`.execute(db);
  await sql`drop table if exists fundraising_pages`.execute(db);
}
