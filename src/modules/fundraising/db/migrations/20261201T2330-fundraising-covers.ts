import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // A campaign in draft (published_at null) is seen only by its fundraisers; campaigns so far stay public.
  await sql`alter table fundraising_campaigns add column if not exists published_at timestamptz default now()`.execute(db);
  // A peer-to-peer page's photo, with its alt text; kept as a private storage object, served by the page's own route.
  await sql`alter table fundraising_pages add column if not exists photo_object_id uuid`.execute(db);
  await sql`alter table fundraising_pages add column if not exists photo_alt text`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table fundraising_pages drop column if exists photo_alt`.execute(db);
  await sql`alter table fundraising_pages drop column if exists photo_object_id`.execute(db);
  await sql`alter table fundraising_campaigns drop column if exists published_at`.execute(db);
}
