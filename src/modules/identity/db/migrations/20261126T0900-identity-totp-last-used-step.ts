import { type Kysely, sql } from 'kysely';

/**
 * A TOTP code stays valid for its whole 30-second step (and the steps either side), so the
 * last step accepted is kept to refuse the same code a second time.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table identity_accounts add column if not exists totp_last_used_step integer`.execute(db);
  await sql`create index if not exists identity_passkeys_account_idx on identity_passkeys (account_id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists identity_passkeys_account_idx`.execute(db);
  await sql`alter table identity_accounts drop column if exists totp_last_used_step`.execute(db);
}
