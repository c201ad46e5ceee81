import { CsrfField } from '../../../platform/views/components/form.js';
import { Layout } from '../../../platform/views/layout.js';
import type { ViewCtx } from '../../../platform/views/view-context.js';
import type { InvitationView } from '../presenters.js';

export function InvitationPage({ ctx, invitation }: { ctx: ViewCtx; invitation: InvitationView }): JSX.Element {
  const { t } = ctx;
  const name = invitation.organization.name;
  const here = `/invitations/${invitation.token}`;
  if (invitation.state !== 'pending') {
    return (
      <Layout ctx={ctx} title={t('invitations.page.unavailableTitle')}>
        <h1 safe>{t('invitations.page.unavailableTitle')}</h1>
        <p safe>{t(`invitations.page.${invitation.state}`)}</p>
        <p safe>{t('invitations.page.askAgain')}</p>
        <p>
          <a href={`/o/${invitation.organization.slug}`} safe>{t('invitations.page.visit', { name })}</a>
        </p>
      </Layout>
    );
  }
  const title = t('invitations.page.title', { name });
  return (
    <Layout ctx={ctx} title={title}>
      <h1 safe>{title}</h1>
      <p safe>{t('invitations.page.lead', { name })}</p>
      <ul>
        {invitation.roles.map((r) => (
          <li>
            <strong safe>{t(`admin.roles.${r}`)}</strong> <span class="hint" safe>{`— ${t(`admin.roleHints.${r}`)}`}</span>
          </li>
        ))}
      </ul>
      <p safe>{t('invitations.page.expires', { date: ctx.fmt.date(invitation.expiresAt) })}</p>
      {!invitation.signedIn ? (
        <>
          <p safe>{t('invitations.page.signInPrompt')}</p>
          <p class="actions">
            <a class="button" href={`/sign-in?next=${encodeURIComponent(here)}`} safe>{t('invitations.page.signIn')}</a>{' '}
            <a class="button secondary" href={`/sign-up?next=${encodeURIComponent(here)}`} safe>{t('invitations.page.signUp')}</a>
          </p>
        </>
      ) : invitation.forThisAccount ? (
        <form method="post" action={`${here}/accept`}>
          <CsrfField token={ctx.csrfToken} />
          <button type="submit" safe>{t('invitations.page.accept')}</button>
        </form>
      ) : (
        <div class="notice" role="alert">
          <p safe>{t('invitations.page.wrongAccount')}</p>
        </div>
      )}
    </Layout>
  );
}
