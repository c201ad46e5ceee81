import type { FieldErrors } from '../../../platform/http/errors.js';
import type { FormInput } from '../../../platform/http/form-route.js';
import { CsrfField, ErrorSummary, fieldId, fieldMessage, RadioGroup, Select, TextArea, TextField } from '../../../platform/views/components/form.js';
import { Layout } from '../../../platform/views/layout.js';
import type { ViewCtx } from '../../../platform/views/view-context.js';
import type { OrgRef } from '../db/queries/blogs.js';
import type { BlogRow, PostRow, PostStatus } from '../db/schema.js';
import { BODY_MAX, COVER_ALT_MAX, EXCERPT_MAX, TITLE_MAX } from '../editor-schemas.js';
import { SLUG_MAX } from '../post-fields.js';
import type { EditorForm } from '../services/editor.js';
import type { DiffPiece, RevisionPart } from '../services/revisions.js';
import { blogTitle } from './blog-pages.js';
import { blogUrl, deskUrl, editPostUrl, newPostUrl, postHistoryUrl, postUrl, revisionUrl } from './urls.js';

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
const list = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : []);
const contentLang = (v: unknown, fallback: string) => (v === 'en' || v === 'fr' ? v : fallback);

/** The editor's pages share one small stylesheet (diff marks, action rows). */
const EditorHead = (): JSX.Element => <link rel="stylesheet" href="/assets/blog-editor.css" />;

function Time({ ctx, at }: { ctx: ViewCtx; at: Date }): JSX.Element {
  return (
    <time datetime={ctx.fmt.iso(at)} safe>
      {ctx.fmt.dateTime(at)}
    </time>
  );
}

