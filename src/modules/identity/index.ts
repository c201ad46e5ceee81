/** The identity module's only public door. */
export { createIdentityModule, type IdentityModule } from './module.js';
export { identityMigrations } from './db/migrations/index.js';
export type { IdentityTables } from './db/schema.js';
export { createSealer } from './crypto.js';
export { seedIdentityDemo, DEMO_ACCOUNTS, DEMO_PASSWORD } from './demo.js';
