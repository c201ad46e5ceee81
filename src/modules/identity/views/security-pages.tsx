import { Layout } from '../../../platform/views/layout.js';
import type { ViewCtx } from '../../../platform/views/view-context.js';
import { CsrfField, ErrorSummary, TextField, PostButton } from '../../../platform/views/components/form.js';
import type { FormInput } from '../../../platform/http/form-route.js';
import type { PasskeyView } from '../services/passkeys.js';
import type { Enrolment, TwoFactorStatus } from '../services/two-factor.js';

export type SecurityView = { twoFactor: TwoFactorStatus; passkeys: PasskeyView[] };

const PasskeyScripts = (): JSX.Element => (
  <>
    <script src="/assets/vendor/simplewebauthn-browser.js" defer></script>
    <script src="/assets/passkey.js" defer></script>
  </>
);

function TwoFactorSection({ ctx, status, forms }: { ctx: ViewCtx; status: TwoFactorStatus; forms: SecurityForms }): JSX.Element {
  const { t, fmt } = ctx;
  if (!status.enabled) {
    return (
      <section aria-labelledby="two-factor-title">
        <h2 id="two-factor-title" safe>{t('security.twoFactor.title')}</h2>
        <p>
          <span class="badge" safe>{t('security.twoFactor.off')}</span> <span safe>{t('security.twoFactor.offLead')}</span>
        </p>
        <p>
          <a class="button" href="/account/two-factor/setup" safe>{t('security.twoFactor.setUp')}</a>
        </p>
      </section>
    );
  }
  const regenerate = forms.regenerate ?? { values: {} };
  const disable = forms.disable ?? { values: {} };
  return (
    <section aria-labelledby="two-factor-title">
      <h2 id="two-factor-title" safe>{t('security.twoFactor.title')}</h2>
      <p>
        <span class="badge verified" safe>{t('security.twoFactor.on')}</span>{' '}
        <span safe>{t('security.twoFactor.onSince', { date: status.enabledAt ? fmt.date(status.enabledAt) : '' })}</span>
      </p>
      <p safe>{t('security.twoFactor.codesLeft', { count: status.recoveryCodesLeft })}</p>

      <h3 safe>{t('security.recoveryCodes.title')}</h3>
      <p safe>{t('security.recoveryCodes.lead')}</p>
      <ErrorSummary t={t} errors={regenerate.errors} labels={{ code: t('security.fields.appCode') }} />
      <form method="post" action="/account/two-factor/recovery-codes" novalidate>
        <CsrfField token={ctx.csrfToken} />
        <TextField t={t} name="code" label={t('security.fields.appCode')} hint={t('security.fields.appCodeHint')} errors={regenerate.errors} required autocomplete="one-time-code" inputmode="numeric" maxlength={7} />
        <button type="submit" class="secondary" safe>{t('security.recoveryCodes.regenerate')}</button>
      </form>

      <h3 safe>{t('security.twoFactor.disableTitle')}</h3>
      <p safe>{t('security.twoFactor.disableLead')}</p>
      <ErrorSummary t={t} errors={disable.errors} labels={{ password: t('security.fields.currentPassword') }} />
      <form method="post" action="/account/two-factor/disable" novalidate>
        <CsrfField token={ctx.csrfToken} />
        <TextField t={t} name="password" type="password" label={t('security.fields.currentPassword')} errors={disable.errors} required autocomplete="current-password" />
        <button type="submit" class="danger" safe>{t('security.twoFactor.disable')}</button>
      </form>
    </section>
  );
}

