import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // Which PaymentIntent paid which invoice (Stripe's `invoice_payment.paid`): current API versions
  // name no PaymentIntent on the invoice, so a refund or dispute finds a month's gift through here.
  await sql`
    create table if not exists fundraising_invoice_payments (
      gateway text not null check (gateway in ('stripe', 'test')),
      intent_id text not null,
      invoice_id text not null,
      event_id text not null,
      created_at timestamptz not null default now(),
      primary key (gateway, intent_id)
    )`.execute(db);
  await sql`create index if not exists fundraising_invoice_payments_invoice_idx on fundraising_invoice_payments (gateway, invoice_id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists fundraising_invoice_payments`.execute(db);
}
