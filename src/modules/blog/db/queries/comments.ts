import { sql } from 'kysely';
import type { Executor } from '../../../../platform/db/types.js';
import type { CommentRow, CommentStatus, ModerationSettingsRow, Redaction } from '../comment-schema.js';

/** A comment with the name shown for its author (the member's profile name, or the guest's). */
export type CommentWithAuthor = CommentRow & { authorName: string };

const withAuthor = (ex: Executor) =>
  ex
    .selectFrom('blogComments as c')
    .leftJoin('identityProfiles as p', 'p.accountId', 'c.accountId')
    .selectAll('c')
    .select((eb) => eb.fn.coalesce('p.displayName', 'c.guestName', eb.val('')).as('authorName'));

export async function insertComment(
  ex: Executor,
  c: Pick<CommentRow, 'id' | 'organizationId' | 'postId' | 'parentId' | 'accountId' | 'guestName' | 'guestEmail' | 'body' | 'lang' | 'status' | 'holdReasons' | 'ipHash'>,
): Promise<void> {
  await ex.insertInto('blogComments').values(c).execute();
}

export const findComment = (ex: Executor, organizationId: string, id: string): Promise<CommentWithAuthor | undefined> =>
  withAuthor(ex).where('c.organizationId', '=', organizationId).where('c.id', '=', id).executeTakeFirst() as Promise<CommentWithAuthor | undefined>;

/** Locks the row, so two moderators acting at once cannot both change it. */
export const findCommentForUpdate = (ex: Executor, organizationId: string, id: string): Promise<CommentRow | undefined> =>
  ex.selectFrom('blogComments').selectAll().where('organizationId', '=', organizationId).where('id', '=', id).forUpdate().executeTakeFirst();

/** Approved comments of a post, oldest first (threads read top-down). */
export const listApprovedComments = (ex: Executor, postId: string): Promise<CommentWithAuthor[]> =>
  withAuthor(ex).where('c.postId', '=', postId).where('c.status', '=', 'approved').orderBy('c.createdAt').orderBy('c.id').limit(1000).execute() as Promise<CommentWithAuthor[]>;

export async function countApprovedComments(ex: Executor, postIds: string[]): Promise<Map<string, number>> {
  const map = new Map<string, number>();
  if (postIds.length === 0) return map;
  const rows = await ex
    .selectFrom('blogComments')
    .select(['postId', (eb) => eb.fn.countAll<string>().as('n')])
    .where('postId', 'in', postIds)
    .where('status', '=', 'approved')
    .groupBy('postId')
    .execute();
  for (const r of rows) map.set(r.postId, Number(r.n));
  return map;
}

/** Whether this author already has a published comment in the organization. */
export async function hasApprovedComment(ex: Executor, organizationId: string, author: { accountId: string } | { guestEmail: string }): Promise<boolean> {
  let q = ex.selectFrom('blogComments').select('id').where('organizationId', '=', organizationId).where('status', '=', 'approved');
  q = 'accountId' in author ? q.where('accountId', '=', author.accountId) : q.where('accountId', 'is', null).where('guestEmail', '=', author.guestEmail);
  return (await q.limit(1).executeTakeFirst()) !== undefined;
}

export async function countCommentsFromAddressSince(ex: Executor, ipHash: string, since: Date): Promise<number> {
  const row = await ex.selectFrom('blogComments').select((eb) => eb.fn.countAll<string>().as('n')).where('ipHash', '=', ipHash).where('createdAt', '>=', since).executeTakeFirstOrThrow();
  return Number(row.n);
}

export type HeldComment = CommentWithAuthor & { postTitle: string; postSlug: string; postLang: 'en' | 'fr'; blogSlug: string };

