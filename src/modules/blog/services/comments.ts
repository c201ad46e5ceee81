import { createHmac, createSecretKey } from 'node:crypto';
import type { Actor } from '../../../platform/auth/actor.js';
import { authorize, can } from '../../../platform/auth/policy.js';
import { newId } from '../../../platform/db/ids.js';
import type { Executor } from '../../../platform/db/types.js';
import { NotFoundError, ValidationError } from '../../../platform/http/errors.js';
import type { Lang } from '../../../platform/i18n/i18n.js';
import type { PostCommentBody } from '../comment-schemas.js';
import { COMMENT_BURST_WINDOW_MS, hasPhiReason, holdReasonsFor } from '../comment-text.js';
import type { BlogDeps } from '../deps.js';
import type { CommentStatus } from '../db/comment-schema.js';
import { findBlogBySlug, findOrganizationBySlug, type OrgRef } from '../db/queries/blogs.js';
import {
  countApprovedComments,
  countCommentsFromAddressSince,
  countHeldComments,
  countHeldCommentsByBlog,
  findComment,
  findModerationSettings,
  hasApprovedComment,
  insertComment,
  listApprovedComments,
  type CommentWithAuthor,
} from '../db/queries/comments.js';
import { findPostBySlug } from '../db/queries/posts.js';
import type { BlogRow, PostRow } from '../db/schema.js';
import { compileMrnTemplate, detectPhi, phiKinds } from '../phi.js';
import { blogPolicy } from '../policy.js';

export type RequestMeta = { ip: string | null; lang: Lang };

/** What the post page shows about comments, for one reader. */
export type PostComments = {
  comments: CommentWithAuthor[];
  count: number;
  canComment: boolean;
  signedIn: boolean;
  /** For moderators only: how many comments of the organization wait in the queue. */
  heldCount: number | null;
};

export type CommentFormContext = {
  org: OrgRef;
  blog: BlogRow;
  post: PostRow;
  parent: CommentWithAuthor | null;
  signedIn: boolean;
};

export type PostedComment = { id: string; status: CommentStatus; healthInformation: boolean };

