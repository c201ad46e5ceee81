import type { FormInput } from '../../../platform/http/form-route.js';
import { CsrfField, ErrorSummary, fieldId, fieldMessage, RadioGroup, TextField } from '../../../platform/views/components/form.js';
import { Layout } from '../../../platform/views/layout.js';
import type { ViewCtx } from '../../../platform/views/view-context.js';
import type { ConfirmOutcome, LinkContext, SubscribeFormModel, UnsubscribeView } from '../services/subscriptions.js';
import { blogUrl } from './urls.js';

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
const titleOf = (ctx: ViewCtx, l: LinkContext) => (ctx.lang === 'fr' ? l.blogTitleFr : l.blogTitleEn);

const fieldLabels = (ctx: ViewCtx) => ({
  subscriberEmail: ctx.t('blogSubscriptions.form.email'),
  subscriptionFrequency: ctx.t('blogSubscriptions.form.frequency'),
  subscriptionConsent: ctx.t('blogSubscriptions.form.consent'),
});

/** The consent box: never ticked in advance, its label the exact wording that gets recorded. */
function ConsentCheckbox({ ctx, wording, input }: { ctx: ViewCtx; wording: string; input: FormInput }): JSX.Element {
  const name = 'subscriptionConsent';
  const id = fieldId(name);
  const message = fieldMessage(ctx.t, input.errors, name);
  return (
    <div class={message ? 'field field-error' : 'field'}>
      {message ? (
        <p class="error-message" id={`${id}-error`} safe>
          {message}
        </p>
      ) : (
        ''
      )}
      <div class="choice">
        <input type="checkbox" id={id} name={name} value="yes" required aria-invalid={message ? 'true' : undefined} aria-describedby={message ? `${id}-error` : undefined} />
        <label for={id} safe>
          {wording}
        </label>
      </div>
    </div>
  );
}

/** The subscribe form itself, in the page's language (which the consent record keeps). */
export function SubscribeForm({ ctx, form, input }: { ctx: ViewCtx; form: SubscribeFormModel; input: FormInput }): JSX.Element {
  const { t } = ctx;
  const labels = fieldLabels(ctx);
  return (
    <form method="post" action={form.action} novalidate>
      <CsrfField token={ctx.csrfToken} />
      <input type="hidden" name="lang" value={form.lang} />
      <input type="hidden" name="source" value={form.source} />
      <TextField t={t} name="subscriberEmail" type="email" label={labels.subscriberEmail} value={str(input.values.subscriberEmail)} errors={input.errors} required autocomplete="email" maxlength={254} />
      <RadioGroup
        t={t}
        name="subscriptionFrequency"
        legend={labels.subscriptionFrequency}
        value={str(input.values.subscriptionFrequency) ?? 'per_post'}
        errors={input.errors}
        options={[
          { value: 'per_post', label: t('blogSubscriptions.form.perPost') },
          { value: 'weekly', label: t('blogSubscriptions.form.weekly') },
        ]}
      />
      <ConsentCheckbox ctx={ctx} wording={form.consentWording} input={input} />
      <button type="submit" safe>
        {t('blogSubscriptions.form.submit')}
      </button>
    </form>
  );
}

/** The form as a section of another page (a post, the blog index). */
export function SubscribeSection({ ctx, form }: { ctx: ViewCtx; form: SubscribeFormModel }): JSX.Element {
  const { t } = ctx;
  return (
    <section class="card subscribe" aria-labelledby="subscribe-title" lang={ctx.lang}>
      <h2 id="subscribe-title" safe>
        {t('blogSubscriptions.form.title')}
      </h2>
      <p class="hint" safe>
        {t('blogSubscriptions.form.intro', { blog: form.blogTitle })}
      </p>
      <SubscribeForm ctx={ctx} form={form} input={{ values: {} }} />
    </section>
  );
}

