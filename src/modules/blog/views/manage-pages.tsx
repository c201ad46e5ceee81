import type { FieldErrors } from '../../../platform/http/errors.js';
import type { FormInput } from '../../../platform/http/form-route.js';
import { CsrfField, ErrorSummary, fieldId, fieldMessage, RadioGroup, TextArea, TextField, PostButton } from '../../../platform/views/components/form.js';
import { Layout } from '../../../platform/views/layout.js';
import type { ViewCtx } from '../../../platform/views/view-context.js';
import type { OrgRef } from '../db/queries/blogs.js';
import type { AuthorRole, BlogRow } from '../db/schema.js';
import { AUTHOR_ROLES, BLOG_DESCRIPTION_MAX, BLOG_SLUG_MAX, BLOG_TITLE_MAX } from '../manage-schemas.js';
import { blogTitle, orgName } from './blog-pages.js';
import { blogAuthorsUrl, blogAuthorUrl, blogSettingsUrl, newBlogUrl, searchUrl } from './manage-urls.js';
import { blogsUrl, blogUrl } from './urls.js';

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
const checked = (v: unknown) => v === true || v === 'on' || v === 'true';

export type BlogAbilitiesView = { settings: boolean; authors: boolean };
export type AuthorView = { accountId: string; role: AuthorRole; displayName: string; email: string };

export const blogFieldLabels = (ctx: ViewCtx): Record<string, string> => ({
  slug: ctx.t('blog-manage.fields.slug'),
  titleEn: ctx.t('blog-manage.fields.titleEn'),
  titleFr: ctx.t('blog-manage.fields.titleFr'),
  descriptionEn: ctx.t('blog-manage.fields.descriptionEn'),
  descriptionFr: ctx.t('blog-manage.fields.descriptionFr'),
  allowGuestComments: ctx.t('blog-manage.fields.allowGuestComments'),
});

/** One checkbox with its label, hint and error tied to it. */
function Checkbox(p: { ctx: ViewCtx; name: string; label: string; hint: string; checked: boolean; errors?: FieldErrors | undefined }): JSX.Element {
  const id = fieldId(p.name);
  const message = fieldMessage(p.ctx.t, p.errors, p.name);
  const describedBy = [`${id}-hint`, message ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div class={message ? 'field field-error' : 'field'}>
      {message ? (
        <p class="error-message" id={`${id}-error`} safe>
          {message}
        </p>
      ) : (
        ''
      )}
      <div class="choice">
        <input type="checkbox" id={id} name={p.name} value="on" checked={p.checked} aria-describedby={describedBy} aria-invalid={message ? 'true' : undefined} />
        <label for={id} safe>
          {p.label}
        </label>
      </div>
      <p class="hint" id={`${id}-hint`} safe>
        {p.hint}
      </p>
    </div>
  );
}

function BlogFields({ ctx, input }: { ctx: ViewCtx; input: FormInput }): JSX.Element {
  const { t } = ctx;
  const v = input.values;
  const e = input.errors;
  const labels = blogFieldLabels(ctx);
  return (
    <>
      <TextField t={t} name="titleEn" label={labels.titleEn!} value={str(v.titleEn)} errors={e} required maxlength={BLOG_TITLE_MAX} lang="en" />
      <TextField t={t} name="titleFr" label={labels.titleFr!} value={str(v.titleFr)} errors={e} required maxlength={BLOG_TITLE_MAX} lang="fr" />
      <TextArea t={t} name="descriptionEn" label={labels.descriptionEn!} value={str(v.descriptionEn)} errors={e} maxlength={BLOG_DESCRIPTION_MAX} lang="en" rows={3} />
      <TextArea t={t} name="descriptionFr" label={labels.descriptionFr!} value={str(v.descriptionFr)} errors={e} maxlength={BLOG_DESCRIPTION_MAX} lang="fr" rows={3} />
      <Checkbox ctx={ctx} name="allowGuestComments" label={labels.allowGuestComments!} hint={t('blog-manage.fields.allowGuestCommentsHint')} checked={checked(v.allowGuestComments)} errors={e} />
    </>
  );
}

