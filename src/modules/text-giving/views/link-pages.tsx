import { CsrfField } from '../../../platform/views/components/form.js';
import { Layout } from '../../../platform/views/layout.js';
import type { ViewCtx } from '../../../platform/views/view-context.js';
import type { GiftLinkView } from '../services/links.js';

export function GiftLinkPage({ ctx, token, link }: { ctx: ViewCtx; token: string; link: GiftLinkView }): JSX.Element {
  const { t } = ctx;
  const title = t('text-giving.link.title', { campaign: link.campaignTitle });
  return (
    <Layout ctx={ctx} title={title}>
      <h1 safe>{title}</h1>
      <p safe>{t('text-giving.link.intro', { amount: ctx.fmt.money(link.amountCents), until: ctx.fmt.dateTime(link.expiresAt) })}</p>
      <form method="post" action={`/g/${token}`}>
        <CsrfField token={ctx.csrfToken} />
        <button type="submit" safe>{t('text-giving.link.continue')}</button>
      </form>
    </Layout>
  );
}

/** A gift link used already or expired: nothing is lost, the campaign's own form still takes the gift. */
export function GiftLinkGonePage({ ctx, giveUrl, campaignTitle }: { ctx: ViewCtx; giveUrl: string | null; campaignTitle: string | null }): JSX.Element {
  const { t } = ctx;
  const title = t('text-giving.link.goneTitle');
  return (
    <Layout ctx={ctx} title={title}>
      <h1 safe>{title}</h1>
      <p safe>{t('text-giving.link.goneIntro')}</p>
      {giveUrl ? (
        <p>
          <a class="button" href={giveUrl} safe>{t('text-giving.link.giveAnyway', { campaign: campaignTitle ?? '' })}</a>
        </p>
      ) : (
        ''
      )}
    </Layout>
  );
}
