import type { FormInput } from '../../../platform/http/form-route.js';
import { CsrfField, ErrorSummary, TextArea, TextField } from '../../../platform/views/components/form.js';
import { Layout } from '../../../platform/views/layout.js';
import type { ViewCtx } from '../../../platform/views/view-context.js';
import { isoDay } from '../days.js';
import type { OrgRef } from '../db/queries.js';
import type { CampaignRow } from '../db/schema.js';
import { CAMPAIGN_SLUG_MAX, STORY_MAX, TITLE_MAX } from '../schemas.js';
import { campaignTitle, fundraisingHead, orgName, str, TestModeBanner } from './common.js';
import { CampaignImageSections } from './image-pages.js';
import { campaignUrl, editCampaignUrl, newCampaignUrl } from './urls.js';

export const campaignFieldLabels = (ctx: ViewCtx): Record<string, string> =>
  Object.fromEntries(
    ['slug', 'titleEn', 'titleFr', 'storyEn', 'storyFr', 'goal', 'startsOn', 'endsOn', 'suggestedAmounts', 'defaultAdvantage', 'defaultAdvantageDescription'].map((k) => [k, ctx.t(`fundraising.manage.fields.${k}`)]),
  );

const dollars = (cents: number) => (cents / 100).toFixed(2);

/** A campaign row → the form's values, as a person would type them. */
export function campaignValues(c: CampaignRow): Record<string, unknown> {
  return {
    titleEn: c.titleEn,
    titleFr: c.titleFr,
    storyEn: c.storyEn,
    storyFr: c.storyFr,
    goal: dollars(c.goalCents),
    startsOn: isoDay(c.startsOn),
    endsOn: c.endsOn ? isoDay(c.endsOn) : '',
    suggestedAmounts: c.suggestedAmountsCents.map(dollars).join(' '),
    defaultAdvantage: c.defaultAdvantageCents ? dollars(c.defaultAdvantageCents) : '',
    defaultAdvantageDescription: c.defaultAdvantageDescription ?? '',
  };
}

function CampaignFields({ ctx, input }: { ctx: ViewCtx; input: FormInput }): JSX.Element {
  const { t } = ctx;
  const v = input.values;
  const e = input.errors;
  const l = campaignFieldLabels(ctx);
  return (
    <>
      <TextField t={t} name="titleEn" label={l.titleEn!} value={str(v.titleEn)} errors={e} required maxlength={TITLE_MAX} lang="en" />
      <TextField t={t} name="titleFr" label={l.titleFr!} value={str(v.titleFr)} errors={e} required maxlength={TITLE_MAX} lang="fr" />
      <TextArea t={t} name="storyEn" label={l.storyEn!} value={str(v.storyEn)} errors={e} maxlength={STORY_MAX} lang="en" rows={6} />
      <TextArea t={t} name="storyFr" label={l.storyFr!} value={str(v.storyFr)} errors={e} maxlength={STORY_MAX} lang="fr" rows={6} />
      <TextField t={t} name="goal" label={l.goal!} hint={t('fundraising.manage.fields.goalHint')} value={str(v.goal)} errors={e} required maxlength={20} />
      <TextField t={t} name="startsOn" type="date" label={l.startsOn!} value={str(v.startsOn)} errors={e} required />
      <TextField t={t} name="endsOn" type="date" label={l.endsOn!} value={str(v.endsOn)} errors={e} />
      <TextField t={t} name="suggestedAmounts" label={l.suggestedAmounts!} hint={t('fundraising.manage.fields.suggestedAmountsHint')} value={str(v.suggestedAmounts)} errors={e} maxlength={200} />
      <TextField t={t} name="defaultAdvantage" label={l.defaultAdvantage!} hint={t('fundraising.manage.fields.defaultAdvantageHint')} value={str(v.defaultAdvantage)} errors={e} maxlength={20} />
      <TextField t={t} name="defaultAdvantageDescription" label={l.defaultAdvantageDescription!} value={str(v.defaultAdvantageDescription)} errors={e} maxlength={200} />
    </>
  );
}