/** Links between a blog's management pages, the current one marked. */
function ManageNav({ ctx, org, blog, abilities, current }: { ctx: ViewCtx; org: OrgRef; blog: BlogRow; abilities: BlogAbilitiesView; current: 'settings' | 'authors' }): JSX.Element {
  const { t } = ctx;
  const links = [
    { href: blogUrl(org.slug, blog.slug), label: t('blog-manage.nav.blog'), key: 'blog' },
    abilities.settings ? { href: blogSettingsUrl(org.slug, blog.slug), label: t('blog-manage.nav.settings'), key: 'settings' } : null,
    abilities.authors ? { href: blogAuthorsUrl(org.slug, blog.slug), label: t('blog-manage.nav.authors'), key: 'authors' } : null,
  ].filter((l): l is { href: string; label: string; key: string } => l !== null);
  return (
    <nav aria-label={t('blog-manage.nav.label')}>
      <ul class="plain-links">
        {links.map((l) => (
          <li>
            <a href={l.href} aria-current={l.key === current ? 'page' : undefined} safe>
              {l.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export function NewBlogPage({ ctx, org, input }: { ctx: ViewCtx; org: OrgRef; input: FormInput }): JSX.Element {
  const { t } = ctx;
  const title = t('blog-manage.create.title', { org: orgName(ctx, org) });
  return (
    <Layout ctx={ctx} title={title}>
      <p class="back-link">
        <a href={blogsUrl(org.slug)} safe>{t('blog-manage.create.back')}</a>
      </p>
      <h1 safe>{title}</h1>
      <ErrorSummary t={t} errors={input.errors} labels={blogFieldLabels(ctx)} />
      <form method="post" action={newBlogUrl(org.slug)} novalidate>
        <CsrfField token={ctx.csrfToken} />
        <TextField
          t={t}
          name="slug"
          label={t('blog-manage.fields.slug')}
          hint={t('blog-manage.fields.slugHint', { example: `${blogsUrl(org.slug)}/parents` })}
          value={str(input.values.slug)}
          errors={input.errors}
          required
          maxlength={BLOG_SLUG_MAX}
          autocomplete="off"
        />
        <BlogFields ctx={ctx} input={input} />
        <button type="submit" safe>{t('blog-manage.create.submit')}</button>
      </form>
    </Layout>
  );
}

export function BlogSettingsPage({ ctx, org, blog, input, abilities }: { ctx: ViewCtx; org: OrgRef; blog: BlogRow; input: FormInput; abilities: BlogAbilitiesView }): JSX.Element {
  const { t } = ctx;
  const title = t('blog-manage.settings.title', { blog: blogTitle(ctx, blog) });
  return (
    <Layout ctx={ctx} title={title}>
      <ManageNav ctx={ctx} org={org} blog={blog} abilities={abilities} current="settings" />
      <h1 safe>{title}</h1>
      <p class="hint" safe>{t('blog-manage.settings.address', { url: blogUrl(org.slug, blog.slug) })}</p>
      <ErrorSummary t={t} errors={input.errors} labels={blogFieldLabels(ctx)} />
      <form method="post" action={blogSettingsUrl(org.slug, blog.slug)} novalidate>
        <CsrfField token={ctx.csrfToken} />
        <BlogFields ctx={ctx} input={input} />
        <button type="submit" safe>{t('blog-manage.settings.submit')}</button>
      </form>
    </Layout>
  );
}

export const settingsValues = (blog: BlogRow): Record<string, unknown> => ({
  titleEn: blog.titleEn,
  titleFr: blog.titleFr,
  descriptionEn: blog.descriptionEn ?? '',
  descriptionFr: blog.descriptionFr ?? '',
  allowGuestComments: blog.allowGuestComments,
});

/** A failed role change, shown on the row it belongs to. */
export type RowError = { accountId: string; errors: FieldErrors };

export function BlogAuthorsPage(p: { ctx: ViewCtx; org: OrgRef; blog: BlogRow; authors: AuthorView[]; abilities: BlogAbilitiesView; input: FormInput; rowError?: RowError | undefined }): JSX.Element {
  const { ctx, org, blog } = p;
  const { t } = ctx;
  const title = t('blog-manage.authors.title', { blog: blogTitle(ctx, blog) });
  const roleOptions = AUTHOR_ROLES.map((r) => ({ value: r, label: t(`blog-manage.roles.${r}`), hint: t(`blog-manage.roleHints.${r}`) }));
  const rowKey = p.rowError ? `role-${p.rowError.accountId}` : null;
  const summaryErrors = { ...p.input.errors, ...(p.rowError && rowKey ? { [rowKey]: p.rowError.errors.role ?? { code: 'invalid' } } : {}) };
  const labels: Record<string, string> = { email: t('blog-manage.authors.email'), role: t('blog-manage.authors.role') };
  if (rowKey) labels[rowKey] = t('blog-manage.authors.role');
  return (
    <Layout ctx={ctx} title={title}>
      <ManageNav ctx={ctx} org={org} blog={blog} abilities={p.abilities} current="authors" />
      <h1 safe>{title}</h1>
      <p class="lead" safe>{t('blog-manage.authors.lead')}</p>
      <ErrorSummary t={t} errors={summaryErrors} labels={labels} />
      {p.authors.length === 0 ? (
        <p safe>{t('blog-manage.authors.none')}</p>
      ) : (
        <table>
          <caption safe>{t('blog-manage.authors.caption', { blog: blogTitle(ctx, blog) })}</caption>
          <thead>
            <tr>
              <th scope="col" safe>{t('blog-manage.authors.columns.name')}</th>
              <th scope="col" safe>{t('blog-manage.authors.columns.email')}</th>
              <th scope="col" safe>{t('blog-manage.authors.columns.role')}</th>
              <th scope="col" safe>{t('blog-manage.authors.columns.remove')}</th>
            </tr>
          </thead>
          <tbody>
            {p.authors.map((a) => {
              const key = `role-${a.accountId}`;
              const id = fieldId(key);
              const message = p.rowError?.accountId === a.accountId ? fieldMessage(t, { [key]: p.rowError.errors.role ?? { code: 'invalid' } }, key) : undefined;
              return (
                <tr>
                  <th scope="row" safe>{a.displayName}</th>
                  <td safe>{a.email}</td>
                  <td>
                    <form method="post" action={blogAuthorUrl(org.slug, blog.slug, a.accountId)} class="inline-form" novalidate>
                      <CsrfField token={ctx.csrfToken} />
                      <label for={id} class="visually-hidden" safe>{t('blog-manage.authors.roleOf', { name: a.displayName })}</label>
                      {message ? (
                        <p class="error-message" id={`${id}-error`} safe>
                          {message}
                        </p>
                      ) : (
                        ''
                      )}
                      <select id={id} name="role" aria-invalid={message ? 'true' : undefined} aria-describedby={message ? `${id}-error` : undefined}>
                        {AUTHOR_ROLES.map((r) => (
                          <option value={r} selected={a.role === r} safe>
                            {t(`blog-manage.roles.${r}`)}
                          </option>
                        ))}
                      </select>{' '}
                      <button type="submit" class="secondary" aria-label={t('blog-manage.authors.changeRoleOf', { name: a.displayName })} safe>
                        {t('blog-manage.authors.changeRole')}
                      </button>
                    </form>
                  </td>
                  <td>
                    <PostButton action={`${blogAuthorUrl(org.slug, blog.slug, a.accountId)}/remove`} csrfToken={ctx.csrfToken} variant="danger" ariaLabel={t('blog-manage.authors.removeOf', { name: a.displayName })} label={t('blog-manage.authors.remove')} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <section aria-labelledby="add-author-title">
        <h2 id="add-author-title" safe>{t('blog-manage.authors.addTitle')}</h2>
        <form method="post" action={blogAuthorsUrl(org.slug, blog.slug)} novalidate>
          <CsrfField token={ctx.csrfToken} />
          <TextField
            t={t}
            name="email"
            type="email"
            label={t('blog-manage.authors.email')}
            hint={t('blog-manage.authors.emailHint')}
            value={str(p.input.values.email)}
            errors={p.input.errors}
            required
            autocomplete="off"
            maxlength={254}
          />
          <RadioGroup t={t} name="role" legend={t('blog-manage.authors.role')} options={roleOptions} value={str(p.input.values.role) ?? 'author'} errors={p.input.errors} />
          <button type="submit" safe>{t('blog-manage.authors.add')}</button>
        </form>
      </section>
    </Layout>
  );
}

/** The search box shown on blog pages; its results page shows it again with the query. */
export function SearchForm({ ctx, org, q, lang, errors }: { ctx: ViewCtx; org: OrgRef; q?: string | undefined; lang?: string | undefined; errors?: FieldErrors | undefined }): JSX.Element {
  const { t } = ctx;
  return (
    <form method="get" action={searchUrl(org.slug)} role="search" aria-label={t('blog-manage.search.formLabel')} novalidate>
      <TextField t={t} name="q" type="text" label={t('blog-manage.search.q')} hint={t('blog-manage.search.qHint')} value={q} errors={errors} required maxlength={200} />
      {lang ? <input type="hidden" name="lang" value={lang} /> : ''}
      <button type="submit" safe>{t('blog-manage.search.submit')}</button>
    </form>
  );
}

/** Above the list of an organization's blogs: search, and a way to start a blog for those who may. */
export function BlogListAside({ ctx, org, canCreate }: { ctx: ViewCtx; org: OrgRef; canCreate: boolean }): JSX.Element {
  const { t } = ctx;
  return (
    <>
      {canCreate ? (
        <p>
          <a class="button" href={newBlogUrl(org.slug)} safe>{t('blog-manage.list.newBlog')}</a>
        </p>
      ) : (
        ''
      )}
      <SearchForm ctx={ctx} org={org} />
    </>
  );
}

/** On a blog's index: links to its management pages for those who may, and search. */
export function BlogIndexAside({ ctx, org, blog, abilities }: { ctx: ViewCtx; org: OrgRef; blog: BlogRow; abilities: BlogAbilitiesView }): JSX.Element {
  const { t } = ctx;
  const links = [
    abilities.settings ? { href: blogSettingsUrl(org.slug, blog.slug), label: t('blog-manage.nav.settings') } : null,
    abilities.authors ? { href: blogAuthorsUrl(org.slug, blog.slug), label: t('blog-manage.nav.authors') } : null,
  ].filter((l): l is { href: string; label: string } => l !== null);
  return (
    <>
      {links.length > 0 ? (
        <nav aria-label={t('blog-manage.nav.label')}>
          <ul class="plain-links">
            {links.map((l) => (
              <li>
                <a href={l.href} safe>{l.label}</a>
              </li>
            ))}
          </ul>
        </nav>
      ) : (
        ''
      )}
      <SearchForm ctx={ctx} org={org} />
    </>
  );
}
