import type { FieldErrors } from '../../../platform/http/errors.js';
import { ErrorSummary, fieldId, fieldMessage } from '../../../platform/views/components/form.js';
import { Layout } from '../../../platform/views/layout.js';
import type { ViewCtx } from '../../../platform/views/view-context.js';
import type { OrgRef } from '../db/queries/programs.js';
import type { SettlementReport } from '../services/settlements.js';
import { PageHeader } from './page-header.js';
import { programUrl } from './urls.js';

export function SettlementsPage(p: { ctx: ViewCtx; org: OrgRef; report: SettlementReport | null; errors?: FieldErrors }): JSX.Element {
  const { ctx } = p;
  const { t } = ctx;
  const title = t('text-giving.settlements.title');
  const id = fieldId('file');
  const message = fieldMessage(t, p.errors, 'file');
  const r = p.report;
  return (
    <Layout ctx={ctx} title={title}>
      <PageHeader back={{ href: programUrl(p.org.slug), label: t('text-giving.number.back') }} title={title} />
      {r ? (
        <section aria-labelledby="report-title">
          <h2 id="report-title" safe>{t('text-giving.settlements.reportTitle')}</h2>
          <ul>
            <li safe>{t('text-giving.settlements.rows', { count: r.rows })}</li>
            <li safe>{t('text-giving.settlements.paid', { count: r.paid })}</li>
            <li safe>{t('text-giving.settlements.failed', { count: r.failed })}</li>
            <li safe>{t('text-giving.settlements.alreadySettled', { count: r.alreadySettled })}</li>
            <li safe>{t('text-giving.settlements.unmatched', { count: r.unmatched.length })}</li>
          </ul>
          {r.unmatched.length > 0 ? (
            <table>
              <caption safe>{t('text-giving.settlements.unmatchedCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col" safe>{t('text-giving.settlements.line')}</th>
                  <th scope="col" safe>{t('text-giving.settlements.reference')}</th>
                  <th scope="col" safe>{t('text-giving.settlements.reason')}</th>
                </tr>
              </thead>
              <tbody>
                {r.unmatched.map((u) => (
                  <tr>
                    <td safe>{ctx.fmt.number(u.line)}</td>
                    <td safe>{u.reference}</td>
                    <td safe>{t(`text-giving.settlements.reasons.${u.reason}`)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            ''
          )}
        </section>
      ) : (
        ''
      )}
      <ErrorSummary t={t} errors={p.errors} labels={{ file: t('text-giving.settlements.file') }} />
      <form method="post" action={`/o/${p.org.slug}/text-giving/settlements?_csrf=${encodeURIComponent(ctx.csrfToken)}`} enctype="multipart/form-data" novalidate>
        <div class={message ? 'field field-error' : 'field'}>
          <label for={id} safe>{t('text-giving.settlements.file')}</label>
          <p class="hint" id={`${id}-hint`} safe>{t('text-giving.settlements.hint')}</p>
          {message ? (
            <p class="error-message" id={`${id}-error`} safe>
              {message}
            </p>
          ) : (
            ''
          )}
          <input type="file" id={id} name="file" accept=".csv,text/csv" required aria-describedby={message ? `${id}-hint ${id}-error` : `${id}-hint`} aria-invalid={message ? 'true' : undefined} />
        </div>
        <button type="submit" safe>{t('text-giving.settlements.import')}</button>
      </form>
    </Layout>
  );
}
