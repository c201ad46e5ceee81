/** The blog module's only public door. */
export { createBlogModule, type BlogModule } from './module.js';
export { blogMigrations } from './db/migrations/index.js';
export type { BlogTables } from './db/schema.js';
export { seedBlogDemo } from './demo.js';
export { renderMarkdown, markdownToText } from './markdown.js';
export { detectPhi, phiKinds, type PhiKind } from './phi.js';
