/** The community module's only public door. */
export { createCommunityModule, type CommunityModule } from './module.js';
export { communityMigrations } from './db/migrations/index.js';
export type { CommunityTables } from './db/schema.js';
export { seedCommunityDemo } from './demo.js';
