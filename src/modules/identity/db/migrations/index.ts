import type { Migration } from '../../../../platform/db/migrator.js';
import * as createTables from './20261125T1210-identity-create-tables.js';
import * as totpLastUsedStep from './20261126T0900-identity-totp-last-used-step.js';

export const identityMigrations: Migration[] = [
  { name: '20261125T1210-identity-create-tables', ...createTables },
  { name: '20261126T0900-identity-totp-last-used-step', ...totpLastUsedStep },
];
