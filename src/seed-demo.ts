import type { Db } from './platform/db/types.js';
import { seedIdentityDemo } from './modules/identity/index.js';

/** Demo data for a fresh development database; each module seeds its own part. */
export async function seedDemo(db: Db): Promise<boolean> {
  return seedIdentityDemo(db);
}