function PasskeySection({ ctx, passkeys }: { ctx: ViewCtx; passkeys: PasskeyView[] }): JSX.Element {
  const { t, fmt } = ctx;
  return (
    <section aria-labelledby="passkeys-title" id="passkeys">
      <h2 id="passkeys-title" safe>{t('security.passkeys.title')}</h2>
      <p safe>{t('security.passkeys.lead')}</p>
      {passkeys.length === 0 ? (
        <p safe>{t('security.passkeys.none')}</p>
      ) : (
        <table>
          <caption safe>{t('security.passkeys.caption')}</caption>
          <thead>
            <tr>
              <th scope="col" safe>{t('security.passkeys.name')}</th>
              <th scope="col" safe>{t('security.passkeys.added')}</th>
              <th scope="col" safe>{t('security.passkeys.lastUsed')}</th>
              <th scope="col" safe>{t('security.passkeys.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {passkeys.map((p) => (
              <tr>
                <th scope="row" safe>{p.name}</th>
                <td safe>{fmt.date(p.createdAt)}</td>
                <td safe>{p.lastUsedAt ? fmt.dateTime(p.lastUsedAt) : t('security.passkeys.never')}</td>
                <td>
                  <PostButton action={`/account/passkeys/${p.id}/delete`} csrfToken={ctx.csrfToken} variant="secondary" ariaLabel={t('security.passkeys.removeNamed', { name: p.name })} label={t('security.passkeys.remove')} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3 safe>{t('security.passkeys.addTitle')}</h3>
      <p id="passkey-unsupported" class="hint" safe>{t('security.passkeys.unsupported')}</p>
      {/* Shown by /assets/passkey.js only where the browser can create a passkey. */}
      <form id="passkey-add-form" method="post" action="/account/passkeys" novalidate hidden data-csrf={ctx.csrfToken}>
        <TextField t={t} name="name" label={t('security.fields.passkeyName')} hint={t('security.passkeys.nameHint')} required autocomplete="off" maxlength={60} />
        <button type="submit" safe>{t('security.passkeys.add')}</button>
        <p id="passkey-add-status" role="status" class="hint"></p>
      </form>
    </section>
  );
}

export type SecurityForms = { regenerate?: FormInput | undefined; disable?: FormInput | undefined };

export function SecurityPage({ ctx, view, forms = {} }: { ctx: ViewCtx; view: SecurityView; forms?: SecurityForms }): JSX.Element {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('security.title')}>
      <h1 safe>{t('security.title')}</h1>
      <p class="lead" safe>{t('security.lead')}</p>
      <TwoFactorSection ctx={ctx} status={view.twoFactor} forms={forms} />
      <PasskeySection ctx={ctx} passkeys={view.passkeys} />
      <PasskeyScripts />
    </Layout>
  );
}

/** The secret in groups of four, as authenticator apps show and accept it. */
const grouped = (secret: string) => secret.replace(/(.{4})(?=.)/g, '$1 ');

export function TwoFactorSetupPage({ ctx, enrolment, input }: { ctx: ViewCtx; enrolment: Enrolment; input: FormInput }): JSX.Element {
  const { t } = ctx;
  const label = t('security.fields.appCode');
  return (
    <Layout ctx={ctx} title={t('security.setup.title')}>
      <h1 safe>{t('security.setup.title')}</h1>
      <p class="lead" safe>{t('security.setup.lead')}</p>
      <ErrorSummary t={t} errors={input.errors} labels={{ code: label }} />
      <h2 safe>{t('security.setup.scanTitle')}</h2>
      <p safe>{t('security.setup.scanLead')}</p>
      <p>
        <img src={enrolment.qrDataUrl} alt={t('security.setup.qrAlt')} width="240" height="240" />
      </p>
      <h2 safe>{t('security.setup.manualTitle')}</h2>
      <p safe>{t('security.setup.manualLead')}</p>
      <p>
        <code id="totp-secret" class="secret" safe>{grouped(enrolment.secret)}</code>
      </p>
      <h2 safe>{t('security.setup.confirmTitle')}</h2>
      <form method="post" action="/account/two-factor/setup" novalidate>
        <CsrfField token={ctx.csrfToken} />
        <TextField t={t} name="code" label={label} hint={t('security.fields.appCodeHint')} errors={input.errors} required autocomplete="one-time-code" inputmode="numeric" maxlength={7} />
        <button type="submit" safe>{t('security.setup.submit')}</button>
      </form>
      <p>
        <a href="/account/security" safe>{t('security.backToSecurity')}</a>
      </p>
    </Layout>
  );
}

export function RecoveryCodesPage({ ctx, codes, reason }: { ctx: ViewCtx; codes: string[]; reason: 'enabled' | 'regenerated' }): JSX.Element {
  const { t } = ctx;
  const title = reason === 'enabled' ? t('security.codes.enabledTitle') : t('security.codes.regeneratedTitle');
  return (
    <Layout ctx={ctx} title={title}>
      <h1 safe>{title}</h1>
      <p class="lead" safe>{t('security.codes.lead')}</p>
      <h2 id="codes-title" safe>{t('security.codes.listTitle')}</h2>
      <ul class="codes" aria-labelledby="codes-title">
        {codes.map((c) => (
          <li>
            <code safe>{c}</code>
          </li>
        ))}
      </ul>
      <p safe>{t('security.codes.once')}</p>
      <p>
        <a class="button" href="/account/security" safe>{t('security.codes.done')}</a>
      </p>
    </Layout>
  );
}

export function TwoFactorChallengePage({ ctx, input, next }: { ctx: ViewCtx; input: FormInput; next?: string | undefined }): JSX.Element {
  const { t } = ctx;
  const label = t('security.fields.signInCode');
  return (
    <Layout ctx={ctx} title={t('security.challenge.title')}>
      <h1 safe>{t('security.challenge.title')}</h1>
      <p safe>{t('security.challenge.lead')}</p>
      <ErrorSummary t={t} errors={input.errors} labels={{ code: label }} />
      <form method="post" action="/sign-in/two-factor" novalidate>
        <CsrfField token={ctx.csrfToken} />
        {next ? <input type="hidden" name="next" value={next} /> : ''}
        <TextField t={t} name="code" label={label} hint={t('security.challenge.hint')} errors={input.errors} required autocomplete="one-time-code" maxlength={24} />
        <button type="submit" safe>{t('security.challenge.submit')}</button>
      </form>
      <p>
        <a href="/sign-in" safe>{t('security.challenge.startOver')}</a>
      </p>
    </Layout>
  );
}
