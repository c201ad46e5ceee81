import { ConfigError, loadConfig } from '../src/config.js';
import { allMigrations } from '../src/migrations.js';
import { DataDirLockedError, openDatabase } from '../src/platform/db/create-db.js';
import { migrate } from '../src/platform/db/migrator.js';

/** Applies pending migrations to the configured database (PGlite folder or DATABASE_URL) and exits. */
async function main(): Promise<number> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const line of error.lines) console.error(line);
    return 1;
  }
  let handle;
  try {
    handle = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  } catch (error) {
    if (!(error instanceof DataDirLockedError)) throw error;
    console.error(error.message);
    return 1;
  }
  try {
    const report = await migrate(handle.db, allMigrations, (line) => console.log(line));
    console.log(`${report.applied.length} migration(s) applied, ${report.alreadyApplied} already applied (${handle.kind}).`);
    return 0;
  } finally {
    await handle.close();
  }
}

process.exitCode = await main();
