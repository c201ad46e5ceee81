import { CsrfField } from '../../../platform/views/components/form.js';
import { Layout } from '../../../platform/views/layout.js';
import type { ViewCtx } from '../../../platform/views/view-context.js';
import type { FeedPage } from '../services/feeds.js';
import { PostBody } from './shared.js';
import { PostImages } from './image-pages.js';
import { groupUrl, postUrl } from './urls.js';

export const homeUrl = (org: string) => `/o/${org}/community`;
export const tagUrl = (org: string, tag: string) => `/o/${org}/tags/${encodeURIComponent(tag)}`;
export const personUrl = (org: string, accountId: string) => `/o/${org}/people/${accountId}`;

function FeedList({ ctx, feed, moreHref }: { ctx: ViewCtx; feed: FeedPage; moreHref: string }): JSX.Element {
  const { t, lang } = ctx;
  return (
    <>
      {feed.posts.length === 0 ? <p safe>{t('community.feed.empty')}</p> : ''}
      <ol class="card-list">
        {feed.posts.map((p) => (
          <li>
            <article class="card" aria-label={t('community.post.by', { name: p.authorName })}>
              <p class="hint">
                {feed.isNew.has(p.id) ? <strong class="badge" safe>{`${t('community.feed.new')} `}</strong> : ''}
                <a href={groupUrl(feed.org.slug, p.groupSlug)} safe>{lang === 'fr' ? p.groupNameFr : p.groupNameEn}</a>
                {' · '}
                <a href={personUrl(feed.org.slug, p.authorId)} safe>{p.authorName}</a>
              </p>
              <PostBody ctx={ctx} post={p} />
              <PostImages ctx={ctx} org={feed.org} images={feed.images.get(p.id) ?? []} />
              <p>
                <a href={postUrl(feed.org.slug, p.groupSlug, p.id)} safe>{t('community.post.replies', { count: feed.replyCounts.get(p.id) ?? 0 })}</a>
              </p>
            </article>
          </li>
        ))}
      </ol>
      {feed.next ? (
        <p>
          <a href={`${moreHref}?before=${encodeURIComponent(feed.next)}`} rel="next" safe>{t('community.group.older')}</a>
        </p>
      ) : (
        ''
      )}
    </>
  );
}

export function HomeFeedPage({ ctx, feed }: { ctx: ViewCtx; feed: FeedPage }): JSX.Element {
  const { t } = ctx;
  const newCount = feed.isNew.size;
  return (
    <Layout ctx={ctx} title={t('community.feed.title')}>
      <h1 safe>{t('community.feed.title')}</h1>
      <p>
        <a href={`/o/${feed.org.slug}/groups`} safe>{t('community.feed.groups')}</a>
        {' · '}
        <a href={`/o/${feed.org.slug}/notifications`} safe>{t('community.notices.title')}</a>
        {' · '}
        <a href={`/o/${feed.org.slug}/messages`} safe>{t('community-messages.title')}</a>
        {' · '}
        <a href={`/o/${feed.org.slug}/community/search`} safe>{t('community-search.title')}</a>
        {' · '}
        <a href={`/o/${feed.org.slug}/community/export.json`} download="" safe>{t('community-export.link')}</a>
      </p>
      {newCount > 0 ? <p role="status" safe>{t('community.feed.newSince', { count: newCount })}</p> : ''}
      <FeedList ctx={ctx} feed={feed} moreHref={homeUrl(feed.org.slug)} />
    </Layout>
  );
}

export function HashtagFeedPage({ ctx, feed, tag }: { ctx: ViewCtx; feed: FeedPage; tag: string }): JSX.Element {
  const title = ctx.t('community.feed.tagTitle', { tag });
  return (
    <Layout ctx={ctx} title={title}>
      <h1 safe>{title}</h1>
      <FeedList ctx={ctx} feed={feed} moreHref={tagUrl(feed.org.slug, tag)} />
    </Layout>
  );
}

export function ProfileFeedPage(p: { ctx: ViewCtx; feed: FeedPage; person: { accountId: string; displayName: string }; canFollow: boolean; following: boolean; actions?: JSX.Element }): JSX.Element {
  const { t } = p.ctx;
  const here = personUrl(p.feed.org.slug, p.person.accountId);
  // Rendered by its own view (message and block actions), already escaped.
  const safeActions = p.actions ?? '';
  return (
    <Layout ctx={p.ctx} title={p.person.displayName}>
      <h1 safe>{p.person.displayName}</h1>
      {safeActions}
      {p.canFollow || p.following ? (
        <form method="post" action={`${here}/follow`} class="inline-form">
          <CsrfField token={p.ctx.csrfToken} />
          <input type="hidden" name="follow" value={p.following ? 'no' : 'yes'} />
          <button type="submit" safe>{p.following ? t('community.feed.unfollow', { name: p.person.displayName }) : t('community.feed.follow', { name: p.person.displayName })}</button>
        </form>
      ) : (
        ''
      )}
      <h2 safe>{t('community.feed.postsBy', { name: p.person.displayName })}</h2>
      <FeedList ctx={p.ctx} feed={p.feed} moreHref={here} />
    </Layout>
  );
}
