import { type Kysely, sql } from 'kysely';

/**
 * A link pledge takes the amount its gift was paid with, which the donor may change on the gift
 * form ($1 and up): the $5–$25 text amounts bound carrier-billed (`confirm`) pledges only.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table text_giving_pledges drop constraint if exists text_giving_pledges_amount_cents_check`.execute(db);
  await sql`
    alter table text_giving_pledges add constraint text_giving_pledges_amount_cents_check
    check (amount_cents > 0 and (flow <> 'confirm' or amount_cents between 500 and 2500))`.execute(db);
}
