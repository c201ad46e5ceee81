import type { FormInput } from '../../../platform/http/form-route.js';
import { CsrfField, ErrorSummary, TextArea, TextField } from '../../../platform/views/components/form.js';
import { Layout } from '../../../platform/views/layout.js';
import type { ViewCtx } from '../../../platform/views/view-context.js';
import type { CommentView } from '../comment-presenters.js';
import { COMMENT_MAX, GUEST_NAME_MAX } from '../comment-schemas.js';
import type { BodyBlocks } from '../comment-text.js';
import { blogTitle } from './blog-pages.js';
import { blogUrl, postUrl } from './urls.js';

export const commentsUrl = (org: string, blog: string, post: string) => `${postUrl(org, blog, post)}/comments`;
export const moderationUrl = (org: string) => `/o/${org}/blogs/moderation`;

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

/**
 * A comment body: paragraphs and lines, every piece escaped; redactions shown in the reader's
 * language, and (for moderators) detected health information highlighted and named in words.
 */
export function CommentBody({ ctx, blocks }: { ctx: ViewCtx; blocks: BodyBlocks }): JSX.Element {
  const { t } = ctx;
  return (
    <>
      {blocks.map((paragraph) => (
        <p>
          {paragraph.map((line, i) => (
            <>
              {i > 0 ? <br /> : ''}
              {line.map((piece) =>
                piece.mark === 'redacted' ? (
                  <span class="redacted" safe>{t('blog-comments.redacted')}</span>
                ) : piece.mark ? (
                  <>
                    <mark safe>{piece.text}</mark>
                    <span class="hint" safe>{` (${t(`blog-comments.phi.${piece.mark}`)})`}</span>
                  </>
                ) : (
                  <span safe>{piece.text}</span>
                ),
              )}
            </>
          ))}
        </p>
      ))}
    </>
  );
}

function CommentItem({ ctx, comment, replyHref }: { ctx: ViewCtx; comment: CommentView; replyHref?: string | undefined }): JSX.Element {
  const { t } = ctx;
  return (
    <li>
      <article class="card comment" id={`comment-${comment.id}`} aria-label={t('blog-comments.commentBy', { name: comment.authorName })}>
        <p class="comment-meta">
          <strong safe>{comment.authorName}</strong>
          <span class="hint">
            {' · '}
            <time datetime={ctx.fmt.iso(comment.createdAt)} safe>{ctx.fmt.dateTime(comment.createdAt)}</time>
          </span>
        </p>
        <CommentBody ctx={ctx} blocks={comment.blocks} />
        {replyHref ? (
          <p>
            <a href={replyHref} safe>{t('blog-comments.replyTo', { name: comment.authorName })}</a>
          </p>
        ) : (
          ''
        )}
        {comment.replies.length > 0 ? (
          <ol class="plain-links comment-replies">
            {comment.replies.map((r) => (
              <CommentItem ctx={ctx} comment={r} />
            ))}
          </ol>
        ) : (
          ''
        )}
      </article>
    </li>
  );
}

export type CommentFormProps = {
  ctx: ViewCtx;
  action: string;
  /** Guests give a name and an e-mail address; members comment under their profile name. */
  guest: boolean;
  input: FormInput;
  parentId?: string | undefined;
};

export function CommentForm({ ctx, action, guest, input, parentId }: CommentFormProps): JSX.Element {
  const { t } = ctx;
  const v = input.values;
  const labels = { commentName: t('blog-comments.form.name'), commentEmail: t('blog-comments.form.email'), commentBody: t('blog-comments.form.body'), parentId: t('blog-comments.form.parent') };
  return (
    <form method="post" action={action} novalidate>
      <ErrorSummary t={t} errors={input.errors} labels={labels} />
      <CsrfField token={ctx.csrfToken} />
      {parentId ? <input type="hidden" id="f-parentId" name="parentId" value={parentId} /> : ''}
      {guest ? (
        <>
          <input type="hidden" name="commenter" value="guest" />
          <TextField t={t} name="commentName" label={labels.commentName} value={str(v.commentName)} errors={input.errors} required autocomplete="name" maxlength={GUEST_NAME_MAX} />
          <TextField t={t} name="commentEmail" type="email" label={labels.commentEmail} hint={t('blog-comments.form.emailHint')} value={str(v.commentEmail)} errors={input.errors} required autocomplete="email" maxlength={254} />
        </>
      ) : (
        <p class="hint" safe>{t('blog-comments.form.signedInAs', { name: ctx.actor?.displayName ?? '' })}</p>
      )}
      {input.errors?.parentId ? (
        <p class="error-message" id="f-parentId-error" safe>{`${labels.parentId}: ${t('validation.invalid')}`}</p>
      ) : (
        ''
      )}
      <TextArea t={t} name="commentBody" label={labels.commentBody} hint={t('blog-comments.form.bodyHint')} value={str(v.commentBody)} errors={input.errors} required rows={6} maxlength={COMMENT_MAX} />
      {/* Hidden from everyone, read by no one: a robot filling it gives itself away. */}
      <div class="visually-hidden" aria-hidden="true">
        <label for="f-website" safe>{t('blog-comments.form.honeypot')}</label>
        <input id="f-website" name="website" type="text" tabindex="-1" autocomplete="off" value="" />
      </div>
      <button type="submit" safe>{t('blog-comments.form.submit')}</button>
    </form>
  );
}

