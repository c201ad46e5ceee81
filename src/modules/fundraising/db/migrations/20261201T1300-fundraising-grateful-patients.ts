import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // Grateful-patient contacts a hospital passed to its foundation (PHIPA s.32, O. Reg. 329/04
  // s.10): name and mailing address, the day notice was given, which hospital, when. Nothing
  // else: there is deliberately no column where care or health information could be written.
  await sql`
    create table if not exists fundraising_patient_contacts (
      id uuid primary key,
      organization_id uuid not null references identity_organizations(id) on delete cascade,
      source_hospital_id uuid not null references identity_organizations(id) on delete cascade,
      first_name text not null,
      last_name text not null,
      address_line1 text not null,
      address_line2 text,
      city text not null,
      province text not null,
      postal_code text not null,
      notice_given_on date not null,
      transferred_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index if not exists fundraising_patient_contacts_org_idx on fundraising_patient_contacts (organization_id, last_name, first_name)`.execute(db);
  // Opt-outs, kept by the hospital for as long as the program runs: a keyed hash of the person
  // (name and postal code), never the name itself, so a later transfer can be refused.
  await sql`
    create table if not exists fundraising_patient_opt_outs (
      id uuid primary key,
      organization_id uuid not null references identity_organizations(id) on delete cascade,
      person_key text not null,
      method text not null check (method in ('link', 'phone')),
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create unique index if not exists fundraising_patient_opt_outs_person_idx on fundraising_patient_opt_outs (organization_id, person_key)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists fundraising_patient_opt_outs`.execute(db);
  await sql`drop table if exists fundraising_patient_contacts`.execute(db);
}
