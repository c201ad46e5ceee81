import type { FastifyInstance, FastifyRequest } from 'fastify';
import { formRoute, type FormInput } from '../../../platform/http/form-route.js';
import { toCommentThread } from '../comment-presenters.js';
import { CommentFormQuery, PostCommentBody, PostParams } from '../comment-schemas.js';
import type { CommentService } from '../services/comments.js';
import { CommentFormPage, CommentsSection } from '../views/comment-views.js';
import { postUrl } from '../views/urls.js';
import type { PostPageContributor } from './html-reading.js';

type PostParams = { org: string; blog: string; post: string };

/** Adds "N Responses", the approved thread and the reply form to a published post's page. */
export function commentsContributor(comments: CommentService): PostPageContributor {
  return async (request, page) => {
    const data = await comments.postComments(request.actor, page);
    if (!data) return {};
    return {
      comments: CommentsSection({
        ctx: request.viewCtx(),
        orgSlug: page.org.slug,
        blogSlug: page.blog.slug,
        postSlug: page.post.slug,
        thread: toCommentThread(data.comments),
        count: data.count,
        canComment: data.canComment,
        signedIn: data.signedIn,
        heldCount: data.heldCount,
      }),
    };
  };
}

/** Leaving a reply: the form page (replying to one comment, or fixing refused input) and its post. */
export function commentHtmlRoutes(deps: { comments: CommentService; commentRateLimit?: number }) {
  const { comments } = deps;

  async function renderForm(request: FastifyRequest, params: PostParams, input: FormInput, replyTo?: string): Promise<string> {
    const form = await comments.commentForm(request.actor, params.org, params.blog, params.post, replyTo);
    const [parent] = form.parent ? toCommentThread([{ ...form.parent, parentId: null }]) : [];
    return CommentFormPage({ ctx: request.viewCtx(), orgSlug: form.org.slug, blog: form.blog, post: form.post, parent: parent ?? null, guest: !form.signedIn, input });
  }

  return async (app: FastifyInstance) => {
    app.get('/o/:org/blogs/:blog/:post/comments', { config: { access: 'public' }, schema: { params: PostParams, querystring: CommentFormQuery } }, async (request, reply) =>
      reply.page(await renderForm(request, request.params as PostParams, { values: {} }, (request.query as CommentFormQuery).replyTo)),
    );

    formRoute(app, {
      url: '/o/:org/blogs/:blog/:post/comments',
      access: 'public',
      params: PostParams,
      body: PostCommentBody,
      rateLimit: { max: deps.commentRateLimit ?? 20, timeWindow: '1 minute' },
      render: (request, input, params) => renderForm(request, params, input),
      async handle(request, reply, body, params) {
        const posted = await comments.postComment(request.actor, params.org, params.blog, params.post, body, { ip: request.ip ?? null, lang: request.lang });
        const here = postUrl(params.org, params.blog, params.post);
        if (posted.status === 'approved') return reply.seeOther(`${here}#comment-${posted.id}`, 'notices.commentPublished');
        return reply.seeOther(`${here}#comments`, posted.healthInformation ? 'notices.commentHeldHealthInfo' : 'notices.commentHeld');
      },
    });
  };
}
