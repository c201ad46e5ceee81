import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // A tribute e-card: whom the donor asked to tell of a gift in honour or memory of someone.
  // One per gift; sent once, after the gift is confirmed. It never carries the amount.
  await sql`
    create table if not exists fundraising_ecards (
      id uuid primary key,
      organization_id uuid not null references identity_organizations(id) on delete cascade,
      gift_id uuid not null unique references fundraising_gifts(id) on delete cascade,
      recipient_name text not null,
      recipient_email text not null,
      recipient_language text not null check (recipient_language in ('en', 'fr')),
      message text,
      show_sender boolean not null,
      sent_at timestamptz,
      created_at timestamptz not null default now()
    )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists fundraising_ecards`.execute(db);
}
