import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { CamelCasePlugin, Kysely, PGliteDialect, PostgresDialect } from 'kysely';
import pg from 'pg';
import lockfile from 'proper-lockfile';
import type { Database } from './database.js';
import { nameRepeatedStatements } from './named-statements.js';

export type DbHandle = {
  db: Kysely<Database>;
  kind: 'pglite' | 'postgres';
  close(): Promise<void>;
};

export class DataDirLockedError extends Error {
  override name = 'DataDirLockedError';
  constructor(readonly dataDir: string) {
    super(
      `The data folder ${dataDir} is already open in another Foyer process. ` +
        'Stop that process first, or set FOYER_DATA_DIR to another folder, or DATABASE_URL to use PostgreSQL.',
    );
  }
}

// bigint (int8) and numeric come back as strings from pg by default; counts fit in a JS number.
pg.types.setTypeParser(20, (v) => Number(v));

export function kyselyFor(dialect: PostgresDialect | PGliteDialect): Kysely<Database> {
  return new Kysely<Database>({ dialect, plugins: [new CamelCasePlugin({ maintainNestedObjectKeys: true })] });
}

export function openPostgres(url: string, poolSize = 10): DbHandle {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  nameRepeatedStatements(pool);
  const db = kyselyFor(new PostgresDialect({ pool }));
  return { db, kind: 'postgres', close: () => db.destroy() };
}

/** Opens a PGlite instance already created (in memory, cloned, or loaded from a dump). */
export function wrapPglite(pglite: PGlite, onClose?: () => Promise<void>): DbHandle {
  const db = kyselyFor(new PGliteDialect({ pglite }));
  return {
    db,
    kind: 'pglite',
    async close() {
      await db.destroy();
      if (!pglite.closed) await pglite.close();
      await onClose?.();
    },
  };
}

/**
 * PGlite in a folder. Two processes on one folder corrupt it silently, so the folder is
 * locked for the life of the process and a second process is refused with a clear error.
 */
export async function openPgliteDir(dataDir: string): Promise<DbHandle> {
  const dir = path.resolve(dataDir);
  mkdirSync(dir, { recursive: true });
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(dir, { lockfilePath: path.join(dir, 'foyer.lock'), stale: 15_000, update: 5_000 });
  } catch (error) {
    if ((error as { code?: string }).code === 'ELOCKED') throw new DataDirLockedError(dir);
    throw error;
  }
  try {
    const pglite = await PGlite.create(path.join(dir, 'pg'));
    return wrapPglite(pglite, release);
  } catch (error) {
    await release();
    throw error;
  }
}

export async function openDatabase(opts: { databaseUrl: string | undefined; dataDir: string }): Promise<DbHandle> {
  return opts.databaseUrl ? openPostgres(opts.databaseUrl) : openPgliteDir(opts.dataDir);
}
