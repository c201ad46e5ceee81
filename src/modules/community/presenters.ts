import type { ViewCtx } from '../../platform/views/view-context.js';
import type { OrgRef } from './db/queries/groups.js';
import type { NoticeRow } from './db/queries/notifications.js';
import { groupName } from './views/shared.js';
import { groupUrl, moderationUrl, postUrl } from './views/urls.js';
import { conversationUrl } from './views/message-urls.js';

/** Past this many unread notices the count shows as "99+". */
export const UNREAD_SHOWN = 99;

/**
 * The unread count in words ("3 unread notifications", "99+ unread notifications"): the text
 * shown and read out, on the page and in the live stream.
 */
export const unreadText = (t: ViewCtx['t'], count: number): string => (count > UNREAD_SHOWN ? t('community.notices.unreadOver', { max: UNREAD_SHOWN }) : t('community.notices.unread', { count }));

export type NoticeView = { id: string; text: string; href: string; unread: boolean; at: string; atIso: string };

/** A notice in words and where it leads; shared by the page and the live stream. */
export function toNoticeView(ctx: Pick<ViewCtx, 't' | 'lang' | 'fmt'>, org: OrgRef, n: NoticeRow): NoticeView {
  const name = n.actorName ?? ctx.t('community.notices.someone');
  const at = { unread: n.readAt === null, at: ctx.fmt.dateTime(n.createdAt), atIso: n.createdAt.toISOString() };
  if (!n.group) return { id: n.id, text: ctx.t('community-messages.notice', { name }), href: conversationUrl(org.slug, n.conversationId ?? ''), ...at };
  const group = groupName(n.group, ctx.lang);
  const href =
    n.kind === 'join_request'
      ? moderationUrl(org.slug, n.group.slug)
      : n.kind === 'approved' || !n.postId
        ? groupUrl(org.slug, n.group.slug)
        : n.parentId
          ? `${postUrl(org.slug, n.group.slug, n.parentId)}#reply-${n.postId}`
          : postUrl(org.slug, n.group.slug, n.postId);
  return { id: n.id, text: ctx.t(`community.notices.${n.kind}`, { name, group }), href, ...at };
}

