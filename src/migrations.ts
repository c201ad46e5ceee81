import { mergeMigrations, type Migration } from './platform/db/migrator.js';
import { platformMigrations } from './platform/migrations.js';
import { identityMigrations } from './modules/identity/index.js';
import { blogMigrations } from './modules/blog/index.js';
import { fundraisingMigrations } from './modules/fundraising/index.js';
import { receiptingMigrations } from './modules/receipting/index.js';
import { textGivingMigrations } from './modules/text-giving/index.js';
import { communityMigrations } from './modules/community/index.js';

/** Every migration of the platform and the modules, in name order. */
export const allMigrations: Migration[] = mergeMigrations(platformMigrations, identityMigrations, blogMigrations, receiptingMigrations, fundraisingMigrations, textGivingMigrations, communityMigrations);
