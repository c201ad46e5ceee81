import type { FormInput } from '../../../platform/http/form-route.js';
import { CsrfField, ErrorSummary, fieldId, fieldMessage, RadioGroup, Select, TextField } from '../../../platform/views/components/form.js';
import { Layout } from '../../../platform/views/layout.js';
import type { ViewCtx } from '../../../platform/views/view-context.js';
import type { OrgRef } from '../db/queries/programs.js';
import type { KeywordRow } from '../db/schema.js';
import type { CampaignRef } from '../deps.js';
import { ALLOWED_DOLLARS, KEYWORD_MAX, LABEL_MAX } from '../schemas.js';
import type { NumberView } from '../services/programs.js';
import { PageHeader } from './page-header.js';
import { connectNumberUrl, keywordsUrl, numberUrl, pledgesUrl, programUrl, removeKeywordUrl } from './urls.js';

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : []);
const orgName = (ctx: ViewCtx, org: OrgRef) => (ctx.lang === 'fr' ? org.nameFr : org.nameEn);

const numberLabels = (ctx: ViewCtx): Record<string, string> => ({
  label: ctx.t('text-giving.fields.label'),
  phoneNumber: ctx.t('text-giving.fields.phoneNumber'),
  accountSid: ctx.t('text-giving.fields.accountSid'),
  authToken: ctx.t('text-giving.fields.authToken'),
  supportNumber: ctx.t('text-giving.fields.supportNumber'),
  programLang: ctx.t('text-giving.fields.programLang'),
  sendsPerSecond: ctx.t('text-giving.fields.sendsPerSecond'),
});

const keywordLabels = (ctx: ViewCtx): Record<string, string> => ({
  keyword: ctx.t('text-giving.fields.keyword'),
  lang: ctx.t('text-giving.fields.lang'),
  campaignId: ctx.t('text-giving.fields.campaignId'),
  flow: ctx.t('text-giving.fields.flow'),
  amounts: ctx.t('text-giving.fields.amounts'),
  defaultAmount: ctx.t('text-giving.fields.defaultAmount'),
  confirmWindowMinutes: ctx.t('text-giving.fields.confirmWindowMinutes'),
});

