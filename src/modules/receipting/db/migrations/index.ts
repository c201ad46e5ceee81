import type { Migration } from '../../../../platform/db/migrator.js';
import * as createTables from './20261201T1000-receipting-create-tables.js';

export const receiptingMigrations: Migration[] = [{ name: '20261201T1000-receipting-create-tables', ...createTables }];
