import type { Db } from './platform/db/types.js';
import { seedIdentityDemo } from './modules/identity/index.js';
import { seedBlogDemo } from './modules/blog/index.js';
import { seedFundraisingDemo } from './modules/fundraising/index.js';

/** Demo data for a fresh development database; each module seeds its own part. */
export async function seedDemo(db: Db): Promise<boolean> {
  const identity = await seedIdentityDemo(db);
  const blog = await seedBlogDemo(db);
  const fundraising = await seedFundraisingDemo(db);
  return identity || blog || fundraising;
}
