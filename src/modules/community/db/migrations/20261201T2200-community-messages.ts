import { type Kysely, sql } from 'kysely';

/** Direct messages between two members, blocks between members, the organization's switch, and message notices. */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table if not exists community_settings (
      organization_id uuid primary key references identity_organizations(id) on delete cascade,
      direct_messages boolean not null default true,
      updated_by uuid references identity_accounts(id) on delete set null,
      updated_at timestamptz not null default now()
    )`.execute(db);

  // One conversation per pair of people in an organization: account_a is the smaller id.
  await sql`
    create table if not exists community_conversations (
      id uuid primary key,
      organization_id uuid not null references identity_organizations(id) on delete cascade,
      account_a uuid not null references identity_accounts(id) on delete cascade,
      account_b uuid not null references identity_accounts(id) on delete cascade,
      created_at timestamptz not null default now(),
      last_message_at timestamptz not null default now(),
      check (account_a < account_b),
      unique (organization_id, account_a, account_b)
    )`.execute(db);
  await sql`create index if not exists community_conversations_b_idx on community_conversations (organization_id, account_b, last_message_at desc)`.execute(db);
  await sql`create index if not exists community_conversations_a_idx on community_conversations (organization_id, account_a, last_message_at desc)`.execute(db);

  await sql`
    create table if not exists community_conversation_reads (
      conversation_id uuid not null references community_conversations(id) on delete cascade,
      account_id uuid not null references identity_accounts(id) on delete cascade,
      last_read_at timestamptz not null,
      primary key (conversation_id, account_id)
    )`.execute(db);

  await sql`
    create table if not exists community_messages (
      id uuid primary key,
      organization_id uuid not null references identity_organizations(id) on delete cascade,
      conversation_id uuid not null references community_conversations(id) on delete cascade,
      author_id uuid not null references identity_accounts(id) on delete cascade,
      body_md text not null check (char_length(body_md) between 1 and 10000),
      body_html text not null,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index if not exists community_messages_conversation_idx on community_messages (conversation_id, created_at desc, id desc)`.execute(db);

  await sql`
    create table if not exists community_blocks (
      organization_id uuid not null references identity_organizations(id) on delete cascade,
      blocker_id uuid not null references identity_accounts(id) on delete cascade,
      blocked_id uuid not null references identity_accounts(id) on delete cascade,
      created_at timestamptz not null default now(),
      primary key (organization_id, blocker_id, blocked_id),
      check (blocker_id <> blocked_id)
    )`.execute(db);
  await sql`create index if not exists community_blocks_blocked_idx on community_blocks (organization_id, blocked_id)`.execute(db);

  // A notice is about a group (and maybe a post) or about a conversation.
  await sql`alter table community_notifications alter column group_id drop not null`.execute(db);
  await sql`alter table community_notifications add column if not exists conversation_id uuid references community_conversations(id) on delete cascade`.execute(db);
  await sql`alter table community_notifications drop constraint if exists community_notifications_kind_check`.execute(db);
  await sql`alter table community_notifications add constraint community_notifications_kind_check check (kind in ('mention','reply','reaction','join_request','approved','message'))`.execute(db);
  await sql`alter table community_notifications drop constraint if exists community_notifications_subject_check`.execute(db);
  await sql`alter table community_notifications add constraint community_notifications_subject_check check ((kind = 'message') = (conversation_id is not null) and (kind = 'message' or group_id is not null))`.execute(db);
}