function Breadcrumb({ ctx, links }: { ctx: ViewCtx; links: { href: string; label: string }[] }): JSX.Element {
  return (
    <nav aria-label={ctx.t('blog-editor.breadcrumb')}>
      <ul class="editor-breadcrumb">
        {links.map((l) => (
          <li>
            <a href={l.href} safe>{l.label}</a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

// ---------------------------------------------------------------- desk

/** What other areas add to the desk: a section beside the table, and a note per post (held comments…). */
export type DeskSections = { aside?: JSX.Element; postNotes?: Record<string, JSX.Element> };

export function DeskPage(p: { ctx: ViewCtx; org: OrgRef; blog: BlogRow; posts: PostRow[]; canCreate: boolean; sections?: DeskSections }): JSX.Element {
  const { ctx, org, blog } = p;
  const { t } = ctx;
  const title = t('blog-editor.desk.title', { blog: blogTitle(ctx, blog) });
  const safeAside = p.sections?.aside ?? '';
  const notes = p.sections?.postNotes ?? {};
  return (
    <Layout ctx={ctx} title={title} head={<EditorHead />}>
      <Breadcrumb ctx={ctx} links={[{ href: blogUrl(org.slug, blog.slug), label: blogTitle(ctx, blog) }]} />
      <h1 safe>{title}</h1>
      {p.canCreate ? (
        <p>
          <a class="button" href={newPostUrl(org.slug, blog.slug)} safe>{t('blog-editor.desk.newPost')}</a>
        </p>
      ) : (
        ''
      )}
      {safeAside}
      {p.posts.length === 0 ? (
        <p safe>{t('blog-editor.desk.none')}</p>
      ) : (
        <div class="table-scroll" role="region" aria-labelledby="desk-caption" tabindex="0">
          <table class="desk">
            <caption id="desk-caption" safe>{t('blog-editor.desk.caption')}</caption>
            <thead>
              <tr>
                <th scope="col" safe>{t('blog-editor.desk.col.title')}</th>
                <th scope="col" safe>{t('blog-editor.desk.col.status')}</th>
                <th scope="col" safe>{t('blog-editor.desk.col.lang')}</th>
                <th scope="col" safe>{t('blog-editor.desk.col.updated')}</th>
                <th scope="col" safe>{t('blog-editor.desk.col.scheduled')}</th>
                <th scope="col" safe>{t('blog-editor.desk.col.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {p.posts.map((post) => {
                const ref = ` ${t('blog-editor.postRef', { title: post.title })}`;
                const safeNote = notes[post.id] ?? '';
                return (
                  <tr>
                    <th scope="row">
                      <span lang={post.lang} safe>{post.title}</span>
                      {safeNote}
                    </th>
                    <td safe>{t(`blog.status.${post.status}`)}</td>
                    <td safe>{t(`blog-editor.lang.${post.lang}`)}</td>
                    <td>
                      <Time ctx={ctx} at={post.updatedAt} />
                    </td>
                    <td>
                      {post.status === 'scheduled' && post.publishAt ? (
                        <Time ctx={ctx} at={post.publishAt} />
                      ) : (
                        <>
                          <span aria-hidden="true">—</span>
                          <span class="visually-hidden" safe>{t('blog-editor.desk.notScheduled')}</span>
                        </>
                      )}
                    </td>
                    <td>
                      <ul class="row-actions">
                        <li>
                          <a href={editPostUrl(org.slug, blog.slug, post.slug)}>
                            <span safe>{t('blog-editor.desk.edit')}</span>
                            <span class="visually-hidden" safe>{ref}</span>
                          </a>
                        </li>
                        <li>
                          <a href={postUrl(org.slug, blog.slug, post.slug)}>
                            <span safe>{t('blog-editor.desk.view')}</span>
                            <span class="visually-hidden" safe>{ref}</span>
                          </a>
                        </li>
                        <li>
                          <a href={postHistoryUrl(org.slug, blog.slug, post.slug)}>
                            <span safe>{t('blog-editor.desk.history')}</span>
                            <span class="visually-hidden" safe>{ref}</span>
                          </a>
                        </li>
                      </ul>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}

// ---------------------------------------------------------------- post editor

export type EditorPreview = { html: string; problems: FieldErrors; title: string; excerpt: string | null; lang: string };

export function editorFieldLabels(ctx: ViewCtx): Record<string, string> {
  const f = (k: string) => ctx.t(`blog-editor.fields.${k}`);
  return {
    title: f('title'),
    slug: f('slug'),
    lang: f('lang'),
    translationOf: f('translationOf'),
    excerpt: f('excerpt'),
    body: f('body'),
    tags: f('tags'),
    authors: f('authors'),
    coverAlt: f('coverAlt'),
    publishAt: f('publishAt'),
    action: f('action'),
  };
}

function AuthorCheckboxes(p: { ctx: ViewCtx; authors: { accountId: string; displayName: string }[]; checked: string[]; errors?: FieldErrors | undefined }): JSX.Element {
  const { t } = p.ctx;
  const id = fieldId('authors');
  const message = fieldMessage(t, p.errors, 'authors');
  return (
    <fieldset class={message ? 'field field-error' : 'field'} id={id} aria-describedby={[`${id}-hint`, message ? `${id}-error` : ''].filter(Boolean).join(' ')}>
      <legend safe>{`${t('blog-editor.fields.authors')} (${t('forms.optional')})`}</legend>
      <p class="hint" id={`${id}-hint`} safe>{p.authors.length > 0 ? t('blog-editor.hints.authors') : t('blog-editor.editor.noAuthors')}</p>
      {message ? (
        <p class="error-message" id={`${id}-error`} safe>
          {message}
        </p>
      ) : (
        ''
      )}
      {p.authors.map((a, i) => (
        <div class="choice">
          <input type="checkbox" id={`${id}-${i}`} name="authors" value={a.accountId} checked={p.checked.includes(a.accountId)} />
          <label for={`${id}-${i}`} safe>
            {a.displayName}
          </label>
        </div>
      ))}
    </fieldset>
  );
}

function statusSentence(ctx: ViewCtx, post: PostRow | null): string {
  const { t } = ctx;
  if (!post) return t('blog-editor.editor.status.new');
  if (post.status === 'scheduled' && post.publishAt) return t('blog-editor.editor.status.scheduled', { date: ctx.fmt.dateTime(post.publishAt) });
  if (post.status === 'published' && post.publishedAt) return t('blog-editor.editor.status.published', { date: ctx.fmt.dateTime(post.publishedAt) });
  return t(`blog-editor.editor.status.${post.status}`);
}

/** Bodies start at h2 on a post page; inside the preview section they sit two levels lower. */
const lowerHeadings = (html: string) => html.replace(/<(\/?)h([2-6])\b/g, (_m, slash: string, level: string) => `<${slash}h${Math.min(6, Number(level) + 2)}`);

function Preview({ ctx, preview, tags }: { ctx: ViewCtx; preview: EditorPreview; tags: string }): JSX.Element {
  const { t } = ctx;
  const problems = Object.keys(preview.problems);
  // Sanitized by renderMarkdown; only heading tag names are rewritten here.
  const safeBody = lowerHeadings(preview.html);
  return (
    <section id="preview" class="editor-preview" aria-labelledby="preview-title" tabindex="-1">
      <h2 id="preview-title" safe>{t('blog-editor.preview.title')}</h2>
      <p class="hint" safe>{t('blog-editor.preview.unsaved')}</p>
      {problems.length > 0 ? (
        <div class="notice">
          <p safe>{t('blog-editor.preview.problems')}</p>
          <ul>
            {problems.map((name) => (
              <li safe>{`${editorFieldLabels(ctx)[name] ?? name}: ${fieldMessage(t, preview.problems, name) ?? ''}`}</li>
            ))}
          </ul>
        </div>
      ) : (
        ''
      )}
      <article class="post" lang={preview.lang}>
        <h3 safe>{preview.title}</h3>
        {preview.excerpt ? <p class="lead" safe>{preview.excerpt}</p> : ''}
        <div class="post-body">{safeBody}</div>
        {tags.trim() ? <p class="hint" safe>{t('blog-editor.preview.tags', { tags })}</p> : ''}
      </article>
    </section>
  );
}

type Button = { action: string; label: string; secondary?: boolean };

function publishingButtons(ctx: ViewCtx, post: PostRow | null): { publish: Button[]; after: Button[] } {
  const { t } = ctx;
  const b = (k: string) => t(`blog-editor.buttons.${k}`);
  const status: PostStatus | 'new' = post?.status ?? 'new';
  const publish: Button[] = [];
  const after: Button[] = [];
  if (status !== 'published') publish.push({ action: 'publish', label: b('publish') });
  if (status === 'new' || status === 'draft' || status === 'scheduled') publish.push({ action: 'schedule', label: b(status === 'scheduled' ? 'reschedule' : 'schedule'), secondary: true });
  if (status === 'scheduled') after.push({ action: 'unpublish', label: b('unschedule'), secondary: true });
  if (status === 'published') after.push({ action: 'unpublish', label: b('unpublish'), secondary: true });
  if (status === 'archived') after.push({ action: 'unpublish', label: b('backToDraft'), secondary: true });
  if (status !== 'new' && status !== 'archived') after.push({ action: 'archive', label: b('archive'), secondary: true });
  return { publish, after };
}

function ActionButton({ button }: { button: Button }): JSX.Element {
  return (
    <button type="submit" name="action" value={button.action} class={button.secondary ? 'secondary' : undefined} safe>
      {button.label}
    </button>
  );
}

export function PostEditorPage(p: { ctx: ViewCtx; form: EditorForm; input: FormInput; preview?: EditorPreview | undefined }): JSX.Element {
  const { ctx, form, input } = p;
  const { t } = ctx;
  const { org, blog, post } = form;
  const v = input.values;
  const errors = input.errors;
  const title = post ? t('blog-editor.editor.editTitle', { title: post.title }) : t('blog-editor.editor.newTitle', { blog: blogTitle(ctx, blog) });
  const lang = contentLang(v.lang, ctx.lang);
  const action = post ? editPostUrl(org.slug, blog.slug, post.slug) : newPostUrl(org.slug, blog.slug);
  // Someone who may not publish may still draft; a post readers can see is an editor's to change.
  const canSave = form.canPublish || !post || post.status === 'draft';
  const buttons = publishingButtons(ctx, post);
  const other = post ? (post.lang === 'en' ? 'fr' : 'en') : null;
  const hasTranslation = post ? form.candidates.some((c) => c.id === str(v.translationOf)) : false;
  const candidateLabel = (c: EditorForm['candidates'][number]) =>
    t(c.status === 'published' ? 'blog-editor.editor.candidate' : 'blog-editor.editor.candidateWithStatus', {
      title: c.title,
      lang: t(`blog-editor.lang.${c.lang}`),
      blog: ctx.lang === 'fr' ? c.blogTitle.fr : c.blogTitle.en,
      status: t(`blog.status.${c.status}`),
    });
  return (
    <Layout ctx={ctx} title={title} head={<EditorHead />}>
      <Breadcrumb
        ctx={ctx}
        links={[
          { href: blogUrl(org.slug, blog.slug), label: blogTitle(ctx, blog) },
          { href: deskUrl(org.slug, blog.slug), label: t('blog-editor.desk.short') },
        ]}
      />
      <h1 safe>{title}</h1>
      {p.preview ? (
        <p class="notice">
          <a href="#preview" safe>{t('blog-editor.preview.jump')}</a>
        </p>
      ) : (
        ''
      )}
      <ErrorSummary t={t} errors={errors} labels={editorFieldLabels(ctx)} />
      {post ? (
        <ul class="row-actions editor-links">
          <li>
            <a href={postUrl(org.slug, blog.slug, post.slug)} safe>{t('blog-editor.editor.view')}</a>
          </li>
          <li>
            <a href={postHistoryUrl(org.slug, blog.slug, post.slug)} safe>{t('blog-editor.editor.history')}</a>
          </li>
          {other && !hasTranslation ? (
            <li>
              <a href={`${newPostUrl(org.slug, blog.slug)}?translationOf=${post.id}`} safe>{t(`blog-editor.editor.writeTranslation.${other}`)}</a>
            </li>
          ) : (
            ''
          )}
        </ul>
      ) : (
        ''
      )}
      <form method="post" action={action} novalidate class="post-editor">
        <CsrfField token={ctx.csrfToken} />
        <TextField t={t} name="title" label={t('blog-editor.fields.title')} value={str(v.title)} errors={errors} required maxlength={TITLE_MAX} lang={lang} />
        <TextField
          t={t}
          name="slug"
          label={t('blog-editor.fields.slug')}
          value={str(v.slug)}
          errors={errors}
          maxlength={SLUG_MAX}
          hint={post ? `${t('blog-editor.hints.slug')} ${t('blog-editor.hints.slugSaved')}` : t('blog-editor.hints.slug')}
        />
        <RadioGroup
          t={t}
          name="lang"
          legend={t('blog-editor.fields.lang')}
          value={lang}
          errors={errors}
          options={[
            { value: 'en', label: t('blog-editor.lang.en') },
            { value: 'fr', label: t('blog-editor.lang.fr') },
          ]}
        />
        <Select
          t={t}
          name="translationOf"
          label={t('blog-editor.fields.translationOf')}
          value={str(v.translationOf) ?? ''}
          errors={errors}
          options={[{ value: '', label: t('blog-editor.editor.noTranslation') }, ...form.candidates.map((c) => ({ value: c.id, label: candidateLabel(c) }))]}
        />
        <TextArea t={t} name="excerpt" label={t('blog-editor.fields.excerpt')} hint={t('blog-editor.hints.excerpt')} value={str(v.excerpt)} errors={errors} maxlength={EXCERPT_MAX} rows={3} lang={lang} />
        <TextArea t={t} name="body" label={t('blog-editor.fields.body')} hint={t('blog-editor.hints.body')} value={str(v.body)} errors={errors} maxlength={BODY_MAX} rows={18} lang={lang} />
        <TextField t={t} name="tags" label={t('blog-editor.fields.tags')} hint={t('blog-editor.hints.tags')} value={str(v.tags)} errors={errors} lang={lang} />
        <AuthorCheckboxes ctx={ctx} authors={form.blogAuthors} checked={list(v.authors)} errors={errors} />
        {post?.coverObjectId ? (
          <div class="editor-cover">
            <img src={`/media/${post.coverObjectId}`} alt="" class="editor-cover-thumb" />
            <TextField t={t} name="coverAlt" label={t('blog-editor.fields.coverAlt')} hint={t('blog-editor.hints.coverAlt')} value={str(v.coverAlt)} errors={errors} maxlength={COVER_ALT_MAX} lang={lang} />
          </div>
        ) : (
          ''
        )}
        <div class="editor-actions">
          {canSave ? <ActionButton button={{ action: 'save', label: t(!post || post.status === 'draft' ? 'blog-editor.buttons.saveDraft' : 'blog-editor.buttons.save') }} /> : ''}
          <ActionButton button={{ action: 'preview', label: t('blog-editor.buttons.preview'), secondary: true }} />
        </div>
        {!canSave ? <p class="hint" safe>{t('blog-editor.editor.lockedPublished')}</p> : ''}
        <fieldset class="field editor-publishing">
          <legend safe>{t('blog-editor.editor.publishing')}</legend>
          <p safe>{statusSentence(ctx, post)}</p>
          {form.canPublish ? (
            <>
              {buttons.publish.some((b) => b.action === 'schedule') ? (
                <TextField t={t} type="datetime-local" name="publishAt" label={t('blog-editor.fields.publishAt')} hint={t('blog-editor.hints.publishAt')} value={str(v.publishAt)} errors={errors} />
              ) : (
                ''
              )}
              <div class="editor-actions">
                {buttons.publish.map((b) => (
                  <ActionButton button={b} />
                ))}
              </div>
              {buttons.after.length > 0 ? (
                <div class="editor-actions">
                  {buttons.after.map((b) => (
                    <ActionButton button={b} />
                  ))}
                </div>
              ) : (
                ''
              )}
            </>
          ) : (
            <p class="hint" safe>{t('blog-editor.editor.onlyEditors')}</p>
          )}
        </fieldset>
      </form>
      {p.preview ? <Preview ctx={ctx} preview={p.preview} tags={str(v.tags) ?? ''} /> : ''}
    </Layout>
  );
}

// ---------------------------------------------------------------- history and diff

type PostHeader = { ctx: ViewCtx; org: OrgRef; blog: BlogRow; post: PostRow };

function postLinks({ ctx, org, blog, post }: PostHeader) {
  return [
    { href: deskUrl(org.slug, blog.slug), label: ctx.t('blog-editor.desk.short') },
    { href: editPostUrl(org.slug, blog.slug, post.slug), label: ctx.t('blog-editor.history.edit') },
  ];
}

export type RevisionListItem = { id: string; createdAt: Date; authorName: string | null; changes: RevisionPart[]; isCurrent: boolean };

export function HistoryPage(p: PostHeader & { revisions: RevisionListItem[] }): JSX.Element {
  const { ctx, org, blog, post } = p;
  const { t } = ctx;
  const title = t('blog-editor.history.title', { title: post.title });
  return (
    <Layout ctx={ctx} title={title} head={<EditorHead />}>
      <Breadcrumb ctx={ctx} links={postLinks(p)} />
      <h1 safe>{title}</h1>
      {p.revisions.length === 0 ? (
        <p safe>{t('blog-editor.history.none')}</p>
      ) : (
        <div class="table-scroll" role="region" aria-labelledby="history-caption" tabindex="0">
          <table>
            <caption id="history-caption" safe>{t('blog-editor.history.caption')}</caption>
            <thead>
              <tr>
                <th scope="col" safe>{t('blog-editor.history.col.when')}</th>
                <th scope="col" safe>{t('blog-editor.history.col.who')}</th>
                <th scope="col" safe>{t('blog-editor.history.col.changes')}</th>
                <th scope="col" safe>{t('blog-editor.history.col.compare')}</th>
              </tr>
            </thead>
            <tbody>
              {p.revisions.map((r) => (
                <tr>
                  <th scope="row">
                    <Time ctx={ctx} at={r.createdAt} />
                  </th>
                  <td safe>{r.authorName ?? t('blog-editor.history.unknownAuthor')}</td>
                  <td>
                    <span safe>{r.changes.length > 0 ? r.changes.map((c) => t(`blog-editor.parts.${c}`)).join(', ') : t('blog-editor.history.noChange')}</span>
                    {r.isCurrent ? (
                      <>
                        {' '}
                        <span class="badge" safe>{t('blog-editor.history.current')}</span>
                      </>
                    ) : (
                      ''
                    )}
                  </td>
                  <td>
                    <a href={revisionUrl(org.slug, blog.slug, post.slug, r.id)}>
                      <span safe>{t('blog-editor.history.compare')}</span>
                      <span class="visually-hidden" safe>{` (${ctx.fmt.dateTime(r.createdAt)})`}</span>
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}

/** Insertions and deletions carry words for screen readers and a line style for everyone, not colour alone. */
function DiffText({ ctx, pieces }: { ctx: ViewCtx; pieces: DiffPiece[] }): JSX.Element {
  const { t } = ctx;
  return (
    <>
      {pieces.map((piece) =>
        piece.kind === 'added' ? (
          <ins>
            <span class="visually-hidden" safe>{`[${t('blog-editor.diff.added')}] `}</span>
            <span safe>{piece.text}</span>
            <span class="visually-hidden" safe>{` [${t('blog-editor.diff.addedEnd')}]`}</span>
          </ins>
        ) : piece.kind === 'removed' ? (
          <del>
            <span class="visually-hidden" safe>{`[${t('blog-editor.diff.removed')}] `}</span>
            <span safe>{piece.text}</span>
            <span class="visually-hidden" safe>{` [${t('blog-editor.diff.removedEnd')}]`}</span>
          </del>
        ) : (
          <span safe>{piece.text}</span>
        ),
      )}
    </>
  );
}

export function RevisionDiffPage(
  p: PostHeader & {
    revision: { id: string; createdAt: Date; authorName: string | null };
    parts: { part: RevisionPart; pieces: DiffPiece[]; changed: boolean }[];
    canRestore: boolean;
  },
): JSX.Element {
  const { ctx, org, blog, post, revision } = p;
  const { t } = ctx;
  const date = ctx.fmt.dateTime(revision.createdAt);
  const title = t('blog-editor.diff.title', { date });
  return (
    <Layout ctx={ctx} title={title} head={<EditorHead />}>
      <Breadcrumb ctx={ctx} links={[...postLinks(p), { href: postHistoryUrl(org.slug, blog.slug, post.slug), label: t('blog-editor.editor.history') }]} />
      <h1 safe>{title}</h1>
      <p safe>{t('blog-editor.diff.savedBy', { name: revision.authorName ?? t('blog-editor.history.unknownAuthor'), date })}</p>
      <p id="diff-legend" safe>{t('blog-editor.diff.legend')}</p>
      <ul class="diff-legend" aria-labelledby="diff-legend">
        <li>
          <ins safe>{t('blog-editor.diff.added')}</ins>
          <span safe>{` ${t('blog-editor.diff.legendAdded')}`}</span>
        </li>
        <li>
          <del safe>{t('blog-editor.diff.removed')}</del>
          <span safe>{` ${t('blog-editor.diff.legendRemoved')}`}</span>
        </li>
      </ul>
      {p.parts.map((part) => (
        <section aria-labelledby={`diff-${part.part}`}>
          <h2 id={`diff-${part.part}`} safe>{t(`blog-editor.parts.${part.part}`)}</h2>
          {part.changed ? (
            <div class={part.part === 'body' ? 'diff diff-body' : 'diff'} lang={post.lang}>
              <DiffText ctx={ctx} pieces={part.pieces} />
            </div>
          ) : (
            <p class="hint" safe>{t('blog-editor.diff.unchanged')}</p>
          )}
        </section>
      ))}
      {!p.parts.some((part) => part.changed) ? (
        <p class="restore-form" safe>{t('blog-editor.diff.sameAsCurrent')}</p>
      ) : p.canRestore ? (
        <form method="post" action={`${revisionUrl(org.slug, blog.slug, post.slug, revision.id)}/restore`} class="restore-form">
          <CsrfField token={ctx.csrfToken} />
          <p class="hint" id="restore-hint" safe>{t('blog-editor.diff.restoreHint')}</p>
          <button type="submit" aria-describedby="restore-hint" safe>{t('blog-editor.diff.restore')}</button>
        </form>
      ) : (
        <p class="hint" safe>{t('blog-editor.editor.lockedPublished')}</p>
      )}
    </Layout>
  );
}
