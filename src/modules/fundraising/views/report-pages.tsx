import type { FieldErrors } from '../../../platform/http/errors.js';
import { ErrorSummary, Select, TextField } from '../../../platform/views/components/form.js';
import { Layout } from '../../../platform/views/layout.js';
import type { ViewCtx } from '../../../platform/views/view-context.js';
import { dayAsDate, isoDay } from '../days.js';
import type { Tally } from '../db/queries.js';
import { GIFT_CHANNELS, GIFT_STATUSES } from '../report-schemas.js';
import type { Reports } from '../services/reports.js';
import { campaignTitle, fundraisingHead, str } from './common.js';
import { deskUrl } from './urls.js';

export const reportsUrl = (org: string) => `/o/${org}/fundraising/reports`;

function TallyTable({ ctx, caption, rows, label }: { ctx: ViewCtx; caption: string; rows: Tally[]; label: (key: string) => string }): JSX.Element {
  const { t, fmt } = ctx;
  return (
    <table class="figures">
      <caption safe>{caption}</caption>
      <thead>
        <tr>
          <th scope="col" safe>{t('fundraising.reports.what')}</th>
          <th scope="col" safe>{t('fundraising.reports.amount')}</th>
          <th scope="col" safe>{t('fundraising.reports.gifts')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr>
            <th scope="row" safe>{label(r.key)}</th>
            <td safe>{fmt.money(r.cents)}</td>
            <td safe>{fmt.number(r.gifts)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ReportsPage({ ctx, r, values, errors }: { ctx: ViewCtx; r: Reports; values: Record<string, unknown>; errors?: FieldErrors | undefined }): JSX.Element {
  const { t, fmt } = ctx;
  const title = t('fundraising.reports.title');
  const titles = new Map(r.campaigns.map((c) => [c.id, campaignTitle(ctx, c)]));
  const query = new URLSearchParams(Object.entries(values).filter(([, v]) => typeof v === 'string' && v !== '') as [string, string][]).toString();
  const labels = { campaign: t('fundraising.reports.filters.campaign'), channel: t('fundraising.reports.filters.channel'), status: t('fundraising.reports.filters.status'), from: t('fundraising.reports.filters.from'), to: t('fundraising.reports.filters.to') };
  return (
    <Layout ctx={ctx} title={title} head={fundraisingHead}>
      <p class="back-link">
        <a href={deskUrl(r.org.slug)} safe>{t('fundraising.offline.back')}</a>
      </p>
      <h1 safe>{title}</h1>
      <TallyTable ctx={ctx} caption={t('fundraising.reports.byCampaign')} rows={r.byCampaign} label={(k) => titles.get(k) ?? k} />
      <TallyTable ctx={ctx} caption={t('fundraising.reports.byChannel')} rows={r.byChannel} label={(k) => t(`fundraising.reports.channels.${k}`)} />
      <TallyTable ctx={ctx} caption={t('fundraising.reports.byAttribution')} rows={r.byAttribution} label={(k) => k} />
      <TallyTable ctx={ctx} caption={t('fundraising.reports.byDay')} rows={r.byDay} label={(k) => fmt.date(dayAsDate(k))} />
      <h2 safe>{t('fundraising.reports.giftList')}</h2>
      <ErrorSummary t={t} errors={errors} labels={labels} />
      <form method="get" action={reportsUrl(r.org.slug)}>
        <Select t={t} name="campaign" label={labels.campaign} value={str(values.campaign) ?? ''} errors={errors} options={[{ value: '', label: t('fundraising.reports.filters.any') }, ...r.campaigns.map((c) => ({ value: c.id, label: campaignTitle(ctx, c) }))]} />
        <Select t={t} name="channel" label={labels.channel} value={str(values.channel) ?? ''} errors={errors} options={[{ value: '', label: t('fundraising.reports.filters.any') }, ...GIFT_CHANNELS.map((c) => ({ value: c, label: t(`fundraising.reports.channels.${c}`) }))]} />
        <Select t={t} name="status" label={labels.status} value={str(values.status) ?? ''} errors={errors} options={[{ value: '', label: t('fundraising.reports.filters.any') }, ...GIFT_STATUSES.map((s) => ({ value: s, label: t(`fundraising.account.statuses.${s}`) }))]} />
        <TextField t={t} name="from" type="date" label={labels.from} value={str(values.from)} errors={errors} />
        <TextField t={t} name="to" type="date" label={labels.to} value={str(values.to)} errors={errors} />
        <button type="submit" safe>{t('fundraising.reports.filter')}</button>
      </form>
      <p>
        <a href={`${reportsUrl(r.org.slug)}/gifts.csv${query ? `?${query}` : ''}`} safe>{t('fundraising.reports.csv')}</a>
      </p>
      <table class="figures">
        <caption safe>{t('fundraising.reports.giftListCaption', { count: r.gifts.length })}</caption>
        <thead>
          <tr>
            <th scope="col" safe>{t('fundraising.account.date')}</th>
            <th scope="col" safe>{t('fundraising.reports.donor')}</th>
            <th scope="col" safe>{t('fundraising.account.campaign')}</th>
            <th scope="col" safe>{t('fundraising.reports.filters.channel')}</th>
            <th scope="col" safe>{t('fundraising.account.amount')}</th>
            <th scope="col" safe>{t('fundraising.account.status')}</th>
          </tr>
        </thead>
        <tbody>
          {r.gifts.map((g) => (
            <tr>
              <td safe>{fmt.date(dayAsDate(isoDay(g.receivedOn)))}</td>
              <td safe>{`${g.donorFirstName} ${g.donorLastName}`}</td>
              <td safe>{ctx.lang === 'fr' ? g.campaignTitleFr : g.campaignTitleEn}</td>
              <td safe>{t(`fundraising.reports.channels.${g.channel}`)}</td>
              <td safe>{fmt.money(g.amountCents)}</td>
              <td safe>{t(`fundraising.account.statuses.${g.status}`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Layout>
  );
}
