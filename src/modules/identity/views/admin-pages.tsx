import { ROLES, type Role } from '../../../platform/auth/actor.js';
import type { FieldErrors } from '../../../platform/http/errors.js';
import type { FormInput } from '../../../platform/http/form-route.js';
import { CsrfField, ErrorSummary, fieldId, fieldMessage, Select, TextField, PostButton } from '../../../platform/views/components/form.js';
import { Layout } from '../../../platform/views/layout.js';
import type { ViewCtx } from '../../../platform/views/view-context.js';
import { MEMBER_KINDS, STAFF_KINDS } from '../admin-schemas.js';
import type { AdminOrgView, AuditDetail, AuditEventView, InvitationListItem, MemberView } from '../presenters.js';
import { OrganizationFields, organizationFieldLabels, type HospitalOption } from './organization-pages.js';

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
const list = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : []);

function BackLink({ ctx, org }: { ctx: ViewCtx; org: AdminOrgView }): JSX.Element {
  return (
    <p class="back-link">
      <a href={`/o/${org.slug}/admin`} safe>{ctx.t('admin.back', { name: org.name })}</a>
    </p>
  );
}

const roleNames = (ctx: ViewCtx, roles: readonly Role[]) => roles.map((r) => ctx.t(`admin.roles.${r}`)).join(', ');

/** One checkbox per role, in a fieldset whose error is tied to it. */
export function RoleCheckboxes({ ctx, name, legend, checked, errors }: { ctx: ViewCtx; name: string; legend: string; checked: readonly string[]; errors?: FieldErrors | undefined }): JSX.Element {
  const { t } = ctx;
  const id = fieldId(name);
  const message = fieldMessage(t, errors, name);
  return (
    <fieldset class={message ? 'field field-error' : 'field'} id={id} aria-describedby={message ? `${id}-error` : undefined}>
      <legend safe>{legend}</legend>
      {message ? (
        <p class="error-message" id={`${id}-error`} safe>
          {message}
        </p>
      ) : (
        ''
      )}
      {ROLES.map((role) => (
        <div class="choice">
          <input type="checkbox" id={`${id}-${role}`} name={name} value={role} checked={checked.includes(role)} aria-describedby={`${id}-${role}-hint`} />
          <label for={`${id}-${role}`} safe>
            {t(`admin.roles.${role}`)}
          </label>
          <span class="hint" id={`${id}-${role}-hint`} safe>
            {t(`admin.roleHints.${role}`)}
          </span>
        </div>
      ))}
    </fieldset>
  );
}

export type AdminAbilities = { settings: boolean; members: boolean; invitations: boolean; audit: boolean };

export function AdminHomePage({ ctx, org, abilities }: { ctx: ViewCtx; org: AdminOrgView; abilities: AdminAbilities }): JSX.Element {
  const { t } = ctx;
  const base = `/o/${org.slug}/admin`;
  const links = [
    abilities.settings ? { href: `${base}/settings`, label: t('admin.home.settings') } : null,
    abilities.members ? { href: `${base}/members`, label: t('admin.home.members') } : null,
    abilities.invitations ? { href: `${base}/invitations`, label: t('admin.home.invitations') } : null,
    abilities.audit ? { href: `${base}/audit`, label: t('admin.home.audit') } : null,
    { href: `/o/${org.slug}`, label: t('admin.home.publicPage') },
  ].filter((l): l is { href: string; label: string } => l !== null);
  return (
    <Layout ctx={ctx} title={t('admin.home.title', { name: org.name })} brandColour={org.brandColour}>
      <h1 safe>{t('admin.home.title', { name: org.name })}</h1>
      <p class="lead" safe>{t('admin.home.lead')}</p>
      <ul class="plain-links">
        {links.map((l) => (
          <li>
            <a href={l.href} safe>{l.label}</a>
          </li>
        ))}
      </ul>
    </Layout>
  );
}

