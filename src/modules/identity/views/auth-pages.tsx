import { Layout } from '../../../platform/views/layout.js';
import type { ViewCtx } from '../../../platform/views/view-context.js';
import { CsrfField, ErrorSummary, TextField } from '../../../platform/views/components/form.js';
import type { FormInput } from '../../../platform/http/form-route.js';

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

export function SignUpPage({ ctx, input }: { ctx: ViewCtx; input: FormInput }): JSX.Element {
  const { t } = ctx;
  const labels = { displayName: t('auth.fields.displayName'), email: t('auth.fields.email'), password: t('auth.fields.password') };
  return (
    <Layout ctx={ctx} title={t('auth.signUp.title')}>
      <h1 safe>{t('auth.signUp.title')}</h1>
      <ErrorSummary t={t} errors={input.errors} labels={labels} />
      <form method="post" action="/sign-up" novalidate>
        <CsrfField token={ctx.csrfToken} />
        <TextField t={t} name="displayName" label={labels.displayName} value={str(input.values.displayName)} errors={input.errors} required autocomplete="name" maxlength={80} />
        <TextField t={t} name="email" type="email" label={labels.email} value={str(input.values.email)} errors={input.errors} required autocomplete="email" />
        <TextField t={t} name="password" type="password" label={labels.password} hint={t('auth.signUp.passwordHint')} errors={input.errors} required autocomplete="new-password" />
        <button type="submit" safe>{t('auth.signUp.submit')}</button>
      </form>
      <p>
        <a href="/sign-in" safe>{t('auth.signUp.haveAccount')}</a>
      </p>
    </Layout>
  );
}

export function CheckEmailPage({ ctx, email }: { ctx: ViewCtx; email?: string | undefined }): JSX.Element {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('auth.checkEmail.title')}>
      <h1 safe>{t('auth.checkEmail.title')}</h1>
      <p safe>{t('auth.checkEmail.body')}</p>
      <form method="post" action="/verify-email/resend">
        <CsrfField token={ctx.csrfToken} />
        <TextField t={t} name="email" type="email" label={t('auth.fields.email')} value={email} required autocomplete="email" />
        <button type="submit" class="secondary" safe>{t('auth.checkEmail.resend')}</button>
      </form>
    </Layout>
  );
}

export function VerifyResultPage({ ctx, ok }: { ctx: ViewCtx; ok: boolean }): JSX.Element {
  const { t } = ctx;
  const title = ok ? t('auth.verify.okTitle') : t('auth.verify.failTitle');
  return (
    <Layout ctx={ctx} title={title}>
      <h1 safe>{title}</h1>
      <p safe>{ok ? t('auth.verify.okBody') : t('auth.verify.failBody')}</p>
      <p>{ok ? <a href="/sign-in" safe>{t('auth.signIn.title')}</a> : <a href="/verify-email/resend" safe>{t('auth.checkEmail.resend')}</a>}</p>
    </Layout>
  );
}

export function SignInPage({ ctx, input, next }: { ctx: ViewCtx; input: FormInput; next?: string | undefined }): JSX.Element {
  const { t } = ctx;
  const labels = { email: t('auth.fields.email'), password: t('auth.fields.password') };
  return (
    <Layout ctx={ctx} title={t('auth.signIn.title')}>
      <h1 safe>{t('auth.signIn.title')}</h1>
      <ErrorSummary t={t} errors={input.errors} labels={labels} />
      <form method="post" action="/sign-in" novalidate>
        <CsrfField token={ctx.csrfToken} />
        {next ? <input type="hidden" name="next" value={next} /> : ''}
        <TextField t={t} name="email" type="email" label={labels.email} value={str(input.values.email)} errors={input.errors} required autocomplete="username webauthn" />
        <TextField t={t} name="password" type="password" label={labels.password} errors={input.errors} required autocomplete="current-password" />
        <button type="submit" safe>{t('auth.signIn.submit')}</button>
      </form>
      <div id="passkey-sign-in" class="passkey-box" hidden>
        <button type="button" class="secondary" id="passkey-sign-in-button" data-csrf={ctx.csrfToken} data-next={next ?? '/'} safe>
          {t('auth.signIn.withPasskey')}
        </button>
        <p id="passkey-sign-in-status" role="status" class="hint"></p>
      </div>
      <script src="/assets/vendor/simplewebauthn-browser.js" defer></script>
      <script src="/assets/passkey.js" defer></script>
      <ul class="plain-links">
        <li>
          <a href="/password/forgot" safe>{t('auth.signIn.forgot')}</a>
        </li>
        <li>
          <a href="/sign-up" safe>{t('auth.signIn.noAccount')}</a>
        </li>
      </ul>
    </Layout>
  );
}

export function ForgotPasswordPage({ ctx, input, sent }: { ctx: ViewCtx; input: FormInput; sent?: boolean }): JSX.Element {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('auth.forgot.title')}>
      <h1 safe>{t('auth.forgot.title')}</h1>
      {sent ? <p role="status" safe>{t('auth.forgot.sent')}</p> : ''}
      <ErrorSummary t={t} errors={input.errors} labels={{ email: t('auth.fields.email') }} />
      <form method="post" action="/password/forgot" novalidate>
        <CsrfField token={ctx.csrfToken} />
        <TextField t={t} name="email" type="email" label={t('auth.fields.email')} value={str(input.values.email)} errors={input.errors} required autocomplete="email" />
        <button type="submit" safe>{t('auth.forgot.submit')}</button>
      </form>
    </Layout>
  );
}

export function ResetPasswordPage({ ctx, input, token }: { ctx: ViewCtx; input: FormInput; token: string }): JSX.Element {
  const { t } = ctx;
  const labels = { password: t('auth.fields.newPassword'), token: t('auth.fields.token') };
  return (
    <Layout ctx={ctx} title={t('auth.reset.title')}>
      <h1 safe>{t('auth.reset.title')}</h1>
      <ErrorSummary t={t} errors={input.errors} labels={labels} />
      <form method="post" action="/password/reset" novalidate>
        <CsrfField token={ctx.csrfToken} />
        <input type="hidden" name="token" value={token} />
        <TextField t={t} name="password" type="password" label={labels.password} hint={t('auth.signUp.passwordHint')} errors={input.errors} required autocomplete="new-password" />
        <button type="submit" safe>{t('auth.reset.submit')}</button>
      </form>
    </Layout>
  );
}
