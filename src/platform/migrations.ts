import { type Kysely, sql } from 'kysely';
import type { Migration } from './db/migrator.js';

/** Tables owned by platform areas (jobs, mail, audit, storage). */
export const platformMigrations: Migration[] = [
  {
    name: '20261125T1200-platform-create-jobs-mail-audit-storage',
    async up(db: Kysely<any>) {
      await sql`
        create table if not exists jobs_queue (
          id uuid primary key,
          name text not null,
          payload jsonb not null default '{}',
          status text not null default 'pending' check (status in ('pending','running','done','failed')),
          run_at timestamptz not null default now(),
          attempts integer not null default 0,
          max_attempts integer not null default 5,
          locked_until timestamptz,
          last_error text,
          dedupe_key text unique,
          created_at timestamptz not null default now(),
          finished_at timestamptz
        )`.execute(db);
      await sql`create index if not exists jobs_queue_due_idx on jobs_queue (run_at) where status in ('pending','running')`.execute(db);

      await sql`
        create table if not exists mail_messages (
          id uuid primary key,
          organization_id uuid,
          to_address text not null,
          subject text not null,
          text_body text,
          html_body text,
          purpose text not null check (purpose in ('transactional','informational','fundraising','commercial')),
          status text not null default 'queued' check (status in ('queued','sent','stored','failed')),
          error text,
          created_at timestamptz not null default now(),
          sent_at timestamptz
        )`.execute(db);
      await sql`create index if not exists mail_messages_created_idx on mail_messages (created_at desc)`.execute(db);

      await sql`
        create table if not exists audit_events (
          id uuid primary key,
          organization_id uuid,
          actor_account_id uuid,
          action text not null,
          target_type text,
          target_id text,
          ip text,
          data jsonb not null default '{}',
          created_at timestamptz not null default now()
        )`.execute(db);
      await sql`create index if not exists audit_events_org_created_idx on audit_events (organization_id, created_at desc)`.execute(db);
      await sql`create index if not exists audit_events_actor_idx on audit_events (actor_account_id, created_at desc)`.execute(db);
      // Append-only: the database itself refuses to change or remove an audit row.
      await sql`
        create or replace function audit_events_append_only() returns trigger language plpgsql as $$
        begin
          raise exception 'audit_events is append-only';
        end $$`.execute(db);
      await sql`drop trigger if exists audit_events_no_change on audit_events`.execute(db);
      await sql`
        create trigger audit_events_no_change before update or delete on audit_events
        for each row execute function audit_events_append_only()`.execute(db);

      await sql`
        create table if not exists storage_objects (
          id uuid primary key,
          owner_account_id uuid,
          content_type text not null,
          byte_size integer not null,
          data bytea not null,
          sha256 text not null,
          created_at timestamptz not null default now()
        )`.execute(db);
    },
  },
  {
    name: '20261125T1455-platform-mail-headers',
    async up(db: Kysely<any>) {
      // Extra header lines such as List-Unsubscribe; null for messages that need none.
      await sql`alter table mail_messages add column if not exists headers jsonb`.execute(db);
    },
  },
  {
    name: '20261201T0900-platform-mail-attachments',
    async up(db: Kysely<any>) {
      // Attachments by reference to storage objects ([{ filename, contentType, storageObjectId }]); null for most messages.
      await sql`alter table mail_messages add column if not exists attachments jsonb`.execute(db);
    },
  },
  {
    name: '20261201T0905-platform-storage-private',
    async up(db: Kysely<any>) {
      // Private objects (a receipt's PDF, a signature) are never served by /media/:id; their module serves them under its policy.
      await sql`alter table storage_objects add column if not exists private boolean not null default false`.execute(db);
    },
  },
];
