import { diffLines, diffWords, type Change } from 'diff';
import type { Actor } from '../../../platform/auth/actor.js';
import { authorize, can } from '../../../platform/auth/policy.js';
import { recordAudit } from '../../../platform/audit/audit.js';
import { newId } from '../../../platform/db/ids.js';
import { NotFoundError, UnauthenticatedError, ValidationError } from '../../../platform/http/errors.js';
import type { BlogDeps } from '../deps.js';
import { findRevision, insertRevision, listRevisions, updatePost } from '../db/queries/posts.js';
import { renderMarkdown } from '../markdown.js';
import { blogPolicy } from '../policy.js';
import { loadEditablePost, publishProblems, type PostRef } from './editor.js';
import type { ReadingService } from './reading.js';

export type RevisionPart = 'title' | 'excerpt' | 'body';
export type DiffPiece = { kind: 'same' | 'added' | 'removed'; text: string };
type Text = { title: string; excerpt: string | null; bodyMd: string };

const PARTS: [RevisionPart, (t: Text) => string][] = [
  ['title', (t) => t.title],
  ['excerpt', (t) => t.excerpt ?? ''],
  ['body', (t) => t.bodyMd],
];

const changedParts = (a: Text, b: Text): RevisionPart[] => PARTS.filter(([, get]) => get(a) !== get(b)).map(([part]) => part);

const toPieces = (changes: Change[]): DiffPiece[] => changes.map((c) => ({ kind: c.added ? 'added' : c.removed ? 'removed' : 'same', text: c.value }));

/**
 * Word by word where that stays quick; a body rewritten end to end falls back to whole lines,
 * then to "all of it changed", so a diff page never hangs.
 */
export function diffText(before: string, after: string): DiffPiece[] {
  if (before === after) return before === '' ? [] : [{ kind: 'same', text: before }];
  const words = diffWords(before, after, { timeout: 300 });
  if (words) return toPieces(words);
  const lines = diffLines(before, after, { timeout: 300 });
  if (lines) return toPieces(lines);
  return [
    { kind: 'removed', text: before },
    { kind: 'added', text: after },
  ];
}

/** A post's saved states: the list, one compared with the current text, and restoring one. */
export function createRevisionService(deps: BlogDeps, reading: ReadingService) {
  const { db } = deps;

  async function load(ref: PostRef, actor: Actor) {
    const ctx = await reading.blogContext(ref.org, ref.blog, actor);
    const { post, resource } = await loadEditablePost(db, ctx, ref.post, actor);
    return { ctx, post, resource };
  }

  return {
    async history(ref: PostRef, actor: Actor) {
      const { ctx, post } = await load(ref, actor);
      const rows = await listRevisions(db, post.id);
      const revisions = rows.map((r, i) => {
        const older = rows[i + 1];
        return {
          id: r.id,
          createdAt: r.createdAt,
          authorName: r.displayName ?? null,
          /** What this save changed from the one before it; the first save changed everything. */
          changes: older ? changedParts(older, r) : (['title', 'excerpt', 'body'] as RevisionPart[]).filter((p) => p !== 'excerpt' || r.excerpt),
          isCurrent: changedParts(r, post).length === 0,
        };
      });
      return { ...ctx, post, revisions };
    },

    async revisionDiff(ref: PostRef, revisionId: string, actor: Actor) {
      const { ctx, post, resource } = await load(ref, actor);
      const revision = await findRevision(db, post.id, revisionId);
      if (!revision) throw new NotFoundError();
      const parts = PARTS.map(([part, get]) => ({ part, pieces: diffText(get(revision), get(post)), changed: get(revision) !== get(post) }));
      const canRestore = post.status === 'draft' || can(blogPolicy, actor, 'post.publish', resource);
      return { ...ctx, post, revision: { id: revision.id, createdAt: revision.createdAt, authorName: revision.displayName ?? null }, parts, canRestore };
    },

    /** The revision's text becomes the post's text again, as a new revision; the status stays. */
    async restoreRevision(ref: PostRef, revisionId: string, actor: Actor): Promise<{ slug: string }> {
      const ctx = await reading.blogContext(ref.org, ref.blog, actor);
      if (!actor.accountId) throw new UnauthenticatedError();
      const actorId = actor.accountId;
      return db.transaction().execute(async (trx) => {
        const { post, resource } = await loadEditablePost(trx, ctx, ref.post, actor, { lock: true });
        if (post.status !== 'draft') authorize(blogPolicy, actor, 'post.publish', resource);
        const revision = await findRevision(trx, post.id, revisionId);
        if (!revision) throw new NotFoundError();
        if (post.status === 'published' || post.status === 'scheduled') {
          const problems = publishProblems({ body: revision.bodyMd, coverObjectId: post.coverObjectId, coverAlt: post.coverAlt });
          if (Object.keys(problems).length > 0) throw new ValidationError(problems);
        }
        await updatePost(trx, ctx.org.id, post.id, { title: revision.title, excerpt: revision.excerpt, bodyMd: revision.bodyMd, bodyHtml: renderMarkdown(revision.bodyMd) });
        await insertRevision(trx, { id: newId(), postId: post.id, title: revision.title, excerpt: revision.excerpt, bodyMd: revision.bodyMd, authorAccountId: actorId });
        await recordAudit(trx, {
          action: 'blog.post.restored',
          organizationId: ctx.org.id,
          actorAccountId: actorId,
          targetType: 'blog_post',
          targetId: post.id,
          data: { blogId: ctx.blog.id, slug: post.slug, revisionId: revision.id },
        });
        return { slug: post.slug };
      });
    },
  };
}
export type RevisionService = ReturnType<typeof createRevisionService>;