export function NewCampaignPage({ ctx, org, input }: { ctx: ViewCtx; org: OrgRef; input: FormInput }): JSX.Element {
  const { t } = ctx;
  const title = t('fundraising.manage.newTitle');
  return (
    <Layout ctx={ctx} title={title} head={fundraisingHead}>
      <h1 safe>{title}</h1>
      <ErrorSummary t={t} errors={input.errors} labels={campaignFieldLabels(ctx)} />
      <form method="post" action={newCampaignUrl(org.slug)} novalidate>
        <CsrfField token={ctx.csrfToken} />
        <TextField t={t} name="slug" label={t('fundraising.manage.fields.slug')} hint={t('fundraising.manage.fields.slugHint')} value={str(input.values.slug)} errors={input.errors} required maxlength={CAMPAIGN_SLUG_MAX} autocomplete="off" />
        <CampaignFields ctx={ctx} input={input} />
        <button type="submit" safe>
          {t('fundraising.manage.create')}
        </button>
      </form>
    </Layout>
  );
}

export function EditCampaignPage({ ctx, org, campaign, input, cover }: { ctx: ViewCtx; org: OrgRef; campaign: CampaignRow; input: FormInput; cover?: FormInput | undefined }): JSX.Element {
  const { t } = ctx;
  const title = t('fundraising.manage.editTitle', { campaign: campaignTitle(ctx, campaign) });
  return (
    <Layout ctx={ctx} title={title} head={fundraisingHead}>
      <p class="back-link">
        <a href={campaignUrl(org.slug, campaign.slug)} safe>
          {t('fundraising.manage.viewPage')}
        </a>
      </p>
      <h1 safe>{title}</h1>
      <ErrorSummary t={t} errors={input.errors} labels={campaignFieldLabels(ctx)} />
      <form method="post" action={editCampaignUrl(org.slug, campaign.slug)} novalidate>
        <CsrfField token={ctx.csrfToken} />
        <CampaignFields ctx={ctx} input={input} />
        <button type="submit" safe>
          {t('fundraising.manage.save')}
        </button>
      </form>
      <CampaignImageSections ctx={ctx} org={org} campaign={campaign} cover={cover} />
    </Layout>
  );
}

export function DeskPage({ ctx, org, campaigns, testMode }: { ctx: ViewCtx; org: OrgRef; campaigns: CampaignRow[]; testMode: boolean }): JSX.Element {
  const { t, fmt } = ctx;
  const title = t('fundraising.desk.title', { org: orgName(ctx, org) });
  return (
    <Layout ctx={ctx} title={title} head={fundraisingHead}>
      {testMode ? <TestModeBanner ctx={ctx} /> : ''}
      <h1 safe>{title}</h1>
      <p>
        <a class="button" href={newCampaignUrl(org.slug)} safe>
          {t('fundraising.desk.newCampaign')}
        </a>{' '}
        <a class="button secondary" href={`/o/${org.slug}/fundraising/gifts/new`} safe>
          {t('fundraising.desk.recordGift')}
        </a>{' '}
        <a class="button secondary" href={`/o/${org.slug}/fundraising/cheques/new`} safe>
          {t('fundraising.desk.chequeBatch')}
        </a>{' '}
        <a class="button secondary" href={`/o/${org.slug}/fundraising/reports`} safe>
          {t('fundraising.desk.reports')}
        </a>{' '}
        <a class="button secondary" href={`/o/${org.slug}/fundraising/monthly`} safe>
          {t('fundraising-monthly.staff.title')}
        </a>
      </p>
      <table class="figures">
        <caption safe>{t('fundraising.desk.campaigns')}</caption>
        <thead>
          <tr>
            <th scope="col" safe>{t('fundraising.desk.campaign')}</th>
            <th scope="col" safe>{t('fundraising.desk.raised')}</th>
            <th scope="col" safe>{t('fundraising.desk.goal')}</th>
            <th scope="col" safe>{t('fundraising.desk.gifts')}</th>
            <th scope="col" safe>{t('fundraising.desk.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {campaigns.map((c) => (
            <tr>
              <th scope="row">
                <a href={campaignUrl(org.slug, c.slug)} safe>
                  {campaignTitle(ctx, c)}
                </a>
              </th>
              <td safe>{fmt.money(c.raisedCents)}</td>
              <td safe>{fmt.money(c.goalCents)}</td>
              <td safe>{fmt.number(c.giftCount)}</td>
              <td>
                <a href={editCampaignUrl(org.slug, c.slug)} safe>
                  {t('fundraising.desk.edit', { campaign: campaignTitle(ctx, c) })}
                </a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Layout>
  );
}
