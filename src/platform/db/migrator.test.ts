import { PGlite } from '@electric-sql/pglite';
import { type Kysely, sql } from 'kysely';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { wrapPglite, type DbHandle } from './create-db.js';
import { mergeMigrations, migrate, type Migration } from './migrator.js';

let template: PGlite;
let handle: DbHandle;
let db: Kysely<any>;

beforeAll(async () => {
  template = await PGlite.create();
});
afterAll(() => template.close());
// A clone of a fresh instance per test is much faster than a new instance.
beforeEach(async () => {
  handle = wrapPglite((await template.clone()) as PGlite);
  db = handle.db;
});
afterEach(() => handle.close());

const tableExists = async (name: string) =>
  (await sql<{ n: number }>`select count(*)::int as n from information_schema.tables where table_name = ${name}`.execute(db)).rows[0]!.n === 1;
const appliedNames = async () => (await sql<{ name: string }>`select name from db_migrations order by name`.execute(db)).rows.map((r) => r.name);

function logging(name: string, extra?: (db: Kysely<any>) => Promise<void>): Migration {
  return {
    name,
    async up(trx) {
      await sql`create table if not exists probe_log (seq serial primary key, name text not null)`.execute(trx);
      await sql`insert into probe_log (name) values (${name})`.execute(trx);
      await extra?.(trx);
    },
  };
}

describe('mergeMigrations', () => {
  it('orders every list by name and refuses bad or duplicate names', () => {
    const merged = mergeMigrations([logging('20261125T1300-b-second')], [logging('20261125T1200-a-first'), logging('20261126T0900-a-third')]);
    expect(merged.map((m) => m.name)).toEqual(['20261125T1200-a-first', '20261125T1300-b-second', '20261126T0900-a-third']);
    expect(() => mergeMigrations([logging('create-things')])).toThrow(/create-things/);
    expect(() => mergeMigrations([logging('20261125T1200-a-x')], [logging('20261125T1200-a-x')])).toThrow(/share the name/);
  });
});

describe('migrate', () => {
  const three = () =>
    mergeMigrations([
      logging('20261125T1000-test-one', async (trx) => void (await sql`create table one (id int primary key)`.execute(trx))),
      logging('20261125T1100-test-two', async (trx) => void (await sql`alter table one add column label text`.execute(trx))),
      logging('20261125T1200-test-three', async (trx) => void (await sql`insert into one (id, label) values (1, 'x')`.execute(trx))),
    ]);

  it('applies pending migrations in order, recording each', async () => {
    const lines: string[] = [];
    const report = await migrate(db, three(), (line) => lines.push(line));
    expect(report).toEqual({ applied: ['20261125T1000-test-one', '20261125T1100-test-two', '20261125T1200-test-three'], alreadyApplied: 0 });
    expect(lines).toHaveLength(3);
    const log = await sql<{ name: string }>`select name from probe_log order by seq`.execute(db);
    expect(log.rows.map((r) => r.name)).toEqual(report.applied);
    expect(await appliedNames()).toEqual(report.applied);
  });

  it('does nothing on a rerun', async () => {
    await migrate(db, three());
    const again = await migrate(db, three());
    expect(again).toEqual({ applied: [], alreadyApplied: 3 });
    const log = await sql<{ n: number }>`select count(*)::int as n from probe_log`.execute(db);
    expect(log.rows[0]!.n).toBe(3);
  });

  it('applies only the new ones when the list grows', async () => {
    await migrate(db, three().slice(0, 2));
    const report = await migrate(db, three());
    expect(report).toEqual({ applied: ['20261125T1200-test-three'], alreadyApplied: 2 });
  });

  it('rolls a failing migration back alone and keeps the ones before it', async () => {
    const failing = mergeMigrations([
      three()[0]!,
      logging('20261125T1100-test-broken', async (trx) => {
        await sql`create table half_done (id int)`.execute(trx);
        throw new Error('boom');
      }),
      three()[2]!,
    ]);
    await expect(migrate(db, failing)).rejects.toThrow('boom');
    expect(await appliedNames()).toEqual(['20261125T1000-test-one']);
    expect(await tableExists('one')).toBe(true);
    expect(await tableExists('half_done')).toBe(false);
    const log = await sql<{ name: string }>`select name from probe_log order by seq`.execute(db);
    expect(log.rows.map((r) => r.name)).toEqual(['20261125T1000-test-one']);

    // Once fixed, the run carries on from where it stopped.
    const report = await migrate(db, three());
    expect(report.applied).toEqual(['20261125T1100-test-two', '20261125T1200-test-three']);
  });

  it('refuses to run when an applied migration is missing from the code', async () => {
    await migrate(db, three());
    await expect(migrate(db, three().filter((m) => m.name !== '20261125T1100-test-two'))).rejects.toThrow(
      /missing from the code: 20261125T1100-test-two/,
    );
  });
});
