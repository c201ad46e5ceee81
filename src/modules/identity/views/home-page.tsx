import { Layout } from '../../../platform/views/layout.js';
import type { ViewCtx } from '../../../platform/views/view-context.js';

export type OrganizationCard = { slug: string; name: string; kindLabel: string };

export function HomePage({ ctx, organizations }: { ctx: ViewCtx; organizations: OrganizationCard[] }): JSX.Element {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('home.title')}>
      <h1 safe>{t('home.title')}</h1>
      <p class="lead" safe>{t('home.lead')}</p>
      {ctx.actor ? (
        <p safe>{t('home.welcomeBack', { name: ctx.actor.displayName })}</p>
      ) : (
        <p class="actions">
          <a class="button" href="/sign-up" safe>{t('home.join')}</a> <a class="button secondary" href="/sign-in" safe>{t('layout.signIn')}</a>
        </p>
      )}
      <section aria-labelledby="orgs-title">
        <h2 id="orgs-title" safe>{t('home.organizations')}</h2>
        {organizations.length === 0 ? (
          <p safe>{t('home.noOrganizations')}</p>
        ) : (
          <ul class="card-list">
            {organizations.map((o) => (
              <li class="card">
                <a href={`/o/${o.slug}`} safe>{o.name}</a>
                <p class="hint" safe>{o.kindLabel}</p>
              </li>
            ))}
          </ul>
        )}
      </section>
    </Layout>
  );
}
