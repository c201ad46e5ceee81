import { CsrfField } from '../../../platform/views/components/form.js';
import { Layout } from '../../../platform/views/layout.js';
import type { ViewCtx } from '../../../platform/views/view-context.js';
import type { UnsubscribeView } from '../services/outreach.js';
import { fundraisingHead, orgName } from './common.js';
import { givingUrl } from './urls.js';

/** Asks before withdrawing: a GET changes nothing, so mail scanners following links do no harm. */
export function UnsubscribePage({ ctx, view, action }: { ctx: ViewCtx; view: UnsubscribeView; action: string }): JSX.Element {
  const { t } = ctx;
  const title = t('fundraising.unsubscribe.title');
  return (
    <Layout ctx={ctx} title={title} head={fundraisingHead}>
      <h1 safe>{title}</h1>
      <p safe>{t('fundraising.unsubscribe.question', { org: orgName(ctx, { nameEn: view.orgNameEn, nameFr: view.orgNameFr }), email: view.maskedEmail })}</p>
      <p safe>{t('fundraising.unsubscribe.receiptsStill')}</p>
      <form method="post" action={action}>
        <CsrfField token={ctx.csrfToken} />
        <button type="submit" safe>
          {t('fundraising.unsubscribe.submit')}
        </button>
      </form>
    </Layout>
  );
}

export function UnsubscribedPage({ ctx, view }: { ctx: ViewCtx; view: UnsubscribeView }): JSX.Element {
  const { t } = ctx;
  const title = t('fundraising.unsubscribe.doneTitle');
  return (
    <Layout ctx={ctx} title={title} head={fundraisingHead}>
      <h1 safe>{title}</h1>
      <p safe>{t('fundraising.unsubscribe.doneBody', { org: orgName(ctx, { nameEn: view.orgNameEn, nameFr: view.orgNameFr }), email: view.maskedEmail })}</p>
      <p>
        <a href={givingUrl(view.orgSlug)} safe>
          {t('fundraising.unsubscribe.back', { org: orgName(ctx, { nameEn: view.orgNameEn, nameFr: view.orgNameFr }) })}
        </a>
      </p>
    </Layout>
  );
}

export function UnsubscribeInvalidPage({ ctx }: { ctx: ViewCtx }): JSX.Element {
  const { t } = ctx;
  const title = t('fundraising.unsubscribe.invalidTitle');
  return (
    <Layout ctx={ctx} title={title} head={fundraisingHead}>
      <h1 safe>{title}</h1>
      <p safe>{t('fundraising.unsubscribe.invalidBody')}</p>
    </Layout>
  );
}
