import type { FastifyInstance, FastifyRequest } from 'fastify';
import { formRoute, type FormInput } from '../../../platform/http/form-route.js';
import { toHeldCommentView } from '../comment-presenters.js';
import { CommentParams, EmptyBody, ModerationParams, ModerationQuery, ModerationSettingsBody, RedactBody } from '../comment-schemas.js';
import type { ModerationService } from '../services/moderation.js';
import { moderationUrl } from '../views/comment-views.js';
import { moderationSettingsUrl, ModerationQueuePage, ModerationSettingsPage, ReviewCommentPage } from '../views/moderation-pages.js';
import { postUrl } from '../views/urls.js';

type OrgOnly = { org: string };
type CommentRef = { org: string; id: string };

const meta = (request: FastifyRequest) => ({ ip: request.ip ?? null });

/** The moderation queue of an organization's blogs, its decisions, and its settings. */
export function moderationHtmlRoutes(deps: { moderation: ModerationService }) {
  const { moderation } = deps;

  async function renderQueue(request: FastifyRequest, orgSlug: string, query: ModerationQuery = {}): Promise<string> {
    const after = query.after && query.afterId ? { createdAt: new Date(query.after), id: query.afterId } : undefined;
    const { org, items, next } = await moderation.queue(request.actor, orgSlug, after);
    const nextHref = next ? `${moderationUrl(org.slug)}?after=${encodeURIComponent(next.createdAt.toISOString())}&afterId=${next.id}` : undefined;
    const views = items.map((c) => toHeldCommentView(c, postUrl(org.slug, c.blogSlug, c.postSlug)));
    return ModerationQueuePage({ ctx: request.viewCtx(), org, items: views, nextHref });
  }

  async function renderReview(request: FastifyRequest, params: CommentRef, input: FormInput): Promise<string> {
    const { org, item } = await moderation.review(request.actor, params.org, params.id);
    return ReviewCommentPage({ ctx: request.viewCtx(), org, item: toHeldCommentView(item, postUrl(org.slug, item.blogSlug, item.postSlug)), input });
  }

  async function renderSettings(request: FastifyRequest, orgSlug: string, input: FormInput): Promise<string> {
    const { org, settings } = await moderation.settings(request.actor, orgSlug);
    return ModerationSettingsPage({ ctx: request.viewCtx(), org, settings, input });
  }

  return async (app: FastifyInstance) => {
    app.get('/o/:org/blogs/moderation', { config: { access: 'signed-in' }, schema: { params: ModerationParams, querystring: ModerationQuery } }, async (request, reply) =>
      reply.page(await renderQueue(request, (request.params as OrgOnly).org, request.query as ModerationQuery)),
    );
    app.get('/o/:org/blogs/moderation/comments/:id', { config: { access: 'signed-in' }, schema: { params: CommentParams } }, async (request, reply) =>
      reply.page(await renderReview(request, request.params as CommentRef, { values: {} })),
    );

    const decisions = [
      ['approve', 'approve', 'notices.commentApproved'],
      ['reject', 'reject', 'notices.commentRejected'],
      ['spam', 'markSpam', 'notices.commentMarkedSpam'],
    ] as const;
    for (const [path, action, notice] of decisions) {
      formRoute(app, {
        url: `/o/:org/blogs/moderation/comments/:id/${path}`,
        access: 'signed-in',
        params: CommentParams,
        body: EmptyBody,
        render: (request, _input, params) => renderQueue(request, params.org),
        async handle(request, reply, _body, params) {
          await moderation[action](request.actor, params.org, params.id, meta(request));
          return reply.seeOther(moderationUrl(params.org), notice);
        },
      });
    }
    formRoute(app, {
      url: '/o/:org/blogs/moderation/comments/:id/redact',
      access: 'signed-in',
      params: CommentParams,
      body: RedactBody,
      render: (request, input, params) => renderReview(request, params, input),
      async handle(request, reply, body, params) {
        await moderation.redactAndApprove(request.actor, params.org, params.id, body.redact, meta(request));
        return reply.seeOther(moderationUrl(params.org), 'notices.commentRedacted');
      },
    });

    app.get('/o/:org/blogs/moderation/settings', { config: { access: 'signed-in' }, schema: { params: ModerationParams } }, async (request, reply) =>
      reply.page(await renderSettings(request, (request.params as OrgOnly).org, { values: {} })),
    );
    formRoute(app, {
      url: '/o/:org/blogs/moderation/settings',
      access: 'signed-in',
      params: ModerationParams,
      body: ModerationSettingsBody,
      render: (request, input, params) => renderSettings(request, params.org, input),
      async handle(request, reply, body, params) {
        await moderation.updateSettings(request.actor, params.org, body, meta(request));
        return reply.seeOther(moderationSettingsUrl(params.org), 'notices.saved');
      },
    });
  };
}
