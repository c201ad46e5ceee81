import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { prepareDataDir, startServerProcess, type ServerProcess } from '../../../test/support/server-process.js';
import { DataDirLockedError, openPgliteDir } from './create-db.js';

const started: ServerProcess[] = [];
const dirs: string[] = [];
afterAll(() => {
  for (const s of started) if (s.child.exitCode === null) s.child.kill('SIGKILL');
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('the PGlite data folder lock', () => {
  it('refuses a second process on the same folder while the first keeps serving', { timeout: 120_000 }, async () => {
    const dataDir = await prepareDataDir();
    dirs.push(dataDir);
    const first = startServerProcess({ FOYER_DATA_DIR: dataDir });
    started.push(first);
    const url = await first.listening;
    expect(existsSync(path.join(dataDir, 'foyer.lock'))).toBe(true);

    const second = startServerProcess({ FOYER_DATA_DIR: dataDir });
    started.push(second);
    expect(await second.exited).toBe(1);
    expect(second.output()).toContain(`The data folder ${dataDir} is already open in another Foyer process`);

    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    expect(first.child.exitCode).toBeNull();

    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(existsSync(path.join(dataDir, 'foyer.lock'))).toBe(false);

    // The folder is intact and free: it opens again, with its data.
    const handle = await openPgliteDir(dataDir);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from db_migrations`.execute(handle.db);
    expect(rows[0]!.n).toBeGreaterThan(0);
    await handle.close();
  });

  it('refuses a second opener in the same process with DataDirLockedError', { timeout: 60_000 }, async () => {
    const dataDir = await prepareDataDir();
    dirs.push(dataDir);
    const handle = await openPgliteDir(dataDir);
    try {
      const error = await openPgliteDir(dataDir).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DataDirLockedError);
      expect((error as Error).message).toMatch(/already open in another Foyer process.*FOYER_DATA_DIR.*DATABASE_URL/s);
    } finally {
      await handle.close();
    }
    expect(existsSync(path.join(dataDir, 'foyer.lock'))).toBe(false);
  });
});
