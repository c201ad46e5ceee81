import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table if not exists fundraising_campaigns (
      id uuid primary key,
      organization_id uuid not null references identity_organizations(id) on delete cascade,
      slug text not null,
      title_en text not null,
      title_fr text not null,
      story_en text not null default '',
      story_fr text not null default '',
      goal_cents bigint not null check (goal_cents > 0),
      currency text not null default 'CAD' check (currency = 'CAD'),
      starts_on date not null,
      ends_on date,
      cover_object_id uuid,
      cover_alt_en text,
      cover_alt_fr text,
      suggested_amounts_cents jsonb not null default '[]',
      default_advantage_cents bigint not null default 0 check (default_advantage_cents >= 0),
      default_advantage_description text,
      raised_cents bigint not null default 0,
      gift_count integer not null default 0,
      created_by uuid references identity_accounts(id) on delete set null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (organization_id, slug),
      check (ends_on is null or ends_on >= starts_on)
    )`.execute(db);

  // A donor is a person as the foundation knows them: the name and address a receipt carries.
  // A guest's gifts are linked by e-mail on confirmation to a guest donor record; an account's to its own.
  await sql`
    create table if not exists fundraising_donors (
      id uuid primary key,
      organization_id uuid not null references identity_organizations(id) on delete cascade,
      account_id uuid references identity_accounts(id) on delete set null,
      email text not null,
      first_name text not null,
      middle_initial text,
      last_name text not null,
      address_line1 text,
      address_line2 text,
      city text,
      province text,
      postal_code text,
      country text not null default 'CA',
      language text not null default 'en' check (language in ('en', 'fr')),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`create unique index if not exists fundraising_donors_account_key on fundraising_donors (organization_id, account_id) where account_id is not null`.execute(db);
  await sql`create unique index if not exists fundraising_donors_guest_email_key on fundraising_donors (organization_id, lower(email)) where account_id is null`.execute(db);

  await sql`
    create table if not exists fundraising_gifts (
      id uuid primary key,
      organization_id uuid not null references identity_organizations(id) on delete cascade,
      campaign_id uuid not null references fundraising_campaigns(id) on delete restrict,
      donor_id uuid references fundraising_donors(id) on delete set null,
      account_id uuid references identity_accounts(id) on delete set null,
      status text not null check (status in ('pending', 'succeeded', 'failed', 'refunded', 'disputed')),
      channel text not null check (channel in ('web', 'peer_to_peer', 'text', 'offline')),
      method text not null check (method in ('card', 'cheque', 'cash', 'etransfer', 'in_kind', 'text')),
      frequency text not null default 'one_time' check (frequency in ('one_time', 'monthly')),
      kind text not null default 'cash' check (kind in ('cash', 'in_kind')),
      amount_cents bigint not null check (amount_cents > 0),
      currency text not null default 'CAD' check (currency = 'CAD'),
      advantage_cents bigint not null default 0 check (advantage_cents >= 0),
      advantage_description text,
      advantage_near_cash boolean not null default false,
      property_description text,
      appraiser_name text,
      appraiser_address text,
      donor_email text not null,
      donor_first_name text not null,
      donor_middle_initial text,
      donor_last_name text not null,
      donor_address_line1 text,
      donor_address_line2 text,
      donor_city text,
      donor_province text,
      donor_postal_code text,
      donor_country text not null default 'CA',
      donor_language text not null default 'en' check (donor_language in ('en', 'fr')),
      wall_display text not null default 'name' check (wall_display in ('name', 'anonymous', 'hidden')),
      wall_name text,
      wall_message text,
      tribute_kind text check (tribute_kind in ('honour', 'memory')),
      tribute_name text,
      gateway text check (gateway in ('stripe', 'test')),
      gateway_payment_id text,
      gateway_intent_id text,
      idempotency_key text,
      reference text,
      received_on date not null default current_date,
      succeeded_at timestamptz,
      recorded_by uuid references identity_accounts(id) on delete set null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check (kind = 'cash' or (property_description is not null)),
      check (advantage_cents <= amount_cents)
    )`.execute(db);
  await sql`create unique index if not exists fundraising_gifts_gateway_payment_key on fundraising_gifts (gateway, gateway_payment_id) where gateway_payment_id is not null`.execute(db);
  await sql`create index if not exists fundraising_gifts_gateway_intent_idx on fundraising_gifts (gateway_intent_id) where gateway_intent_id is not null`.execute(db);
  await sql`create unique index if not exists fundraising_gifts_idempotency_key on fundraising_gifts (organization_id, idempotency_key) where idempotency_key is not null`.execute(db);
  await sql`create index if not exists fundraising_gifts_campaign_idx on fundraising_gifts (campaign_id, status, succeeded_at desc)`.execute(db);
  await sql`create index if not exists fundraising_gifts_donor_idx on fundraising_gifts (donor_id, created_at desc)`.execute(db);
  await sql`create index if not exists fundraising_gifts_org_day_idx on fundraising_gifts (organization_id, received_on)`.execute(db);

  // Every verified payment event once: its id is the key, so a replay changes nothing.
  await sql`
    create table if not exists fundraising_payment_events (
      event_id text primary key,
      gateway text not null check (gateway in ('stripe', 'test')),
      type text not null,
      gift_id uuid references fundraising_gifts(id) on delete set null,
      outcome text not null,
      received_at timestamptz not null default now()
    )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists fundraising_payment_events`.execute(db);
  await sql`drop table if exists fundraising_gifts`.execute(db);
  await sql`drop table if exists fundraising_donors`.execute(db);
  await sql`drop table if exists fundraising_campaigns`.execute(db);
}
