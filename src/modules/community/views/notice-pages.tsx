import { CsrfField, RadioGroup } from '../../../platform/views/components/form.js';
import { EMAIL_MODES, type EmailMode } from '../db/schema.js';
import { Layout } from '../../../platform/views/layout.js';
import type { ViewCtx } from '../../../platform/views/view-context.js';
import type { OrgRef } from '../db/queries/groups.js';
import { unreadText, type NoticeView } from '../presenters.js';

export function NoticesPage(p: { ctx: ViewCtx; org: OrgRef; notices: NoticeView[]; unread: number; email: EmailMode }): JSX.Element {
  const { t } = p.ctx;
  const base = `/o/${p.org.slug}/notifications`;
  return (
    <Layout ctx={p.ctx} title={t('community.notices.title')}>
      <h1 safe>{t('community.notices.title')}</h1>
      <p data-live-unread={`${base}/stream`}>
        <span data-unread-count safe>{unreadText(t, p.unread)}</span>
      </p>
      <div class="visually-hidden" role="status" aria-live="polite" data-live-announce></div>
      {p.unread > 0 ? (
        <form method="post" action={`${base}/read`} class="inline-form">
          <CsrfField token={p.ctx.csrfToken} />
          <button type="submit" class="link-button" safe>{t('community.notices.markRead')}</button>
        </form>
      ) : (
        ''
      )}
      <ol class="card-list" data-notice-list>
        {p.notices.map((n) => (
          <li class="card" data-notice-id={n.id}>
            <a href={n.href} safe>{n.text}</a>
            {n.unread ? <strong class="badge" safe>{` ${t('community.notices.new')}`}</strong> : ''}
            <p class="hint">
              <time datetime={n.atIso} safe>{n.at}</time>
            </p>
          </li>
        ))}
      </ol>
      {p.notices.length === 0 ? <p data-notice-empty safe>{t('community.notices.none')}</p> : ''}
      <section aria-labelledby="email-title">
        <h2 id="email-title" safe>{t('community.notices.emailTitle')}</h2>
        <form method="post" action={`${base}/preferences`}>
          <CsrfField token={p.ctx.csrfToken} />
          <RadioGroup t={t} name="email" legend={t('community.notices.emailLegend')} value={p.email} options={EMAIL_MODES.map((m) => ({ value: m, label: t(`community.notices.email.${m}`) }))} />
          <button type="submit" safe>{t('community.notices.emailSave')}</button>
        </form>
      </section>
      <script src="/assets/community-live.js" defer></script>
    </Layout>
  );
}