export function NumbersPage(p: { ctx: ViewCtx; org: OrgRef; numbers: NumberView[]; canManageNumbers: boolean; input: FormInput }): JSX.Element {
  const { ctx } = p;
  const { t } = ctx;
  const title = t('text-giving.numbers.title', { org: orgName(ctx, p.org) });
  const langs = [
    { value: 'en', label: t('text-giving.langs.en') },
    { value: 'fr', label: t('text-giving.langs.fr') },
  ];
  return (
    <Layout ctx={ctx} title={title}>
      <h1 safe>{title}</h1>
      <p safe>{t('text-giving.numbers.intro')}</p>
      <p>
        <a href={`/o/${p.org.slug}/text-giving/board`} safe>{t('text-giving.number.board')}</a>
      </p>
      {p.numbers.length === 0 ? (
        <p safe>{t('text-giving.numbers.none')}</p>
      ) : (
        <table>
          <caption safe>{t('text-giving.numbers.caption')}</caption>
          <thead>
            <tr>
              <th scope="col" safe>{t('text-giving.fields.label')}</th>
              <th scope="col" safe>{t('text-giving.fields.phoneNumber')}</th>
              <th scope="col" safe>{t('text-giving.fields.programLang')}</th>
            </tr>
          </thead>
          <tbody>
            {p.numbers.map((n) => (
              <tr>
                <td>
                  <a href={numberUrl(p.org.slug, n.id)} safe>{n.label}</a>
                </td>
                <td safe>{t('text-giving.numbers.endingIn', { last4: n.last4 })}</td>
                <td safe>{t(`text-giving.langs.${n.programLang}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {p.canManageNumbers ? (
        <section aria-labelledby="connect-title">
          <h2 id="connect-title" safe>{t('text-giving.numbers.connectTitle')}</h2>
          <ErrorSummary t={t} errors={p.input.errors} labels={numberLabels(ctx)} />
          <form method="post" action={connectNumberUrl(p.org.slug)} novalidate>
            <CsrfField token={ctx.csrfToken} />
            <TextField t={t} name="label" label={t('text-giving.fields.label')} value={str(p.input.values.label)} errors={p.input.errors} required maxlength={LABEL_MAX} />
            <TextField t={t} name="phoneNumber" type="tel" label={t('text-giving.fields.phoneNumber')} hint={t('text-giving.fields.phoneHint')} value={str(p.input.values.phoneNumber)} errors={p.input.errors} required maxlength={16} autocomplete="off" />
            <TextField t={t} name="accountSid" label={t('text-giving.fields.accountSid')} value={str(p.input.values.accountSid)} errors={p.input.errors} required maxlength={34} autocomplete="off" />
            <TextField t={t} name="authToken" type="password" label={t('text-giving.fields.authToken')} hint={t('text-giving.fields.authTokenHint')} errors={p.input.errors} required maxlength={32} autocomplete="off" />
            <TextField t={t} name="supportNumber" type="tel" label={t('text-giving.fields.supportNumber')} hint={t('text-giving.fields.supportHint')} value={str(p.input.values.supportNumber)} errors={p.input.errors} required maxlength={16} />
            <Select t={t} name="programLang" label={t('text-giving.fields.programLang')} options={langs} value={str(p.input.values.programLang)} errors={p.input.errors} required />
            <TextField t={t} name="sendsPerSecond" type="number" label={t('text-giving.fields.sendsPerSecond')} hint={t('text-giving.fields.sendsHint')} value={str(p.input.values.sendsPerSecond)} errors={p.input.errors} required inputmode="numeric" />
            <button type="submit" safe>{t('text-giving.numbers.connect')}</button>
          </form>
        </section>
      ) : (
        ''
      )}
    </Layout>
  );
}

function AmountChoices(p: { ctx: ViewCtx; input: FormInput }): JSX.Element {
  const { t } = p.ctx;
  const id = fieldId('amounts');
  const message = fieldMessage(t, p.input.errors, 'amounts');
  const chosen = list(p.input.values.amounts);
  return (
    <fieldset class={message ? 'field field-error' : 'field'} id={id} aria-describedby={message ? `${id}-error` : undefined}>
      <legend safe>{t('text-giving.fields.amounts')}</legend>
      {message ? (
        <p class="error-message" id={`${id}-error`} safe>
          {message}
        </p>
      ) : (
        ''
      )}
      {ALLOWED_DOLLARS.map((d) => (
        <div class="choice">
          <input type="checkbox" id={`${id}-${d}`} name="amounts" value={String(d)} checked={chosen.includes(String(d))} />
          <label for={`${id}-${d}`} safe>
            {p.ctx.fmt.money(d * 100)}
          </label>
        </div>
      ))}
    </fieldset>
  );
}

export function NumberPage(p: { ctx: ViewCtx; org: OrgRef; number: NumberView; keywords: KeywordRow[]; campaigns: CampaignRef[]; campaignChoices?: CampaignRef[] | null; canManageKeywords: boolean; input: FormInput }): JSX.Element {
  const { ctx } = p;
  const { t } = ctx;
  const title = t('text-giving.number.title', { label: p.number.label });
  const v = p.input.values;
  const e = p.input.errors;
  const campaignName = (id: string) => {
    const c = p.campaigns.find((x) => x.id === id);
    return c ? (ctx.lang === 'fr' ? c.titleFr : c.titleEn) : id;
  };
  return (
    <Layout ctx={ctx} title={title}>
      <PageHeader back={{ href: programUrl(p.org.slug), label: t('text-giving.number.back') }} title={title} />
      <dl>
        <dt safe>{t('text-giving.fields.phoneNumber')}</dt>
        <dd safe>{t('text-giving.numbers.endingIn', { last4: p.number.last4 })}</dd>
        <dt safe>{t('text-giving.fields.supportNumber')}</dt>
        <dd safe>{p.number.supportNumber}</dd>
        <dt safe>{t('text-giving.number.webhook')}</dt>
        <dd>
          <code safe>{p.number.webhookUrl}</code>
        </dd>
      </dl>
      <ul class="plain-links">
        <li>
          <a href={`${numberUrl(p.org.slug, p.number.id)}/contacts`} safe>{t('text-giving.number.contacts')}</a>
        </li>
        <li>
          <a href={pledgesUrl(p.org.slug, p.number.id)} safe>{t('text-giving.number.pledges')}</a>
        </li>
        <li>
          <a href={`/o/${p.org.slug}/text-giving/settlements`} safe>{t('text-giving.number.settlements')}</a>
        </li>
      </ul>
      <h2 safe>{t('text-giving.keywords.title')}</h2>
      {p.keywords.length === 0 ? (
        <p safe>{t('text-giving.keywords.none')}</p>
      ) : (
        <table>
          <caption safe>{t('text-giving.keywords.caption')}</caption>
          <thead>
            <tr>
              <th scope="col" safe>{t('text-giving.fields.keyword')}</th>
              <th scope="col" safe>{t('text-giving.fields.lang')}</th>
              <th scope="col" safe>{t('text-giving.fields.campaignId')}</th>
              <th scope="col" safe>{t('text-giving.fields.flow')}</th>
              <th scope="col" safe>{t('text-giving.fields.amounts')}</th>
              {p.canManageKeywords ? <th scope="col" safe>{t('text-giving.keywords.actions')}</th> : ''}
            </tr>
          </thead>
          <tbody>
            {p.keywords.map((k) => (
              <tr>
                <td safe>{k.keyword}</td>
                <td safe>{t(`text-giving.langs.${k.lang}`)}</td>
                <td safe>{campaignName(k.campaignId)}</td>
                <td safe>{t(`text-giving.flows.${k.flow}`)}</td>
                <td safe>{k.amountsCents.map((c) => ctx.fmt.money(c)).join(', ')}</td>
                {p.canManageKeywords ? (
                  <td>
                    <form method="post" action={removeKeywordUrl(p.org.slug, p.number.id, k.id)}>
                      <CsrfField token={ctx.csrfToken} />
                      <button type="submit" class="secondary" safe>{t('text-giving.keywords.remove', { keyword: k.keyword })}</button>
                    </form>
                  </td>
                ) : (
                  ''
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {p.canManageKeywords ? (
        <section aria-labelledby="add-keyword-title">
          <h2 id="add-keyword-title" safe>{t('text-giving.keywords.addTitle')}</h2>
          <ErrorSummary t={t} errors={e} labels={keywordLabels(ctx)} />
          <form method="post" action={keywordsUrl(p.org.slug, p.number.id)} novalidate>
            <CsrfField token={ctx.csrfToken} />
            <TextField t={t} name="keyword" label={t('text-giving.fields.keyword')} hint={t('text-giving.fields.keywordHint', { max: KEYWORD_MAX })} value={str(v.keyword)} errors={e} required maxlength={KEYWORD_MAX} autocomplete="off" />
            <RadioGroup t={t} name="lang" legend={t('text-giving.fields.lang')} options={[{ value: 'en', label: t('text-giving.langs.en') }, { value: 'fr', label: t('text-giving.langs.fr') }]} value={str(v.lang)} errors={e} />
            {p.campaignChoices ? (
              <>
                {p.campaignChoices.length === 0 ? <p class="hint" safe>{t('text-giving.fields.noCampaigns')}</p> : ''}
                <Select
                  t={t}
                  name="campaignId"
                  label={t('text-giving.fields.campaignId')}
                  options={[{ value: '', label: t('text-giving.fields.chooseCampaign') }, ...p.campaignChoices.map((c) => ({ value: c.id, label: ctx.lang === 'fr' ? c.titleFr : c.titleEn }))]}
                  value={str(v.campaignId)}
                  errors={e}
                  required
                />
              </>
            ) : (
              <TextField t={t} name="campaignId" label={t('text-giving.fields.campaignId')} hint={t('text-giving.fields.campaignIdHint')} value={str(v.campaignId)} errors={e} required maxlength={36} autocomplete="off" />
            )}
            <RadioGroup t={t} name="flow" legend={t('text-giving.fields.flow')} options={[{ value: 'confirm', label: t('text-giving.flows.confirm') }, { value: 'link', label: t('text-giving.flows.link') }]} value={str(v.flow)} errors={e} />
            <AmountChoices ctx={ctx} input={p.input} />
            <Select t={t} name="defaultAmount" label={t('text-giving.fields.defaultAmount')} options={ALLOWED_DOLLARS.map((d) => ({ value: String(d), label: ctx.fmt.money(d * 100) }))} value={str(v.defaultAmount)} errors={e} required />
            <TextField t={t} name="confirmWindowMinutes" type="number" label={t('text-giving.fields.confirmWindowMinutes')} hint={t('text-giving.fields.windowHint')} value={str(v.confirmWindowMinutes)} errors={e} required inputmode="numeric" />
            <button type="submit" safe>{t('text-giving.keywords.add')}</button>
          </form>
        </section>
      ) : (
        ''
      )}
    </Layout>
  );
}
