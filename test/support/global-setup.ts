import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openPostgres, wrapPglite } from '../../src/platform/db/create-db.js';
import { migrate } from '../../src/platform/db/migrator.js';
import { allMigrations } from '../../src/migrations.js';
import { withDatabase } from './test-db.js';

/** Migrates one template database per run; each test file copies it. */
export default async function setup(project: TestProject) {
  const databaseUrl = process.env.DATABASE_URL || null;
  project.provide('databaseUrl', databaseUrl);
  if (databaseUrl) {
    const template = `foyer_tpl_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: databaseUrl });
    await admin.connect();
    await admin.query(`create database ${template}`);
    await admin.end();
    const handle = openPostgres(withDatabase(databaseUrl, template), 1);
    await migrate(handle.db, allMigrations);
    await handle.close();
    project.provide('pgTemplateDb', template);
    project.provide('pgliteTemplatePath', null);
    return async () => {
      const c = new pg.Client({ connectionString: databaseUrl });
      await c.connect();
      await c.query(`drop database if exists ${template} with (force)`);
      await c.end();
    };
  }
  const dir = path.resolve('.tmp');
  mkdirSync(dir, { recursive: true });
  // Uncompressed: every test file loads it, and skipping the gunzip makes each load faster.
  const file = path.join(dir, `pglite-template-${process.pid}.tar`);
  const pglite = await PGlite.create();
  const handle = wrapPglite(pglite);
  await migrate(handle.db, allMigrations);
  const dump = await pglite.dumpDataDir('none');
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  await handle.close();
  project.provide('pgliteTemplatePath', file);
  project.provide('pgTemplateDb', null);
  return () => rmSync(file, { force: true });
}
