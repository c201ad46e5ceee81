import { type Kysely, sql } from 'kysely';

/**
 * A pledge whose gift, paid online through the text's link, was later refunded or lost to a
 * dispute is `refunded`: it is no longer counted under text, and its history stays.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table text_giving_pledges drop constraint if exists text_giving_pledges_status_check`.execute(db);
  await sql`
    alter table text_giving_pledges add constraint text_giving_pledges_status_check
    check (status in ('awaiting_confirmation', 'confirmed', 'cancelled', 'expired', 'link_sent', 'link_used', 'paid', 'failed', 'refunded'))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table text_giving_pledges drop constraint if exists text_giving_pledges_status_check`.execute(db);
  await sql`
    alter table text_giving_pledges add constraint text_giving_pledges_status_check
    check (status in ('awaiting_confirmation', 'confirmed', 'cancelled', 'expired', 'link_sent', 'link_used', 'paid', 'failed'))`.execute(db);
}
