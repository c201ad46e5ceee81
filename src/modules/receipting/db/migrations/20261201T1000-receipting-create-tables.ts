import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table if not exists receipting_settings (
      organization_id uuid primary key references identity_organizations(id) on delete cascade,
      legal_name text not null,
      address_line1 text not null,
      address_line2 text,
      city text not null,
      province text not null,
      postal_code text not null,
      place_of_issue text not null,
      signatory_name text not null,
      signatory_title text not null,
      signature_object_id uuid,
      series_prefix text not null default '',
      updated_by uuid references identity_accounts(id) on delete set null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);

  await sql`
    create table if not exists receipting_signing_keys (
      organization_id uuid primary key references identity_organizations(id) on delete cascade,
      p12_sealed text not null,
      certificate_pem text not null,
      self_signed boolean not null,
      created_at timestamptz not null default now()
    )`.execute(db);

  // One row per series; the issuing transaction locks it, so numbers are gap-free.
  await sql`
    create table if not exists receipting_series_counters (
      organization_id uuid not null references identity_organizations(id) on delete cascade,
      series text not null,
      last_number integer not null default 0,
      primary key (organization_id, series)
    )`.execute(db);

  await sql`
    create table if not exists receipting_receipts (
      id uuid primary key,
      organization_id uuid not null references identity_organizations(id),
      series text not null,
      number integer not null check (number > 0),
      serial text not null,
      status text not null default 'issued' check (status in ('issued','cancelled')),
      kind text not null check (kind in ('single','annual')),
      gift_kind text not null check (gift_kind in ('cash','in_kind')),
      language text not null check (language in ('en','fr','both')),
      donor_account_id uuid references identity_accounts(id) on delete set null,
      donor_full_name text not null,
      donor_address_lines text[] not null,
      donor_city text not null,
      donor_province text not null,
      donor_postal_code text not null,
      donor_country text not null,
      donor_email text,
      charity_name text not null,
      charity_address text not null,
      registration_number text not null,
      place_of_issue text not null,
      signatory_name text not null,
      signatory_title text not null,
      signature_object_id uuid,
      received_on date,
      received_year integer not null,
      amount_cents bigint not null check (amount_cents > 0),
      advantage_cents bigint not null check (advantage_cents >= 0),
      advantage_description text,
      eligible_amount_cents bigint not null check (eligible_amount_cents > 0),
      property_description text,
      appraiser_name text,
      appraiser_address text,
      currency text not null default 'CAD',
      issued_at timestamptz not null,
      issued_on date not null,
      replaces_receipt_id uuid references receipting_receipts(id),
      replaces_serial text,
      replacement_reason text,
      cancelled_at timestamptz,
      cancelled_by uuid,
      pdf_object_id uuid,
      pdf_sha256 text,
      issued_by uuid,
      created_at timestamptz not null default now(),
      unique (organization_id, series, number),
      unique (organization_id, serial)
    )`.execute(db);
  await sql`create index if not exists receipting_receipts_org_issued_idx on receipting_receipts (organization_id, issued_at desc, id desc)`.execute(db);
  await sql`create index if not exists receipting_receipts_donor_idx on receipting_receipts (donor_account_id, issued_at desc)`.execute(db);
  await sql`create unique index if not exists receipting_receipts_replaces_key on receipting_receipts (replaces_receipt_id) where replaces_receipt_id is not null`.execute(db);

  // The gifts a receipt acknowledges (one, or a year of monthly cash gifts), as given when issued.
  await sql`
    create table if not exists receipting_receipt_gifts (
      id uuid primary key,
      receipt_id uuid not null references receipting_receipts(id),
      organization_id uuid not null references identity_organizations(id),
      source_type text not null,
      source_id text not null,
      received_on date not null,
      amount_cents bigint not null,
      advantage_cents bigint not null,
      advantage_counted_cents bigint not null,
      advantage_description text,
      advantage_near_cash boolean not null,
      eligible_amount_cents bigint not null,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index if not exists receipting_receipt_gifts_receipt_idx on receipting_receipt_gifts (receipt_id)`.execute(db);

  // Which receipt currently acknowledges a source (a gift): issuing twice returns it; a replacement takes it over.
  await sql`
    create table if not exists receipting_source_receipts (
      organization_id uuid not null references identity_organizations(id),
      source_type text not null,
      source_id text not null,
      receipt_id uuid not null references receipting_receipts(id),
      updated_at timestamptz not null default now(),
      primary key (organization_id, source_type, source_id)
    )`.execute(db);
  await sql`create index if not exists receipting_source_receipts_receipt_idx on receipting_source_receipts (receipt_id)`.execute(db);

  await sql`
    create table if not exists receipting_deliveries (
      id uuid primary key,
      receipt_id uuid not null references receipting_receipts(id),
      organization_id uuid not null references identity_organizations(id),
      mail_message_id uuid not null,
      to_address text not null,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index if not exists receipting_deliveries_receipt_idx on receipting_deliveries (receipt_id)`.execute(db);

  // An issued receipt is a legal document: the database refuses any change but its cancellation
  // (once), recording its PDF (once) and forgetting the donor's account when it is deleted (the
  // name and address printed stay), and refuses deletion. Who issued or cancelled it are plain
  // ids, so deleting an account never touches a receipt.
  await sql`
    create or replace function receipting_receipts_immutable() returns trigger language plpgsql as $$
    declare
      fixed text[] := array['status','cancelled_at','cancelled_by','pdf_object_id','pdf_sha256','donor_account_id'];
    begin
      if tg_op = 'DELETE' then
        raise exception 'receipting_receipts: an issued receipt cannot be deleted';
      end if;
      if (to_jsonb(new) - fixed) <> (to_jsonb(old) - fixed) then
        raise exception 'receipting_receipts: an issued receipt cannot be changed';
      end if;
      if new.donor_account_id is distinct from old.donor_account_id and new.donor_account_id is not null then
        raise exception 'receipting_receipts: an issued receipt cannot be changed';
      end if;
      if new.status is distinct from old.status then
        if not (old.status = 'issued' and new.status = 'cancelled' and new.cancelled_at is not null) then
          raise exception 'receipting_receipts: a receipt can only go from issued to cancelled';
        end if;
      elsif new.cancelled_at is distinct from old.cancelled_at or new.cancelled_by is distinct from old.cancelled_by then
        raise exception 'receipting_receipts: cancellation details are set only when cancelling';
      end if;
      if (new.pdf_object_id is distinct from old.pdf_object_id or new.pdf_sha256 is distinct from old.pdf_sha256) and old.pdf_object_id is not null then
        raise exception 'receipting_receipts: the issued document cannot be replaced';
      end if;
      return new;
    end $$`.execute(db);
  await sql`drop trigger if exists receipting_receipts_no_change on receipting_receipts`.execute(db);
  await sql`
    create trigger receipting_receipts_no_change before update or delete on receipting_receipts
    for each row execute function receipting_receipts_immutable()`.execute(db);

  await sql`
    create or replace function receipting_receipt_gifts_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'receipting_receipt_gifts is append-only';
    end $$`.execute(db);
  await sql`drop trigger if exists receipting_receipt_gifts_no_change on receipting_receipt_gifts`.execute(db);
  await sql`
    create trigger receipting_receipt_gifts_no_change before update or delete on receipting_receipt_gifts
    for each row execute function receipting_receipt_gifts_append_only()`.execute(db);
}
