import type { Actor } from '../../../platform/auth/actor.js';
import { authorize } from '../../../platform/auth/policy.js';
import { recordAudit } from '../../../platform/audit/audit.js';
import type { Executor } from '../../../platform/db/types.js';
import { ConflictError, NotFoundError, ValidationError } from '../../../platform/http/errors.js';
import type { Lang } from '../../../platform/i18n/i18n.js';
import type { ModerationSettingsBody } from '../comment-schemas.js';
import { applyRedactions } from '../comment-text.js';
import type { BlogDeps } from '../deps.js';
import type { CommentRow, CommentStatus } from '../db/comment-schema.js';
import { findBlogById, findOrganizationBySlug, type OrgRef } from '../db/queries/blogs.js';
import {
  findAccountContact,
  findCommentForUpdate,
  findHeldCommentContext,
  findModerationSettings,
  listHeldComments,
  updateCommentModeration,
  upsertModerationSettings,
  type HeldComment,
} from '../db/queries/comments.js';
import { findPostById } from '../db/queries/posts.js';
import type { ModerationSettingsRow } from '../db/comment-schema.js';
import { compileMrnTemplate, detectPhi, type PhiFinding } from '../phi.js';
import { blogPolicy } from '../policy.js';
import { postUrl } from '../views/urls.js';

export type ModerationMeta = { ip: string | null };
export type QueueItem = HeldComment & { findings: PhiFinding[] };
export type ModerationOutcome = 'approved' | 'rejected' | 'spam';

const QUEUE_PAGE = 50;

