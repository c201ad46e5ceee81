import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // The consent ledger: append-only, one row per consent given or withdrawn, with its evidence.
  // A person's standing is the latest row per (organization, address, channel).
  await sql`
    create table if not exists fundraising_consents (
      id uuid primary key,
      organization_id uuid not null references identity_organizations(id) on delete cascade,
      channel text not null check (channel in ('email', 'sms', 'mail')),
      address text not null,
      basis text not null check (basis in ('express', 'implied_gift', 'unsubscribe', 'sms_stop', 'withdrawn')),
      granted boolean not null,
      expires_at timestamptz,
      source text not null,
      evidence jsonb not null default '{}',
      gift_id uuid references fundraising_gifts(id) on delete set null,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index if not exists fundraising_consents_person_idx on fundraising_consents (organization_id, channel, address, created_at desc, id desc)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists fundraising_consents`.execute(db);
}
