import { CsrfField, ErrorSummary, TextField } from '../../../platform/views/components/form.js';
import type { FormInput } from '../../../platform/http/form-route.js';
import { Layout } from '../../../platform/views/layout.js';
import type { ViewCtx } from '../../../platform/views/view-context.js';
import type { OrgRef, Receipt, ReceiptGiftLine } from '../db/queries.js';
import type { RegisterQuery } from '../schemas.js';
import type { FieldErrors } from '../../../platform/http/errors.js';
import type { CertificateSummary } from '../signing.js';
import { myReceiptsUrl, receiptPdfUrl, receiptUrl, registerCsvUrl, registerUrl, settingsUrl, signingUrl } from './urls.js';

const str = (v: unknown) => (typeof v === 'string' ? v : v == null ? '' : String(v));
const orgName = (ctx: ViewCtx, org: { nameEn: string; nameFr: string }) => (ctx.lang === 'fr' ? org.nameFr : org.nameEn);
const day = (ctx: ViewCtx, d: string) => ctx.fmt.date(new Date(`${d}T12:00:00Z`));

function Missing({ ctx, missing }: { ctx: ViewCtx; missing: string[] }): JSX.Element {
  const { t } = ctx;
  if (missing.length === 0) return <p class="notice" safe>{t('receipting.settings.ready')}</p>;
  return (
    <div class="notice notice-warning" role="status">
      <p safe>{t('receipting.settings.notReady', { missing: missing.map((m) => t(`receipting.settings.missing.${m}`)).join(', ') })}</p>
    </div>
  );
}

/** `signing`: the signing certificate page is listed for those who may install one. */
function SubNav({ ctx, org, current, signing = false }: { ctx: ViewCtx; org: OrgRef; current: 'register' | 'settings' | 'signing'; signing?: boolean }): JSX.Element {
  const { t } = ctx;
  return (
    <nav aria-label={t('receipting.register.title')}>
      <ul class="nav-list">
        <li>
          <a href={registerUrl(org.slug)} aria-current={current === 'register' ? 'page' : undefined} safe>{t('receipting.nav.register')}</a>
        </li>
        <li>
          <a href={settingsUrl(org.slug)} aria-current={current === 'settings' ? 'page' : undefined} safe>{t('receipting.nav.settings')}</a>
        </li>
        {signing ? (
          <li>
            <a href={signingUrl(org.slug)} aria-current={current === 'signing' ? 'page' : undefined} safe>{t('receipting.nav.signing')}</a>
          </li>
        ) : (
          ''
        )}
      </ul>
    </nav>
  );
}

export const SETTINGS_FIELDS = ['legalName', 'addressLine1', 'addressLine2', 'city', 'province', 'postalCode', 'placeOfIssue', 'signatoryName', 'signatoryTitle', 'seriesPrefix'] as const;
const OPTIONAL_SETTINGS = new Set(['addressLine2', 'seriesPrefix']);

