import type { FormInput } from '../../../platform/http/form-route.js';
import { CsrfField, ErrorSummary, RadioGroup, Select, TextField } from '../../../platform/views/components/form.js';
import { Layout } from '../../../platform/views/layout.js';
import type { ViewCtx } from '../../../platform/views/view-context.js';
import type { OrgRef } from '../db/queries.js';
import type { CampaignRow } from '../db/schema.js';
import { BATCH_ROWS, OFFLINE_METHODS } from '../offline-schemas.js';
import { ADDRESS_MAX, NAME_MAX, PROVINCES } from '../schemas.js';
import { campaignTitle, fundraisingHead, str } from './common.js';
import { deskUrl } from './urls.js';

export const offlineGiftUrl = (org: string) => `/o/${org}/fundraising/gifts/new`;
export const chequeBatchUrl = (org: string) => `/o/${org}/fundraising/cheques/new`;

const DONOR_FIELDS = ['firstName', 'middleInitial', 'lastName', 'email', 'addressLine1', 'addressLine2', 'city', 'province', 'postalCode', 'language'] as const;
const GIFT_FIELDS = ['campaignId', 'method', 'amount', 'receivedOn', 'reference', 'advantage', 'advantageDescription', 'advantageNearCash', 'propertyDescription', 'appraiserName', 'appraiserAddress'] as const;

export function offlineLabels(ctx: ViewCtx): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of GIFT_FIELDS) out[k] = ctx.t(`fundraising.offline.fields.${k}`);
  for (const k of DONOR_FIELDS) out[k] = ctx.t(`fundraising.give.fields.${k}`);
  return out;
}

export function batchLabels(ctx: ViewCtx): Record<string, string> {
  const out: Record<string, string> = { campaignId: ctx.t('fundraising.offline.fields.campaignId'), receivedOn: ctx.t('fundraising.offline.batch.receivedOn') };
  for (let i = 0; i < BATCH_ROWS; i++) {
    const row = ctx.t('fundraising.offline.batch.row', { n: i + 1 });
    out[`rows.${i}.amount`] = `${row}, ${ctx.t('fundraising.offline.fields.amount')}`;
    out[`rows.${i}.reference`] = `${row}, ${ctx.t('fundraising.offline.batch.chequeNumber')}`;
    for (const k of DONOR_FIELDS) out[`rows.${i}.${k}`] = `${row}, ${ctx.t(`fundraising.give.fields.${k}`)}`;
  }
  return out;
}

type Field = { name: string; label: string; required?: boolean; max?: number; autocomplete?: string };

function DonorFields({ ctx, input, prefix = '' }: { ctx: ViewCtx; input: FormInput; prefix?: string }): JSX.Element {
  const { t } = ctx;
  const v = input.values;
  const e = input.errors;
  const f = (k: string) => `${prefix}${k}`;
  const text: Field[] = [
    { name: 'firstName', label: t('fundraising.give.fields.firstName'), required: true, max: NAME_MAX },
    { name: 'middleInitial', label: t('fundraising.give.fields.middleInitial'), max: 1 },
    { name: 'lastName', label: t('fundraising.give.fields.lastName'), required: true, max: NAME_MAX },
    { name: 'email', label: t('fundraising.give.fields.email'), max: 254 },
    { name: 'addressLine1', label: t('fundraising.give.fields.addressLine1'), required: true, max: ADDRESS_MAX },
    { name: 'addressLine2', label: t('fundraising.give.fields.addressLine2'), max: ADDRESS_MAX },
    { name: 'city', label: t('fundraising.give.fields.city'), required: true, max: NAME_MAX },
  ];
  return (
    <>
      {text.map((x) => (
        <TextField t={t} name={f(x.name)} label={x.label} value={str(v[f(x.name)])} errors={e} required={x.required ?? false} maxlength={x.max} />
      ))}
      <Select t={t} name={f('province')} label={t('fundraising.give.fields.province')} value={str(v[f('province')]) ?? 'ON'} errors={e} required options={PROVINCES.map((p) => ({ value: p, label: t(`fundraising.provinces.${p}`) }))} />
      <TextField t={t} name={f('postalCode')} label={t('fundraising.give.fields.postalCode')} value={str(v[f('postalCode')])} errors={e} required maxlength={7} />
      <Select t={t} name={f('language')} label={t('fundraising.give.fields.language')} value={str(v[f('language')]) ?? 'en'} errors={e} required options={[{ value: 'en', label: 'English' }, { value: 'fr', label: 'Français' }]} />
    </>
  );
}

const campaignOptions = (ctx: ViewCtx, campaigns: CampaignRow[]) => campaigns.map((c) => ({ value: c.id, label: campaignTitle(ctx, c) }));

