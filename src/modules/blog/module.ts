import type { FastifyPluginAsync } from 'fastify';
import type { JobHandlers } from '../../platform/jobs/queue.js';
import type { BlogDeps } from './deps.js';
import { readingHtmlRoutes, type PostPageContributor } from './routes/html-reading.js';
import { createReadingService } from './services/reading.js';

export type BlogModule = {
  htmlRoutes: FastifyPluginAsync[];
  apiRoutes: FastifyPluginAsync[];
  jobs: JobHandlers;
};

export function createBlogModule(deps: BlogDeps): BlogModule {
  const reading = createReadingService(deps);
  const contributors: PostPageContributor[] = [];
  return {
    htmlRoutes: [readingHtmlRoutes({ reading, contributors })],
    apiRoutes: [],
    jobs: {},
  };
}
