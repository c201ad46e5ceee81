import { CsrfField } from '../../../platform/views/components/form.js';
import { Layout } from '../../../platform/views/layout.js';
import type { ViewCtx } from '../../../platform/views/view-context.js';
import type { OrgRef } from '../db/queries/programs.js';
import type { ContactView } from '../services/contacts.js';
import { PageHeader } from './page-header.js';
import { numberUrl } from './urls.js';

export function ContactsPage(p: { ctx: ViewCtx; org: OrgRef; number: { id: string; label: string }; contacts: ContactView[]; canErase: boolean }): JSX.Element {
  const { ctx } = p;
  const { t } = ctx;
  const title = t('text-giving.contacts.title', { label: p.number.label });
  return (
    <Layout ctx={ctx} title={title}>
      <PageHeader back={{ href: numberUrl(p.org.slug, p.number.id), label: t('text-giving.contacts.back') }} title={title} />
      {p.contacts.length === 0 ? (
        <p safe>{t('text-giving.contacts.none')}</p>
      ) : (
        <table>
          <caption safe>{t('text-giving.contacts.caption')}</caption>
          <thead>
            <tr>
              <th scope="col" safe>{t('text-giving.contacts.phone')}</th>
              <th scope="col" safe>{t('text-giving.contacts.state')}</th>
              <th scope="col" safe>{t('text-giving.contacts.pledges')}</th>
              <th scope="col" safe>{t('text-giving.contacts.since')}</th>
              {p.canErase ? <th scope="col" safe>{t('text-giving.keywords.actions')}</th> : ''}
            </tr>
          </thead>
          <tbody>
            {p.contacts.map((c) => (
              <tr>
                <td safe>{c.erased ? t('text-giving.contacts.erased') : c.phone}</td>
                <td safe>{t(c.optedOut ? 'text-giving.contacts.optedOut' : 'text-giving.contacts.subscribed')}</td>
                <td safe>{ctx.fmt.number(c.pledges)}</td>
                <td safe>{ctx.fmt.date(c.since)}</td>
                {p.canErase ? (
                  <td>
                    {c.erased ? (
                      ''
                    ) : (
                      <form method="post" action={`/o/${p.org.slug}/text-giving/numbers/${p.number.id}/contacts/${c.id}/erase`}>
                        <CsrfField token={ctx.csrfToken} />
                        <button type="submit" class="secondary" safe>{t('text-giving.contacts.erase', { phone: c.phone })}</button>
                      </form>
                    )}
                  </td>
                ) : (
                  ''
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
}
