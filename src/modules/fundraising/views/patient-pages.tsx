import type { FormInput } from '../../../platform/http/form-route.js';
import { CsrfField, ErrorSummary, fieldMessage, Select, TextField } from '../../../platform/views/components/form.js';
import { Layout } from '../../../platform/views/layout.js';
import type { ViewCtx } from '../../../platform/views/view-context.js';
import type { OrgRef } from '../db/queries.js';
import { ADDRESS_MAX, NAME_MAX, PROVINCES } from '../schemas.js';
import type { OptOutView, PatientContact } from '../services/patients.js';
import { fundraisingHead, orgName, str } from './common.js';
import { patientOptOutUrl, patientPhoneOptOutUrl, patientTransferUrl } from './urls.js';

const FIELDS = ['firstName', 'lastName', 'addressLine1', 'addressLine2', 'city', 'province', 'postalCode', 'noticeGivenOn', 'noticeGiven'] as const;
export function patientLabels(ctx: ViewCtx): Record<string, string> {
  return Object.fromEntries(FIELDS.map((k) => [k, ctx.t(`fundraising.patients.fields.${k}`)]));
}

function PersonFields({ ctx, input }: { ctx: ViewCtx; input: FormInput }): JSX.Element {
  const { t } = ctx;
  const l = patientLabels(ctx);
  return (
    <>
      <TextField t={t} name="firstName" label={l.firstName!} value={str(input.values.firstName)} errors={input.errors} required maxlength={NAME_MAX} />
      <TextField t={t} name="lastName" label={l.lastName!} value={str(input.values.lastName)} errors={input.errors} required maxlength={NAME_MAX} />
    </>
  );
}

/** Hospital staff: record the notice given at the time of service and pass name and address to the foundation. */
export function PatientTransferPage({ ctx, hospital, foundation, input }: { ctx: ViewCtx; hospital: OrgRef; foundation: OrgRef | undefined; input: FormInput }): JSX.Element {
  const { t } = ctx;
  const v = input.values;
  const e = input.errors;
  const l = patientLabels(ctx);
  const title = t('fundraising.patients.transferTitle');
  const noticeError = fieldMessage(t, e, 'noticeGiven');
  return (
    <Layout ctx={ctx} title={title} head={fundraisingHead}>
      <h1 safe>{title}</h1>
      <p safe>{foundation ? t('fundraising.patients.transferLead', { hospital: orgName(ctx, hospital), foundation: orgName(ctx, foundation) }) : t('validation.no_foundation')}</p>
      <p safe>{t('fundraising.patients.noHealthInformation')}</p>
      <ErrorSummary t={t} errors={e} labels={l} />
      <form method="post" action={patientTransferUrl(hospital.slug)} novalidate>
        <CsrfField token={ctx.csrfToken} />
        <PersonFields ctx={ctx} input={input} />
        <TextField t={t} name="addressLine1" label={l.addressLine1!} value={str(v.addressLine1)} errors={e} required maxlength={ADDRESS_MAX} />
        <TextField t={t} name="addressLine2" label={l.addressLine2!} value={str(v.addressLine2)} errors={e} maxlength={ADDRESS_MAX} />
        <TextField t={t} name="city" label={l.city!} value={str(v.city)} errors={e} required maxlength={NAME_MAX} />
        <Select t={t} name="province" label={l.province!} value={str(v.province) ?? 'ON'} errors={e} required options={PROVINCES.map((p) => ({ value: p, label: t(`fundraising.provinces.${p}`) }))} />
        <TextField t={t} name="postalCode" label={l.postalCode!} value={str(v.postalCode)} errors={e} required maxlength={7} />
        <TextField t={t} type="date" name="noticeGivenOn" label={l.noticeGivenOn!} value={str(v.noticeGivenOn)} errors={e} required />
        <div class={noticeError ? 'field choice field-error' : 'field choice'}>
          {noticeError ? (
            <p class="error-message" id="f-noticeGiven-error" safe>
              {noticeError}
            </p>
          ) : (
            ''
          )}
          <input type="checkbox" id="f-noticeGiven" name="noticeGiven" value="on" checked={v.noticeGiven === 'on'} aria-describedby={noticeError ? 'f-noticeGiven-error' : undefined} />
          <label for="f-noticeGiven" safe>
            {l.noticeGiven}
          </label>
        </div>
        <button type="submit" safe>
          {t('fundraising.patients.transferSubmit')}
        </button>
      </form>
      <p>
        <a href={patientPhoneOptOutUrl(hospital.slug)} safe>
          {t('fundraising.patients.phoneOptOutTitle')}
        </a>
      </p>
    </Layout>
  );
}

