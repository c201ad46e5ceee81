import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table if not exists text_giving_numbers (
      id uuid primary key,
      organization_id uuid not null references identity_organizations(id) on delete cascade,
      label text not null,
      phone_number_sealed text not null,
      phone_number_last4 text not null,
      account_sid_sealed text not null,
      auth_token_sealed text not null,
      support_number text not null,
      program_lang text not null check (program_lang in ('en', 'fr')),
      sends_per_second integer not null default 1 check (sends_per_second between 1 and 100),
      next_send_at timestamptz not null default now(),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index if not exists text_giving_numbers_organization_idx on text_giving_numbers (organization_id)`.execute(db);

  await sql`
    create table if not exists text_giving_keywords (
      id uuid primary key,
      organization_id uuid not null references identity_organizations(id) on delete cascade,
      number_id uuid not null references text_giving_numbers(id) on delete cascade,
      campaign_id uuid not null,
      keyword text not null check (length(keyword) between 2 and 8),
      lang text not null check (lang in ('en', 'fr')),
      flow text not null check (flow in ('link', 'confirm')),
      amounts_cents integer[] not null,
      default_amount_cents integer not null check (default_amount_cents between 500 and 2500),
      confirm_window_minutes integer not null default 30 check (confirm_window_minutes between 1 and 1440),
      created_at timestamptz not null default now(),
      constraint text_giving_keywords_number_keyword_key unique (number_id, keyword)
    )`.execute(db);
  await sql`create index if not exists text_giving_keywords_campaign_idx on text_giving_keywords (organization_id, campaign_id)`.execute(db);

  // One row per donor phone per sending number: the opt-out state and language memory.
  await sql`
    create table if not exists text_giving_contacts (
      id uuid primary key,
      organization_id uuid not null references identity_organizations(id) on delete cascade,
      number_id uuid not null references text_giving_numbers(id) on delete cascade,
      phone_hash text not null,
      phone_sealed text,
      phone_last4 text,
      lang text not null check (lang in ('en', 'fr')),
      opted_out_at timestamptz,
      erased_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint text_giving_contacts_number_phone_key unique (number_id, phone_hash)
    )`.execute(db);

  // Stored before the webhook answers; MessageSid makes Twilio's retries land once.
  await sql`
    create table if not exists text_giving_inbound_messages (
      id uuid primary key,
      organization_id uuid not null references identity_organizations(id) on delete cascade,
      number_id uuid not null references text_giving_numbers(id) on delete cascade,
      message_sid text not null,
      from_hash text not null,
      from_sealed text,
      body text not null,
      received_at timestamptz not null default now(),
      processed_at timestamptz,
      outcome text,
      constraint text_giving_inbound_messages_message_sid_key unique (message_sid)
    )`.execute(db);
  await sql`create index if not exists text_giving_inbound_messages_from_idx on text_giving_inbound_messages (number_id, from_hash)`.execute(db);

  // CASL evidence: every opt-out, opt-in and consent to follow-up messages, kept.
  await sql`
    create table if not exists text_giving_consents (
      id uuid primary key,
      organization_id uuid not null references identity_organizations(id) on delete cascade,
      contact_id uuid not null references text_giving_contacts(id) on delete cascade,
      kind text not null check (kind in ('opt_out', 'opt_in', 'follow_up')),
      inbound_message_id uuid references text_giving_inbound_messages(id) on delete set null,
      evidence jsonb not null,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index if not exists text_giving_consents_contact_idx on text_giving_consents (contact_id, created_at)`.execute(db);

  await sql`
    create table if not exists text_giving_pledges (
      id uuid primary key,
      organization_id uuid not null references identity_organizations(id) on delete cascade,
      number_id uuid not null references text_giving_numbers(id) on delete cascade,
      contact_id uuid not null references text_giving_contacts(id) on delete cascade,
      keyword_id uuid references text_giving_keywords(id) on delete set null,
      campaign_id uuid not null,
      flow text not null check (flow in ('link', 'confirm')),
      amount_cents integer not null check (amount_cents between 500 and 2500),
      lang text not null check (lang in ('en', 'fr')),
      status text not null check (status in ('awaiting_confirmation', 'confirmed', 'cancelled', 'expired', 'link_sent', 'link_used', 'paid', 'failed')),
      link_token_hash text,
      expires_at timestamptz not null,
      inbound_message_id uuid not null references text_giving_inbound_messages(id),
      confirmed_message_id uuid references text_giving_inbound_messages(id),
      gift_id uuid,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint text_giving_pledges_inbound_message_key unique (inbound_message_id),
      constraint text_giving_pledges_link_token_hash_key unique (link_token_hash)
    )`.execute(db);
  await sql`create index if not exists text_giving_pledges_contact_idx on text_giving_pledges (contact_id, status)`.execute(db);
  await sql`create index if not exists text_giving_pledges_campaign_idx on text_giving_pledges (organization_id, campaign_id, status)`.execute(db);

  // Replies: one row per message meant to go out; dedupe_key keeps reprocessing from doubling it.
  await sql`
    create table if not exists text_giving_outbound_messages (
      id uuid primary key,
      organization_id uuid not null references identity_organizations(id) on delete cascade,
      number_id uuid not null references text_giving_numbers(id) on delete cascade,
      contact_id uuid not null references text_giving_contacts(id) on delete cascade,
      kind text not null,
      lang text not null check (lang in ('en', 'fr')),
      body text not null,
      status text not null default 'queued' check (status in ('queued', 'sending', 'sent', 'failed', 'cancelled')),
      attempts integer not null default 0,
      twilio_sid text,
      last_error text,
      dedupe_key text not null,
      send_after timestamptz,
      created_at timestamptz not null default now(),
      sending_started_at timestamptz,
      sent_at timestamptz,
      constraint text_giving_outbound_messages_dedupe_key_key unique (dedupe_key)
    )`.execute(db);
  await sql`create index if not exists text_giving_outbound_messages_contact_idx on text_giving_outbound_messages (contact_id, status)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['text_giving_outbound_messages', 'text_giving_pledges', 'text_giving_consents', 'text_giving_inbound_messages', 'text_giving_contacts', 'text_giving_keywords', 'text_giving_numbers']) {
    await sql`drop table if exists ${sql.table(t)}`.execute(db);
  }
}