export function SettingsPage({
  ctx,
  org,
  hospitals,
  input,
  logoErrors,
}: {
  ctx: ViewCtx;
  org: AdminOrgView;
  hospitals: HospitalOption[];
  input: FormInput;
  logoErrors?: FieldErrors | undefined;
}): JSX.Element {
  const { t } = ctx;
  const title = t('admin.settings.title', { name: org.name });
  return (
    <Layout ctx={ctx} title={title} brandColour={org.brandColour}>
      <BackLink ctx={ctx} org={org} />
      <h1 safe>{title}</h1>
      <ErrorSummary t={t} errors={{ ...input.errors, ...logoErrors }} labels={organizationFieldLabels(ctx)} />
      <form method="post" action={`/o/${org.slug}/admin/settings`} novalidate>
        <CsrfField token={ctx.csrfToken} />
        <OrganizationFields ctx={ctx} input={input} hospitals={hospitals} />
        <button type="submit" safe>{t('admin.settings.save')}</button>
      </form>
      <section aria-labelledby="logo-title">
        <h2 id="logo-title" safe>{t('admin.settings.logoTitle')}</h2>
        {org.logoUrl ? (
          <figure>
            <img class="org-logo" src={org.logoUrl} alt={t('organizations.page.logoAlt', { name: org.name })} />
            <figcaption safe>{t('admin.settings.currentLogo')}</figcaption>
          </figure>
        ) : (
          <p safe>{t('admin.settings.noLogo')}</p>
        )}
        <form method="post" action={`/o/${org.slug}/admin/logo?_csrf=${encodeURIComponent(ctx.csrfToken)}`} enctype="multipart/form-data" novalidate>
          <TextField t={t} name="logo" type="file" label={t('admin.settings.logoField')} hint={t('admin.settings.logoHint')} errors={logoErrors} required accept="image/jpeg,image/png,image/webp,image/gif" />
          <button type="submit" safe>{t('admin.settings.logoUpload')}</button>
        </form>
      </section>
    </Layout>
  );
}

