import { type Kysely, sql } from 'kysely';

/**
 * A paid text gift's thank-you text carries a single-use link to the receipt form (the donor
 * gives name and address there): only the link's hash is kept, and when it was used.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table text_giving_pledges add column if not exists receipt_token_hash text`.execute(db);
  await sql`alter table text_giving_pledges add column if not exists receipt_completed_at timestamptz`.execute(db);
  await sql`create unique index if not exists text_giving_pledges_receipt_token_key on text_giving_pledges (receipt_token_hash) where receipt_token_hash is not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists text_giving_pledges_receipt_token_key`.execute(db);
  await sql`alter table text_giving_pledges drop column if exists receipt_completed_at`.execute(db);
  await sql`alter table text_giving_pledges drop column if exists receipt_token_hash`.execute(db);
}
