import type { Migration } from '../../../../platform/db/migrator.js';
import * as createTables from './20261125T1210-identity-create-tables.js';

export const identityMigrations: Migration[] = [{ name: '20261125T1210-identity-create-tables', ...createTables }];
