import { z } from 'zod';
import type { Actor } from '../../../platform/auth/actor.js';
import { authorize, can } from '../../../platform/auth/policy.js';
import { recordAudit } from '../../../platform/audit/audit.js';
import { newId } from '../../../platform/db/ids.js';
import { isUniqueViolation } from '../../../platform/db/pg-errors.js';
import type { Executor } from '../../../platform/db/types.js';
import { ConflictError, NotFoundError, UnauthenticatedError, ValidationError, type FieldErrors } from '../../../platform/http/errors.js';
import { enqueueJob } from '../../../platform/jobs/queue.js';
import type { BlogDeps } from '../deps.js';
import { listAuthors } from '../db/queries/blogs.js';
import {
  findPostById,
  findPostByIdForUpdate,
  findPostBySlug,
  insertPost,
  insertRevision,
  listAuthorsForPosts,
  listPostsForDesk,
  listTagsForPosts,
  listTranslationCandidates,
  listTranslationGroup,
  replacePostAuthors,
  replacePostTags,
  updatePost,
} from '../db/queries/posts.js';
import type { PostLang, PostRow, PostStatus } from '../db/schema.js';
import type { EditorAction, EditPostBody } from '../editor-schemas.js';
import { markdownImages, renderMarkdown } from '../markdown.js';
import { blogPolicy, type PostResource } from '../policy.js';
import { dateToTorontoLocal, RESERVED_POST_SLUGS, slugify } from '../post-fields.js';
import type { BlogContext, ReadingService } from './reading.js';

export const POST_PUBLISHED_JOB = 'blog.post.published';
export const PUBLISH_SCHEDULED_JOB = 'blog.post.publish-scheduled';

export type SaveAction = Exclude<EditorAction, 'preview'>;
export type PostRef = { org: string; blog: string; post: string };
export type TranslationCandidate = { id: string; title: string; lang: PostLang; status: PostStatus; blogTitle: { en: string; fr: string } };
export type BlogAuthorOption = { accountId: string; displayName: string };

/** Everything the post form needs: the post (null when new), the choices, and what the actor may do. */
export type EditorForm = BlogContext & {
  post: PostRow | null;
  canPublish: boolean;
  blogAuthors: BlogAuthorOption[];
  candidates: TranslationCandidate[];
  /** The form's values when it is first shown. */
  values: Record<string, unknown>;
};

const STATUS_AFTER: Record<SaveAction, PostStatus | null> = { save: null, publish: 'published', schedule: 'scheduled', unpublish: 'draft', archive: 'archived' };
const SLUG_CONSTRAINT = 'blog_posts_blog_id_slug_key';

/** What stands between a post and its readers: a body, and alt text on every image and on the cover. */
export function publishProblems(p: { body: string; coverObjectId: string | null; coverAlt: string | null | undefined }): FieldErrors {
  const errors: FieldErrors = {};
  if (p.body.trim() === '') errors.body = { code: 'required' };
  else {
    const missing = markdownImages(p.body).filter((img) => img.alt === '').length;
    if (missing > 0) errors.body = { code: 'image_alt_required', params: { count: missing } };
  }
  if (p.coverObjectId && !p.coverAlt?.trim()) errors.coverAlt = { code: 'image_alt_required', params: { count: 1 } };
  return errors;
}

/** The sanitized rendering of an unsaved form, and what would stop it being published. */
export function previewPost(input: EditPostBody, post: PostRow | null): { html: string; problems: FieldErrors } {
  return { html: renderMarkdown(input.body), problems: publishProblems({ body: input.body, coverObjectId: post?.coverObjectId ?? null, coverAlt: input.coverAlt }) };
}

const ScheduledPayload = z.object({ postId: z.uuid(), organizationId: z.uuid(), publishAt: z.iso.datetime(), scheduledBy: z.uuid().nullable().optional() });

/** Loads a post of a blog for someone who wants to change it: drafts stay hidden (404) from those who may not see them. */
export async function loadEditablePost(ex: Executor, ctx: BlogContext, postSlug: string, actor: Actor, opts: { lock?: boolean } = {}) {
  const found = await findPostBySlug(ex, ctx.blog.id, postSlug);
  if (!found) throw new NotFoundError();
  const post = opts.lock ? await findPostByIdForUpdate(ex, ctx.org.id, found.id) : found;
  if (!post) throw new NotFoundError();
  const authorIds = ((await listAuthorsForPosts(ex, [post.id])).get(post.id) ?? []).map((a) => a.accountId);
  const resource: PostResource = { organizationId: ctx.org.id, authorRole: ctx.authorRole, status: post.status, isPostAuthor: actor.accountId !== null && authorIds.includes(actor.accountId) };
  authorize(blogPolicy, actor, 'post.view', resource);
  authorize(blogPolicy, actor, 'post.edit', resource);
  return { post, authorIds, resource };
}

