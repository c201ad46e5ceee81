import { Layout } from './layout.js';
import type { ViewCtx } from './view-context.js';
import type { FieldErrors } from '../http/errors.js';
import { fieldMessage } from './components/form.js';

export function ErrorPage({ ctx, status, code, requestId, fields }: { ctx: ViewCtx; status: number; code: string; requestId?: string | undefined; fields?: FieldErrors | undefined }): JSX.Element {
  const { t } = ctx;
  const title = t(`errors.titles.${status}`, { defaultValue: t('errors.titles.default') });
  const names = Object.keys(fields ?? {});
  return (
    <Layout ctx={ctx} title={title}>
      <h1 safe>{title}</h1>
      <p safe>{t(`errors.${code}`, { defaultValue: t('errors.generic') })}</p>
      {names.length > 0 ? (
        <ul>
          {names.map((n) => (
            <li safe>{`${n}: ${fieldMessage(t, fields, n) ?? ''}`}</li>
          ))}
        </ul>
      ) : (
        ''
      )}
      {requestId ? <p class="hint" safe>{t('errors.requestId', { id: requestId })}</p> : ''}
      <p>
        <a href="/" safe>{t('errors.backHome')}</a>
      </p>
    </Layout>
  );
}
