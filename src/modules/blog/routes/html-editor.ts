import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { formRoute, type FormInput } from '../../../platform/http/form-route.js';
import { EditPostBody, RevisionParams, type EditorAction } from '../editor-schemas.js';
import { BlogParams, PostParams } from '../schemas.js';
import { previewPost, type EditorService, type SaveAction } from '../services/editor.js';
import type { RevisionService } from '../services/revisions.js';
import { DeskPage, HistoryPage, PostEditorPage, RevisionDiffPage, type DeskSections, type EditorPreview } from '../views/editor-pages.js';
import { editPostUrl, postHistoryUrl } from '../views/urls.js';

/**
 * Other areas of the module add to the editor's desk (held comments per post, a moderation
 * queue link…): each returns its sections for the loaded desk.
 */
export type DeskContributor = (request: FastifyRequest, desk: Awaited<ReturnType<EditorService['desk']>>) => Promise<DeskSections>;

function mergeDeskSections(parts: DeskSections[]): DeskSections {
  const out: DeskSections = {};
  for (const part of parts) {
    if (part.aside !== undefined) out.aside = out.aside === undefined ? part.aside : ((out.aside as string) + (part.aside as string));
    for (const [postId, note] of Object.entries(part.postNotes ?? {})) {
      out.postNotes ??= {};
      const before = out.postNotes[postId];
      out.postNotes[postId] = before === undefined ? note : ((before as string) + (note as string));
    }
  }
  return out;
}

const NewPostQuery = z.object({ lang: z.enum(['en', 'fr']).optional(), translationOf: z.uuid().optional() });
type NewPostParams = z.infer<typeof BlogParams>;
type EditParams = z.infer<typeof PostParams>;

const NOTICE: Record<SaveAction, string> = {
  save: 'notices.blogPostSaved',
  publish: 'notices.blogPostPublished',
  schedule: 'notices.blogPostScheduled',
  unpublish: 'notices.blogPostUnpublished',
  archive: 'notices.blogPostArchived',
};

export function editorHtmlRoutes(deps: { editor: EditorService; revisions: RevisionService; deskContributors: DeskContributor[] }) {
  const { editor, revisions } = deps;

  /** The post form: new when `params.post` is absent; with a preview of the submitted text when asked. */
  async function editorPage(request: FastifyRequest, params: NewPostParams & { post?: string }, input: FormInput | null, previewOf?: EditPostBody): Promise<string> {
    const start = NewPostQuery.safeParse(request.query).data ?? {};
    const form = params.post
      ? await editor.editPostForm({ org: params.org, blog: params.blog, post: params.post }, request.actor)
      : await editor.newPostForm(params.org, params.blog, request.actor, { lang: start.lang ?? request.lang, translationOf: start.translationOf });
    const preview: EditorPreview | undefined = previewOf
      ? { ...previewPost(previewOf, form.post), title: previewOf.title, excerpt: previewOf.excerpt ?? null, lang: previewOf.lang }
      : undefined;
    return PostEditorPage({ ctx: request.viewCtx(), form, input: input ?? { values: form.values }, preview });
  }

  const rawBody = (request: FastifyRequest) => (request.body && typeof request.body === 'object' ? request.body : {}) as Record<string, unknown>;
  const isSave = (action: EditorAction): action is SaveAction => action !== 'preview';

  return async (app: FastifyInstance) => {
    app.get('/o/:org/blogs/:blog/desk', { config: { access: 'signed-in' }, schema: { params: BlogParams } }, async (request, reply) => {
      const { org, blog } = request.params as NewPostParams;
      const desk = await editor.desk(org, blog, request.actor);
      const sections = mergeDeskSections(await Promise.all(deps.deskContributors.map((c) => c(request, desk))));
      return reply.page(DeskPage({ ctx: request.viewCtx(), ...desk, sections }));
    });

    app.get('/o/:org/blogs/:blog/new', { config: { access: 'signed-in' }, schema: { params: BlogParams, querystring: NewPostQuery } }, async (request, reply) =>
      reply.page(await editorPage(request, request.params as NewPostParams, null)),
    );
    formRoute(app, {
      url: '/o/:org/blogs/:blog/new',
      access: 'signed-in',
      params: BlogParams,
      body: EditPostBody,
      render: (request, input, params) => editorPage(request, params, input),
      async handle(request, reply, body, params) {
        if (!isSave(body.action)) return reply.page(await editorPage(request, params, { values: rawBody(request) }, body));
        const saved = await editor.createPost(request.actor, params, body, body.action);
        return reply.seeOther(editPostUrl(params.org, params.blog, saved.slug), NOTICE[body.action]);
      },
    });

    app.get('/o/:org/blogs/:blog/:post/edit', { config: { access: 'signed-in' }, schema: { params: PostParams } }, async (request, reply) =>
      reply.page(await editorPage(request, request.params as EditParams, null)),
    );
    formRoute(app, {
      url: '/o/:org/blogs/:blog/:post/edit',
      access: 'signed-in',
      params: PostParams,
      body: EditPostBody,
      render: (request, input, params) => editorPage(request, params, input),
      async handle(request, reply, body, params) {
        if (!isSave(body.action)) return reply.page(await editorPage(request, params, { values: rawBody(request) }, body));
        const saved = await editor.updatePost(request.actor, params, body, body.action);
        return reply.seeOther(editPostUrl(params.org, params.blog, saved.slug), NOTICE[body.action]);
      },
    });

    app.get('/o/:org/blogs/:blog/:post/history', { config: { access: 'signed-in' }, schema: { params: PostParams } }, async (request, reply) => {
      const page = await revisions.history(request.params as EditParams, request.actor);
      return reply.page(HistoryPage({ ctx: request.viewCtx(), ...page }));
    });

    app.get('/o/:org/blogs/:blog/:post/history/:revisionId', { config: { access: 'signed-in' }, schema: { params: RevisionParams } }, async (request, reply) => {
      const { revisionId, ...ref } = request.params as RevisionParams;
      const page = await revisions.revisionDiff(ref, revisionId, request.actor);
      return reply.page(RevisionDiffPage({ ctx: request.viewCtx(), ...page }));
    });

    app.post('/o/:org/blogs/:blog/:post/history/:revisionId/restore', { config: { access: 'signed-in' }, schema: { params: RevisionParams } }, async (request, reply) => {
      const { revisionId, ...ref } = request.params as RevisionParams;
      const restored = await revisions.restoreRevision(ref, revisionId, request.actor);
      return reply.seeOther(postHistoryUrl(ref.org, ref.blog, restored.slug), 'notices.blogRevisionRestored');
    });
  };
}
