import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { FeedQuery, OrgParams, parseBody } from '../schemas.js';
import type { FeedService } from '../services/feeds.js';
import { HashtagFeedPage, HomeFeedPage, personUrl, ProfileFeedPage } from '../views/feed-pages.js';
import type { MessageService } from '../services/messages.js';
import { PersonMessageActions } from '../views/message-pages.js';

const TagParams = OrgParams.extend({ tag: z.string().regex(/^[\p{L}\p{N}_]{2,50}$/u) });
type TagParams = z.infer<typeof TagParams>;
const PersonParams = OrgParams.extend({ account: z.uuid() });
type PersonParams = z.infer<typeof PersonParams>;
const FollowBody = z.object({ follow: z.enum(['yes', 'no']) });

/** The home feed, hashtag and profile feeds, and following people. */
export function feedHtmlRoutes(deps: { feeds: FeedService; messages: MessageService }) {
  const { feeds } = deps;
  return async (app: FastifyInstance) => {
    app.get('/o/:org/community', { config: { access: 'signed-in' }, schema: { params: OrgParams, querystring: FeedQuery } }, async (request, reply) => {
      const feed = await feeds.home(request.actor, (request.params as OrgParams).org, (request.query as FeedQuery).before);
      return reply.page(HomeFeedPage({ ctx: request.viewCtx(), feed }));
    });

    app.get('/o/:org/tags/:tag', { config: { access: 'signed-in' }, schema: { params: TagParams, querystring: FeedQuery } }, async (request, reply) => {
      const p = request.params as TagParams;
      const feed = await feeds.hashtag(request.actor, p.org, p.tag, (request.query as FeedQuery).before);
      return reply.page(HashtagFeedPage({ ctx: request.viewCtx(), feed, tag: feed.tag }));
    });

    app.get('/o/:org/people/:account', { config: { access: 'signed-in' }, schema: { params: PersonParams, querystring: FeedQuery } }, async (request, reply) => {
      const p = request.params as PersonParams;
      const profile = await feeds.profile(request.actor, p.org, p.account, (request.query as FeedQuery).before);
      const ctx = request.viewCtx();
      const actions = PersonMessageActions({ ctx, org: p.org, person: profile.person, actions: await deps.messages.personActions(request.actor, p.org, p.account) });
      return reply.page(ProfileFeedPage({ ctx, feed: profile, person: profile.person, canFollow: profile.canFollow, following: profile.following, actions }));
    });

    app.post('/o/:org/people/:account/follow', { config: { access: 'signed-in' }, schema: { params: PersonParams } }, async (request, reply) => {
      const p = request.params as PersonParams;
      const follow = parseBody(FollowBody, request.body).follow === 'yes';
      await feeds.follow(request.actor, p.org, p.account, follow);
      return reply.seeOther(personUrl(p.org, p.account), follow ? 'notices.communityFollowed' : 'notices.communityUnfollowed');
    });
  };
}
