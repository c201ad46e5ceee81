import type { FormInput } from '../../../platform/http/form-route.js';
import { CsrfField, ErrorSummary } from '../../../platform/views/components/form.js';
import { Layout } from '../../../platform/views/layout.js';
import type { ViewCtx } from '../../../platform/views/view-context.js';
import type { OrgRef } from '../db/queries/programs.js';
import type { PledgeView } from '../services/pledges.js';
import { PageHeader } from './page-header.js';
import { labelsOf, ReceiptDonorFieldset } from './receipt-pages.js';
import { numberUrl, pledgeDonorUrl, pledgesUrl } from './urls.js';

type NumberRef = { id: string; label: string };

/** A thank-you is only owed to a carrier-billed pledge once paid (a link gift's donor is thanked by e-mail). */
const thanksKey = (pl: PledgeView) => (pl.status !== 'paid' || pl.flow !== 'confirm' ? 'none' : pl.optedOut && pl.thanks === 'not_sent' ? 'optedOut' : pl.thanks);

function ReceiptCell({ ctx, org, number, pledge, canRecordDonor }: { ctx: ViewCtx; org: OrgRef; number: NumberRef; pledge: PledgeView; canRecordDonor: boolean }): JSX.Element {
  const { t } = ctx;
  const r = pledge.receipt;
  if (r.kind === 'not_paid') return <td safe>{t('text-giving.pledges.receipt.notPaid')}</td>;
  if (r.kind === 'pending') return <td safe>{t('text-giving.pledges.receipt.pending')}</td>;
  if (r.kind === 'issued' || r.kind === 'cancelled')
    return (
      <td>
        <a href={`/o/${org.slug}/receipts/${r.receiptId}`} safe>{t(`text-giving.pledges.receipt.${r.kind}`, { serial: r.serial })}</a>{' '}
        (<a href={`/o/${org.slug}/receipts/${r.receiptId}/pdf`} safe>{t('text-giving.pledges.receipt.pdf', { serial: r.serial })}</a>)
      </td>
    );
  return (
    <td>
      <span safe>{t('text-giving.pledges.receipt.detailsNeeded')}</span>
      {canRecordDonor ? (
        <>
          {' '}
          <a href={pledgeDonorUrl(org.slug, number.id, pledge.id)} safe>{t('text-giving.pledges.receipt.enter')}</a>
        </>
      ) : (
        ''
      )}
    </td>
  );
}

/** The pledges a number's texts made: the text, the donor's phone (masked unless fundraiser), the gift and its receipt. */
export function PledgesPage(p: { ctx: ViewCtx; org: OrgRef; number: NumberRef; pledges: PledgeView[]; canRecordDonor: boolean }): JSX.Element {
  const { ctx } = p;
  const { t } = ctx;
  const title = t('text-giving.pledges.title', { label: p.number.label });
  return (
    <Layout ctx={ctx} title={title}>
      <PageHeader back={{ href: numberUrl(p.org.slug, p.number.id), label: t('text-giving.contacts.back') }} title={title} />
      <p safe>{t('text-giving.pledges.intro')}</p>
      {p.pledges.length === 0 ? (
        <p safe>{t('text-giving.pledges.none')}</p>
      ) : (
        <table>
          <caption safe>{t('text-giving.pledges.caption')}</caption>
          <thead>
            <tr>
              <th scope="col" safe>{t('text-giving.pledges.received')}</th>
              <th scope="col" safe>{t('text-giving.pledges.text')}</th>
              <th scope="col" safe>{t('text-giving.contacts.phone')}</th>
              <th scope="col" safe>{t('text-giving.pledges.campaign')}</th>
              <th scope="col" safe>{t('text-giving.pledges.amount')}</th>
              <th scope="col" safe>{t('text-giving.pledges.status')}</th>
              <th scope="col" safe>{t('text-giving.pledges.thanks')}</th>
              <th scope="col" safe>{t('text-giving.pledges.receiptColumn')}</th>
            </tr>
          </thead>
          <tbody>
            {p.pledges.map((pl) => (
              <tr id={`pledge-${pl.id}`}>
                <td safe>{ctx.fmt.dateTime(pl.receivedAt)}</td>
                <td>{pl.erased ? <span safe>{t('text-giving.contacts.erased')}</span> : <q safe>{pl.text}</q>}</td>
                <td safe>{pl.erased ? t('text-giving.contacts.erased') : pl.phone}</td>
                <td safe>{ctx.lang === 'fr' ? pl.campaignTitleFr : pl.campaignTitleEn}</td>
                <td safe>{ctx.fmt.money(pl.amountCents)}</td>
                <td safe>{`${t(`text-giving.pledges.statuses.${pl.status}`)} · ${t(`text-giving.flows.${pl.flow}`)}`}</td>
                <td safe>{t(`text-giving.pledges.thanksStates.${thanksKey(pl)}`)}</td>
                <ReceiptCell ctx={ctx} org={p.org} number={p.number} pledge={pl} canRecordDonor={p.canRecordDonor} />
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
}

/** Staff enter the name and address a donor gave the foundation, so their official receipt can be issued and e-mailed. */
export function PledgeDonorPage(p: { ctx: ViewCtx; org: OrgRef; number: NumberRef; pledge: PledgeView; input: FormInput }): JSX.Element {
  const { ctx } = p;
  const { t } = ctx;
  const title = t('text-giving.pledges.donor.title', { amount: ctx.fmt.money(p.pledge.amountCents) });
  return (
    <Layout ctx={ctx} title={title}>
      <PageHeader back={{ href: pledgesUrl(p.org.slug, p.number.id), label: t('text-giving.pledges.back') }} title={title} />
      <p safe>{t('text-giving.pledges.donor.intro', { date: ctx.fmt.dateTime(p.pledge.receivedAt), phone: p.pledge.phone || t('text-giving.contacts.erased') })}</p>
      <ErrorSummary t={t} errors={p.input.errors} labels={labelsOf(ctx)} />
      <form method="post" action={pledgeDonorUrl(p.org.slug, p.number.id, p.pledge.id)} novalidate>
        <CsrfField token={ctx.csrfToken} />
        <ReceiptDonorFieldset ctx={ctx} input={p.input} lang={p.pledge.lang} />
        <button type="submit" safe>{t('text-giving.pledges.donor.submit')}</button>
      </form>
    </Layout>
  );
}
