import type { FastifyInstance, FastifyRequest } from 'fastify';
import { formRoute, type FormInput } from '../../../platform/http/form-route.js';
import { EmptyBody, PostParams, ReactBody, ReportBody, WritePostBody } from '../schemas.js';
import type { ModerationService } from '../services/moderation.js';
import type { PostService } from '../services/posts.js';
import { EditPostPage, HistoryPage, PostPage } from '../views/post-pages.js';
import { groupUrl, postUrl } from '../views/urls.js';

/** A post's page with its replies, replying, reacting. */
export function postHtmlRoutes(deps: { posts: PostService; moderation: ModerationService }) {
  const { posts, moderation } = deps;

  async function renderPost(request: FastifyRequest, params: PostParams, input: FormInput, mustReply = false) {
    const page = await posts.postPage(request.actor, params.org, params.group, params.post, mustReply);
    return PostPage({ ctx: request.viewCtx(), org: page.org, group: page.group, post: page.post, replies: page.replies, reactions: page.reactions, abilities: page.abilities, input, images: page.images });
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
        const created = await posts.reply(request.actor, params.org, params.group, params.post, body.body, body.confirmPhi);
        return reply.seeOther(`${postUrl(params.org, params.group, params.post)}#reply-${created.id}`, created.held ? 'notices.communityHeld' : 'notices.communityReplied');
      },
    });

    app.get('/o/:org/groups/:group/posts/:post/edit', { config: { access: 'public' }, schema: { params: PostParams } }, async (request, reply) => {
      const p = request.params as PostParams;
      const form = await posts.editForm(request.actor, p.org, p.group, p.post);
      return reply.page(EditPostPage({ ctx: request.viewCtx(), org: form.org, group: form.group, post: form.post, input: { values: {} } }));
    });

    formRoute(app, {
      url: '/o/:org/groups/:group/posts/:post/edit',
      access: 'public',
      params: PostParams,
      body: WritePostBody,
      async render(request, input, params) {
        const form = await posts.editForm(request.actor, params.org, params.group, params.post);
        return EditPostPage({ ctx: request.viewCtx(), org: form.org, group: form.group, post: form.post, input });
      },
      async handle(request, reply, body, params) {
        const done = await posts.editPost(request.actor, params.org, params.group, params.post, body.body);
        return reply.seeOther(postUrl(params.org, params.group, done.topId), 'notices.communityEdited');
      },
    });

    app.get('/o/:org/groups/:group/posts/:post/history', { config: { access: 'public' }, schema: { params: PostParams } }, async (request, reply) => {
      const p = request.params as PostParams;
      const h = await posts.history(request.actor, p.org, p.group, p.post);
      return reply.page(HistoryPage({ ctx: request.viewCtx(), org: h.org, group: h.group, post: h.post, revisions: h.revisions }));
    });

    app.post('/o/:org/groups/:group/posts/:post/delete', { config: { access: 'public' }, schema: { params: PostParams, body: EmptyBody } }, async (request, reply) => {
      const p = request.params as PostParams;
      const done = await posts.deletePost(request.actor, p.org, p.group, p.post, { ip: request.ip ?? null });
      return reply.seeOther(done.topId ? postUrl(p.org, p.group, done.topId) : groupUrl(p.org, p.group), 'notices.communityDeleted');
    });

    app.post('/o/:org/groups/:group/posts/:post/report', { config: { access: 'public' }, schema: { params: PostParams, body: ReportBody } }, async (request, reply) => {
      const p = request.params as PostParams;
      const done = await moderation.report(request.actor, p.org, p.group, p.post, (request.body as ReportBody).reason);
      return reply.seeOther(postUrl(p.org, p.group, done.topId), 'notices.communityReported');
    });

    app.post('/o/:org/groups/:group/posts/:post/reactions', { config: { access: 'public' }, schema: { params: PostParams, body: ReactBody } }, async (request, reply) => {
      const p = request.params as PostParams;
      const done = await posts.react(request.actor, p.org, p.group, p.post, (request.body as ReactBody).reaction);
      return reply.seeOther(postUrl(p.org, p.group, done.topId), done.given ? 'notices.communityReacted' : 'notices.communityUnreacted');
    });
  };
}
