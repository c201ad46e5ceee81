import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { createTestDb } from '../../../test/support/test-db.js';
import type { DbHandle } from './create-db.js';

// Named statements are a PostgreSQL-server matter (PGlite runs in the process): this runs in the
// suite's PostgreSQL pass.
describe.skipIf(!inject('databaseUrl'))('statements run again and again, on PostgreSQL', () => {
  let handle: DbHandle;
  beforeAll(async () => {
    handle = await createTestDb();
  });
  afterAll(() => handle.close());

  it('are prepared once per connection after a few uses, and answer as before', async () => {
    await handle.db.connection().execute(async (c) => {
      const marker = `n${Date.now()}`;
      const run = (n: number) => sql<{ n: number; tag: string }>`select ${n}::int + 1 as n, ${marker}::text as tag`.execute(c);
      const answers = [];
      for (let i = 0; i < 5; i++) answers.push((await run(i)).rows[0]);
      expect(answers).toEqual([0, 1, 2, 3, 4].map((i) => ({ n: i + 1, tag: marker })));
      const named = await sql<{ name: string; statement: string }>`select name, statement from pg_prepared_statements`.execute(c);
      const ours = named.rows.filter((r) => r.statement.includes('::int + 1 as n'));
      expect(ours).toHaveLength(1);
      expect(ours[0]!.name).toMatch(/^foyer_[0-9a-f]{24}$/);
      // A statement without parameters (DDL, a migration's text) is never named.
      for (let i = 0; i < 5; i++) await sql`select 1 as one`.execute(c);
      const after = await sql<{ statement: string }>`select statement from pg_prepared_statements`.execute(c);
      expect(after.rows.some((r) => r.statement === 'select 1 as one')).toBe(false);
    });
  });

  it('keeps answering when a schema change makes a prepared select * refuse its cached plan', async () => {
    await handle.db.connection().execute(async (c) => {
      await sql`create table named_statements_probe (id int primary key, label text)`.execute(c);
      await sql`insert into named_statements_probe values (1, 'one')`.execute(c);
      const read = () => sql<Record<string, unknown>>`select * from named_statements_probe where id = ${1}`.execute(c);
      for (let i = 0; i < 4; i++) expect((await read()).rows).toEqual([{ id: 1, label: 'one' }]);
      await sql`alter table named_statements_probe add column note text`.execute(c);
      expect((await read()).rows).toEqual([{ id: 1, label: 'one', note: null }]);
      expect((await read()).rows).toEqual([{ id: 1, label: 'one', note: null }]);
    });
  });
});
