import type { Migration } from '../../../../platform/db/migrator.js';
import * as createTables from './20261125T1210-identity-create-tables.js';
import * as totpLastUsedStep from './20261126T0900-identity-totp-last-used-step.js';
import * as profileBioSearch from './20261202T0500-identity-profile-bio-search.js';

export const identityMigrations: Migration[] = [
  { name: '20261125T1210-identity-create-tables', ...createTables },
  { name: '20261126T0900-identity-totp-last-used-step', ...totpLastUsedStep },
  { name: '20261202T0500-identity-profile-bio-search', ...profileBioSearch },
];
