import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table community_notifications add column if not exists emailed_at timestamptz`.execute(db);
  await sql`
    create table if not exists community_notice_preferences (
      organization_id uuid not null references identity_organizations(id) on delete cascade,
      account_id uuid not null references identity_accounts(id) on delete cascade,
      email text not null default 'off' check (email in ('off','each','daily')),
      updated_at timestamptz not null default now(),
      primary key (organization_id, account_id)
    )`.execute(db);
}
