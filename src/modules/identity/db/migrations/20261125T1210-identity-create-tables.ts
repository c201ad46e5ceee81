import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table if not exists identity_organizations (
      id uuid primary key,
      slug text not null unique,
      name_en text not null,
      name_fr text not null,
      kind text not null check (kind in ('hospital','foundation','other')),
      foundation_of_id uuid references identity_organizations(id) on delete set null,
      cra_registration_number text check (cra_registration_number ~ '^[0-9]{9}RR[0-9]{4}$'),
      brand_colour text check (brand_colour ~ '^#[0-9a-f]{6}$'),
      logo_object_id uuid,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`
    create table if not exists identity_accounts (
      id uuid primary key,
      email text not null,
      email_verified_at timestamptz,
      password_hash text not null,
      locale text check (locale in ('en','fr')),
      is_platform_admin boolean not null default false,
      totp_secret_sealed text,
      totp_enabled_at timestamptz,
      disabled_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`create unique index if not exists identity_accounts_email_key on identity_accounts (lower(email))`.execute(db);
  await sql`
    create table if not exists identity_sessions (
      id uuid primary key,
      account_id uuid not null references identity_accounts(id) on delete cascade,
      token_hash text not null unique,
      second_factor_pending boolean not null default false,
      user_agent text,
      created_at timestamptz not null default now(),
      last_seen_at timestamptz not null default now(),
      expires_at timestamptz not null
    )`.execute(db);
  await sql`create index if not exists identity_sessions_account_idx on identity_sessions (account_id)`.execute(db);
  await sql`
    create table if not exists identity_tokens (
      id uuid primary key,
      account_id uuid references identity_accounts(id) on delete cascade,
      purpose text not null,
      token_hash text not null unique,
      data jsonb not null default '{}',
      expires_at timestamptz not null,
      used_at timestamptz,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`
    create table if not exists identity_recovery_codes (
      id uuid primary key,
      account_id uuid not null references identity_accounts(id) on delete cascade,
      code_hash text not null,
      used_at timestamptz,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index if not exists identity_recovery_codes_account_idx on identity_recovery_codes (account_id)`.execute(db);
  await sql`
    create table if not exists identity_passkeys (
      id uuid primary key,
      account_id uuid not null references identity_accounts(id) on delete cascade,
      credential_id text not null unique,
      public_key bytea not null,
      counter bigint not null default 0,
      transports text[] not null default '{}',
      name text not null,
      created_at timestamptz not null default now(),
      last_used_at timestamptz
    )`.execute(db);
  await sql`
    create table if not exists identity_memberships (
      id uuid primary key,
      organization_id uuid not null references identity_organizations(id) on delete cascade,
      account_id uuid not null references identity_accounts(id) on delete cascade,
      roles text[] not null default '{member}',
      member_kind text check (member_kind in ('patient','family','volunteer','donor')),
      staff_kind text check (staff_kind in ('clinician','employee')),
      staff_verified_at timestamptz,
      staff_verified_by uuid references identity_accounts(id) on delete set null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (organization_id, account_id)
    )`.execute(db);
  await sql`create index if not exists identity_memberships_account_idx on identity_memberships (account_id)`.execute(db);
  await sql`
    create table if not exists identity_invitations (
      id uuid primary key,
      organization_id uuid not null references identity_organizations(id) on delete cascade,
      email text not null,
      roles text[] not null,
      token_hash text not null unique,
      invited_by uuid not null references identity_accounts(id) on delete cascade,
      expires_at timestamptz not null,
      accepted_at timestamptz,
      accepted_by uuid references identity_accounts(id) on delete set null,
      revoked_at timestamptz,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index if not exists identity_invitations_org_idx on identity_invitations (organization_id, created_at desc)`.execute(db);
  await sql`
    create table if not exists identity_profiles (
      account_id uuid primary key references identity_accounts(id) on delete cascade,
      display_name text not null,
      pronouns text,
      bio_en text,
      bio_fr text,
      avatar_object_id uuid,
      visibility text not null default 'organizations' check (visibility in ('public','organizations','private')),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
}