/** The moderation queue: held comments, and what moderators decide about them. */
export function createModerationService(deps: BlogDeps) {
  const { db, mailer, i18n, config } = deps;

  async function moderatedOrg(ex: Executor, actor: Actor, orgSlug: string): Promise<OrgRef> {
    const org = await findOrganizationBySlug(ex, orgSlug);
    if (!org) throw new NotFoundError();
    authorize(blogPolicy, actor, 'comment.moderate', { organizationId: org.id });
    return org;
  }

  const mrnOf = (settings: ModerationSettingsRow | undefined) => (settings?.mrnPattern ? compileMrnTemplate(settings.mrnPattern) : null);

  /** Tells the author what became of their comment, in their language. Never quotes the comment. */
  async function tellAuthor(ex: Executor, org: OrgRef, comment: CommentRow, outcome: 'approved' | 'rejected', redacted: boolean): Promise<void> {
    const contact = comment.accountId ? await findAccountContact(ex, comment.accountId) : null;
    const to = contact?.email ?? comment.guestEmail;
    if (!to) return;
    const lang: Lang = contact?.locale ?? comment.lang;
    const t = i18n.t(lang);
    const post = await findPostById(ex, org.id, comment.postId);
    if (!post) return;
    const blog = await findBlogById(ex, org.id, post.blogId);
    if (!blog) return;
    const url = new URL(`${postUrl(org.slug, blog.slug, post.slug)}#comment-${comment.id}`, config.publicUrl).toString();
    const vars = { title: post.title, url, org: lang === 'fr' ? org.nameFr : org.nameEn };
    const paragraphs = [t(`blog-comments.mail.${outcome}.body`, vars)];
    if (redacted) paragraphs.push(t('blog-comments.mail.approved.redacted'));
    paragraphs.push(t('blog-comments.mail.signature', vars));
    await mailer.enqueue(ex, { to, subject: t(`blog-comments.mail.${outcome}.subject`, vars), text: paragraphs.join('\n\n'), purpose: 'transactional', organizationId: org.id });
  }

  /** One decision on a held comment, in one transaction with its audit row and its mail. */
  async function decide(
    actor: Actor,
    orgSlug: string,
    id: string,
    outcome: ModerationOutcome,
    meta: ModerationMeta,
    redact?: readonly string[],
  ): Promise<{ orgSlug: string; redactions: number }> {
    return db.transaction().execute(async (trx) => {
      const org = await moderatedOrg(trx, actor, orgSlug);
      const comment = await findCommentForUpdate(trx, org.id, id);
      if (!comment) throw new NotFoundError();
      if (comment.status !== 'held') throw new ConflictError('comment_already_moderated');
      const now = new Date();
      let redactionCount = 0;
      const set: Parameters<typeof updateCommentModeration>[3] = { status: outcome as CommentStatus, moderatedBy: actor.accountId!, moderatedAt: now };
      if (redact) {
        const applied = applyRedactions(comment.body, comment.redactions, redact, now);
        if ('missing' in applied) throw new ValidationError('redact', 'redaction_not_found');
        set.body = applied.body;
        set.redactions = applied.redactions;
        redactionCount = applied.count;
      }
      await updateCommentModeration(trx, org.id, comment.id, set);
      // Reasons are kinds (links, phi:sin…), never values; the body is never copied into the audit log.
      const data = { postId: comment.postId, reasons: comment.holdReasons, guest: comment.accountId === null };
      if (redact) {
        await recordAudit(trx, { action: 'blog.comment.redacted', organizationId: org.id, actorAccountId: actor.accountId, targetType: 'blog_comment', targetId: comment.id, ip: meta.ip, data: { ...data, redactions: redactionCount } });
      }
      const action = outcome === 'spam' ? 'blog.comment.marked_spam' : `blog.comment.${outcome}`;
      await recordAudit(trx, { action, organizationId: org.id, actorAccountId: actor.accountId, targetType: 'blog_comment', targetId: comment.id, ip: meta.ip, data });
      // Spam gets no answer: telling a robot it was caught only helps it.
      if (outcome !== 'spam') await tellAuthor(trx, org, comment, outcome, redactionCount > 0);
      return { orgSlug: org.slug, redactions: redactionCount };
    });
  }

  return {
    async queue(actor: Actor, orgSlug: string, after?: { createdAt: Date; id: string }): Promise<{ org: OrgRef; items: QueueItem[]; next: { createdAt: Date; id: string } | null }> {
      const org = await moderatedOrg(db, actor, orgSlug);
      const [rows, settings] = await Promise.all([listHeldComments(db, org.id, { limit: QUEUE_PAGE + 1, after }), findModerationSettings(db, org.id)]);
      const mrn = mrnOf(settings);
      const items = rows.slice(0, QUEUE_PAGE).map((c) => ({ ...c, findings: detectPhi(c.body, { mrn }) }));
      const last = items.at(-1);
      return { org, items, next: rows.length > QUEUE_PAGE && last ? { createdAt: last.createdAt, id: last.id } : null };
    },

    /** One held comment with the spans the detector suggests redacting. */
    async review(actor: Actor, orgSlug: string, id: string): Promise<{ org: OrgRef; item: QueueItem }> {
      const org = await moderatedOrg(db, actor, orgSlug);
      const comment = await findHeldCommentContext(db, org.id, id);
      if (!comment) throw new NotFoundError();
      if (comment.status !== 'held') throw new ConflictError('comment_already_moderated');
      const settings = await findModerationSettings(db, org.id);
      return { org, item: { ...comment, findings: detectPhi(comment.body, { mrn: mrnOf(settings) }) } };
    },

    approve: (actor: Actor, orgSlug: string, id: string, meta: ModerationMeta) => decide(actor, orgSlug, id, 'approved', meta),
    reject: (actor: Actor, orgSlug: string, id: string, meta: ModerationMeta) => decide(actor, orgSlug, id, 'rejected', meta),
    markSpam: (actor: Actor, orgSlug: string, id: string, meta: ModerationMeta) => decide(actor, orgSlug, id, 'spam', meta),
    /** Replaces every occurrence of each text with a placeholder, then publishes the comment. */
    redactAndApprove: (actor: Actor, orgSlug: string, id: string, texts: readonly string[], meta: ModerationMeta) => decide(actor, orgSlug, id, 'approved', meta, texts),

    async settings(actor: Actor, orgSlug: string): Promise<{ org: OrgRef; settings: { mrnPattern: string | null; blockedWords: string[] } }> {
      const org = await moderatedOrg(db, actor, orgSlug);
      const s = await findModerationSettings(db, org.id);
      return { org, settings: { mrnPattern: s?.mrnPattern ?? null, blockedWords: s?.blockedWords ?? [] } };
    },

    async updateSettings(actor: Actor, orgSlug: string, input: ModerationSettingsBody, meta: ModerationMeta): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const org = await moderatedOrg(trx, actor, orgSlug);
        await upsertModerationSettings(trx, { organizationId: org.id, mrnPattern: input.mrnPattern ?? null, blockedWords: input.blockedWords, updatedBy: actor.accountId! });
        await recordAudit(trx, {
          action: 'blog.moderation.settings_updated',
          organizationId: org.id,
          actorAccountId: actor.accountId,
          targetType: 'organization',
          targetId: org.id,
          ip: meta.ip,
          data: { mrnPattern: input.mrnPattern ?? null, blockedWordCount: input.blockedWords.length },
        });
      });
    },
  };
}
export type ModerationService = ReturnType<typeof createModerationService>;
