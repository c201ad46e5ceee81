import { sql } from 'kysely';
import type { Executor } from '../../../../platform/db/types.js';
import type { NewPostRow, PostRow, Reaction } from '../schema.js';
import { UUID_PATTERN as UUID } from '../../../../platform/db/ids.js';

export type PostWithAuthor = PostRow & { authorName: string };

const withAuthor = (ex: Executor) =>
  ex.selectFrom('communityPosts as p').innerJoin('identityProfiles as a', 'a.accountId', 'p.authorId').selectAll('p').select('a.displayName as authorName');

export type Cursor = { createdAt: Date; id: string };

/**
 * A group's top-level posts, newest first, one page after the keyset cursor (no OFFSET): the
 * index on (group_id, created_at desc, id desc) serves it whatever the page.
 */
export function listGroupPosts(ex: Executor, organizationId: string, groupId: string, opts: { before?: Cursor | undefined; limit: number }): Promise<PostWithAuthor[]> {
  let q = withAuthor(ex).where('p.organizationId', '=', organizationId).where('p.groupId', '=', groupId).where('p.parentId', 'is', null).where('p.status', '=', 'visible');
  if (opts.before) {
    const { createdAt, id } = opts.before;
    q = q.where(sql<boolean>`(p.created_at, p.id) < (${createdAt}, ${id})`);
  }
  return q.orderBy('p.createdAt', 'desc').orderBy('p.id', 'desc').limit(opts.limit).execute();
}


/** A post by id; a string that is no uuid finds nothing (rather than failing the cast). */
export const findPost = async (ex: Executor, organizationId: string, id: string): Promise<PostWithAuthor | undefined> =>
  UUID.test(id) ? withAuthor(ex).where('p.organizationId', '=', organizationId).where('p.id', '=', id).executeTakeFirst() : undefined;

/** Visible replies, plus the reader's own held, hidden or removed ones (so they see why). */
export const listReplies = (ex: Executor, organizationId: string, parentId: string, readerId: string | null = null): Promise<PostWithAuthor[]> =>
  withAuthor(ex)
    .where('p.organizationId', '=', organizationId)
    .where('p.parentId', '=', parentId)
    .where((eb) => (readerId ? eb.or([eb('p.status', '=', 'visible'), eb.and([eb('p.authorId', '=', readerId), eb('p.status', '!=', 'deleted')])]) : eb('p.status', '=', 'visible')))
    .orderBy('p.createdAt')
    .orderBy('p.id')
    .execute();

export async function insertPost(ex: Executor, p: NewPostRow): Promise<void> {
  await ex.insertInto('communityPosts').values(p).execute();
}

export async function countReplies(ex: Executor, postIds: string[]): Promise<Map<string, number>> {
  if (postIds.length === 0) return new Map();
  const rows = await ex
    .selectFrom('communityPosts')
    .select(['parentId', sql<string>`count(*)`.as('n')])
    .where('parentId', 'in', postIds)
    .where('status', '=', 'visible')
    .groupBy('parentId')
    .execute();
  return new Map(rows.map((r) => [r.parentId!, Number(r.n)]));
}

export type ReactionCounts = Map<string, Partial<Record<Reaction, number>>>;

/** Reactions per post and kind, plus which ones the reader gave. */
export async function reactionsFor(ex: Executor, postIds: string[], accountId: string | null): Promise<{ counts: ReactionCounts; mine: Set<string> }> {
  const counts: ReactionCounts = new Map();
  const mine = new Set<string>();
  if (postIds.length === 0) return { counts, mine };
  const rows = await ex
    .selectFrom('communityReactions')
    .select(['postId', 'reaction', sql<string>`count(*)`.as('n'), sql<boolean>`bool_or(account_id = ${accountId})`.as('mine')])
    .where('postId', 'in', postIds)
    .groupBy(['postId', 'reaction'])
    .execute();
  for (const r of rows) {
    counts.set(r.postId, { ...counts.get(r.postId), [r.reaction]: Number(r.n) });
    if (r.mine) mine.add(`${r.postId}:${r.reaction}`);
  }
  return { counts, mine };
}

/** Adds the reaction, or takes it back if the person had given it: returns whether it is now given. */
export async function toggleReaction(ex: Executor, r: { postId: string; accountId: string; organizationId: string; reaction: Reaction }): Promise<boolean> {
  const removed = await ex.deleteFrom('communityReactions').where('postId', '=', r.postId).where('accountId', '=', r.accountId).where('reaction', '=', r.reaction).executeTakeFirst();
  if (Number(removed.numDeletedRows) > 0) return false;
  await ex.insertInto('communityReactions').values(r).execute();
  return true;
}