/** Staff of the hospital or fundraisers of the foundation record an opt-out said by phone. */
export function PatientPhoneOptOutPage({ ctx, org, input }: { ctx: ViewCtx; org: OrgRef; input: FormInput }): JSX.Element {
  const { t } = ctx;
  const l = patientLabels(ctx);
  const title = t('fundraising.patients.phoneOptOutTitle');
  return (
    <Layout ctx={ctx} title={title} head={fundraisingHead}>
      <h1 safe>{title}</h1>
      <p safe>{t('fundraising.patients.phoneOptOutLead')}</p>
      <ErrorSummary t={t} errors={input.errors} labels={l} />
      <form method="post" action={patientPhoneOptOutUrl(org.slug)} novalidate>
        <CsrfField token={ctx.csrfToken} />
        <PersonFields ctx={ctx} input={input} />
        <TextField t={t} name="postalCode" label={l.postalCode!} value={str(input.values.postalCode)} errors={input.errors} required maxlength={7} />
        <button type="submit" safe>
          {t('fundraising.patients.phoneOptOutSubmit')}
        </button>
      </form>
    </Layout>
  );
}

/** The foundation's grateful-patient contacts: name, mailing address and the opt-out link for appeals. */
export function PatientListPage({ ctx, org, contacts }: { ctx: ViewCtx; org: OrgRef; contacts: PatientContact[] }): JSX.Element {
  const { t } = ctx;
  const title = t('fundraising.patients.listTitle');
  return (
    <Layout ctx={ctx} title={title} head={fundraisingHead}>
      <h1 safe>{title}</h1>
      <p safe>{t('fundraising.patients.listLead')}</p>
      <p>
        <a href={patientPhoneOptOutUrl(org.slug)} safe>
          {t('fundraising.patients.phoneOptOutTitle')}
        </a>
      </p>
      {contacts.length === 0 ? (
        <p safe>{t('fundraising.patients.listEmpty')}</p>
      ) : (
        <table>
          <caption class="visually-hidden" safe>
            {title}
          </caption>
          <thead>
            <tr>
              <th scope="col" safe>{t('fundraising.patients.columns.name')}</th>
              <th scope="col" safe>{t('fundraising.patients.columns.address')}</th>
              <th scope="col" safe>{t('fundraising.patients.columns.optOut')}</th>
            </tr>
          </thead>
          <tbody>
            {contacts.map((c) => (
              <tr>
                <td safe>{`${c.firstName} ${c.lastName}`}</td>
                <td safe>{[c.addressLine1, c.addressLine2, `${c.city} ${c.province} ${c.postalCode}`].filter(Boolean).join(', ')}</td>
                <td>
                  <code safe>{c.optOutLink}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
}

/** The opt-out link's page: asks first (a GET changes nothing), works without signing in. */
export function PatientOptOutPage({ ctx, view, token }: { ctx: ViewCtx; view: OptOutView; token: string }): JSX.Element {
  const { t } = ctx;
  const title = t('fundraising.patients.optOutTitle');
  const names = ctx.lang === 'fr' ? { hospital: view.hospitalNameFr, foundation: view.foundationNameFr } : { hospital: view.hospitalNameEn, foundation: view.foundationNameEn };
  return (
    <Layout ctx={ctx} title={title} head={fundraisingHead}>
      <h1 safe>{title}</h1>
      <p safe>{t('fundraising.patients.optOutQuestion', names)}</p>
      <form method="post" action={patientOptOutUrl(token)}>
        <CsrfField token={ctx.csrfToken} />
        <button type="submit" safe>
          {t('fundraising.patients.optOutSubmit')}
        </button>
      </form>
    </Layout>
  );
}

export function PatientOptedOutPage({ ctx }: { ctx: ViewCtx }): JSX.Element {
  const { t } = ctx;
  const title = t('fundraising.patients.optedOutTitle');
  return (
    <Layout ctx={ctx} title={title} head={fundraisingHead}>
      <h1 safe>{title}</h1>
      <p safe>{t('fundraising.patients.optedOutBody')}</p>
    </Layout>
  );
}

export function PatientOptOutInvalidPage({ ctx }: { ctx: ViewCtx }): JSX.Element {
  const { t } = ctx;
  const title = t('fundraising.unsubscribe.invalidTitle');
  return (
    <Layout ctx={ctx} title={title} head={fundraisingHead}>
      <h1 safe>{title}</h1>
      <p safe>{t('fundraising.patients.optOutInvalid')}</p>
    </Layout>
  );
}

