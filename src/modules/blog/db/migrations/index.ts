import type { Migration } from '../../../../platform/db/migrator.js';
import * as createBlogsPosts from './20261125T1400-blog-create-blogs-posts.js';
import * as createComments from './20261125T1430-blog-create-comments.js';
import * as createFavourites from './20261125T1440-blog-create-favourites.js';
import * as imagesAttachments from './20261125T1420-blog-images-attachments.js';
import * as subscriptions from './20261125T1450-blog-subscriptions.js';

export const blogMigrations: Migration[] = [
  { name: '20261125T1400-blog-create-blogs-posts', ...createBlogsPosts },
  { name: '20261125T1420-blog-images-attachments', ...imagesAttachments },
  { name: '20261125T1430-blog-create-comments', ...createComments },
  { name: '20261125T1440-blog-create-favourites', ...createFavourites },
  { name: '20261125T1450-blog-subscriptions', ...subscriptions },
];
