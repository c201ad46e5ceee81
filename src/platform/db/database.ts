import type { AuditTables } from '../audit/schema.js';
import type { JobsTables } from '../jobs/schema.js';
import type { MailTables } from '../mail/schema.js';
import type { StorageTables } from '../storage/schema.js';
import type { IdentityTables } from '../../modules/identity/index.js';
import type { BlogTables } from '../../modules/blog/index.js';
import type { FundraisingTables } from '../../modules/fundraising/index.js';
import type { ReceiptingTables } from '../../modules/receipting/index.js';
import type { TextGivingTables } from '../../modules/text-giving/index.js';
import type { CommunityTables } from '../../modules/community/index.js';

/** Every table of every module and platform area, for Kysely's types. */
export type Database = AuditTables & JobsTables & MailTables & StorageTables & IdentityTables & BlogTables & ReceiptingTables & FundraisingTables & TextGivingTables & CommunityTables;
