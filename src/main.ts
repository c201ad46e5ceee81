import { ConfigError, loadConfig, type Config } from './config.js';
import { buildApp } from './app.js';
import { DataDirLockedError, openDatabase } from './platform/db/create-db.js';
import { migrate } from './platform/db/migrator.js';
import { allMigrations } from './migrations.js';
import { seedDemo } from './seed-demo.js';

/** Process entry: parse config, open the database, migrate, seed, build the app, listen, stop on SIGTERM. */
async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      for (const line of error.lines) console.error(line);
      process.exitCode = 1;
      return;
    }
    throw error;
  }
  let handle;
  try {
    handle = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  } catch (error) {
    if (error instanceof DataDirLockedError) {
      console.error(error.message);
      process.exitCode = 1;
      return;
    }
    throw error;
  }
  const { app, worker, shutdown, startup } = await buildApp({ config, db: handle.db });
  const report = await migrate(handle.db, allMigrations, (line) => app.log.info(line));
  app.log.info({ applied: report.applied.length, database: handle.kind }, 'database ready');
  if (config.seedDemo) {
    const seeded = await seedDemo(handle.db);
    if (seeded) app.log.info('demo data created (see README for the demo accounts)');
  }
  await startup();
  worker.start();
  await app.listen({ port: config.port, host: config.host });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down');
    shutdown();
    try {
      await app.close();
      await handle.close();
    } finally {
      process.exit(0);
    }
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

await main();
