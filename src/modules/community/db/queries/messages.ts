import { sql } from 'kysely';
import type { Executor } from '../../../../platform/db/types.js';
import type { ConversationRow, MessageRow } from '../messages-schema.js';
import type { Cursor } from './posts.js';

/** The two ids of a pair in the order the table keeps them. */
export const pairOf = (x: string, y: string): [string, string] => (x < y ? [x, y] : [y, x]);
export const otherOf = (c: Pick<ConversationRow, 'accountA' | 'accountB'>, me: string) => (c.accountA === me ? c.accountB : c.accountA);

export async function directMessagesOn(ex: Executor, organizationId: string): Promise<boolean> {
  const row = await ex.selectFrom('communitySettings').select('directMessages').where('organizationId', '=', organizationId).executeTakeFirst();
  return row?.directMessages ?? true;
}

export async function setDirectMessages(ex: Executor, organizationId: string, on: boolean, by: string): Promise<void> {
  await ex
    .insertInto('communitySettings')
    .values({ organizationId, directMessages: on, updatedBy: by })
    .onConflict((oc) => oc.column('organizationId').doUpdateSet({ directMessages: on, updatedBy: by, updatedAt: new Date() }))
    .execute();
}

export const findConversation = (ex: Executor, organizationId: string, id: string) =>
  ex.selectFrom('communityConversations').selectAll().where('organizationId', '=', organizationId).where('id', '=', id).executeTakeFirst();

export function findConversationBetween(ex: Executor, organizationId: string, x: string, y: string) {
  const [a, b] = pairOf(x, y);
  return ex.selectFrom('communityConversations').selectAll().where('organizationId', '=', organizationId).where('accountA', '=', a).where('accountB', '=', b).executeTakeFirst();
}

/** The pair's conversation, created if it does not exist yet (two people racing get the same one). */
export async function ensureConversation(ex: Executor, organizationId: string, id: string, x: string, y: string): Promise<ConversationRow> {
  const [a, b] = pairOf(x, y);
  await ex.insertInto('communityConversations').values({ id, organizationId, accountA: a, accountB: b }).onConflict((oc) => oc.columns(['organizationId', 'accountA', 'accountB']).doNothing()).execute();
  return (await findConversationBetween(ex, organizationId, a, b))!;
}

export async function insertMessage(ex: Executor, m: Omit<MessageRow, 'createdAt'> & { createdAt: Date }): Promise<void> {
  await ex.insertInto('communityMessages').values(m).execute();
  await ex.updateTable('communityConversations').set({ lastMessageAt: m.createdAt }).where('id', '=', m.conversationId).execute();
}

export async function markConversationRead(ex: Executor, conversationId: string, accountId: string, at: Date): Promise<void> {
  await ex
    .insertInto('communityConversationReads')
    .values({ conversationId, accountId, lastReadAt: at })
    .onConflict((oc) => oc.columns(['conversationId', 'accountId']).doUpdateSet({ lastReadAt: sql`greatest(community_conversation_reads.last_read_at, excluded.last_read_at)` }))
    .execute();
}

export type ConversationListItem = { id: string; otherId: string; otherName: string; lastMessageAt: Date; unread: boolean };

/** Someone's conversations, most recent first; unread when the other person wrote after they last looked. */
export async function listConversations(ex: Executor, organizationId: string, accountId: string, limit: number): Promise<ConversationListItem[]> {
  const rows = await ex
    .selectFrom('communityConversations as c')
    .innerJoin('identityProfiles as p', (j) => j.on(sql<boolean>`p.account_id = case when c.account_a = ${accountId} then c.account_b else c.account_a end`))
    .leftJoin('communityConversationReads as r', (j) => j.onRef('r.conversationId', '=', 'c.id').on('r.accountId', '=', accountId))
    .select(['c.id', 'p.accountId as otherId', 'p.displayName as otherName', 'c.lastMessageAt'])
    .select(
      sql<boolean>`exists (select 1 from community_messages m where m.conversation_id = c.id and m.author_id <> ${accountId} and (r.last_read_at is null or m.created_at > r.last_read_at))`.as('unread'),
    )
    .where('c.organizationId', '=', organizationId)
    .where((eb) => eb.or([eb('c.accountA', '=', accountId), eb('c.accountB', '=', accountId)]))
    .orderBy('c.lastMessageAt', 'desc')
    .orderBy('c.id', 'desc')
    .limit(limit)
    .execute();
  return rows;
}

export type MessageWithAuthor = MessageRow & { authorName: string };

/** A conversation's messages, newest first after the keyset cursor. */
export function listMessages(ex: Executor, conversationId: string, opts: { before?: Cursor | undefined; limit: number }): Promise<MessageWithAuthor[]> {
  let q = ex.selectFrom('communityMessages as m').innerJoin('identityProfiles as a', 'a.accountId', 'm.authorId').selectAll('m').select('a.displayName as authorName').where('m.conversationId', '=', conversationId);
  if (opts.before) q = q.where(sql<boolean>`(m.created_at, m.id) < (${opts.before.createdAt}, ${opts.before.id})`);
  return q.orderBy('m.createdAt', 'desc').orderBy('m.id', 'desc').limit(opts.limit).execute();
}
