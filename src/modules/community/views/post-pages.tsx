import type { FormInput } from '../../../platform/http/form-route.js';
import { CsrfField, ErrorSummary, TextArea } from '../../../platform/views/components/form.js';
import { Layout } from '../../../platform/views/layout.js';
import type { ViewCtx } from '../../../platform/views/view-context.js';
import type { OrgRef } from '../db/queries/groups.js';
import type { PostWithAuthor, ReactionCounts } from '../db/queries/posts.js';
import type { GroupRow } from '../db/schema.js';
import { POST_MAX } from '../schemas.js';
import type { PostAbilities } from '../services/posts.js';
import type { PostImageRow } from '../db/media-schema.js';
import { PostImages } from './image-pages.js';
import { groupName, PhiConfirm, PostBody, PostControls, Reactions, ReportForm, StatusNote } from './shared.js';
import { groupUrl, postUrl } from './urls.js';

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

export function PostPage(p: {
  ctx: ViewCtx;
  org: OrgRef;
  group: GroupRow;
  post: PostWithAuthor;
  replies: PostWithAuthor[];
  reactions: { counts: ReactionCounts; mine: Set<string> };
  abilities: PostAbilities;
  input: FormInput;
  images?: PostImageRow[] | undefined;
}): JSX.Element {
  const { t, lang } = p.ctx;
  const here = postUrl(p.org.slug, p.group.slug, p.post.id);
  const react = (id: string) => `${postUrl(p.org.slug, p.group.slug, id)}/reactions`;
  const title = t('community.post.title', { name: p.post.authorName, group: groupName(p.group, lang) });
  return (
    <Layout ctx={p.ctx} title={title}>
      <p>
        <a href={groupUrl(p.org.slug, p.group.slug)} safe>{groupName(p.group, lang)}</a>
      </p>
      <article aria-labelledby="post-title">
        <h1 id="post-title" safe>{t('community.post.by', { name: p.post.authorName })}</h1>
        <StatusNote ctx={p.ctx} post={p.post} />
        <PostBody ctx={p.ctx} post={p.post} historyHref={`${here}/history`} />
        <PostImages ctx={p.ctx} org={p.org} images={p.images ?? []} />
        <PostControls ctx={p.ctx} base={here} canEdit={p.abilities.edit.has(p.post.id)} canDelete={p.abilities.delete.has(p.post.id)} />
        <Reactions ctx={p.ctx} action={react(p.post.id)} postId={p.post.id} counts={p.reactions.counts} mine={p.reactions.mine} canReact={p.abilities.react} />
        {p.abilities.report && p.post.status === 'visible' ? <ReportForm ctx={p.ctx} action={`${here}/report`} /> : ''}
      </article>
      <section aria-labelledby="replies-title">
        <h2 id="replies-title" safe>{t('community.post.replies', { count: p.replies.length })}</h2>
        <ol class="card-list">
          {p.replies.map((r) => (
            <li>
              <article class="card" id={`reply-${r.id}`} aria-label={t('community.post.replyBy', { name: r.authorName })}>
                <StatusNote ctx={p.ctx} post={r} />
                <PostBody ctx={p.ctx} post={r} historyHref={`${postUrl(p.org.slug, p.group.slug, r.id)}/history`} />
                <PostControls ctx={p.ctx} base={postUrl(p.org.slug, p.group.slug, r.id)} canEdit={p.abilities.edit.has(r.id)} canDelete={p.abilities.delete.has(r.id)} />
                <Reactions ctx={p.ctx} action={react(r.id)} postId={r.id} counts={p.reactions.counts} mine={p.reactions.mine} canReact={p.abilities.react} />
                {p.abilities.report && r.status === 'visible' ? <ReportForm ctx={p.ctx} action={`${postUrl(p.org.slug, p.group.slug, r.id)}/report`} /> : ''}
              </article>
            </li>
          ))}
        </ol>
        {p.abilities.reply ? (
          <>
            <ErrorSummary t={t} errors={p.input.errors} labels={{ body: t('community.post.reply') }} />
            <form method="post" action={`${here}/replies`} novalidate>
              <CsrfField token={p.ctx.csrfToken} />
              <TextArea t={t} name="body" label={t('community.post.reply')} hint={t('community.post.bodyHint')} value={str(p.input.values.body)} errors={p.input.errors} required maxlength={POST_MAX} />
              <PhiConfirm ctx={p.ctx} input={p.input} noPhi={p.group.noPhi} />
              <button type="submit" safe>{t('community.post.sendReply')}</button>
            </form>
          </>
        ) : (
          ''
        )}
      </section>
    </Layout>
  );
}

export function EditPostPage(p: { ctx: ViewCtx; org: OrgRef; group: GroupRow; post: PostWithAuthor; input: FormInput }): JSX.Element {
  const { t } = p.ctx;
  const here = postUrl(p.org.slug, p.group.slug, p.post.id);
  const value = str(p.input.values.body) ?? (Object.keys(p.input.values).length === 0 ? p.post.bodyMd : undefined);
  return (
    <Layout ctx={p.ctx} title={t('community.post.edit')}>
      <h1 safe>{t('community.post.edit')}</h1>
      <ErrorSummary t={t} errors={p.input.errors} labels={{ body: t('community.post.body') }} />
      <form method="post" action={`${here}/edit`} novalidate>
        <CsrfField token={p.ctx.csrfToken} />
        <TextArea t={t} name="body" label={t('community.post.body')} hint={t('community.post.editHint')} value={value} errors={p.input.errors} required maxlength={POST_MAX} rows={6} />
        <button type="submit" safe>{t('community.post.save')}</button>
      </form>
      <p>
        <a href={p.post.parentId ? postUrl(p.org.slug, p.group.slug, p.post.parentId) : here} safe>{t('community.post.cancel')}</a>
      </p>
    </Layout>
  );
}

export function HistoryPage(p: { ctx: ViewCtx; org: OrgRef; group: GroupRow; post: PostWithAuthor; revisions: { id: string; bodyHtml: string; createdAt: Date }[] }): JSX.Element {
  const { t } = p.ctx;
  return (
    <Layout ctx={p.ctx} title={t('community.post.history')}>
      <h1 safe>{t('community.post.history')}</h1>
      <p>
        <a href={postUrl(p.org.slug, p.group.slug, p.post.parentId ?? p.post.id)} safe>{t('community.post.cancel')}</a>
      </p>
      <section aria-labelledby="current-title">
        <h2 id="current-title" safe>{t('community.post.current')}</h2>
        <PostBody ctx={p.ctx} post={p.post} />
      </section>
      <section aria-labelledby="earlier-title">
        <h2 id="earlier-title" safe>{t('community.post.earlier')}</h2>
        {p.revisions.length === 0 ? <p safe>{t('community.post.noHistory')}</p> : ''}
        <ol class="card-list">
          {p.revisions.map((r) => {
            const safeBody = r.bodyHtml;
            return (
              <li class="card">
                <p class="hint">
                  <time datetime={p.ctx.fmt.iso(r.createdAt)} safe>{p.ctx.fmt.dateTime(r.createdAt)}</time>
                </p>
                <div class="post-body">{safeBody}</div>
              </li>
            );
          })}
        </ol>
      </section>
    </Layout>
  );
}
