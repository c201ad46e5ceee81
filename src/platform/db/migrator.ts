import { type Kysely, sql } from 'kysely';

export type Migration = {
  name: string;
  up(db: Kysely<any>): Promise<void>;
  down?(db: Kysely<any>): Promise<void>;
};

export type MigrationReport = { applied: string[]; alreadyApplied: number };

const NAME = /^\d{8}T\d{4}-[a-z0-9-]+$/;

export function mergeMigrations(...lists: Migration[][]): Migration[] {
  const all = lists.flat().sort((a, b) => a.name.localeCompare(b.name));
  const seen = new Set<string>();
  for (const m of all) {
    if (!NAME.test(m.name)) throw new Error(`Migration name ${m.name} does not follow YYYYMMDDTHHMM-<module>-<slug>`);
    if (seen.has(m.name)) throw new Error(`Two migrations share the name ${m.name}`);
    seen.add(m.name);
  }
  return all;
}

/**
 * Applies pending migrations, each in its own transaction together with its bookkeeping row,
 * so a failure leaves the database at the previous migration. An advisory lock keeps two
 * processes starting at once from racing on PostgreSQL.
 */
export async function migrate(
  db: Kysely<any>,
  migrations: Migration[],
  log: (line: string) => void = () => {},
): Promise<MigrationReport> {
  await sql`create table if not exists db_migrations (
    name text primary key,
    applied_at timestamptz not null default now()
  )`.execute(db);
  const applied: string[] = [];
  const rows = await sql<{ name: string }>`select name from db_migrations order by name`.execute(db);
  const done = new Set(rows.rows.map((r) => r.name));
  const known = new Set(migrations.map((m) => m.name));
  const missing = [...done].filter((n) => !known.has(n));
  if (missing.length > 0) {
    throw new Error(`Applied migrations are missing from the code: ${missing.join(', ')}`);
  }
  for (const m of migrations) {
    if (done.has(m.name)) continue;
    await db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(7203401)`.execute(trx);
      const again = await sql`select 1 from db_migrations where name = ${m.name}`.execute(trx);
      if (again.rows.length > 0) return;
      await m.up(trx);
      await sql`insert into db_migrations (name) values (${m.name})`.execute(trx);
      applied.push(m.name);
      log(`migration applied: ${m.name}`);
    });
  }
  return { applied, alreadyApplied: done.size };
}
