import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table if not exists blog_subscriptions (
      id uuid primary key,
      organization_id uuid not null references identity_organizations(id) on delete cascade,
      blog_id uuid not null references blog_blogs(id) on delete cascade,
      email text not null check (email = lower(email) and length(email) between 3 and 254),
      lang text not null check (lang in ('en','fr')),
      frequency text not null check (frequency in ('per_post','weekly')),
      status text not null default 'pending' check (status in ('pending','active','unsubscribed')),
      confirm_token_hash text,
      confirm_expires_at timestamptz,
      consent_wording text not null,
      consent_lang text not null check (consent_lang in ('en','fr')),
      consent_page_url text not null,
      consent_ip_hash text,
      consented_at timestamptz not null,
      confirmed_at timestamptz,
      unsubscribed_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (blog_id, email)
    )`.execute(db);
  await sql`create unique index if not exists blog_subscriptions_confirm_token_idx on blog_subscriptions (confirm_token_hash) where confirm_token_hash is not null`.execute(db);
  await sql`create index if not exists blog_subscriptions_blog_active_idx on blog_subscriptions (blog_id, frequency) where status = 'active'`.execute(db);
  await sql`create index if not exists blog_subscriptions_weekly_idx on blog_subscriptions (frequency) where status = 'active'`.execute(db);

  // One row per message a subscription received (a post, or one week's digest): the unique key
  // is what makes a retried or repeated job send nothing the second time.
  await sql`
    create table if not exists blog_subscription_deliveries (
      id uuid primary key,
      subscription_id uuid not null references blog_subscriptions(id) on delete cascade,
      delivery_key text not null,
      post_id uuid references blog_posts(id) on delete set null,
      period_end timestamptz,
      mail_message_id uuid,
      sent_at timestamptz not null default now(),
      unique (subscription_id, delivery_key)
    )`.execute(db);
  await sql`create index if not exists blog_subscription_deliveries_digest_idx on blog_subscription_deliveries (subscription_id, period_end desc) where period_end is not null`.execute(db);

  // CASL sender identification for an organization's subscription mail.
  await sql`
    create table if not exists blog_sender_details (
      organization_id uuid primary key references identity_organizations(id) on delete cascade,
      mailing_address text,
      contact_email text,
      contact_phone text,
      updated_at timestamptz not null default now()
    )`.execute(db);
}
