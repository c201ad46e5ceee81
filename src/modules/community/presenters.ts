import type { ViewCtx } from '../../platform/views/view-context.js';
import type { OrgRef } from './db/queries/groups.js';
import type { NoticeRow } from './db/queries/notifications.js';
import { groupName } from './views/shared.js';
import { groupUrl, moderationUrl, postUrl } from './views/urls.js';
import { conversationUrl } from './views/message-urls.js';

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

