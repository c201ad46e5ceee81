import type { Lang } from '../../../platform/i18n/i18n.js';
import { CsrfField } from '../../../platform/views/components/form.js';
import type { ViewCtx } from '../../../platform/views/view-context.js';
import type { PostWithAuthor, ReactionCounts } from '../db/queries/posts.js';
import { REACTIONS, type GroupRow } from '../db/schema.js';

export const groupName = (g: Pick<GroupRow, 'nameEn' | 'nameFr'>, lang: Lang) => (lang === 'fr' ? g.nameFr : g.nameEn);
export const groupDescription = (g: Pick<GroupRow, 'descriptionEn' | 'descriptionFr'>, lang: Lang) => (lang === 'fr' ? g.descriptionFr : g.descriptionEn);
export const groupRules = (g: Pick<GroupRow, 'rulesEn' | 'rulesFr'>, lang: Lang) => (lang === 'fr' ? g.rulesFr : g.rulesEn);

/** Reaction buttons with their counts: each a small form, so they work without JavaScript. */
export function Reactions(p: { ctx: ViewCtx; action: string; postId: string; counts: ReactionCounts; mine: Set<string>; canReact: boolean }): JSX.Element {
  const { t } = p.ctx;
  const counts = p.counts.get(p.postId) ?? {};
  return (
    <ul class="plain-links reactions" aria-label={t('community.reactions.label')}>
      {REACTIONS.map((r) => {
        const n = counts[r] ?? 0;
        const label = t(`community.reactions.${r}`, { count: n });
        return p.canReact ? (
          <li>
            <form method="post" action={p.action} class="inline-form">
              <CsrfField token={p.ctx.csrfToken} />
              <input type="hidden" name="reaction" value={r} />
              <button type="submit" class="link-button" aria-pressed={p.mine.has(`${p.postId}:${r}`) ? 'true' : 'false'} safe>
                {label}
              </button>
            </form>
          </li>
        ) : n > 0 ? (
          <li safe>{label}</li>
        ) : (
          ''
        );
      })}
    </ul>
  );
}

/** Edit and delete controls for one post or reply, as the policy allows. */
export function PostControls(p: { ctx: ViewCtx; base: string; canEdit: boolean; canDelete: boolean }): JSX.Element {
  const { t } = p.ctx;
  if (!p.canEdit && !p.canDelete) return '';
  return (
    <p class="share-actions">
      {p.canEdit ? <a href={`${p.base}/edit`} safe>{t('community.post.edit')}</a> : ''}
      {p.canDelete ? (
        <form method="post" action={`${p.base}/delete`} class="inline-form">
          <CsrfField token={p.ctx.csrfToken} />
          <button type="submit" class="link-button" safe>{t('community.post.delete')}</button>
        </form>
      ) : (
        ''
      )}
    </p>
  );
}

/** One post's head and body (the body is Markdown rendered and sanitized when saved). */
export function PostBody({ ctx, post, historyHref }: { ctx: ViewCtx; post: Pick<PostWithAuthor, 'authorName' | 'createdAt' | 'editedAt' | 'bodyHtml'>; historyHref?: string | undefined }): JSX.Element {
  const safeBody = post.bodyHtml;
  return (
    <>
      <p class="hint">
        <strong safe>{post.authorName}</strong>
        {' · '}
        <time datetime={ctx.fmt.iso(post.createdAt)} safe>{ctx.fmt.dateTime(post.createdAt)}</time>
        {post.editedAt ? (
          <>
            {' · '}
            {historyHref ? <a href={historyHref} safe>{ctx.t('community.post.edited')}</a> : <span safe>{ctx.t('community.post.edited')}</span>}
          </>
        ) : (
          ''
        )}
      </p>
      <div class="post-body">{safeBody}</div>
    </>
  );
}

/** After the health-information warning: the author confirms, and learns the post may be held. */
export function PhiConfirm(p: { ctx: ViewCtx; input: { errors?: Record<string, { code: string }> | undefined }; noPhi: boolean }): JSX.Element {
  if (p.input.errors?.body?.code !== 'phi_warning') return '';
  const { t } = p.ctx;
  return (
    <div class="choice">
      <input type="checkbox" id="f-confirmPhi" name="confirmPhi" aria-describedby="f-body-error" />
      <label for="f-confirmPhi" safe>{p.noPhi ? t('community.post.confirmPhiHeld') : t('community.post.confirmPhi')}</label>
    </div>
  );
}

/** What the author (or a moderator) sees on a post that is not public. */
export function StatusNote({ ctx, post }: { ctx: ViewCtx; post: PostWithAuthor }): JSX.Element {
  if (post.status === 'visible') return '';
  const { t } = ctx;
  return (
    <div class="notice" role="note">
      <p safe>{t(`community.post.status.${post.status}`)}</p>
      {post.moderationReason ? <p safe>{`${t('community.moderation.reason')}: ${post.moderationReason}`}</p> : ''}
    </div>
  );
}

/** Reporting a post or reply to the moderators, folded until asked for. */
export function ReportForm({ ctx, action }: { ctx: ViewCtx; action: string }): JSX.Element {
  const { t } = ctx;
  const id = `f-report-${action.replace(/[^a-z0-9]/gi, '').slice(-12)}`;
  return (
    <details>
      <summary safe>{t('community.report.open')}</summary>
      <form method="post" action={action}>
        <CsrfField token={ctx.csrfToken} />
        <div class="field">
          <label for={id} safe>{t('community.report.reason')}</label>
          <textarea id={id} name="reason" rows="2" maxlength={500} required></textarea>
        </div>
        <button type="submit" safe>{t('community.report.send')}</button>
      </form>
    </details>
  );
}
