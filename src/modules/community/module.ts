import type { FastifyPluginAsync } from 'fastify';
import type { JobHandlers } from '../../platform/jobs/queue.js';
import type { CommunityDeps } from './deps.js';
import { groupHtmlRoutes } from './routes/html-groups.js';
import { postHtmlRoutes } from './routes/html-posts.js';
import { createGroupService } from './services/groups.js';
import { createPostService } from './services/posts.js';
import { createModerationService } from './services/moderation.js';
import { createNoticeService, NOTICE_DIGEST_JOB, NOTICE_EMAIL_JOB } from './services/notices.js';
import { noticeHtmlRoutes } from './routes/html-notices.js';
import { feedHtmlRoutes } from './routes/html-feeds.js';
import { createFeedService } from './services/feeds.js';
import { createMessageService } from './services/messages.js';
import { messageHtmlRoutes } from './routes/html-messages.js';
import { searchHtmlRoutes } from './routes/html-search.js';
import { createSearchService } from './services/search.js';
import { imageHtmlRoutes } from './routes/html-images.js';
import { createImageService } from './services/images.js';
import { exportHtmlRoutes } from './routes/html-export.js';
import { createExportService } from './services/export.js';

export type CommunityModule = {
  htmlRoutes: FastifyPluginAsync[];
  apiRoutes: FastifyPluginAsync[];
  jobs: JobHandlers;
};

export function createCommunityModule(deps: CommunityDeps): CommunityModule {
  const notices = createNoticeService(deps);
  const groups = createGroupService(deps, notices);
  const posts = createPostService(deps, notices);
  const moderation = createModerationService(deps);
  const messages = createMessageService(deps, notices);
  // Search, post images and the export of one's content.
  const extraRoutes = [searchHtmlRoutes({ search: createSearchService(deps) }), imageHtmlRoutes({ images: createImageService(deps, posts) }), exportHtmlRoutes({ exports: createExportService(deps) })];
  return {
    htmlRoutes: [groupHtmlRoutes({ groups, posts, moderation }), postHtmlRoutes({ posts, moderation }), noticeHtmlRoutes({ notices }), feedHtmlRoutes({ feeds: createFeedService(deps), messages }), messageHtmlRoutes({ messages }), ...extraRoutes],
    apiRoutes: [],
    jobs: {
      [NOTICE_EMAIL_JOB]: (payload) => notices.runNoticeEmail(payload),
      [NOTICE_DIGEST_JOB]: (payload) => notices.runNoticeDigest(payload),
    },
  };
}
