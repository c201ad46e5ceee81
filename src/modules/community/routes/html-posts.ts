import type { FastifyInstance, FastifyRequest } from 'fastify';
import { formRoute, type FormInput } from '../../../platform/http/form-route.js';
import { PostParams, ReactBody, WritePostBody } from '../schemas.js';
import type { PostService } from '../services/posts.js';
import { PostPage } from '../views/post-pages.js';
import { postUrl } from '../views/urls.js';

/** A post's page with its replies, replying, reacting. */
export function postHtmlRoutes(deps: { posts: PostService }) {
  const { posts } = deps;

  async function renderPost(request: FastifyRequest, params: PostParams, input: FormInput, mustReply = false) {
    const page = await posts.postPage(request.actor, params.org, params.group, params.post, mustReply);
    return PostPage({ ctx: request.viewCtx(), org: page.org, group: page.group, post: page.post, replies: page.replies, reactions: page.reactions, abilities: page.abilities, input });
  }

  return async (app: FastifyInstance) => {
    app.get('/o/:org/groups/:group/posts/:post', { config: { access: 'public' }, schema: { params: PostParams } }, async (request, reply) =>
      reply.page(await renderPost(request, request.params as PostParams, { values: {} })),
    );

    formRoute(app, {
      url: '/o/:org/groups/:group/posts/:post/replies',
      access: 'public',
      params: PostParams,
      body: WritePostBody,
      render: (request, input, params) => renderPost(request, params, input, true),
      async handle(request, reply, body, params) {
        const created = await posts.reply(request.actor, params.org, params.group, params.post, body.body);
        return reply.seeOther(`${postUrl(params.org, params.group, params.post)}#reply-${created.id}`, 'notices.communityReplied');
      },
    });

    app.post('/o/:org/groups/:group/posts/:post/reactions', { config: { access: 'public' }, schema: { params: PostParams, body: ReactBody } }, async (request, reply) => {
      const p = request.params as PostParams;
      const done = await posts.react(request.actor, p.org, p.group, p.post, (request.body as ReactBody).reaction);
      return reply.seeOther(postUrl(p.org, p.group, done.topId), done.given ? 'notices.communityReacted' : 'notices.communityUnreacted');
    });
  };
}
