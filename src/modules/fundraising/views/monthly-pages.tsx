import type { FormInput } from '../../../platform/http/form-route.js';
import { CsrfField, ErrorSummary, PostButton, RadioGroup, TextField } from '../../../platform/views/components/form.js';
import { Layout } from '../../../platform/views/layout.js';
import type { ViewCtx } from '../../../platform/views/view-context.js';
import { dayAsDate, isoDay } from '../days.js';
import type { MonthlyListRow } from '../db/monthly-queries.js';
import type { OrgRef } from '../db/queries.js';
import type { CampaignRow, GiftRow, MonthlyChangeRow, MonthlyGiftRow } from '../db/schema.js';
import { campaignTitle, fundraisingHead, orgName, ProgressBar, str, TestModeBanner } from './common.js';
import { campaignUrl, manageMonthlyUrl, monthlyTestCheckoutUrl, myMonthlyUrl, newManageLinkUrl, staffMonthlyUrl } from './urls.js';

const K = 'fundraising-monthly';

/** On the gift form: one gift or every month, and (monthly) the annual-receipt choice. Plain HTML. */
export function FrequencyFields({ ctx, input, labels }: { ctx: ViewCtx; input: FormInput; labels: Record<string, string> }): JSX.Element {
  const { t } = ctx;
  const v = input.values;
  return (
    <>
      <RadioGroup
        t={t}
        name="frequency"
        legend={labels.frequency!}
        value={str(v.frequency) ?? 'one_time'}
        errors={input.errors}
        options={[
          { value: 'one_time', label: t(`${K}.frequency.one_time`) },
          { value: 'monthly', label: t(`${K}.frequency.monthly`) },
        ]}
      />
      <div class="field choice">
        <input type="checkbox" id="f-annualReceipt" name="annualReceipt" value="on" checked={v.annualReceipt === 'on'} aria-describedby="f-annualReceipt-hint" />
        <label for="f-annualReceipt" safe>
          {labels.annualReceipt}
        </label>
        <p class="hint" id="f-annualReceipt-hint" safe>
          {t(`${K}.annualReceiptHint`)}
        </p>
      </div>
    </>
  );
}

const statusText = (ctx: ViewCtx, m: Pick<MonthlyGiftRow, 'status'>) => ctx.t(`${K}.status.${m.status}`);

type PageProps = { ctx: ViewCtx; org: OrgRef; campaign: CampaignRow; monthly: MonthlyGiftRow; token: string; testMode: boolean };

/** The test gateway's page for starting a monthly gift: nothing is charged. */
export function MonthlyTestCheckoutPage({ ctx, org, campaign, monthly, token }: PageProps): JSX.Element {
  const { t, fmt } = ctx;
  const title = t(`${K}.test.checkoutTitle`);
  return (
    <Layout ctx={ctx} title={title} head={fundraisingHead}>
      <TestModeBanner ctx={ctx} />
      <h1 safe>{title}</h1>
      <p safe>{t(`${K}.test.checkoutLead`, { amount: fmt.money(monthly.amountCents), campaign: campaignTitle(ctx, campaign), org: orgName(ctx, org) })}</p>
      {monthly.status === 'pending' ? (
        <form method="post" action={monthlyTestCheckoutUrl(org.slug, campaign.slug, monthly.id, token)}>
          <CsrfField token={ctx.csrfToken} />
          <input type="hidden" name="t" value={token} />
          <button type="submit" name="result" value="paid" safe>
            {t(`${K}.test.pay`, { amount: fmt.money(monthly.amountCents) })}
          </button>{' '}
          <button type="submit" name="result" value="declined" class="secondary" safe>
            {t('fundraising.test.decline')}
          </button>
        </form>
      ) : (
        <p safe>{statusText(ctx, monthly)}</p>
      )}
    </Layout>
  );
}

