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

/** One post's head and body (the body is Markdown rendered and sanitized when saved). */
export function PostBody({ ctx, post }: { ctx: ViewCtx; post: PostWithAuthor }): JSX.Element {
  const safeBody = post.bodyHtml;
  return (
    <>
      <p class="hint">
        <strong safe>{post.authorName}</strong>
        {' · '}
        <time datetime={post.createdAt.toISOString()} safe>{ctx.fmt.dateTime(post.createdAt)}</time>
      </p>
      <div class="post-body">{safeBody}</div>
    </>
  );
}
