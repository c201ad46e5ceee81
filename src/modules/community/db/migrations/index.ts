import type { Migration } from '../../../../platform/db/migrator.js';
import * as createGroups from './20261201T1000-community-create-groups.js';

export const communityMigrations: Migration[] = [{ name: '20261201T1000-community-create-groups', ...createGroups }];