export function OfflineGiftPage({ ctx, org, campaigns, input }: { ctx: ViewCtx; org: OrgRef; campaigns: CampaignRow[]; input: FormInput }): JSX.Element {
  const { t } = ctx;
  const v = input.values;
  const e = input.errors;
  const l = offlineLabels(ctx);
  const title = t('fundraising.offline.title');
  return (
    <Layout ctx={ctx} title={title} head={fundraisingHead}>
      <p class="back-link">
        <a href={deskUrl(org.slug)} safe>{t('fundraising.offline.back')}</a>
      </p>
      <h1 safe>{title}</h1>
      <ErrorSummary t={t} errors={e} labels={l} />
      <form method="post" action={offlineGiftUrl(org.slug)} novalidate>
        <CsrfField token={ctx.csrfToken} />
        <Select t={t} name="campaignId" label={l.campaignId!} value={str(v.campaignId)} errors={e} required options={campaignOptions(ctx, campaigns)} />
        <RadioGroup t={t} name="method" legend={l.method!} value={str(v.method) ?? 'cheque'} errors={e} options={OFFLINE_METHODS.map((m) => ({ value: m, label: t(`fundraising.offline.methods.${m}`) }))} />
        <TextField t={t} name="amount" label={l.amount!} hint={t('fundraising.offline.amountHint')} value={str(v.amount)} errors={e} required maxlength={20} />
        <TextField t={t} name="receivedOn" type="date" label={l.receivedOn!} value={str(v.receivedOn)} errors={e} required />
        <TextField t={t} name="reference" label={l.reference!} value={str(v.reference)} errors={e} maxlength={60} />
        <fieldset class="field">
          <legend safe>{t('fundraising.offline.donorLegend')}</legend>
          <DonorFields ctx={ctx} input={input} />
        </fieldset>
        <fieldset class="field">
          <legend safe>{t('fundraising.offline.advantageLegend')}</legend>
          <TextField t={t} name="advantage" label={l.advantage!} value={str(v.advantage)} errors={e} maxlength={20} />
          <TextField t={t} name="advantageDescription" label={l.advantageDescription!} value={str(v.advantageDescription)} errors={e} maxlength={200} />
          <div class="field choice">
            <input type="checkbox" id="f-advantageNearCash" name="advantageNearCash" value="on" checked={v.advantageNearCash === 'on'} />
            <label for="f-advantageNearCash" safe>{l.advantageNearCash}</label>
          </div>
        </fieldset>
        <fieldset class="field">
          <legend safe>{t('fundraising.offline.inKindLegend')}</legend>
          <TextField t={t} name="propertyDescription" label={l.propertyDescription!} value={str(v.propertyDescription)} errors={e} maxlength={1000} />
          <TextField t={t} name="appraiserName" label={l.appraiserName!} value={str(v.appraiserName)} errors={e} maxlength={160} />
          <TextField t={t} name="appraiserAddress" label={l.appraiserAddress!} value={str(v.appraiserAddress)} errors={e} maxlength={300} />
        </fieldset>
        <button type="submit" safe>{t('fundraising.offline.submit')}</button>
      </form>
    </Layout>
  );
}

export function ChequeBatchPage({ ctx, org, campaigns, input }: { ctx: ViewCtx; org: OrgRef; campaigns: CampaignRow[]; input: FormInput }): JSX.Element {
  const { t } = ctx;
  const v = input.values;
  const e = input.errors;
  const title = t('fundraising.offline.batch.title');
  return (
    <Layout ctx={ctx} title={title} head={fundraisingHead}>
      <p class="back-link">
        <a href={deskUrl(org.slug)} safe>{t('fundraising.offline.back')}</a>
      </p>
      <h1 safe>{title}</h1>
      <p safe>{t('fundraising.offline.batch.lead')}</p>
      <ErrorSummary t={t} errors={e} labels={batchLabels(ctx)} />
      <form method="post" action={chequeBatchUrl(org.slug)} novalidate>
        <CsrfField token={ctx.csrfToken} />
        <Select t={t} name="campaignId" label={t('fundraising.offline.fields.campaignId')} value={str(v.campaignId)} errors={e} required options={campaignOptions(ctx, campaigns)} />
        <TextField t={t} name="receivedOn" type="date" label={t('fundraising.offline.batch.receivedOn')} value={str(v.receivedOn)} errors={e} required />
        {Array.from({ length: BATCH_ROWS }, (_, i) => (
          <fieldset class="field">
            <legend safe>{t('fundraising.offline.batch.row', { n: i + 1 })}</legend>
            <TextField t={t} name={`rows.${i}.amount`} label={t('fundraising.offline.fields.amount')} value={str(v[`rows.${i}.amount`])} errors={e} maxlength={20} />
            <TextField t={t} name={`rows.${i}.reference`} label={t('fundraising.offline.batch.chequeNumber')} value={str(v[`rows.${i}.reference`])} errors={e} maxlength={60} />
            <DonorFields ctx={ctx} input={input} prefix={`rows.${i}.`} />
          </fieldset>
        ))}
        <button type="submit" safe>{t('fundraising.offline.batch.submit')}</button>
      </form>
    </Layout>
  );
}
