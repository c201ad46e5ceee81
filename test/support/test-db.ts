import { readFileSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { inject } from 'vitest';
import { openPgliteDir, openPostgres, wrapPglite, type DbHandle } from '../../src/platform/db/create-db.js';
import { prepareDataDir } from './server-process.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplatePath: string | null;
    pgTemplateDb: string | null;
    databaseUrl: string | null;
  }
}

/** The database URL with another database name. */
export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/**
 * Drops a test database once the connections its pool was closing have gone. pg's Pool.end()
 * resolves before its clients' sockets close; forcing the drop at once would terminate them
 * mid-close, and a terminated client with no listener left is an uncaught error.
 */
async function dropDatabase(databaseUrl: string, name: string): Promise<void> {
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    for (let i = 0; i < 50; i++) {
      const { rows } = await c.query<{ n: number }>('select count(*)::int as n from pg_stat_activity where datname = $1', [name]);
      if (rows[0]!.n === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await c.query(`drop database if exists ${name} with (force)`);
  } finally {
    await c.end();
  }
}

/**
 * An isolated, migrated database for one test file: a PGlite loaded from the migrated
 * template dump, or, when DATABASE_URL is set, a throw-away PostgreSQL database copied from
 * the migrated template database.
 */
export async function createTestDb(): Promise<DbHandle> {
  const databaseUrl = inject('databaseUrl');
  if (databaseUrl) {
    const template = inject('pgTemplateDb')!;
    const name = `foyer_t_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: databaseUrl });
    await admin.connect();
    await admin.query(`create database ${name} template ${template}`);
    await admin.end();
    const handle = openPostgres(withDatabase(databaseUrl, name), 5);
    return {
      ...handle,
      async close() {
        await handle.close();
        await dropDatabase(databaseUrl, name);
      },
    };
  }
  const dump = readFileSync(inject('pgliteTemplatePath')!);
  const pglite = await PGlite.create({ loadDataDir: new Blob([dump]) });
  return wrapPglite(pglite);
}

/**
 * A migrated database that outlives one handle, for tests that restart the app on it: a PGlite
 * folder, or a PostgreSQL database of its own copied from the template.
 */
export async function reopenableDatabase(poolSize = 3): Promise<{ open(): Promise<DbHandle>; remove(): Promise<void> }> {
  const databaseUrl = inject('databaseUrl');
  if (databaseUrl) {
    const name = `foyer_t_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: databaseUrl });
    await admin.connect();
    await admin.query(`create database ${name} template ${inject('pgTemplateDb')!}`);
    await admin.end();
    return {
      open: async () => openPostgres(withDatabase(databaseUrl, name), poolSize),
      remove: () => dropDatabase(databaseUrl, name),
    };
  }
  const dir = await prepareDataDir();
  return { open: () => openPgliteDir(dir), remove: async () => rmSync(dir, { recursive: true, force: true }) };
}
