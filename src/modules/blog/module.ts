import type { FastifyPluginAsync } from 'fastify';
import type { JobHandlers } from '../../platform/jobs/queue.js';
import type { BlogDeps } from './deps.js';
import { readingHtmlRoutes, type PostPageContributor } from './routes/html-reading.js';
import { editorHtmlRoutes, type DeskContributor } from './routes/html-editor.js';
import { createEditorService, PUBLISH_SCHEDULED_JOB } from './services/editor.js';
import { createRevisionService } from './services/revisions.js';
import { createReadingService } from './services/reading.js';
import { blogIndexContributor, blogListContributor, manageHtmlRoutes } from './routes/html-manage.js';
import { attachmentsContributor, mediaHtmlRoutes } from './routes/html-media.js';
import { searchHtmlRoutes } from './routes/html-search.js';
import { createManageService } from './services/manage.js';
import { createMediaService } from './services/media.js';
import { createSearchService } from './services/search.js';
import { blogIndexFeedLinks, feedRoutes } from './routes/feeds.js';
import { favouriteRoutes } from './routes/favourites.js';
import { seoRoutes } from './routes/seo.js';
import { sharingContributor, shareRoutes } from './routes/share.js';
import { createFavouriteService } from './services/favourites.js';
import { createFeedService } from './services/feeds.js';
import { createSeoService } from './services/seo.js';
import { createShareImageService } from './services/share-image.js';
import { createSharingService } from './services/sharing.js';
import { commentHtmlRoutes, commentsContributor } from './routes/html-comments.js';
import { moderationHtmlRoutes } from './routes/html-moderation.js';
import { createCommentService } from './services/comments.js';
import { createModerationService } from './services/moderation.js';
import { subscribeIndexContributor, subscribePostContributor, subscriptionHtmlRoutes } from './routes/html-subscriptions.js';
import { createSubscriptionService, POST_PUBLISHED_JOB, SEND_DIGEST_JOB, SEND_POST_JOB, WEEKLY_DIGEST_JOB } from './services/subscriptions.js';

export type BlogModule = {
  htmlRoutes: FastifyPluginAsync[];
  apiRoutes: FastifyPluginAsync[];
  jobs: JobHandlers;
  /** Run once the database is migrated, before the job worker starts (queues the next weekly digest). */
  startup(): Promise<void>;
};

export function createBlogModule(deps: BlogDeps): BlogModule {
  const reading = createReadingService(deps);
  const contributors: PostPageContributor[] = [];
  const sharing = createSharingService(deps);
  const favourites = createFavouriteService({ ...deps, reading });
  contributors.push(sharingContributor({ sharing, favourites }));
  const comments = createCommentService(deps);
  contributors.push(commentsContributor(comments));
  const commentRoutes = [commentHtmlRoutes({ comments }), moderationHtmlRoutes({ moderation: createModerationService(deps) })];
  const sharingRoutes = [
    feedRoutes({ feeds: createFeedService({ ...deps, reading }), pageCache: deps.pageCache }),
    shareRoutes({ sharing, images: createShareImageService({ reading }), publicUrl: deps.config.publicUrl }),
    favouriteRoutes({ favourites }),
    seoRoutes({ seo: createSeoService(deps) }),
  ];
  const manage = createManageService(deps);
  const media = createMediaService(deps);
  contributors.push(attachmentsContributor(media));
  const manageRoutes = [manageHtmlRoutes({ manage }), mediaHtmlRoutes({ media }), searchHtmlRoutes({ search: createSearchService(deps) })];
  const subscriptions = createSubscriptionService(deps);
  contributors.push(subscribePostContributor(subscriptions));
  const subscriptionRoutes = [subscriptionHtmlRoutes({ subscriptions })];
  const editor = createEditorService(deps, reading);
  const revisions = createRevisionService(deps, reading);
  /** Areas that add to the editor's desk (held comment counts…) push here, like post page contributors. */
  const deskContributors: DeskContributor[] = [];
  return {
    htmlRoutes: [readingHtmlRoutes({ reading, contributors, pageCache: deps.pageCache, indexHead: blogIndexFeedLinks({ publicUrl: deps.config.publicUrl }), indexContributors: [subscribeIndexContributor(subscriptions), blogIndexContributor(manage)], listContributors: [blogListContributor(manage)] }), editorHtmlRoutes({ editor, revisions, deskContributors }), ...sharingRoutes, ...commentRoutes, ...subscriptionRoutes, ...manageRoutes],
    apiRoutes: [],
    startup: () => subscriptions.startup(),
    jobs: {
      [PUBLISH_SCHEDULED_JOB]: (payload) => editor.publishScheduled(payload),
      [POST_PUBLISHED_JOB]: (payload) => subscriptions.onPostPublished(payload),
      [SEND_POST_JOB]: (payload) => subscriptions.runSendPost(payload),
      [WEEKLY_DIGEST_JOB]: (payload) => subscriptions.runWeeklyDigest(payload),
      [SEND_DIGEST_JOB]: (payload) => subscriptions.runSendDigest(payload),
    },
  };
}
