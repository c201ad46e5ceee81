import { toBodyBlocks, type BodyBlocks } from './comment-text.js';
import type { CommentWithAuthor, HeldComment } from './db/queries/comments.js';
import type { PhiFinding, PhiKind } from './phi.js';

/** A published comment as the post page shows it. */
export type CommentView = { id: string; authorName: string; createdAt: Date; blocks: BodyBlocks; replies: CommentView[] };

const toCommentView = (c: CommentWithAuthor): CommentView => ({
  id: c.id,
  authorName: c.authorName,
  createdAt: c.createdAt,
  blocks: toBodyBlocks(c.body, c.redactions),
  replies: [],
});

/**
 * Top-level comments with their replies, oldest first. A reply whose parent is not published
 * is left out rather than shown out of context.
 */
export function toCommentThread(comments: CommentWithAuthor[]): CommentView[] {
  const top = comments.filter((c) => c.parentId === null).map(toCommentView);
  const byId = new Map(top.map((c) => [c.id, c]));
  for (const c of comments) {
    if (c.parentId !== null) byId.get(c.parentId)?.replies.push(toCommentView(c));
  }
  return top;
}

/** A held comment as moderators see it: where it was left, why it waits, and what looks sensitive. */
export type HeldCommentView = {
  id: string;
  authorName: string;
  isGuest: boolean;
  createdAt: Date;
  postTitle: string;
  postLang: 'en' | 'fr';
  postHref: string;
  reasons: string[];
  phiKinds: PhiKind[];
  blocks: BodyBlocks;
  /** Texts the detector found, offered as the redaction to make. */
  suggestedRedactions: string[];
};

export function toHeldCommentView(c: HeldComment & { findings: PhiFinding[] }, postHref: string): HeldCommentView {
  const suggested = [...new Set(c.findings.map((f) => c.body.slice(f.start, f.end)))];
  return {
    id: c.id,
    authorName: c.authorName,
    isGuest: c.accountId === null,
    createdAt: c.createdAt,
    postTitle: c.postTitle,
    postLang: c.postLang,
    postHref,
    reasons: c.holdReasons.filter((r) => !r.startsWith('phi:')),
    phiKinds: c.holdReasons.filter((r) => r.startsWith('phi:')).map((r) => r.slice(4) as PhiKind),
    blocks: toBodyBlocks(c.body, c.redactions, c.findings),
    suggestedRedactions: suggested,
  };
}
