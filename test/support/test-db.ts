import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { inject } from 'vitest';
import { openPostgres, wrapPglite, type DbHandle } from '../../src/platform/db/create-db.js';

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
        const c = new pg.Client({ connectionString: databaseUrl });
        await c.connect();
        await c.query(`drop database if exists ${name} with (force)`);
        await c.end();
      },
    };
  }
  const dump = readFileSync(inject('pgliteTemplatePath')!);
  const pglite = await PGlite.create({ loadDataDir: new Blob([dump]) });
  return wrapPglite(pglite);
}
