import type { Migration } from '../../../../platform/db/migrator.js';
import * as createBlogsPosts from './20261125T1400-blog-create-blogs-posts.js';

export const blogMigrations: Migration[] = [{ name: '20261125T1400-blog-create-blogs-posts', ...createBlogsPosts }];
