import { sql } from 'kysely';
import type { Executor } from '../../../../platform/db/types.js';
import type { EmailMode, GroupRow, NotificationKind } from '../schema.js';

export type NewNotice = { organizationId: string; recipientId: string; kind: NotificationKind; actorId: string | null; groupId: string; postId: string | null };
/** A notice about a conversation (a new direct message). */
export type NewMessageNotice = { organizationId: string; recipientId: string; kind: 'message'; actorId: string; groupId: null; postId: null; conversationId: string };

export async function insertNotifications(ex: Executor, rows: ((NewNotice | NewMessageNotice) & { id: string })[]): Promise<void> {
  if (rows.length) await ex.insertInto('communityNotifications').values(rows).execute();
}

/** The e-mail each of these people chose for their notices in the organization (absent: never). */
export async function noticeEmailModes(ex: Executor, organizationId: string, accountIds: string[]): Promise<Map<string, EmailMode>> {
  if (accountIds.length === 0) return new Map();
  const rows = await ex.selectFrom('communityNoticePreferences').select(['accountId', 'email']).where('organizationId', '=', organizationId).where('accountId', 'in', accountIds).execute();
  return new Map(rows.map((r) => [r.accountId, r.email]));
}

export type NoticeRow = {
  id: string;
  kind: NotificationKind;
  createdAt: Date;
  readAt: Date | null;
  postId: string | null;
  parentId: string | null;
  actorName: string | null;
  actorId: string | null;
  /** The group a notice is about; null for a message notice, which names its conversation. */
  group: GroupRow | null;
  conversationId: string | null;
};

/** Which notices to list: the latest (or, with `before`, those older than that notice, newest first), unread only or all. */
export type NoticeListing = { unreadOnly?: boolean; limit: number; before?: string | undefined };

/**
 * Notices older than the notice `before`, in the list's order (created_at, id), as a keyset
 * cursor: the cursor's time is read from its row, so it keeps the database's microseconds.
 */
const olderThan = (before: string) => sql<boolean>`(n.created_at, n.id) < (select c.created_at, c.id from community_notifications c where c.id = ${before})`;

/**
 * A person's latest notices in one organization, newest first, in one statement: those about a
 * group come with their group (for the policy check at delivery), message notices with their
 * conversation. One ordering, the database's (created_at to the microsecond, then id), so a
 * keyset page never repeats or skips a notice.
 */
export async function listNotifications(ex: Executor, organizationId: string, recipientId: string, opts: NoticeListing): Promise<NoticeRow[]> {
  let q = ex
    .selectFrom('communityNotifications as n')
    .leftJoin('communityGroups as g', 'g.id', 'n.groupId')
    .leftJoin('identityProfiles as a', 'a.accountId', 'n.actorId')
    .leftJoin('communityPosts as p', 'p.id', 'n.postId')
    .selectAll('g')
    .select(['n.id as noticeId', 'n.kind as noticeKind', 'n.createdAt as noticeAt', 'n.readAt', 'n.postId', 'p.parentId', 'a.displayName as actorName', 'n.actorId as noticeActorId', 'n.conversationId'])
    .where('n.organizationId', '=', organizationId)
    .where('n.recipientId', '=', recipientId)
    .where((eb) => eb.or([eb('g.id', 'is not', null), eb('n.conversationId', 'is not', null)]));
  if (opts.unreadOnly) q = q.where('n.readAt', 'is', null);
  if (opts.before) q = q.where(olderThan(opts.before));
  const rows = await q.orderBy('n.createdAt', 'desc').orderBy('n.id', 'desc').limit(opts.limit).execute();
  return rows.map(({ noticeId, noticeKind: kind, noticeAt, readAt, postId, parentId, actorName, noticeActorId, conversationId, ...group }) => ({
    id: noticeId,
    kind,
    createdAt: noticeAt,
    readAt,
    postId: group.id === null ? null : postId,
    parentId: group.id === null ? null : parentId,
    actorName,
    actorId: noticeActorId,
    group: group.id === null ? null : (group as GroupRow),
    conversationId: group.id === null ? conversationId : null,
  }));
}

export async function markNotificationsRead(ex: Executor, organizationId: string, recipientId: string): Promise<void> {
  await ex.updateTable('communityNotifications').set({ readAt: new Date() }).where('organizationId', '=', organizationId).where('recipientId', '=', recipientId).where('readAt', 'is', null).execute();
}

/** A person's unread notices about one conversation, marked read when they open it. */
export async function markConversationNotificationsRead(ex: Executor, organizationId: string, recipientId: string, conversationId: string, at: Date): Promise<void> {
  await ex.updateTable('communityNotifications').set({ readAt: at }).where('organizationId', '=', organizationId).where('recipientId', '=', recipientId).where('conversationId', '=', conversationId).where('readAt', 'is', null).execute();
}

/** Active owners and moderators of a group, who hear about requests to join. */
export const listGroupModerators = (ex: Executor, groupId: string) =>
  ex.selectFrom('communityGroupMembers').select('accountId').where('groupId', '=', groupId).where('status', '=', 'active').where('role', 'in', ['owner', 'moderator']).execute();
