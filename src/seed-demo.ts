import type { Db } from './platform/db/types.js';
import { seedIdentityDemo } from './modules/identity/index.js';
import { seedBlogDemo } from './modules/blog/index.js';
import { seedFundraisingDemo } from './modules/fundraising/index.js';
import { seedReceiptingDemo } from './modules/receipting/index.js';
import { seedCommunityDemo } from './modules/community/index.js';

/** Demo data for a fresh development database; each module seeds its own part. */
export async function seedDemo(db: Db): Promise<boolean> {
  const identity = await seedIdentityDemo(db);
  const blog = await seedBlogDemo(db);
  const receipting = await seedReceiptingDemo(db);
  const fundraising = await seedFundraisingDemo(db);
  const community = await seedCommunityDemo(db);
  return identity || blog || receipting || fundraising || community;
}
