import type { FormInput } from '../../../platform/http/form-route.js';
import { CsrfField, ErrorSummary, RadioGroup, Select, TextField } from '../../../platform/views/components/form.js';
import { Layout } from '../../../platform/views/layout.js';
import type { ViewCtx } from '../../../platform/views/view-context.js';
import { ORGANIZATION_KINDS } from '../admin-schemas.js';
import type { OrganizationListItem, OrganizationView } from '../presenters.js';

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

export function OrganizationPage({ ctx, org }: { ctx: ViewCtx; org: OrganizationView }): JSX.Element {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={org.name} brandColour={org.brandColour}>
      <div class="org-header">
        {org.logoUrl ? <img class="org-logo" src={org.logoUrl} alt={t('organizations.page.logoAlt', { name: org.name })} /> : ''}
        <h1 safe>{org.name}</h1>
      </div>
      <section aria-labelledby="org-about">
        <h2 id="org-about" safe>{t('organizations.page.about')}</h2>
        <dl class="facts">
          {org.otherName ? (
            <>
              <dt safe>{t(`organizations.page.otherName.${org.otherName.lang}`)}</dt>
              <dd lang={org.otherName.lang} safe>{org.otherName.text}</dd>
            </>
          ) : (
            ''
          )}
          <dt safe>{t('organizations.page.kind')}</dt>
          <dd safe>{t(`organizations.kinds.${org.kind}`)}</dd>
          {org.foundationOf ? (
            <>
              <dt safe>{t('organizations.page.foundationOf')}</dt>
              <dd>
                <a href={`/o/${org.foundationOf.slug}`} safe>{org.foundationOf.name}</a>
              </dd>
            </>
          ) : (
            ''
          )}
          {org.foundations.length > 0 ? (
            <>
              <dt safe>{t('organizations.page.supportedBy')}</dt>
              {org.foundations.map((f) => (
                <dd>
                  <a href={`/o/${f.slug}`} safe>{f.name}</a>
                </dd>
              ))}
            </>
          ) : (
            ''
          )}
          {org.craNumber ? (
            <>
              <dt safe>{t('organizations.page.craNumber')}</dt>
              <dd safe>{org.craNumber}</dd>
            </>
          ) : (
            ''
          )}
        </dl>
      </section>
      {org.canAdminister ? (
        <p>
          <a class="button secondary" href={`/o/${org.slug}/admin`} safe>{t('organizations.page.administer')}</a>
        </p>
      ) : (
        ''
      )}
    </Layout>
  );
}

export type HospitalOption = { id: string; name: string };

/** The fields an organization is described by, shared by the creation and settings forms. */
export function OrganizationFields({ ctx, input, hospitals }: { ctx: ViewCtx; input: FormInput; hospitals: HospitalOption[] }): JSX.Element {
  const { t } = ctx;
  const v = input.values;
  const e = input.errors;
  return (
    <>
      <TextField t={t} name="nameEn" label={t('organizations.fields.nameEn')} value={str(v.nameEn)} errors={e} required maxlength={120} lang="en" />
      <TextField t={t} name="nameFr" label={t('organizations.fields.nameFr')} value={str(v.nameFr)} errors={e} required maxlength={120} lang="fr" />
      <RadioGroup
        t={t}
        name="kind"
        legend={t('organizations.fields.kind')}
        value={str(v.kind)}
        errors={e}
        options={ORGANIZATION_KINDS.map((k) => ({ value: k, label: t(`organizations.kinds.${k}`) }))}
      />
      <Select
        t={t}
        name="foundationOf"
        label={t('organizations.fields.foundationOf')}
        value={str(v.foundationOf) ?? ''}
        errors={e}
        options={[{ value: '', label: t('organizations.fields.foundationOfNone') }, ...hospitals.map((h) => ({ value: h.id, label: h.name }))]}
      />
      <TextField t={t} name="craNumber" label={t('organizations.fields.craNumber')} hint={t('organizations.fields.craNumberHint')} value={str(v.craNumber)} errors={e} maxlength={40} />
      <TextField t={t} name="brandColour" label={t('organizations.fields.brandColour')} hint={t('organizations.fields.brandColourHint')} value={str(v.brandColour)} errors={e} maxlength={20} />
    </>
  );
}

export const organizationFieldLabels = (ctx: ViewCtx): Record<string, string> => ({
  slug: ctx.t('organizations.fields.slug'),
  nameEn: ctx.t('organizations.fields.nameEn'),
  nameFr: ctx.t('organizations.fields.nameFr'),
  kind: ctx.t('organizations.fields.kind'),
  foundationOf: ctx.t('organizations.fields.foundationOf'),
  craNumber: ctx.t('organizations.fields.craNumber'),
  brandColour: ctx.t('organizations.fields.brandColour'),
  logo: ctx.t('admin.settings.logoField'),
});

/** The deployment's operators: every organization, and the form that creates one. */
export function PlatformOrganizationsPage({
  ctx,
  organizations,
  hospitals,
  input,
}: {
  ctx: ViewCtx;
  organizations: OrganizationListItem[];
  hospitals: HospitalOption[];
  input: FormInput;
}): JSX.Element {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('admin.platform.title')}>
      <h1 safe>{t('admin.platform.title')}</h1>
      <ErrorSummary t={t} errors={input.errors} labels={organizationFieldLabels(ctx)} />
      {organizations.length === 0 ? (
        <p safe>{t('admin.platform.empty')}</p>
      ) : (
        <table>
          <caption safe>{t('admin.platform.caption')}</caption>
          <thead>
            <tr>
              <th scope="col" safe>{t('admin.platform.columns.name')}</th>
              <th scope="col" safe>{t('admin.platform.columns.slug')}</th>
              <th scope="col" safe>{t('admin.platform.columns.kind')}</th>
              <th scope="col" safe>{t('admin.platform.columns.craNumber')}</th>
              <th scope="col" safe>{t('admin.platform.columns.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {organizations.map((o) => (
              <tr>
                <th scope="row">
                  <a href={`/o/${o.slug}`} safe>{o.name}</a>
                </th>
                <td safe>{o.slug}</td>
                <td safe>{t(`organizations.kinds.${o.kind}`)}</td>
                <td safe>{o.craNumber ?? '—'}</td>
                <td>
                  <a href={`/o/${o.slug}/admin`} safe>{t('admin.platform.administer', { name: o.name })}</a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <section aria-labelledby="create-org">
        <h2 id="create-org" safe>{t('admin.platform.createTitle')}</h2>
        <p class="hint" safe>{t('admin.platform.createLead')}</p>
        <form method="post" action="/admin/organizations" novalidate>
          <CsrfField token={ctx.csrfToken} />
          <TextField t={t} name="slug" label={t('organizations.fields.slug')} hint={t('organizations.fields.slugHint')} value={str(input.values.slug)} errors={input.errors} required maxlength={60} />
          <OrganizationFields ctx={ctx} input={input} hospitals={hospitals} />
          <button type="submit" safe>{t('admin.platform.create')}</button>
        </form>
      </section>
    </Layout>
  );
}
