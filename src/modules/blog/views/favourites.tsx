import { PostButton } from '../../../platform/views/components/form.js';
import { Layout } from '../../../platform/views/layout.js';
import type { ViewCtx } from '../../../platform/views/view-context.js';
import type { FavouriteRow } from '../db/queries/favourites.js';
import { blogUrl, postUrl } from './urls.js';

/** The posts a member saved: title, blog and date, each with a button to remove it. */
export function FavouritesPage({ ctx, favourites, nextHref }: { ctx: ViewCtx; favourites: FavouriteRow[]; nextHref?: string | undefined }): JSX.Element {
  const { t } = ctx;
  const title = t('blog-sharing.favourites.title');
  return (
    <Layout ctx={ctx} title={title}>
      <h1 safe>{title}</h1>
      {favourites.length === 0 ? (
        <p safe>{t('blog-sharing.favourites.none')}</p>
      ) : (
        <table class="favourites">
          <caption safe>{t('blog-sharing.favourites.caption')}</caption>
          <thead>
            <tr>
              <th scope="col" safe>{t('blog-sharing.favourites.columns.post')}</th>
              <th scope="col" safe>{t('blog-sharing.favourites.columns.blog')}</th>
              <th scope="col" safe>{t('blog-sharing.favourites.columns.date')}</th>
              <th scope="col" safe>{t('blog-sharing.favourites.columns.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {favourites.map((f) => {
              const path = postUrl(f.orgSlug, f.blogSlug, f.slug);
              return (
                <tr>
                  <th scope="row">
                    <a href={path} lang={f.lang} safe>{f.title}</a>
                  </th>
                  <td>
                    <a href={blogUrl(f.orgSlug, f.blogSlug)} safe>{ctx.lang === 'fr' ? f.blogTitleFr : f.blogTitleEn}</a>
                  </td>
                  <td>
                    {f.status === 'published' && f.publishedAt ? (
                      <time datetime={ctx.fmt.iso(f.publishedAt)} safe>{ctx.fmt.date(f.publishedAt)}</time>
                    ) : (
                      <span safe>{t(`blog.status.${f.status}`)}</span>
                    )}
                  </td>
                  <td>
                    <PostButton action={`${path}/unfavourite`} csrfToken={ctx.csrfToken} hidden={{ back: 'favourites' }} variant="secondary" ariaLabel={t('blog-sharing.favourites.removeNamed', { title: f.title })} label={t('blog-sharing.favourites.removeShort')} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {nextHref ? (
        <nav aria-label={t('blog-sharing.favourites.pagination')}>
          <a href={nextHref} rel="next" safe>{t('blog-sharing.favourites.older')}</a>
        </nav>
      ) : (
        ''
      )}
    </Layout>
  );
}