export function MembersPage({ ctx, org, members }: { ctx: ViewCtx; org: AdminOrgView; members: MemberView[] }): JSX.Element {
  const { t } = ctx;
  const title = t('admin.members.title', { name: org.name });
  return (
    <Layout ctx={ctx} title={title} brandColour={org.brandColour}>
      <BackLink ctx={ctx} org={org} />
      <h1 safe>{title}</h1>
      {members.length === 0 ? (
        <p safe>{t('admin.members.empty')}</p>
      ) : (
        <table>
          <caption safe>{t('admin.members.caption')}</caption>
          <thead>
            <tr>
              <th scope="col" safe>{t('admin.members.columns.name')}</th>
              <th scope="col" safe>{t('admin.members.columns.email')}</th>
              <th scope="col" safe>{t('admin.members.columns.roles')}</th>
              <th scope="col" safe>{t('admin.members.columns.memberKind')}</th>
              <th scope="col" safe>{t('admin.members.columns.staffKind')}</th>
              <th scope="col" safe>{t('admin.members.columns.badge')}</th>
              <th scope="col" safe>{t('admin.members.columns.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {members.map((m) => (
              <tr>
                <th scope="row" safe>{m.displayName}</th>
                <td safe>{m.email}</td>
                <td safe>{roleNames(ctx, m.roles)}</td>
                <td safe>{t(`admin.memberKinds.${m.memberKind ?? 'none'}`)}</td>
                <td safe>{t(`admin.staffKinds.${m.staffKind ?? 'none'}`)}</td>
                <td>
                  {m.staffVerifiedAt ? (
                    <span class="badge verified" safe>{t('admin.members.verified')}</span>
                  ) : (
                    <span safe>{t('admin.members.notVerified')}</span>
                  )}
                </td>
                <td>
                  <a href={`/o/${org.slug}/admin/members/${m.accountId}`} safe>{t('admin.members.edit', { name: m.displayName })}</a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
}

export function MemberPage({ ctx, org, member, canVerifyStaff, input }: { ctx: ViewCtx; org: AdminOrgView; member: MemberView; canVerifyStaff: boolean; input: FormInput }): JSX.Element {
  const { t } = ctx;
  const title = t('admin.member.title', { name: member.displayName, organization: org.name });
  const base = `/o/${org.slug}/admin/members/${member.accountId}`;
  const labels = { roles: t('admin.member.rolesLegend'), memberKind: t('admin.member.memberKind'), staffKind: t('admin.member.staffKind'), verified: t('admin.member.badgeTitle') };
  const badgeError = fieldMessage(t, input.errors, 'verified');
  return (
    <Layout ctx={ctx} title={title} brandColour={org.brandColour}>
      <p class="back-link">
        <a href={`/o/${org.slug}/admin/members`} safe>{t('admin.members.back')}</a>
      </p>
      <h1 safe>{title}</h1>
      <p safe>{member.email}</p>
      <ErrorSummary t={t} errors={input.errors} labels={labels} />
      <form method="post" action={base} novalidate>
        <CsrfField token={ctx.csrfToken} />
        <RoleCheckboxes ctx={ctx} name="roles" legend={labels.roles} checked={list(input.values.roles)} errors={input.errors} />
        <Select
          t={t}
          name="memberKind"
          label={labels.memberKind}
          value={str(input.values.memberKind) ?? ''}
          errors={input.errors}
          options={[{ value: '', label: t('admin.memberKinds.none') }, ...MEMBER_KINDS.map((k) => ({ value: k, label: t(`admin.memberKinds.${k}`) }))]}
        />
        <Select
          t={t}
          name="staffKind"
          label={labels.staffKind}
          value={str(input.values.staffKind) ?? ''}
          errors={input.errors}
          options={[{ value: '', label: t('admin.staffKinds.none') }, ...STAFF_KINDS.map((k) => ({ value: k, label: t(`admin.staffKinds.${k}`) }))]}
        />
        <button type="submit" safe>{t('admin.member.save')}</button>
      </form>
      {canVerifyStaff ? (
        <section aria-labelledby="badge-title">
          <h2 id="badge-title" safe>{t('admin.member.badgeTitle')}</h2>
          <p class="hint" safe>{t('admin.member.badgeLead')}</p>
          <p safe>{member.staffVerifiedAt ? t('admin.member.badgeGranted', { date: ctx.fmt.date(member.staffVerifiedAt) }) : t('admin.member.badgeNone')}</p>
          {badgeError ? (
            <p class="error-message" id={`${fieldId('verified')}-error`} safe>
              {badgeError}
            </p>
          ) : (
            ''
          )}
          <form method="post" action={`${base}/staff-verification`}>
            <CsrfField token={ctx.csrfToken} />
            <input type="hidden" name="verified" value={member.staffVerifiedAt ? 'no' : 'yes'} />
            <button
              type="submit"
              id={fieldId('verified')}
              class={member.staffVerifiedAt ? 'danger' : undefined}
              aria-describedby={badgeError ? `${fieldId('verified')}-error` : undefined}
              safe
            >
              {member.staffVerifiedAt ? t('admin.member.revoke') : t('admin.member.grant')}
            </button>
          </form>
        </section>
      ) : (
        ''
      )}
    </Layout>
  );
}

export function InvitationsPage({ ctx, org, invitations, input }: { ctx: ViewCtx; org: AdminOrgView; invitations: InvitationListItem[]; input: FormInput }): JSX.Element {
  const { t } = ctx;
  const title = t('admin.invitations.title', { name: org.name });
  const labels = { email: t('admin.invitations.email'), roles: t('admin.invitations.roles') };
  const checked = input.errors || input.values.roles !== undefined ? list(input.values.roles) : ['member'];
  return (
    <Layout ctx={ctx} title={title} brandColour={org.brandColour}>
      <BackLink ctx={ctx} org={org} />
      <h1 safe>{title}</h1>
      <ErrorSummary t={t} errors={input.errors} labels={labels} />
      <section aria-labelledby="invite-title">
        <h2 id="invite-title" safe>{t('admin.invitations.inviteTitle')}</h2>
        <p class="hint" safe>{t('admin.invitations.inviteLead')}</p>
        <form method="post" action={`/o/${org.slug}/admin/invitations`} novalidate>
          <CsrfField token={ctx.csrfToken} />
          <TextField t={t} name="email" type="email" label={labels.email} value={str(input.values.email)} errors={input.errors} required autocomplete="off" maxlength={254} />
          <RoleCheckboxes ctx={ctx} name="roles" legend={labels.roles} checked={checked} errors={input.errors} />
          <button type="submit" safe>{t('admin.invitations.send')}</button>
        </form>
      </section>
      <section aria-labelledby="pending-title">
        <h2 id="pending-title" safe>{t('admin.invitations.caption')}</h2>
        {invitations.length === 0 ? (
          <p safe>{t('admin.invitations.empty')}</p>
        ) : (
          <table>
            <caption safe>{t('admin.invitations.caption')}</caption>
            <thead>
              <tr>
                <th scope="col" safe>{t('admin.invitations.columns.email')}</th>
                <th scope="col" safe>{t('admin.invitations.columns.roles')}</th>
                <th scope="col" safe>{t('admin.invitations.columns.invitedBy')}</th>
                <th scope="col" safe>{t('admin.invitations.columns.expires')}</th>
                <th scope="col" safe>{t('admin.invitations.columns.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {invitations.map((i) => (
                <tr>
                  <th scope="row" safe>{i.email}</th>
                  <td safe>{roleNames(ctx, i.roles)}</td>
                  <td safe>{i.invitedBy}</td>
                  <td>
                    <time datetime={ctx.fmt.iso(i.expiresAt)} safe>{ctx.fmt.date(i.expiresAt)}</time>
                  </td>
                  <td>
                    <PostButton action={`/o/${org.slug}/admin/invitations/${i.id}/revoke`} csrfToken={ctx.csrfToken} variant="secondary" ariaLabel={t('admin.invitations.revokeLabel', { email: i.email })} label={t('admin.invitations.revoke')} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </Layout>
  );
}

function AuditDetails({ ctx, details }: { ctx: ViewCtx; details: AuditDetail[] }): JSX.Element {
  const { t } = ctx;
  if (details.length === 0) return '';
  return (
    <dl class="audit-details">
      {details.map((d) => (
        <>
          <dt safe>{t(`admin.audit.details.${d.key}`, { defaultValue: d.key })}</dt>
          <dd safe>{d.roles ? roleNames(ctx, d.roles) : (d.text ?? '')}</dd>
        </>
      ))}
    </dl>
  );
}

export function AuditPage({
  ctx,
  org,
  actions,
  events,
  values,
  errors,
  olderHref,
}: {
  ctx: ViewCtx;
  org: AdminOrgView;
  actions: string[];
  events: AuditEventView[];
  values: Record<string, unknown>;
  errors?: FieldErrors | undefined;
  olderHref: string | null;
}): JSX.Element {
  const { t } = ctx;
  const title = t('admin.audit.title', { name: org.name });
  const actionLabel = (a: string) => t(`admin.auditActions.${a}`, { defaultValue: a });
  const labels = { action: t('admin.audit.action'), person: t('admin.audit.person'), from: t('admin.audit.from'), to: t('admin.audit.to'), before: t('admin.audit.older') };
  const base = `/o/${org.slug}/admin/audit`;
  const targetText = (target: AuditEventView['target']) => {
    if (!target) return '—';
    const type = t(`admin.audit.targetTypes.${target.type}`, { defaultValue: target.type });
    return target.label ? t('admin.audit.target', { type, label: target.label }) : type;
  };
  return (
    <Layout ctx={ctx} title={title} brandColour={org.brandColour}>
      <BackLink ctx={ctx} org={org} />
      <h1 safe>{title}</h1>
      <ErrorSummary t={t} errors={errors} labels={labels} />
      <form method="get" action={base} class="filters" novalidate>
        <fieldset class="field">
          <legend safe>{t('admin.audit.filters')}</legend>
          <Select
            t={t}
            name="action"
            label={labels.action}
            value={str(values.action) ?? ''}
            errors={errors}
            options={[{ value: '', label: t('admin.audit.anyAction') }, ...actions.map((a) => ({ value: a, label: actionLabel(a) }))]}
          />
          <TextField t={t} name="person" type="email" label={labels.person} value={str(values.person)} errors={errors} maxlength={254} />
          <TextField t={t} name="from" type="date" label={labels.from} hint={t('admin.audit.dateHint')} value={str(values.from)} errors={errors} />
          <TextField t={t} name="to" type="date" label={labels.to} hint={t('admin.audit.dateHint')} value={str(values.to)} errors={errors} />
          <button type="submit" safe>{t('admin.audit.apply')}</button> <a href={base} safe>{t('admin.audit.clear')}</a>
        </fieldset>
      </form>
      {events.length === 0 ? (
        <p role="status" safe>{t('admin.audit.empty')}</p>
      ) : (
        <table class="audit">
          <caption safe>{t('admin.audit.caption')}</caption>
          <thead>
            <tr>
              <th scope="col" safe>{t('admin.audit.columns.when')}</th>
              <th scope="col" safe>{t('admin.audit.columns.who')}</th>
              <th scope="col" safe>{t('admin.audit.columns.action')}</th>
              <th scope="col" safe>{t('admin.audit.columns.target')}</th>
              <th scope="col" safe>{t('admin.audit.columns.ip')}</th>
              <th scope="col" safe>{t('admin.audit.columns.details')}</th>
            </tr>
          </thead>
          <tbody>
            {events.map((e) => (
              <tr>
                <th scope="row">
                  <time datetime={ctx.fmt.iso(e.at)} safe>{ctx.fmt.dateTime(e.at)}</time>
                </th>
                <td>
                  {e.actor ? (
                    <>
                      <span safe>{e.actor.name}</span>
                      <br />
                      <span class="hint" safe>{e.actor.email}</span>
                    </>
                  ) : (
                    <span safe>{t('admin.audit.nobody')}</span>
                  )}
                </td>
                <td safe>{actionLabel(e.action)}</td>
                <td safe>{targetText(e.target)}</td>
                <td safe>{e.ip ?? '—'}</td>
                <td>
                  <AuditDetails ctx={ctx} details={e.details} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {olderHref ? (
        <p>
          <a href={olderHref} rel="next" safe>{t('admin.audit.older')}</a>
        </p>
      ) : (
        ''
      )}
    </Layout>
  );
}