/** The comments section of a post page: "N Responses", the thread, and "Leave a Reply". */
export function CommentsSection(p: {
  ctx: ViewCtx;
  orgSlug: string;
  blogSlug: string;
  postSlug: string;
  thread: CommentView[];
  count: number;
  canComment: boolean;
  signedIn: boolean;
  heldCount: number | null;
}): JSX.Element {
  const { ctx } = p;
  const { t } = ctx;
  const action = commentsUrl(p.orgSlug, p.blogSlug, p.postSlug);
  const here = postUrl(p.orgSlug, p.blogSlug, p.postSlug);
  return (
    <section id="comments" class="comments" aria-labelledby="comments-title">
      <h2 id="comments-title" safe>{t('blog-comments.responses', { count: p.count })}</h2>
      {p.heldCount !== null ? (
        <p>
          <a href={moderationUrl(p.orgSlug)} safe>{t('blog-comments.queueLink', { count: p.heldCount })}</a>
        </p>
      ) : (
        ''
      )}
      {p.thread.length > 0 ? (
        <ol class="plain-links comment-list">
          {p.thread.map((c) => (
            <CommentItem ctx={ctx} comment={c} replyHref={p.canComment ? `${action}?replyTo=${c.id}` : undefined} />
          ))}
        </ol>
      ) : (
        ''
      )}
      <h2 id="reply-title" safe>{t('blog-comments.leaveReply')}</h2>
      {p.canComment ? (
        <CommentForm ctx={ctx} action={action} guest={!p.signedIn} input={{ values: {} }} />
      ) : (
        <p>
          <a href={`/sign-in?next=${encodeURIComponent(`${here}#comments`)}`} safe>{t('blog-comments.signInToReply')}</a>
        </p>
      )}
    </section>
  );
}

/** The reply form on a page of its own: answering one comment, or fixing what was refused. */
export function CommentFormPage(p: {
  ctx: ViewCtx;
  orgSlug: string;
  blog: Parameters<typeof blogTitle>[1];
  post: { slug: string; title: string; lang: string };
  parent: CommentView | null;
  guest: boolean;
  input: FormInput;
}): JSX.Element {
  const { ctx } = p;
  const { t } = ctx;
  const title = p.parent ? t('blog-comments.replyPageTitle', { name: p.parent.authorName }) : t('blog-comments.leaveReply');
  return (
    <Layout ctx={ctx} title={title}>
      <p class="hint">
        <a href={blogUrl(p.orgSlug, p.blog.slug)} safe>{blogTitle(ctx, p.blog)}</a>
      </p>
      <h1 safe>{title}</h1>
      <p>
        <span safe>{t('blog-comments.onPost')}</span>{' '}
        <a href={postUrl(p.orgSlug, p.blog.slug, p.post.slug)} lang={p.post.lang} safe>{p.post.title}</a>
      </p>
      {p.parent ? (
        <blockquote class="card" aria-label={t('blog-comments.commentBy', { name: p.parent.authorName })}>
          <p class="comment-meta">
            <strong safe>{p.parent.authorName}</strong>
          </p>
          <CommentBody ctx={ctx} blocks={p.parent.blocks} />
        </blockquote>
      ) : (
        ''
      )}
      <CommentForm ctx={ctx} action={commentsUrl(p.orgSlug, p.blog.slug, p.post.slug)} guest={p.guest} input={p.input} parentId={p.parent?.id ?? str(p.input.values.parentId)} />
    </Layout>
  );
}