export function SettingsPage({ ctx, org, input, missing, hasSignature, hasSettings, canManageSigning = false }: { ctx: ViewCtx; org: OrgRef; input: FormInput; missing: string[]; hasSignature: boolean; hasSettings: boolean; canManageSigning?: boolean }): JSX.Element {
  const { t } = ctx;
  const title = t('receipting.settings.title');
  const labels = Object.fromEntries(SETTINGS_FIELDS.map((f) => [f, t(`receipting.settings.fields.${f}`)]));
  const hints: Record<string, string> = { placeOfIssue: t('receipting.settings.fields.placeOfIssueHint'), seriesPrefix: t('receipting.settings.fields.seriesPrefixHint') };
  return (
    <Layout ctx={ctx} title={title}>
      <h1 safe>{`${title} — ${orgName(ctx, org)}`}</h1>
      <SubNav ctx={ctx} org={org} current="settings" signing={canManageSigning} />
      <p safe>{t('receipting.settings.intro')}</p>
      <p safe>{org.craRegistrationNumber ? t('receipting.settings.registrationNumber', { number: org.craRegistrationNumber }) : t('receipting.settings.noRegistrationNumber')}</p>
      <Missing ctx={ctx} missing={missing} />
      <ErrorSummary t={t} errors={input.errors} labels={labels} />
      <form method="post" action={settingsUrl(org.slug)} novalidate>
        <CsrfField token={ctx.csrfToken} />
        {SETTINGS_FIELDS.map((f) => (
          <TextField t={t} name={f} label={labels[f]!} hint={hints[f]} value={str(input.values[f])} errors={input.errors} required={!OPTIONAL_SETTINGS.has(f)} maxlength={f === 'seriesPrefix' ? 8 : 200} />
        ))}
        <button type="submit" safe>{t('receipting.settings.submit')}</button>
      </form>
      <section aria-labelledby="signature-title">
        <h2 id="signature-title" safe>{t('receipting.settings.signature.title')}</h2>
        <p safe>{hasSignature ? t('receipting.settings.signature.onFile') : t('receipting.settings.signature.none')}</p>
        {hasSettings ? (
          <>
            <form method="post" action={`${settingsUrl(org.slug)}/signature?_csrf=${encodeURIComponent(ctx.csrfToken)}`} enctype="multipart/form-data" novalidate>
              <TextField t={t} name="signature" type="file" label={t('receipting.settings.signature.file')} hint={t('receipting.settings.signature.hint')} errors={input.errors} accept="image/png,image/jpeg,image/webp,image/gif" required />
              <button type="submit" safe>{t('receipting.settings.signature.upload')}</button>
            </form>
            {hasSignature ? (
              <form method="post" action={`${settingsUrl(org.slug)}/signature/remove`}>
                <CsrfField token={ctx.csrfToken} />
                <button type="submit" class="secondary" safe>{t('receipting.settings.signature.remove')}</button>
              </form>
            ) : (
              ''
            )}
          </>
        ) : (
          <p class="hint" safe>{t('receipting.settings.signature.saveFirst')}</p>
        )}
      </section>
    </Layout>
  );
}

export type CurrentSigningKey = CertificateSummary & { selfSigned: boolean; installedAt: Date };

/** The organization's signing certificate, and the form an administrator installs a CA-issued one with. */
export function SigningPage({ ctx, org, current, errors }: { ctx: ViewCtx; org: OrgRef; current: CurrentSigningKey | null; errors?: FieldErrors | undefined }): JSX.Element {
  const { t, fmt } = ctx;
  const title = t('receipting.signing.title');
  const labels = { certificate: t('receipting.signing.fields.certificate'), passphrase: t('receipting.signing.fields.passphrase') };
  return (
    <Layout ctx={ctx} title={title}>
      <h1 safe>{`${title} — ${orgName(ctx, org)}`}</h1>
      <SubNav ctx={ctx} org={org} current="signing" signing />
      <p safe>{t('receipting.signing.intro')}</p>
      <section aria-labelledby="current-title">
        <h2 id="current-title" safe>{t('receipting.signing.current')}</h2>
        {current ? (
          <dl>
            <dt safe>{t('receipting.signing.kind')}</dt>
            <dd safe>{current.selfSigned ? t('receipting.signing.selfSigned') : t('receipting.signing.caIssued')}</dd>
            <dt safe>{t('receipting.signing.subject')}</dt>
            <dd safe>{current.subjectCommonName ?? '—'}</dd>
            <dt safe>{t('receipting.signing.issuer')}</dt>
            <dd safe>{current.issuer}</dd>
            <dt safe>{t('receipting.signing.validFrom')}</dt>
            <dd safe>{fmt.dateTime(current.validFrom)}</dd>
            <dt safe>{t('receipting.signing.validTo')}</dt>
            <dd safe>{fmt.dateTime(current.validTo)}</dd>
            <dt safe>{t('receipting.signing.fingerprint')}</dt>
            <dd>
              <code class="fingerprint" safe>{current.sha256Fingerprint}</code>
            </dd>
          </dl>
        ) : (
          <p safe>{t('receipting.signing.none')}</p>
        )}
      </section>
      <section aria-labelledby="install-title">
        <h2 id="install-title" safe>{t('receipting.signing.install')}</h2>
        <p safe>{t('receipting.signing.installIntro')}</p>
        <ErrorSummary t={t} errors={errors} labels={labels} />
        <form method="post" action={`${signingUrl(org.slug)}?_csrf=${encodeURIComponent(ctx.csrfToken)}`} enctype="multipart/form-data" novalidate>
          <TextField t={t} name="certificate" type="file" label={labels.certificate} hint={t('receipting.signing.fields.certificateHint')} errors={errors} accept=".p12,.pfx,application/x-pkcs12" required />
          <TextField t={t} name="passphrase" type="password" label={labels.passphrase} hint={t('receipting.signing.fields.passphraseHint')} errors={errors} autocomplete="off" maxlength={1024} required />
          <button type="submit" safe>{t('receipting.signing.submit')}</button>
        </form>
      </section>
    </Layout>
  );
}