/** The moderation queue of an organization, oldest first, keyset-paginated on (created_at, id). */
export function listHeldComments(ex: Executor, organizationId: string, opts: { limit: number; after?: { createdAt: Date; id: string } | undefined }): Promise<HeldComment[]> {
  let q = withAuthor(ex)
    .innerJoin('blogPosts as post', 'post.id', 'c.postId')
    .innerJoin('blogBlogs as b', 'b.id', 'post.blogId')
    .select(['post.title as postTitle', 'post.slug as postSlug', 'post.lang as postLang', 'b.slug as blogSlug'])
    .where('c.organizationId', '=', organizationId)
    .where('c.status', '=', 'held');
  if (opts.after) {
    const a = opts.after;
    q = q.where((eb) => eb.or([eb('c.createdAt', '>', a.createdAt), eb.and([eb('c.createdAt', '=', a.createdAt), eb('c.id', '>', a.id)])]));
  }
  return q.orderBy('c.createdAt').orderBy('c.id').limit(opts.limit).execute() as Promise<HeldComment[]>;
}

export const findHeldCommentContext = (ex: Executor, organizationId: string, id: string): Promise<HeldComment | undefined> =>
  withAuthor(ex)
    .innerJoin('blogPosts as post', 'post.id', 'c.postId')
    .innerJoin('blogBlogs as b', 'b.id', 'post.blogId')
    .select(['post.title as postTitle', 'post.slug as postSlug', 'post.lang as postLang', 'b.slug as blogSlug'])
    .where('c.organizationId', '=', organizationId)
    .where('c.id', '=', id)
    .executeTakeFirst() as Promise<HeldComment | undefined>;

/** Held comments per blog of the organization (blogs with none are absent). */
export async function countHeldCommentsByBlog(ex: Executor, organizationId: string, blogIds?: string[]): Promise<Map<string, number>> {
  const map = new Map<string, number>();
  if (blogIds && blogIds.length === 0) return map;
  let q = ex
    .selectFrom('blogComments as c')
    .innerJoin('blogPosts as p', 'p.id', 'c.postId')
    .select(['p.blogId', (eb) => eb.fn.countAll<string>().as('n')])
    .where('c.organizationId', '=', organizationId)
    .where('c.status', '=', 'held');
  if (blogIds) q = q.where('p.blogId', 'in', blogIds);
  for (const r of await q.groupBy('p.blogId').execute()) map.set(r.blogId, Number(r.n));
  return map;
}

export async function countHeldComments(ex: Executor, organizationId: string): Promise<number> {
  const row = await ex.selectFrom('blogComments').select((eb) => eb.fn.countAll<string>().as('n')).where('organizationId', '=', organizationId).where('status', '=', 'held').executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function updateCommentModeration(
  ex: Executor,
  organizationId: string,
  id: string,
  set: { status: CommentStatus; moderatedBy: string; moderatedAt: Date; body?: string; redactions?: Redaction[] },
): Promise<void> {
  const { redactions, ...rest } = set;
  await ex
    .updateTable('blogComments')
    .set({ ...rest, ...(redactions ? { redactions: JSON.stringify(redactions) } : {}) })
    .where('organizationId', '=', organizationId)
    .where('id', '=', id)
    .execute();
}

/** The author's address and language, to tell them what became of their comment. */
export const findAccountContact = (ex: Executor, accountId: string): Promise<{ email: string; locale: 'en' | 'fr' | null } | undefined> =>
  ex.selectFrom('identityAccounts').select(['email', 'locale']).where('id', '=', accountId).executeTakeFirst();

// ---- Moderation settings ----

export const findModerationSettings = (ex: Executor, organizationId: string): Promise<ModerationSettingsRow | undefined> =>
  ex.selectFrom('blogModerationSettings').selectAll().where('organizationId', '=', organizationId).executeTakeFirst();

export async function upsertModerationSettings(ex: Executor, s: { organizationId: string; mrnPattern: string | null; blockedWords: string[]; updatedBy: string }): Promise<void> {
  await ex
    .insertInto('blogModerationSettings')
    .values(s)
    .onConflict((oc) => oc.column('organizationId').doUpdateSet({ mrnPattern: s.mrnPattern, blockedWords: s.blockedWords, updatedBy: s.updatedBy, updatedAt: sql<Date>`now()` }))
    .execute();
}
