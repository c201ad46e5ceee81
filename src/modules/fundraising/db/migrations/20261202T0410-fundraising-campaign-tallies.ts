import { type Kysely, sql } from 'kysely';

/**
 * A campaign's total becomes the sum of a few tally rows instead of one counter on the campaign:
 * each confirmation adds to one slot, so concurrent confirmations of one campaign wait for each
 * other only when they pick the same slot, not for every commit before theirs.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table if not exists fundraising_campaign_tallies (
      campaign_id uuid not null references fundraising_campaigns (id) on delete cascade,
      slot smallint not null check (slot >= 0),
      raised_cents bigint not null default 0,
      gift_count integer not null default 0,
      primary key (campaign_id, slot)
    )`.execute(db);
  await sql`insert into fundraising_campaign_tallies (campaign_id, slot, raised_cents, gift_count)
    select id, 0, raised_cents, gift_count from fundraising_campaigns where raised_cents <> 0 or gift_count <> 0
    on conflict do nothing`.execute(db);
  await sql`alter table fundraising_campaigns drop column if exists raised_cents, drop column if exists gift_count`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table fundraising_campaigns add column if not exists raised_cents bigint not null default 0, add column if not exists gift_count integer not null default 0`.execute(db);
  await sql`update fundraising_campaigns c set raised_cents = t.raised, gift_count = t.gifts
    from (select campaign_id, sum(raised_cents) as raised, sum(gift_count) as gifts from fundraising_campaign_tallies group by campaign_id) t
    where t.campaign_id = c.id`.execute(db);
  await sql`drop table if exists fundraising_campaign_tallies`.execute(db);
}