/** After the payment page: thanks once the verified event started the monthly gift. */
export function MonthlyThanksPage({ ctx, org, campaign, monthly, testMode }: PageProps): JSX.Element {
  const { t, fmt } = ctx;
  const started = monthly.status !== 'pending' && monthly.status !== 'cancelled';
  const title = started ? t(`${K}.thanks.title`, { name: monthly.donorFirstName }) : t('fundraising.thanks.pendingTitle');
  return (
    <Layout ctx={ctx} title={title} head={fundraisingHead}>
      {testMode || monthly.gateway === 'test' ? <TestModeBanner ctx={ctx} /> : ''}
      <h1 safe>{title}</h1>
      <p safe>{started ? t(`${K}.thanks.lead`, { amount: fmt.money(monthly.amountCents), campaign: campaignTitle(ctx, campaign) }) : statusText(ctx, monthly)}</p>
      {started ? <p safe>{t(monthly.receiptAnnually ? `${K}.thanks.annualReceipt` : `${K}.thanks.monthlyReceipt`, { email: monthly.donorEmail })}</p> : ''}
      {started ? <p safe>{t(monthly.accountId ? `${K}.thanks.manage` : `${K}.thanks.manageGuest`)}</p> : ''}
      {started && monthly.accountId ? (
        <p>
          <a href={manageMonthlyUrl(monthly.id)} safe>
            {t(`${K}.account.manageLink`)}
          </a>
        </p>
      ) : (
        ''
      )}
      {started && !monthly.accountId ? (
        <p>
          <a href={newManageLinkUrl(org.slug)} safe>
            {t(`${K}.newLink.ask`)}
          </a>
        </p>
      ) : (
        ''
      )}
      <ProgressBar ctx={ctx} raisedCents={campaign.raisedCents} goalCents={campaign.goalCents} id="campaign-progress" />
      <p>
        <a href={campaignUrl(org.slug, campaign.slug)} safe>
          {t('fundraising.thanks.back', { campaign: campaignTitle(ctx, campaign) })}
        </a>
      </p>
    </Layout>
  );
}

const title = (ctx: ViewCtx, m: Pick<MonthlyListRow, 'campaignTitleEn' | 'campaignTitleFr'>) => (ctx.lang === 'fr' ? m.campaignTitleFr : m.campaignTitleEn);