/** Readers' comments: the thread on a post, and leaving a reply. */
export function createCommentService(deps: BlogDeps) {
  const { db, config } = deps;

  /** Keyed by the deployment secret, so the stored value cannot be turned back into an address. */
  const secretKey = createSecretKey(Buffer.from(config.secret));
  const hashAddress = (ip: string | null) => (ip ? createHmac('sha256', secretKey).update(`blog-comment-ip:${ip}`).digest('hex') : null);

  async function publishedPost(ex: Executor, orgSlug: string, blogSlug: string, postSlug: string) {
    const org = await findOrganizationBySlug(ex, orgSlug);
    const blog = org ? await findBlogBySlug(ex, org.id, blogSlug) : undefined;
    const post = blog ? await findPostBySlug(ex, blog.id, postSlug) : undefined;
    // Only published posts take comments; drafts do not exist for readers.
    if (!org || !blog || !post || post.status !== 'published') throw new NotFoundError();
    return { org, blog, post };
  }

  async function approvedParent(ex: Executor, organizationId: string, postId: string, parentId: string | undefined) {
    if (!parentId) return null;
    const parent = await findComment(ex, organizationId, parentId);
    if (!parent || parent.postId !== postId || parent.status !== 'approved') throw new ValidationError('parentId', 'invalid');
    return parent;
  }

  return {
    async postComments(actor: Actor, page: { org: OrgRef; blog: BlogRow; post: PostRow }): Promise<PostComments | null> {
      if (page.post.status !== 'published') return null;
      const comments = await listApprovedComments(db, page.post.id);
      const canModerate = can(blogPolicy, actor, 'comment.moderate', { organizationId: page.org.id });
      return {
        comments,
        count: comments.length,
        canComment: can(blogPolicy, actor, 'comment.create', { organizationId: page.org.id, allowGuestComments: page.blog.allowGuestComments }),
        signedIn: actor.kind === 'account',
        heldCount: canModerate ? await countHeldComments(db, page.org.id) : null,
      };
    },

    /** The page with only the reply form: replying to a comment, or correcting a refused one. */
    async commentForm(actor: Actor, orgSlug: string, blogSlug: string, postSlug: string, replyTo?: string): Promise<CommentFormContext> {
      const { org, blog, post } = await publishedPost(db, orgSlug, blogSlug, postSlug);
      authorize(blogPolicy, actor, 'comment.create', { organizationId: org.id, allowGuestComments: blog.allowGuestComments });
      const parent = replyTo ? await findComment(db, org.id, replyTo) : null;
      const usable = parent && parent.postId === post.id && parent.status === 'approved' ? parent : null;
      if (replyTo && !usable) throw new NotFoundError();
      return { org, blog, post, parent: usable, signedIn: actor.kind === 'account' };
    },

    /**
     * Saves a comment, published at once or held for a moderator with the reasons why. Health
     * information is named by kind in the reasons; its value is never copied anywhere.
     */
    async postComment(actor: Actor, orgSlug: string, blogSlug: string, postSlug: string, input: PostCommentBody, meta: RequestMeta): Promise<PostedComment> {
      return db.transaction().execute(async (trx) => {
        const { org, blog, post } = await publishedPost(trx, orgSlug, blogSlug, postSlug);
        authorize(blogPolicy, actor, 'comment.create', { organizationId: org.id, allowGuestComments: blog.allowGuestComments });
        const accountId = actor.kind === 'account' ? actor.accountId : null;
        if (!accountId && (!input.commentName || !input.commentEmail)) {
          throw new ValidationError({
            ...(input.commentName ? {} : { commentName: { code: 'required' } }),
            ...(input.commentEmail ? {} : { commentEmail: { code: 'required' } }),
          });
        }
        const parent = await approvedParent(trx, org.id, post.id, input.parentId);
        const settings = await findModerationSettings(trx, org.id);
        const ipHash = hashAddress(meta.ip);
        const recent = ipHash ? await countCommentsFromAddressSince(trx, ipHash, new Date(Date.now() - COMMENT_BURST_WINDOW_MS)) : 0;
        const guestEmail = accountId ? null : input.commentEmail!;
        const first = !(await hasApprovedComment(trx, org.id, accountId ? { accountId } : { guestEmail: guestEmail! }));
        const findings = detectPhi(input.commentBody, { mrn: settings?.mrnPattern ? compileMrnTemplate(settings.mrnPattern) : null });
        const holdReasons = holdReasonsFor({
          firstComment: first,
          body: input.commentBody,
          blockedWords: settings?.blockedWords ?? [],
          honeypotFilled: input.website !== undefined && input.website !== '',
          recentFromAddress: recent,
          phiKinds: phiKinds(findings),
        });
        const id = newId();
        const status: CommentStatus = holdReasons.length > 0 ? 'held' : 'approved';
        await insertComment(trx, {
          id,
          organizationId: org.id,
          postId: post.id,
          parentId: parent ? (parent.parentId ?? parent.id) : null,
          accountId,
          guestName: accountId ? null : input.commentName!,
          guestEmail,
          body: input.commentBody,
          lang: meta.lang,
          status,
          holdReasons,
          ipHash,
        });
        return { id, status, healthInformation: hasPhiReason(holdReasons) };
      });
    },

    /** Published comments per post, for lists of posts. */
    approvedCounts: (postIds: string[]) => countApprovedComments(db, postIds),

    /**
     * Held comments per blog of an organization, for the editor's desk. Counts only: the
     * caller decides who sees them, and the queue itself stays behind 'comment.moderate'.
     */
    heldCountsByBlog: (organizationId: string, blogIds?: string[]) => countHeldCommentsByBlog(db, organizationId, blogIds),
  };
}
export type CommentService = ReturnType<typeof createCommentService>;
