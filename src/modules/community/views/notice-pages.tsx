import { CsrfField } from '../../../platform/views/components/form.js';
import { Layout } from '../../../platform/views/layout.js';
import type { ViewCtx } from '../../../platform/views/view-context.js';
import type { OrgRef } from '../db/queries/groups.js';
import type { NoticeRow } from '../db/queries/notifications.js';
import { groupName } from './shared.js';
import { groupUrl, moderationUrl, postUrl } from './urls.js';

export type NoticeView = { id: string; text: string; href: string; unread: boolean; at: string; atIso: string };

/** A notice in words and where it leads; shared by the page and the live stream. */
export function toNoticeView(ctx: Pick<ViewCtx, 't' | 'lang' | 'fmt'>, org: OrgRef, n: NoticeRow): NoticeView {
  const group = groupName(n.group, ctx.lang);
  const name = n.actorName ?? ctx.t('community.notices.someone');
  const href =
    n.kind === 'join_request'
      ? moderationUrl(org.slug, n.group.slug)
      : n.kind === 'approved' || !n.postId
        ? groupUrl(org.slug, n.group.slug)
        : n.parentId
          ? `${postUrl(org.slug, n.group.slug, n.parentId)}#reply-${n.postId}`
          : postUrl(org.slug, n.group.slug, n.postId);
  return { id: n.id, text: ctx.t(`community.notices.${n.kind}`, { name, group }), href, unread: n.readAt === null, at: ctx.fmt.dateTime(n.createdAt), atIso: n.createdAt.toISOString() };
}

export function NoticesPage(p: { ctx: ViewCtx; org: OrgRef; notices: NoticeView[]; unread: number }): JSX.Element {
  const { t } = p.ctx;
  const base = `/o/${p.org.slug}/notifications`;
  return (
    <Layout ctx={p.ctx} title={t('community.notices.title')}>
      <h1 safe>{t('community.notices.title')}</h1>
      <p data-live-unread={`${base}/stream`}>
        <span data-unread-count safe>{t('community.notices.unread', { count: p.unread })}</span>
      </p>
      <div class="visually-hidden" role="status" aria-live="polite" data-live-announce></div>
      {p.unread > 0 ? (
        <form method="post" action={`${base}/read`} class="inline-form">
          <CsrfField token={p.ctx.csrfToken} />
          <button type="submit" class="link-button" safe>{t('community.notices.markRead')}</button>
        </form>
      ) : (
        ''
      )}
      <ol class="card-list" data-notice-list>
        {p.notices.map((n) => (
          <li class="card" data-notice-id={n.id}>
            <a href={n.href} safe>{n.text}</a>
            {n.unread ? <strong class="badge" safe>{` ${t('community.notices.new')}`}</strong> : ''}
            <p class="hint">
              <time datetime={n.atIso} safe>{n.at}</time>
            </p>
          </li>
        ))}
      </ol>
      {p.notices.length === 0 ? <p data-notice-empty safe>{t('community.notices.none')}</p> : ''}
      <script src="/assets/community-live.js" defer></script>
    </Layout>
  );
}
