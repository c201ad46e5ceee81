import type { FormInput } from '../../../platform/http/form-route.js';
import { CsrfField, ErrorSummary, RadioGroup, Select, TextField } from '../../../platform/views/components/form.js';
import { Layout } from '../../../platform/views/layout.js';
import type { ViewCtx } from '../../../platform/views/view-context.js';
import { PROVINCES } from '../../fundraising/index.js';
import type { ReceiptLinkView } from '../services/receipt-links.js';

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
const FIELDS = ['firstName', 'middleInitial', 'lastName', 'email', 'addressLine1', 'addressLine2', 'city', 'province', 'postalCode', 'language'] as const;

/** The words of the gift form's own donor fields, so both forms ask the same way. */
export const labelsOf = (ctx: ViewCtx): Record<string, string> => Object.fromEntries(FIELDS.map((k) => [k, ctx.t(`fundraising.give.fields.${k}`)]));

/** The receipt form of a paid text gift: the name and mailing address an official receipt needs. */
export function ReceiptFormPage({ ctx, token, link, input }: { ctx: ViewCtx; token: string; link: ReceiptLinkView; input: FormInput }): JSX.Element {
  const { t } = ctx;
  const title = t('text-giving.receipt.title', { campaign: link.campaignTitle });
  if (link.done) {
    return (
      <Layout ctx={ctx} title={title}>
        <h1 safe>{title}</h1>
        <p role="status" safe>{t('text-giving.receipt.done')}</p>
      </Layout>
    );
  }
  const labels = labelsOf(ctx);
  return (
    <Layout ctx={ctx} title={title}>
      <h1 safe>{title}</h1>
      <p safe>{t('text-giving.receipt.intro', { amount: ctx.fmt.money(link.amountCents), org: link.orgName })}</p>
      <ErrorSummary t={t} errors={input.errors} labels={labels} />
      <form method="post" action={`/r/${token}`} novalidate>
        <CsrfField token={ctx.csrfToken} />
        <ReceiptDonorFieldset ctx={ctx} input={input} lang={link.lang} />
        <button type="submit" safe>{t('text-giving.receipt.submit')}</button>
      </form>
    </Layout>
  );
}

/** The donor's name, e-mail and mailing address for an official receipt, as the gift form asks them (the donor's form and staff's). */
export function ReceiptDonorFieldset({ ctx, input, lang }: { ctx: ViewCtx; input: FormInput; lang: 'en' | 'fr' }): JSX.Element {
  const { t } = ctx;
  const v = input.values;
  const e = input.errors;
  const labels = labelsOf(ctx);
  return (
    <fieldset class="field">
      <legend safe>{t('fundraising.give.donorLegend')}</legend>
      <p class="hint" safe>{t('fundraising.give.receiptHint')}</p>
      <TextField t={t} name="firstName" label={labels.firstName!} value={str(v.firstName)} errors={e} required autocomplete="given-name" maxlength={80} />
      <TextField t={t} name="middleInitial" label={labels.middleInitial!} value={str(v.middleInitial)} errors={e} autocomplete="additional-name" maxlength={1} />
      <TextField t={t} name="lastName" label={labels.lastName!} value={str(v.lastName)} errors={e} required autocomplete="family-name" maxlength={80} />
      <TextField t={t} name="email" type="email" label={labels.email!} hint={t('text-giving.receipt.emailHint')} value={str(v.email)} errors={e} required autocomplete="email" maxlength={254} />
      <TextField t={t} name="addressLine1" label={labels.addressLine1!} value={str(v.addressLine1)} errors={e} required autocomplete="address-line1" maxlength={120} />
      <TextField t={t} name="addressLine2" label={labels.addressLine2!} value={str(v.addressLine2)} errors={e} autocomplete="address-line2" maxlength={120} />
      <TextField t={t} name="city" label={labels.city!} value={str(v.city)} errors={e} required autocomplete="address-level2" maxlength={80} />
      <Select t={t} name="province" label={labels.province!} value={str(v.province) ?? 'ON'} errors={e} required options={PROVINCES.map((p) => ({ value: p, label: t(`fundraising.provinces.${p}`) }))} />
      <TextField t={t} name="postalCode" label={labels.postalCode!} value={str(v.postalCode)} errors={e} required autocomplete="postal-code" maxlength={7} />
      <RadioGroup t={t} name="language" legend={labels.language!} value={str(v.language) ?? lang} errors={e} options={[{ value: 'en', label: 'English' }, { value: 'fr', label: 'Français' }]} />
    </fieldset>
  );
}