export function RegisterPage({ ctx, org, receipts, query, hasMore, missing }: { ctx: ViewCtx; org: OrgRef; receipts: Receipt[]; query: RegisterQuery; hasMore: boolean; missing: string[] }): JSX.Element {
  const { t, fmt } = ctx;
  const title = t('receipting.register.title');
  const params = (page: number) => {
    const p = new URLSearchParams();
    if (query.year) p.set('year', String(query.year));
    if (query.status) p.set('status', query.status);
    if (query.q) p.set('q', query.q);
    if (page > 1) p.set('page', String(page));
    const s = p.toString();
    return s ? `?${s}` : '';
  };
  return (
    <Layout ctx={ctx} title={title}>
      <h1 safe>{`${title} — ${orgName(ctx, org)}`}</h1>
      <SubNav ctx={ctx} org={org} current="register" />
      {missing.length ? <Missing ctx={ctx} missing={missing} /> : ''}
      <form method="get" action={registerUrl(org.slug)} role="search" aria-label={t('receipting.register.filters')}>
        <TextField t={t} name="year" type="number" inputmode="numeric" label={t('receipting.register.year')} value={query.year ? String(query.year) : ''} />
        <div class="field">
          <label for="f-status" safe>{t('receipting.register.status')}</label>
          <select id="f-status" name="status">
            <option value="" safe>{t('receipting.register.anyStatus')}</option>
            {(['issued', 'cancelled'] as const).map((s) => (
              <option value={s} selected={query.status === s} safe>{t(`receipting.status.${s}`)}</option>
            ))}
          </select>
        </div>
        <TextField t={t} name="q" label={t('receipting.register.q')} value={query.q ?? ''} maxlength={100} />
        <button type="submit" safe>{t('receipting.register.apply')}</button>
      </form>
      <p>
        <a href={`${registerCsvUrl(org.slug)}${params(1)}`} download="" safe>{t('receipting.register.export')}</a>
      </p>
      {receipts.length === 0 ? (
        <p safe>{t('receipting.register.none')}</p>
      ) : (
        <table>
          <caption safe>{t('receipting.register.caption')}</caption>
          <thead>
            <tr>
              {(['serial', 'issued', 'donor', 'amount', 'advantage', 'eligible', 'status', 'replaces'] as const).map((c) => (
                <th scope="col" safe>{t(`receipting.register.columns.${c}`)}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {receipts.map((r) => (
              <tr>
                <th scope="row">
                  <a href={receiptUrl(org.slug, r.id)} safe>{r.serial}</a>
                </th>
                <td safe>{day(ctx, r.issuedOn)}</td>
                <td safe>{r.donorFullName}</td>
                <td safe>{fmt.money(r.amountCents)}</td>
                <td safe>{fmt.money(r.advantageCents)}</td>
                <td safe>{fmt.money(r.eligibleAmountCents)}</td>
                <td safe>{t(`receipting.status.${r.status}`)}</td>
                <td safe>{r.replacesSerial ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {query.page > 1 || hasMore ? (
        <nav aria-label={t('receipting.register.pagination')}>
          {query.page > 1 ? <a href={`${registerUrl(org.slug)}${params(query.page - 1)}`} rel="prev" safe>{t('receipting.register.previous')}</a> : ''}{' '}
          {hasMore ? <a href={`${registerUrl(org.slug)}${params(query.page + 1)}`} rel="next" safe>{t('receipting.register.next')}</a> : ''}
        </nav>
      ) : (
        ''
      )}
    </Layout>
  );
}

export const REPLACE_FIELDS = ['fullName', 'addressLine1', 'addressLine2', 'city', 'province', 'postalCode', 'country', 'reason'] as const;

export const replaceValues = (r: Receipt) => ({
  fullName: r.donorFullName,
  addressLine1: r.donorAddressLines[0] ?? '',
  addressLine2: r.donorAddressLines.slice(1).join(', '),
  city: r.donorCity,
  province: r.donorProvince,
  postalCode: r.donorPostalCode,
  country: r.donorCountry,
  reason: '',
});

export function ReceiptPage(p: { ctx: ViewCtx; org: OrgRef; receipt: Receipt; gifts: ReceiptGiftLine[]; deliveries: { toAddress: string; createdAt: Date }[]; replacedBy: Receipt | undefined; input: FormInput }): JSX.Element {
  const { ctx, org, receipt: r } = p;
  const { t, fmt } = ctx;
  const title = t('receipting.receipt.title', { serial: r.serial });
  const labels = Object.fromEntries(REPLACE_FIELDS.map((f) => [f, t(`receipting.receipt.fields.${f}`)]));
  return (
    <Layout ctx={ctx} title={title}>
      <h1 safe>{title}</h1>
      <SubNav ctx={ctx} org={org} current="register" />
      {r.status === 'cancelled' ? <p class="notice notice-warning" safe>{t('receipting.receipt.cancelledNotice')}</p> : ''}
      <p>
        <a href={receiptPdfUrl(org.slug, r.id)} safe>{t('receipting.receipt.download')}</a>
      </p>
      <h2 safe>{t('receipting.receipt.details')}</h2>
      <dl>
        <dt safe>{t('receipting.receipt.status')}</dt>
        <dd safe>{`${t(`receipting.status.${r.status}`)} · ${t(`receipting.kind.${r.kind === 'annual' ? 'annual' : r.giftKind}`)}`}</dd>
        <dt safe>{t('receipting.receipt.issued')}</dt>
        <dd safe>{day(ctx, r.issuedOn)}</dd>
        <dt safe>{t('receipting.receipt.received')}</dt>
        <dd safe>{r.receivedOn ? day(ctx, r.receivedOn) : String(r.receivedYear)}</dd>
        <dt safe>{t('receipting.receipt.donor')}</dt>
        <dd safe>{[r.donorFullName, ...r.donorAddressLines, `${r.donorCity} ${r.donorProvince} ${r.donorPostalCode}`, r.donorCountry].join(', ')}</dd>
        <dt safe>{t('receipting.receipt.email')}</dt>
        <dd safe>{r.donorEmail ?? t('receipting.receipt.noEmail')}</dd>
        <dt safe>{t('receipting.receipt.amount')}</dt>
        <dd safe>{fmt.money(r.amountCents)}</dd>
        <dt safe>{t('receipting.receipt.advantage')}</dt>
        <dd safe>{`${fmt.money(r.advantageCents)}${r.advantageDescription ? ` — ${r.advantageDescription}` : ''}`}</dd>
        <dt safe>{t('receipting.receipt.eligible')}</dt>
        <dd safe>{fmt.money(r.eligibleAmountCents)}</dd>
        {r.replacesSerial ? (
          <>
            <dt safe>{t('receipting.receipt.replaces')}</dt>
            <dd>
              <a href={receiptUrl(org.slug, r.replacesReceiptId!)} safe>{r.replacesSerial}</a>
            </dd>
            <dt safe>{t('receipting.receipt.reason')}</dt>
            <dd safe>{r.replacementReason ?? ''}</dd>
          </>
        ) : (
          ''
        )}
        {p.replacedBy ? (
          <>
            <dt safe>{t('receipting.receipt.replacedBy')}</dt>
            <dd>
              <a href={receiptUrl(org.slug, p.replacedBy.id)} safe>{p.replacedBy.serial}</a>
            </dd>
          </>
        ) : (
          ''
        )}
      </dl>
      {r.kind === 'annual' ? (
        <>
          <h2 safe>{t('receipting.receipt.gifts')}</h2>
          <ul>
            {p.gifts.map((g) => (
              <li safe>{`${day(ctx, g.receivedOn)} — ${fmt.money(g.amountCents)}`}</li>
            ))}
          </ul>
        </>
      ) : (
        ''
      )}
      <h2 safe>{t('receipting.receipt.deliveries')}</h2>
      {p.deliveries.length === 0 ? (
        <p safe>{t('receipting.receipt.noDeliveries')}</p>
      ) : (
        <ul>
          {p.deliveries.map((d) => (
            <li safe>{`${d.toAddress} — ${fmt.dateTime(d.createdAt)}`}</li>
          ))}
        </ul>
      )}
      {r.status === 'issued' && r.donorEmail ? (
        <form method="post" action={`${receiptUrl(org.slug, r.id)}/send`}>
          <CsrfField token={ctx.csrfToken} />
          <button type="submit" class="secondary" safe>{t('receipting.receipt.resend')}</button>
        </form>
      ) : (
        ''
      )}
      {r.status === 'issued' ? (
        <section aria-labelledby="replace-title">
          <h2 id="replace-title" safe>{t('receipting.receipt.replaceTitle')}</h2>
          <p safe>{t('receipting.receipt.replaceIntro')}</p>
          <ErrorSummary t={t} errors={p.input.errors} labels={labels} />
          <form method="post" action={`${receiptUrl(org.slug, r.id)}/replace`} novalidate>
            <CsrfField token={ctx.csrfToken} />
            {REPLACE_FIELDS.map((f) => (
              <TextField t={t} name={f} label={labels[f]!} value={str(p.input.values[f])} errors={p.input.errors} required={f !== 'addressLine2'} maxlength={f === 'reason' ? 500 : 200} />
            ))}
            <button type="submit" class="danger" safe>{t('receipting.receipt.replaceSubmit')}</button>
          </form>
        </section>
      ) : (
        ''
      )}
    </Layout>
  );
}

export function MyReceiptsPage({ ctx, receipts }: { ctx: ViewCtx; receipts: (Receipt & { orgSlug: string })[] }): JSX.Element {
  const { t, fmt } = ctx;
  const title = t('receipting.mine.title');
  return (
    <Layout ctx={ctx} title={title}>
      <h1 safe>{title}</h1>
      {receipts.length === 0 ? (
        <p safe>{t('receipting.mine.none')}</p>
      ) : (
        <table>
          <caption safe>{t('receipting.mine.caption')}</caption>
          <thead>
            <tr>
              {(['serial', 'charity', 'issued', 'eligible', 'status', 'download'] as const).map((c) => (
                <th scope="col" safe>{t(`receipting.mine.columns.${c}`)}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {receipts.map((r) => (
              <tr>
                <th scope="row" safe>{r.serial}</th>
                <td safe>{r.charityName}</td>
                <td safe>{day(ctx, r.issuedOn)}</td>
                <td safe>{fmt.money(r.eligibleAmountCents)}</td>
                <td safe>{t(`receipting.status.${r.status}`)}</td>
                <td>
                  <a href={receiptPdfUrl(r.orgSlug, r.id)} aria-label={t('receipting.mine.downloadNamed', { serial: r.serial })} safe>{t('receipting.mine.download')}</a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
}

export { myReceiptsUrl };
