import type { Migration } from '../../../../platform/db/migrator.js';
import * as createTables from './20261201T1000-text-giving-create-tables.js';

export const textGivingMigrations: Migration[] = [{ name: '20261201T1000-text-giving-create-tables', ...createTables }];