/** The donor's monthly gifts, in their account. */
export function MyMonthlyGiftsPage({ ctx, monthly }: { ctx: ViewCtx; monthly: MonthlyListRow[] }): JSX.Element {
  const { t, fmt } = ctx;
  const heading = t(`${K}.account.title`);
  return (
    <Layout ctx={ctx} title={heading} head={fundraisingHead}>
      <p class="back-link">
        <a href="/account/giving" safe>
          {t(`${K}.account.back`)}
        </a>
      </p>
      <h1 safe>{heading}</h1>
      {monthly.length === 0 ? (
        <p safe>{t(`${K}.account.empty`)}</p>
      ) : (
        <table class="figures">
          <caption safe>{t(`${K}.account.caption`)}</caption>
          <thead>
            <tr>
              <th scope="col" safe>{t('fundraising.account.campaign')}</th>
              <th scope="col" safe>{t(`${K}.account.amount`)}</th>
              <th scope="col" safe>{t('fundraising.account.status')}</th>
              <th scope="col" safe>{t(`${K}.account.manage`)}</th>
            </tr>
          </thead>
          <tbody>
            {monthly.map((m) => (
              <tr>
                <td safe>{title(ctx, m)}</td>
                <td safe>{fmt.money(m.amountCents)}</td>
                <td safe>{statusText(ctx, m)}</td>
                <td>
                  <a href={manageMonthlyUrl(m.id)} aria-label={t(`${K}.account.manageOne`, { campaign: title(ctx, m), amount: fmt.money(m.amountCents) })} safe>
                    {t(`${K}.account.manage`)}
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
}

export type ManageProps = {
  ctx: ViewCtx;
  monthly: MonthlyGiftRow;
  campaign: { slug: string; titleEn: string; titleFr: string };
  changes: MonthlyChangeRow[];
  gifts: GiftRow[];
  testMode: boolean;
  input: FormInput;
  /** A guest's page, opened by the signed link of their e-mail: its forms post under that link. */
  guestUrl?: string | undefined;
};

/** One monthly gift: change the amount, pause, resume, cancel, the receipt choice; its history. */
export function ManageMonthlyPage({ ctx, monthly, campaign, changes, gifts, testMode, input, guestUrl }: ManageProps): JSX.Element {
  const { t, fmt } = ctx;
  const heading = t(`${K}.manage.title`, { campaign: campaignTitle(ctx, campaign) });
  const url = guestUrl ?? manageMonthlyUrl(monthly.id);
  const open = monthly.status !== 'cancelled' && monthly.status !== 'pending';
  const labels = { amount: t(`${K}.manage.newAmount`), annualReceipt: t(`${K}.fields.annualReceipt`), monthly: t(`${K}.manage.stateField`) };
  return (
    <Layout ctx={ctx} title={heading} head={fundraisingHead}>
      {testMode || monthly.gateway === 'test' ? <TestModeBanner ctx={ctx} /> : ''}
      {guestUrl ? (
        ''
      ) : (
        <p class="back-link">
          <a href={myMonthlyUrl} safe>
            {t(`${K}.manage.back`)}
          </a>
        </p>
      )}
      <h1 safe>{heading}</h1>
      <ErrorSummary t={t} errors={input.errors} labels={labels} />
      {guestUrl ? <p safe>{t(`${K}.manage.guestNote`)}</p> : ''}
      <p safe>{t(`${K}.manage.summary`, { amount: fmt.money(monthly.amountCents), status: statusText(ctx, monthly) })}</p>
      {open ? (
        <>
          <section aria-labelledby="amount-title">
            <h2 id="amount-title" safe>
              {t(`${K}.manage.amountTitle`)}
            </h2>
            <form method="post" action={`${url}/amount`} novalidate>
              <CsrfField token={ctx.csrfToken} />
              <TextField t={t} name="amount" label={labels.amount} hint={t(`${K}.manage.amountHint`)} value={str(input.values.amount) ?? String(monthly.amountCents / 100)} errors={input.errors} required maxlength={20} />
              <button type="submit" safe>
                {t(`${K}.manage.saveAmount`)}
              </button>
            </form>
          </section>
          <section aria-labelledby="state-title">
            <h2 id="state-title" safe>
              {t(`${K}.manage.stateTitle`)}
            </h2>
            {input.errors?.monthly ? (
              <p class="error-message" id="f-monthly" safe>
                {t(`validation.${input.errors.monthly.code}`)}
              </p>
            ) : (
              ''
            )}
            <p>
              {monthly.status === 'paused' ? (
                <PostButton action={`${url}/resume`} csrfToken={ctx.csrfToken} label={t(`${K}.manage.resume`)} />
              ) : (
                <PostButton action={`${url}/pause`} csrfToken={ctx.csrfToken} label={t(`${K}.manage.pause`)} variant="secondary" />
              )}{' '}
              <PostButton action={`${url}/cancel`} csrfToken={ctx.csrfToken} label={t(`${K}.manage.cancel`)} variant="danger" />
            </p>
            <p class="hint" safe>
              {t(`${K}.manage.cancelHint`)}
            </p>
          </section>
          <section aria-labelledby="receipt-title">
            <h2 id="receipt-title" safe>
              {t(`${K}.manage.receiptTitle`)}
            </h2>
            <form method="post" action={`${url}/receipts`}>
              <CsrfField token={ctx.csrfToken} />
              <div class="field choice">
                <input type="checkbox" id="f-annualReceipt" name="annualReceipt" value="on" checked={monthly.receiptAnnually} aria-describedby="f-annualReceipt-hint" />
                <label for="f-annualReceipt" safe>
                  {labels.annualReceipt}
                </label>
                <p class="hint" id="f-annualReceipt-hint" safe>
                  {t(`${K}.annualReceiptHint`)}
                </p>
              </div>
              <button type="submit" class="secondary" safe>
                {t(`${K}.manage.saveReceipt`)}
              </button>
            </form>
          </section>
          {monthly.gateway === 'test' && (monthly.status === 'active' || monthly.status === 'past_due') ? (
            <section aria-labelledby="test-title" class="test-mode">
              <h2 id="test-title" safe>
                {t(`${K}.test.chargeTitle`)}
              </h2>
              <p safe>{t(`${K}.test.chargeHint`)}</p>
              <PostButton action={`${url}/test-charge`} csrfToken={ctx.csrfToken} label={t(`${K}.test.chargeNow`, { amount: fmt.money(monthly.amountCents) })} variant="secondary" />
            </section>
          ) : (
            ''
          )}
        </>
      ) : (
        ''
      )}
      <section aria-labelledby="gifts-title">
        <h2 id="gifts-title" safe>
          {t(`${K}.manage.giftsTitle`)}
        </h2>
        {gifts.length === 0 ? (
          <p safe>{t(`${K}.manage.noGifts`)}</p>
        ) : (
          <ul>
            {gifts.map((g) => (
              <li safe>{`${fmt.date(dayAsDate(isoDay(g.receivedOn)))} — ${fmt.money(g.amountCents)} — ${t(`fundraising.account.statuses.${g.status}`)}`}</li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="history-title">
        <h2 id="history-title" safe>
          {t(`${K}.manage.historyTitle`)}
        </h2>
        <ul>
          {changes.map((c) => (
            <li safe>{`${fmt.dateTime(c.createdAt)} — ${t(`${K}.changes.${c.kind}`, { from: fmt.money(c.fromAmountCents ?? 0), to: fmt.money(c.toAmountCents ?? 0) })}`}</li>
          ))}
        </ul>
      </section>
    </Layout>
  );
}

/** The foundation's monthly gifts and the yearly run of annual receipts. */
export function StaffMonthlyPage({ ctx, org, monthly, input, testMode }: { ctx: ViewCtx; org: OrgRef; monthly: MonthlyListRow[]; input: FormInput; testMode: boolean }): JSX.Element {
  const { t, fmt } = ctx;
  const heading = t(`${K}.staff.title`);
  const labels = { year: t(`${K}.staff.year`) };
  const lastYear = String(Number(new Date().getUTCFullYear()) - 1);
  return (
    <Layout ctx={ctx} title={heading} head={fundraisingHead}>
      {testMode ? <TestModeBanner ctx={ctx} /> : ''}
      <h1 safe>{heading}</h1>
      <section aria-labelledby="annual-title">
        <h2 id="annual-title" safe>
          {t(`${K}.staff.annualTitle`)}
        </h2>
        <p safe>{t(`${K}.staff.annualLead`)}</p>
        <ErrorSummary t={t} errors={input.errors} labels={labels} />
        <form method="post" action={`${staffMonthlyUrl(org.slug)}/annual-receipts`} novalidate>
          <CsrfField token={ctx.csrfToken} />
          <TextField t={t} name="year" label={labels.year} value={str(input.values.year) ?? lastYear} errors={input.errors} required inputmode="numeric" maxlength={4} />
          <button type="submit" safe>
            {t(`${K}.staff.annualSubmit`)}
          </button>
        </form>
      </section>
      <section aria-labelledby="list-title">
        <h2 id="list-title" safe>
          {t(`${K}.staff.listTitle`)}
        </h2>
        {monthly.length === 0 ? (
          <p safe>{t(`${K}.staff.empty`)}</p>
        ) : (
          <table class="figures">
            <caption safe>{t(`${K}.staff.caption`)}</caption>
            <thead>
              <tr>
                <th scope="col" safe>{t(`${K}.staff.donor`)}</th>
                <th scope="col" safe>{t('fundraising.account.campaign')}</th>
                <th scope="col" safe>{t(`${K}.account.amount`)}</th>
                <th scope="col" safe>{t('fundraising.account.status')}</th>
                <th scope="col" safe>{t(`${K}.staff.receipts`)}</th>
                <th scope="col" safe>{t(`${K}.staff.charges`)}</th>
              </tr>
            </thead>
            <tbody>
              {monthly.map((m) => (
                <tr>
                  <td safe>{`${m.donorFirstName} ${m.donorLastName}`}</td>
                  <td safe>{title(ctx, m)}</td>
                  <td safe>{fmt.money(m.amountCents)}</td>
                  <td safe>{statusText(ctx, m)}</td>
                  <td safe>{t(m.receiptAnnually ? `${K}.staff.annual` : `${K}.staff.eachMonth`)}</td>
                  <td safe>{fmt.number(m.chargeCount)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </Layout>
  );
}

/** A guest's manage link that was altered, or is past its date: nothing is shown or changed. */
/** `orgSlug`: the organization of the monthly gift the link names, when known, for the form that sends a new link. */
export function ManageLinkRefusedPage({ ctx, reason, orgSlug }: { ctx: ViewCtx; reason: 'invalid' | 'expired'; orgSlug?: string | undefined }): JSX.Element {
  const { t } = ctx;
  const title = t(`${K}.link.${reason}Title`);
  return (
    <Layout ctx={ctx} title={title} head={fundraisingHead}>
      <h1 safe>{title}</h1>
      <p safe>{t(`${K}.link.${reason}Body`)}</p>
      {orgSlug ? (
        <p>
          <a href={newManageLinkUrl(orgSlug)} safe>
            {t(`${K}.newLink.ask`)}
          </a>
        </p>
      ) : (
        ''
      )}
      <p safe>{t(`${K}.link.help`)}</p>
    </Layout>
  );
}

/** A guest asks for a new link to manage their monthly gift; the answer is the same whether one exists or not. */
export function NewManageLinkPage({ ctx, org, input, sent = false }: { ctx: ViewCtx; org: OrgRef; input: FormInput; sent?: boolean }): JSX.Element {
  const { t } = ctx;
  const title = t(`${K}.newLink.title`);
  const labels = { email: t(`${K}.newLink.email`) };
  return (
    <Layout ctx={ctx} title={title} head={fundraisingHead}>
      <h1 safe>{`${title} — ${orgName(ctx, org)}`}</h1>
      {sent ? (
        <div class="notice" role="status">
          <p safe>{t(`${K}.newLink.sent`)}</p>
        </div>
      ) : (
        ''
      )}
      <p safe>{t(`${K}.newLink.intro`)}</p>
      <ErrorSummary t={t} errors={input.errors} labels={labels} />
      <form method="post" action={newManageLinkUrl(org.slug)} novalidate>
        <CsrfField token={ctx.csrfToken} />
        <TextField t={t} name="email" type="email" label={labels.email} hint={t(`${K}.newLink.emailHint`)} value={sent ? '' : str(input.values.email)} errors={input.errors} required autocomplete="email" maxlength={254} />
        <button type="submit" safe>{t(`${K}.newLink.submit`)}</button>
      </form>
      <p safe>{t(`${K}.link.help`)}</p>
    </Layout>
  );
}
