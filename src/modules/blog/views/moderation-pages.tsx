import type { FormInput } from '../../../platform/http/form-route.js';
import { CsrfField, ErrorSummary, TextArea, TextField, PostButton } from '../../../platform/views/components/form.js';
import { Layout } from '../../../platform/views/layout.js';
import type { ViewCtx } from '../../../platform/views/view-context.js';
import type { HeldCommentView } from '../comment-presenters.js';
import type { OrgRef } from '../db/queries/blogs.js';
import { MRN_TEMPLATE_MAX } from '../phi.js';
import { orgName } from './blog-pages.js';
import { CommentBody, moderationUrl } from './comment-views.js';

export const commentModerationUrl = (org: string, id: string) => `${moderationUrl(org)}/comments/${id}`;
export const moderationSettingsUrl = (org: string) => `${moderationUrl(org)}/settings`;

function Decisions({ ctx, orgSlug, item, describedBy }: { ctx: ViewCtx; orgSlug: string; item: HeldCommentView; describedBy: string }): JSX.Element {
  const { t } = ctx;
  const base = commentModerationUrl(orgSlug, item.id);
  return (
    <div class="moderation-actions">
      <PostButton action={`${base}/approve`} csrfToken={ctx.csrfToken} describedBy={describedBy} label={t('blog-comments.moderation.approve')} />{' '}
      <PostButton action={`${base}/reject`} csrfToken={ctx.csrfToken} variant="secondary" describedBy={describedBy} label={t('blog-comments.moderation.reject')} />{' '}
      <PostButton action={`${base}/spam`} csrfToken={ctx.csrfToken} variant="danger" describedBy={describedBy} label={t('blog-comments.moderation.spam')} />
    </div>
  );
}

function HeldDetails({ ctx, item }: { ctx: ViewCtx; item: HeldCommentView }): JSX.Element {
  const { t } = ctx;
  return (
    <>
      <p class="hint">
        <span safe>{item.isGuest ? t('blog-comments.moderation.guest') : t('blog-comments.moderation.member')}</span>
        {' · '}
        <time datetime={ctx.fmt.iso(item.createdAt)} safe>{ctx.fmt.dateTime(item.createdAt)}</time>
        {' · '}
        <span safe>{t('blog-comments.onPost')}</span>{' '}
        <a href={item.postHref} lang={item.postLang} safe>{item.postTitle}</a>
      </p>
      <p class="moderation-reasons">
        <strong safe>{t('blog-comments.moderation.heldBecause')}</strong>
      </p>
      <ul>
        {item.reasons.map((r) => (
          <li safe>{t(`blog-comments.reasons.${r}`)}</li>
        ))}
        {item.phiKinds.length > 0 ? <li safe>{t('blog-comments.reasons.phi', { kinds: item.phiKinds.map((k) => t(`blog-comments.phi.${k}`)).join(', ') })}</li> : ''}
      </ul>
      <blockquote class="comment-body">
        <CommentBody ctx={ctx} blocks={item.blocks} />
      </blockquote>
    </>
  );
}

export function ModerationQueuePage({ ctx, org, items, nextHref }: { ctx: ViewCtx; org: OrgRef; items: HeldCommentView[]; nextHref?: string | undefined }): JSX.Element {
  const { t } = ctx;
  const title = t('blog-comments.moderation.title');
  return (
    <Layout ctx={ctx} title={title}>
      <p class="hint">
        <a href={`/o/${org.slug}/blogs`} safe>{orgName(ctx, org)}</a>
      </p>
      <h1 safe>{title}</h1>
      <p>
        <a href={moderationSettingsUrl(org.slug)} safe>{t('blog-comments.settings.title')}</a>
      </p>
      {items.length === 0 ? <p safe>{t('blog-comments.moderation.empty')}</p> : ''}
      {items.map((item) => {
        const headingId = `held-${item.id}`;
        return (
          <article class="card held-comment" aria-labelledby={headingId}>
            <h2 id={headingId} safe>{t('blog-comments.commentBy', { name: item.authorName })}</h2>
            <HeldDetails ctx={ctx} item={item} />
            <p>
              <a href={commentModerationUrl(org.slug, item.id)} aria-describedby={headingId} safe>
                {item.suggestedRedactions.length > 0 ? t('blog-comments.moderation.reviewSuggested') : t('blog-comments.moderation.review')}
              </a>
            </p>
            <Decisions ctx={ctx} orgSlug={org.slug} item={item} describedBy={headingId} />
          </article>
        );
      })}
      {nextHref ? (
        <nav aria-label={t('blog-comments.moderation.pagination')}>
          <a href={nextHref} rel="next" safe>{t('blog-comments.moderation.more')}</a>
        </nav>
      ) : (
        ''
      )}
    </Layout>
  );
}

