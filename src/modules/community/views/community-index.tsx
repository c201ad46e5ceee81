import { Layout } from '../../../platform/views/layout.js';
import type { ViewCtx } from '../../../platform/views/view-context.js';
import { homeUrl } from './feed-pages.js';

/** The communities of every organization the person belongs to (the navigation's link when there are several). */
export function CommunityIndexPage({ ctx, organizations }: { ctx: ViewCtx; organizations: { slug: string; name: string }[] }): JSX.Element {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('community-export.index.title')}>
      <h1 safe>{t('community-export.index.title')}</h1>
      {organizations.length === 0 ? <p safe>{t('community-export.index.none')}</p> : ''}
      <ul class="plain-links">
        {organizations.map((o) => (
          <li>
            <a href={homeUrl(o.slug)} safe>{o.name}</a>
          </li>
        ))}
      </ul>
    </Layout>
  );
}
