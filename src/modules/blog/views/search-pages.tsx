import type { FieldErrors } from '../../../platform/http/errors.js';
import { ErrorSummary, Select, TextField } from '../../../platform/views/components/form.js';
import { Layout } from '../../../platform/views/layout.js';
import type { ViewCtx } from '../../../platform/views/view-context.js';
import type { OrgRef } from '../db/queries/blogs.js';
import type { SearchResult } from '../services/search.js';
import { orgName } from './blog-pages.js';
import { searchUrl } from './manage-urls.js';
import { blogsUrl, postUrl } from './urls.js';

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

export function SearchPage(p: {
  ctx: ViewCtx;
  org: OrgRef;
  values: Record<string, unknown>;
  errors?: FieldErrors | undefined;
  results: SearchResult[] | null;
  nextHref?: string | undefined;
  prevHref?: string | undefined;
}): JSX.Element {
  const { ctx, org } = p;
  const { t } = ctx;
  const q = str(p.values.q);
  const title = p.results && q ? t('blog-manage.search.resultsTitle', { q }) : t('blog-manage.search.title', { org: orgName(ctx, org) });
  return (
    <Layout ctx={ctx} title={title}>
      <p class="back-link">
        <a href={blogsUrl(org.slug)} safe>{t('blog-manage.search.back', { org: orgName(ctx, org) })}</a>
      </p>
      <h1 safe>{title}</h1>
      <ErrorSummary t={t} errors={p.errors} labels={{ q: t('blog-manage.search.q'), lang: t('blog-manage.search.lang'), page: t('blog-manage.search.page') }} />
      <form method="get" action={searchUrl(org.slug)} role="search" aria-label={t('blog-manage.search.formLabel')} novalidate>
        <TextField t={t} name="q" label={t('blog-manage.search.q')} hint={t('blog-manage.search.qHint')} value={q} errors={p.errors} required maxlength={200} />
        <Select
          t={t}
          name="lang"
          label={t('blog-manage.search.lang')}
          value={str(p.values.lang) ?? ''}
          errors={p.errors}
          options={[
            { value: '', label: t('blog-manage.search.langAll') },
            { value: 'en', label: t('blog-manage.search.langEn') },
            { value: 'fr', label: t('blog-manage.search.langFr') },
          ]}
        />
        <button type="submit" safe>{t('blog-manage.search.submit')}</button>
      </form>
      {p.results ? (
        <section aria-labelledby="search-results-title">
          <h2 id="search-results-title" safe>{t('blog-manage.search.results')}</h2>
          {p.results.length === 0 ? <p safe>{t('blog-manage.search.none')}</p> : ''}
          <ol class="search-results">
            {p.results.map((r) => (
              <li>
                <article lang={r.lang} aria-labelledby={`result-${r.id}`}>
                  <h3 id={`result-${r.id}`}>
                    <a href={postUrl(org.slug, r.blogSlug, r.slug)} safe>{r.title}</a>
                  </h3>
                  <p class="hint" lang={ctx.lang}>
                    <span safe>{ctx.lang === 'fr' ? r.blogTitleFr : r.blogTitleEn}</span>
                    {r.publishedAt ? <time datetime={ctx.fmt.iso(r.publishedAt)} safe>{` · ${ctx.fmt.date(r.publishedAt)}`}</time> : ''}
                  </p>
                  <p class="snippet">
                    {r.snippet.map((part) => (part.hit ? <mark safe>{part.text}</mark> : <span safe>{part.text}</span>))}
                  </p>
                </article>
              </li>
            ))}
          </ol>
          {p.prevHref || p.nextHref ? (
            <nav aria-label={t('blog-manage.search.pagination')}>
              <ul class="plain-links">
                {p.prevHref ? (
                  <li>
                    <a href={p.prevHref} rel="prev" safe>{t('blog-manage.search.previous')}</a>
                  </li>
                ) : (
                  ''
                )}
                {p.nextHref ? (
                  <li>
                    <a href={p.nextHref} rel="next" safe>{t('blog-manage.search.next')}</a>
                  </li>
                ) : (
                  ''
                )}
              </ul>
            </nav>
          ) : (
            ''
          )}
        </section>
      ) : (
        ''
      )}
    </Layout>
  );
}