export function ReviewCommentPage({ ctx, org, item, input }: { ctx: ViewCtx; org: OrgRef; item: HeldCommentView; input: FormInput }): JSX.Element {
  const { t } = ctx;
  const title = t('blog-comments.moderation.reviewTitle', { name: item.authorName });
  const redactValue = typeof input.values.redact === 'string' ? input.values.redact : item.suggestedRedactions.join('\n');
  const labels = { redact: t('blog-comments.moderation.redactLabel') };
  return (
    <Layout ctx={ctx} title={title}>
      <p class="hint">
        <a href={moderationUrl(org.slug)} safe>{t('blog-comments.moderation.title')}</a>
      </p>
      <h1 id="review-title" safe>{title}</h1>
      <HeldDetails ctx={ctx} item={item} />
      <h2 safe>{t('blog-comments.moderation.redactHeading')}</h2>
      <form method="post" action={`${commentModerationUrl(org.slug, item.id)}/redact`} novalidate>
        <ErrorSummary t={t} errors={input.errors} labels={labels} />
        <CsrfField token={ctx.csrfToken} />
        <TextArea t={t} name="redact" label={labels.redact} hint={t('blog-comments.moderation.redactHint')} value={redactValue} errors={input.errors} required rows={4} maxlength={2000} />
        <button type="submit" safe>{t('blog-comments.moderation.redactSubmit')}</button>
      </form>
      <h2 safe>{t('blog-comments.moderation.otherDecisions')}</h2>
      <Decisions ctx={ctx} orgSlug={org.slug} item={item} describedBy="review-title" />
    </Layout>
  );
}

export function ModerationSettingsPage({ ctx, org, settings, input }: { ctx: ViewCtx; org: OrgRef; settings: { mrnPattern: string | null; blockedWords: string[] }; input: FormInput }): JSX.Element {
  const { t } = ctx;
  const title = t('blog-comments.settings.title');
  const v = input.values;
  const labels = { mrnPattern: t('blog-comments.settings.mrnPattern'), blockedWords: t('blog-comments.settings.blockedWords') };
  return (
    <Layout ctx={ctx} title={title}>
      <p class="hint">
        <a href={moderationUrl(org.slug)} safe>{t('blog-comments.moderation.title')}</a>
      </p>
      <h1 safe>{title}</h1>
      <form method="post" action={moderationSettingsUrl(org.slug)} novalidate>
        <ErrorSummary t={t} errors={input.errors} labels={labels} />
        <CsrfField token={ctx.csrfToken} />
        <TextField
          t={t}
          name="mrnPattern"
          label={labels.mrnPattern}
          hint={t('blog-comments.settings.mrnPatternHint')}
          value={typeof v.mrnPattern === 'string' ? v.mrnPattern : settings.mrnPattern}
          errors={input.errors}
          maxlength={MRN_TEMPLATE_MAX}
          autocomplete="off"
        />
        <TextArea
          t={t}
          name="blockedWords"
          label={labels.blockedWords}
          hint={t('blog-comments.settings.blockedWordsHint')}
          value={typeof v.blockedWords === 'string' ? v.blockedWords : settings.blockedWords.join('\n')}
          errors={input.errors}
          rows={8}
        />
        <button type="submit" safe>{t('blog-comments.settings.save')}</button>
      </form>
    </Layout>
  );
}
