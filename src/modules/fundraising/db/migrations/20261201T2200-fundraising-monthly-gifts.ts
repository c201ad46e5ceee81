import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // A monthly gift: the donor's standing promise (a Stripe subscription, or the test gateway's
  // schedule). Each month's payment becomes a row of fundraising_gifts of its own.
  await sql`
    create table if not exists fundraising_monthly_gifts (
      id uuid primary key,
      organization_id uuid not null references identity_organizations(id) on delete cascade,
      campaign_id uuid not null references fundraising_campaigns(id) on delete restrict,
      page_id uuid references fundraising_pages(id) on delete set null,
      attribution_channel text,
      account_id uuid references identity_accounts(id) on delete set null,
      status text not null check (status in ('pending', 'active', 'paused', 'past_due', 'cancelled')),
      amount_cents bigint not null check (amount_cents > 0),
      currency text not null default 'CAD' check (currency = 'CAD'),
      receipt_annually boolean not null default false,
      donor_email text not null,
      donor_first_name text not null,
      donor_middle_initial text,
      donor_last_name text not null,
      donor_address_line1 text not null,
      donor_address_line2 text,
      donor_city text not null,
      donor_province text not null,
      donor_postal_code text not null,
      donor_country text not null default 'CA',
      donor_language text not null default 'en' check (donor_language in ('en', 'fr')),
      wall_display text not null default 'name' check (wall_display in ('name', 'anonymous', 'hidden')),
      wall_name text,
      wall_message text,
      gateway text not null check (gateway in ('stripe', 'test')),
      gateway_session_id text,
      gateway_subscription_id text,
      gateway_customer_id text,
      idempotency_key text not null,
      charge_count integer not null default 0,
      last_charged_at timestamptz,
      activated_at timestamptz,
      cancelled_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (organization_id, idempotency_key)
    )`.execute(db);
  await sql`create unique index if not exists fundraising_monthly_gifts_subscription_key on fundraising_monthly_gifts (gateway, gateway_subscription_id) where gateway_subscription_id is not null`.execute(db);
  await sql`create index if not exists fundraising_monthly_gifts_account_idx on fundraising_monthly_gifts (account_id, created_at desc) where account_id is not null`.execute(db);
  await sql`create index if not exists fundraising_monthly_gifts_org_idx on fundraising_monthly_gifts (organization_id, created_at desc)`.execute(db);

  // Every change to a monthly gift, by whom (the donor, or the gateway's verified event): append-only.
  await sql`
    create table if not exists fundraising_monthly_gift_changes (
      id uuid primary key,
      organization_id uuid not null references identity_organizations(id) on delete cascade,
      monthly_gift_id uuid not null references fundraising_monthly_gifts(id) on delete cascade,
      kind text not null,
      actor_account_id uuid references identity_accounts(id) on delete set null,
      event_id text,
      from_status text,
      to_status text,
      from_amount_cents bigint,
      to_amount_cents bigint,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index if not exists fundraising_monthly_gift_changes_gift_idx on fundraising_monthly_gift_changes (monthly_gift_id, created_at)`.execute(db);

  // Each month's gift names its monthly gift; `receipt_annually` keeps the donor's choice as it was that month.
  await sql`alter table fundraising_gifts add column if not exists monthly_gift_id uuid references fundraising_monthly_gifts(id) on delete restrict`.execute(db);
  await sql`alter table fundraising_gifts add column if not exists receipt_annually boolean not null default false`.execute(db);
  await sql`create index if not exists fundraising_gifts_monthly_idx on fundraising_gifts (monthly_gift_id) where monthly_gift_id is not null`.execute(db);
  await sql`create index if not exists fundraising_gifts_annual_receipt_idx on fundraising_gifts (organization_id, received_on) where receipt_annually`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists fundraising_gifts_annual_receipt_idx`.execute(db);
  await sql`drop index if exists fundraising_gifts_monthly_idx`.execute(db);
  await sql`alter table fundraising_gifts drop column if exists receipt_annually`.execute(db);
  await sql`alter table fundraising_gifts drop column if exists monthly_gift_id`.execute(db);
  await sql`drop table if exists fundraising_monthly_gift_changes`.execute(db);
  await sql`drop table if exists fundraising_monthly_gifts`.execute(db);
}
