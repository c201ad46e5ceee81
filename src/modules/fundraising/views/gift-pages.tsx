import { CsrfField } from '../../../platform/views/components/form.js';
import { Layout } from '../../../platform/views/layout.js';
import type { ViewCtx } from '../../../platform/views/view-context.js';
import type { OrgRef } from '../db/queries.js';
import type { CampaignRow, GiftRow } from '../db/schema.js';
import { campaignTitle, fundraisingHead, orgName, ProgressBar, TestModeBanner } from './common.js';
import { campaignUrl, testCheckoutUrl } from './urls.js';

type GiftPageProps = { ctx: ViewCtx; org: OrgRef; campaign: CampaignRow; gift: GiftRow; token: string; testMode: boolean };

/** The test gateway's payment page: says plainly that nothing is charged. */
export function TestCheckoutPage({ ctx, org, campaign, gift, token }: GiftPageProps): JSX.Element {
  const { t, fmt } = ctx;
  const title = t('fundraising.test.checkoutTitle');
  return (
    <Layout ctx={ctx} title={title} head={fundraisingHead}>
      <TestModeBanner ctx={ctx} />
      <h1 safe>{title}</h1>
      <p safe>{t('fundraising.test.checkoutLead', { amount: fmt.money(gift.amountCents), campaign: campaignTitle(ctx, campaign), org: orgName(ctx, org) })}</p>
      {gift.status === 'pending' ? (
        <form method="post" action={testCheckoutUrl(org.slug, campaign.slug, gift.id, token)}>
          <CsrfField token={ctx.csrfToken} />
          <input type="hidden" name="t" value={token} />
          <button type="submit" name="result" value="paid" safe>
            {t('fundraising.test.pay', { amount: fmt.money(gift.amountCents) })}
          </button>{' '}
          <button type="submit" name="result" value="declined" class="secondary" safe>
            {t('fundraising.test.decline')}
          </button>
        </form>
      ) : (
        <p safe>{t(`fundraising.thanks.status.${gift.status}`)}</p>
      )}
    </Layout>
  );
}

/** After the payment page: thanks when the verified event has arrived, "we are confirming" until then. */
export function GiftThanksPage({ ctx, org, campaign, gift, testMode }: GiftPageProps): JSX.Element {
  const { t, fmt } = ctx;
  const succeeded = gift.status === 'succeeded';
  const title = succeeded ? t('fundraising.thanks.title', { name: gift.donorFirstName }) : t('fundraising.thanks.pendingTitle');
  return (
    <Layout ctx={ctx} title={title} head={fundraisingHead}>
      {testMode || gift.gateway === 'test' ? <TestModeBanner ctx={ctx} /> : ''}
      <h1 safe>{title}</h1>
      <p safe>{t(`fundraising.thanks.status.${gift.status}`, { amount: fmt.money(gift.amountCents), campaign: campaignTitle(ctx, campaign) })}</p>
      {succeeded ? <p safe>{t('fundraising.thanks.receiptNote', { email: gift.donorEmail })}</p> : ''}
      {gift.tributeKind && gift.tributeName ? <p safe>{t(`fundraising.thanks.tribute.${gift.tributeKind}`, { name: gift.tributeName })}</p> : ''}
      <ProgressBar ctx={ctx} raisedCents={campaign.raisedCents} goalCents={campaign.goalCents} id="campaign-progress" />
      <p>
        <a href={campaignUrl(org.slug, campaign.slug)} safe>
          {t('fundraising.thanks.back', { campaign: campaignTitle(ctx, campaign) })}
        </a>
      </p>
    </Layout>
  );
}