/** Writing, previewing, publishing and scheduling posts, and the editor's desk. */
export function createEditorService(deps: BlogDeps, reading: ReadingService) {
  const { db } = deps;

  async function formChoices(ctx: BlogContext, exceptId: string | null) {
    const [authors, candidates] = await Promise.all([listAuthors(db, ctx.blog.id), listTranslationCandidates(db, ctx.org.id, ctx.blog.id, exceptId)]);
    return {
      blogAuthors: authors.map((a) => ({ accountId: a.accountId, displayName: a.displayName })),
      candidates: candidates.map((c) => ({ id: c.id, title: c.title, lang: c.lang, status: c.status, blogTitle: { en: c.blogTitleEn, fr: c.blogTitleFr } })),
    };
  }

  /** The slug a post gets: the one typed (409 if another post has it), or one made from the title. */
  async function chooseSlug(ex: Executor, blogId: string, input: EditPostBody, post: PostRow | null): Promise<string> {
    const taken = async (slug: string) => {
      const other = await findPostBySlug(ex, blogId, slug);
      return other !== undefined && other.id !== post?.id;
    };
    if (input.slug) {
      if (input.slug !== post?.slug && (await taken(input.slug))) throw new ConflictError('already_exists', 'slug');
      return input.slug;
    }
    // A saved post keeps its address when its title changes: links to it must not break.
    if (post) return post.slug;
    const base = slugify(input.title);
    if (!base) throw new ValidationError('slug', 'required');
    for (let n = 1; n <= 50; n++) {
      const candidate = n === 1 ? base : `${base}-${n}`;
      if (!RESERVED_POST_SLUGS.has(candidate) && !(await taken(candidate))) return candidate;
    }
    throw new ConflictError('already_exists', 'slug');
  }

  /** The translation group the post joins, checked against the rules of translations. */
  async function chooseGroup(ex: Executor, ctx: BlogContext, input: EditPostBody, post: PostRow | null, errors: FieldErrors): Promise<string> {
    if (input.translationOf) {
      const target = await findPostById(ex, ctx.org.id, input.translationOf);
      if (!target || target.id === post?.id || (target.status !== 'published' && target.blogId !== ctx.blog.id)) {
        errors.translationOf = { code: 'invalid_choice' };
        return post?.translationGroupId ?? newId();
      }
      if (target.lang === input.lang) {
        errors.translationOf = { code: 'translation_language' };
        return target.translationGroupId;
      }
      const group = await listTranslationGroup(ex, ctx.org.id, target.translationGroupId);
      if (group.some((g) => g.lang === input.lang && g.id !== post?.id)) errors.translationOf = { code: 'translation_taken' };
      return target.translationGroupId;
    }
    if (!post) return newId();
    // Leaving the field empty takes the post out of a group it shared with another language.
    const group = await listTranslationGroup(ex, ctx.org.id, post.translationGroupId);
    return group.some((g) => g.id !== post.id) ? newId() : post.translationGroupId;
  }

  async function save(actor: Actor, ref: { org: string; blog: string; post: string | null }, input: EditPostBody, requested: SaveAction): Promise<{ slug: string; status: PostStatus }> {
    const ctx = await reading.blogContext(ref.org, ref.blog, actor);
    if (!actor.accountId) throw new UnauthenticatedError();
    const actorId = actor.accountId;
    try {
      return await db.transaction().execute(async (trx) => {
        let post: PostRow | null = null;
        let resource: PostResource;
        if (ref.post) {
          const loaded = await loadEditablePost(trx, ctx, ref.post, actor, { lock: true });
          post = loaded.post;
          resource = loaded.resource;
        } else {
          authorize(blogPolicy, actor, 'post.create', { organizationId: ctx.org.id, authorRole: ctx.authorRole });
          resource = { organizationId: ctx.org.id, authorRole: ctx.authorRole, status: 'draft', isPostAuthor: true };
        }
        const current = post?.status ?? 'draft';
        // Saving a scheduled post with another time is rescheduling it.
        const action: SaveAction =
          requested === 'save' && current === 'scheduled' && input.publishAt && input.publishAt.getTime() !== post?.publishAt?.getTime() ? 'schedule' : requested;
        const next = STATUS_AFTER[action] ?? current;
        // Anything that readers could see, or stop seeing, is an editor's decision.
        if (next !== 'draft' || current !== 'draft') authorize(blogPolicy, actor, 'post.publish', resource);
        const canPublish = can(blogPolicy, actor, 'post.publish', resource);

        const errors: FieldErrors = {};
        const blogAuthorIds = new Set((await listAuthors(trx, ctx.blog.id)).map((a) => a.accountId));
        const authors = [...new Set(input.authors)];
        if (authors.some((id) => !blogAuthorIds.has(id))) errors.authors = { code: 'invalid_choice' };
        // An author who cannot publish keeps their own name on the post, or they would lose it.
        if (!canPublish && blogAuthorIds.has(actorId) && !authors.includes(actorId)) authors.unshift(actorId);
        const translationGroupId = await chooseGroup(trx, ctx, input, post, errors);
        const coverAlt = input.coverAlt ?? null;
        if (next === 'published' || next === 'scheduled') Object.assign(errors, publishProblems({ body: input.body, coverObjectId: post?.coverObjectId ?? null, coverAlt }));
        let publishAt = next === 'scheduled' ? (post?.publishAt ?? null) : null;
        if (action === 'schedule') {
          if (!input.publishAt) errors.publishAt = { code: 'required' };
          else if (input.publishAt.getTime() <= Date.now()) errors.publishAt = { code: 'date_in_past' };
          else publishAt = input.publishAt;
        }
        if (Object.keys(errors).length > 0) throw new ValidationError(errors);
        const slug = await chooseSlug(trx, ctx.blog.id, input, post);

        const firstPublication = next === 'published' && current !== 'published';
        const publishedAt = firstPublication ? (post?.publishedAt ?? new Date()) : (post?.publishedAt ?? null);
        const fields = {
          slug,
          lang: input.lang,
          translationGroupId,
          title: input.title,
          excerpt: input.excerpt ?? null,
          bodyMd: input.body,
          bodyHtml: renderMarkdown(input.body),
          status: next,
          publishAt,
          publishedAt,
          ...(post?.coverObjectId ? { coverAlt } : {}),
        };
        const postId = post?.id ?? newId();
        if (post) await updatePost(trx, ctx.org.id, postId, fields);
        else await insertPost(trx, { id: postId, organizationId: ctx.org.id, blogId: ctx.blog.id, createdBy: actorId, ...fields });
        await replacePostTags(trx, postId, input.tags);
        await replacePostAuthors(trx, postId, authors);
        await insertRevision(trx, { id: newId(), postId, title: input.title, excerpt: input.excerpt ?? null, bodyMd: input.body, authorAccountId: actorId });

        const audit = (what: string, data: Record<string, string | boolean> = {}) =>
          recordAudit(trx, { action: what, organizationId: ctx.org.id, actorAccountId: actorId, targetType: 'blog_post', targetId: postId, data: { blogId: ctx.blog.id, slug, ...data } });
        if (firstPublication) {
          await enqueueJob(trx, POST_PUBLISHED_JOB, { postId }, { dedupeKey: `${POST_PUBLISHED_JOB}:${postId}` });
          await audit('blog.post.published');
        } else if (action === 'schedule' && publishAt) {
          const at = publishAt.toISOString();
          await enqueueJob(trx, PUBLISH_SCHEDULED_JOB, { postId, publishAt: at, organizationId: ctx.org.id, scheduledBy: actorId }, { runAt: publishAt, dedupeKey: `${PUBLISH_SCHEDULED_JOB}:${postId}:${at}` });
          await audit('blog.post.scheduled', { publishAt: at });
        } else if (next !== current) {
          await audit(next === 'archived' ? 'blog.post.archived' : 'blog.post.unpublished');
        }
        return { slug, status: next };
      });
    } catch (error) {
      // Two editors choosing the same slug at once: the second one hears it as a conflict.
      if (isUniqueViolation(error, SLUG_CONSTRAINT)) throw new ConflictError('already_exists', 'slug');
      throw error;
    }
  }

  return {
    async desk(orgSlug: string, blogSlug: string, actor: Actor) {
      const ctx = await reading.blogContext(orgSlug, blogSlug, actor);
      authorize(blogPolicy, actor, 'blog.write', { organizationId: ctx.org.id, authorRole: ctx.authorRole });
      const posts = await listPostsForDesk(db, ctx.blog.id);
      return { ...ctx, posts, canCreate: can(blogPolicy, actor, 'post.create', { organizationId: ctx.org.id, authorRole: ctx.authorRole }) };
    },

    /** The form for a new post; `start` pre-fills a translation of an existing post. */
    async newPostForm(orgSlug: string, blogSlug: string, actor: Actor, start: { lang: PostLang; translationOf?: string | undefined }): Promise<EditorForm> {
      const ctx = await reading.blogContext(orgSlug, blogSlug, actor);
      authorize(blogPolicy, actor, 'post.create', { organizationId: ctx.org.id, authorRole: ctx.authorRole });
      const choices = await formChoices(ctx, null);
      const source = start.translationOf ? choices.candidates.find((c) => c.id === start.translationOf) : undefined;
      const lang = source ? (source.lang === 'en' ? 'fr' : 'en') : start.lang;
      const me = choices.blogAuthors.some((a) => a.accountId === actor.accountId) && actor.accountId ? [actor.accountId] : [];
      return {
        ...ctx,
        ...choices,
        post: null,
        canPublish: can(blogPolicy, actor, 'post.publish', { organizationId: ctx.org.id, authorRole: ctx.authorRole, status: 'draft', isPostAuthor: true }),
        values: { lang, translationOf: source?.id ?? '', authors: me },
      };
    },

    async editPostForm(ref: PostRef, actor: Actor): Promise<EditorForm> {
      const ctx = await reading.blogContext(ref.org, ref.blog, actor);
      const { post, authorIds, resource } = await loadEditablePost(db, ctx, ref.post, actor);
      const [choices, tags, group] = await Promise.all([formChoices(ctx, post.id), listTagsForPosts(db, [post.id]), listTranslationGroup(db, ctx.org.id, post.translationGroupId)]);
      const translation = group.find((g) => g.id !== post.id);
      return {
        ...ctx,
        ...choices,
        post,
        canPublish: can(blogPolicy, actor, 'post.publish', resource),
        values: {
          title: post.title,
          slug: post.slug,
          lang: post.lang,
          translationOf: translation?.id ?? '',
          excerpt: post.excerpt ?? '',
          body: post.bodyMd,
          tags: (tags.get(post.id) ?? []).map((t) => t.label).join(', '),
          authors: authorIds,
          publishAt: post.publishAt ? dateToTorontoLocal(post.publishAt) : '',
          coverAlt: post.coverAlt ?? '',
        },
      };
    },

    createPost: (actor: Actor, ref: { org: string; blog: string }, input: EditPostBody, action: SaveAction) => save(actor, { ...ref, post: null }, input, action),
    updatePost: (actor: Actor, ref: PostRef, input: EditPostBody, action: SaveAction) => save(actor, ref, input, action),

    /**
     * Publishes a scheduled post when its time comes, only if it is still scheduled for that
     * very time: a post rescheduled or sent back to draft since then is left alone.
     */
    async publishScheduled(payload: unknown): Promise<void> {
      const job = ScheduledPayload.parse(payload);
      await db.transaction().execute(async (trx) => {
        const post = await findPostByIdForUpdate(trx, job.organizationId, job.postId);
        if (!post || post.status !== 'scheduled' || post.publishAt?.getTime() !== new Date(job.publishAt).getTime()) return;
        await updatePost(trx, job.organizationId, post.id, { status: 'published', publishAt: null, publishedAt: post.publishedAt ?? post.publishAt });
        await enqueueJob(trx, POST_PUBLISHED_JOB, { postId: post.id }, { dedupeKey: `${POST_PUBLISHED_JOB}:${post.id}` });
        await recordAudit(trx, {
          action: 'blog.post.published',
          organizationId: job.organizationId,
          actorAccountId: job.scheduledBy ?? null,
          targetType: 'blog_post',
          targetId: post.id,
          data: { blogId: post.blogId, slug: post.slug, scheduled: true },
        });
      });
    },
  };
}
export type EditorService = ReturnType<typeof createEditorService>;