export function SubscribePage({ ctx, orgSlug, blogSlug, form, input }: { ctx: ViewCtx; orgSlug: string; blogSlug: string; form: SubscribeFormModel; input: FormInput }): JSX.Element {
  const { t } = ctx;
  const title = t('blogSubscriptions.form.pageTitle', { blog: form.blogTitle });
  return (
    <Layout ctx={ctx} title={title}>
      <p class="hint">
        <a href={blogUrl(orgSlug, blogSlug)} safe>
          {form.blogTitle}
        </a>
      </p>
      <h1 safe>{title}</h1>
      <p safe>{t('blogSubscriptions.form.intro', { blog: form.blogTitle })}</p>
      <ErrorSummary t={t} errors={input.errors} labels={fieldLabels(ctx)} />
      <SubscribeForm ctx={ctx} form={form} input={input} />
    </Layout>
  );
}

export function SubscribeCheckEmailPage({ ctx, orgSlug, blogSlug, blogTitle }: { ctx: ViewCtx; orgSlug: string; blogSlug: string; blogTitle: string }): JSX.Element {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('blogSubscriptions.checkEmail.title')}>
      <h1 safe>{t('blogSubscriptions.checkEmail.title')}</h1>
      <p safe>{t('blogSubscriptions.checkEmail.body', { blog: blogTitle })}</p>
      <p>
        <a href={blogUrl(orgSlug, blogSlug)} safe>
          {t('blogSubscriptions.checkEmail.back', { blog: blogTitle })}
        </a>
      </p>
    </Layout>
  );
}

export function ConfirmResultPage({ ctx, outcome, link }: { ctx: ViewCtx; outcome: ConfirmOutcome; link?: LinkContext | undefined }): JSX.Element {
  const { t } = ctx;
  const blog = link ? titleOf(ctx, link) : '';
  const title = t(`blogSubscriptions.confirm.${outcome}Title`);
  return (
    <Layout ctx={ctx} title={title}>
      <h1 safe>{title}</h1>
      <p safe>{t(`blogSubscriptions.confirm.${outcome}Body`, { blog })}</p>
      {link ? (
        <p>
          <a href={blogUrl(link.orgSlug, link.blogSlug)} safe>
            {t('blogSubscriptions.confirm.back', { blog })}
          </a>
        </p>
      ) : (
        ''
      )}
    </Layout>
  );
}

/** Asks before unsubscribing: a GET changes nothing, so mail scanners following links do no harm. */
export function UnsubscribePage({ ctx, view, action }: { ctx: ViewCtx; view: UnsubscribeView; action: string }): JSX.Element {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('blogSubscriptions.unsubscribe.title')}>
      <h1 safe>{t('blogSubscriptions.unsubscribe.title')}</h1>
      <p safe>{t('blogSubscriptions.unsubscribe.question', { blog: titleOf(ctx, view), email: view.maskedEmail })}</p>
      <form method="post" action={action}>
        <CsrfField token={ctx.csrfToken} />
        <button type="submit" safe>
          {t('blogSubscriptions.unsubscribe.submit')}
        </button>
      </form>
    </Layout>
  );
}

export function UnsubscribedPage({ ctx, view }: { ctx: ViewCtx; view: UnsubscribeView }): JSX.Element {
  const { t } = ctx;
  const blog = titleOf(ctx, view);
  return (
    <Layout ctx={ctx} title={t('blogSubscriptions.unsubscribe.doneTitle')}>
      <h1 safe>{t('blogSubscriptions.unsubscribe.doneTitle')}</h1>
      <p safe>{t('blogSubscriptions.unsubscribe.doneBody', { blog, email: view.maskedEmail })}</p>
      <p>
        <a href={blogUrl(view.orgSlug, view.blogSlug)} safe>
          {t('blogSubscriptions.confirm.back', { blog })}
        </a>
      </p>
    </Layout>
  );
}

export function UnsubscribeInvalidPage({ ctx }: { ctx: ViewCtx }): JSX.Element {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('blogSubscriptions.unsubscribe.invalidTitle')}>
      <h1 safe>{t('blogSubscriptions.unsubscribe.invalidTitle')}</h1>
      <p safe>{t('blogSubscriptions.unsubscribe.invalidBody')}</p>
    </Layout>
  );
}
