import { Layout } from '../../../platform/views/layout.js';
import type { ViewCtx } from '../../../platform/views/view-context.js';
import { dayAsDate, isoDay } from '../days.js';
import type { HistoryEntry } from '../services/donors.js';
import { fundraisingHead } from './common.js';

export function GivingHistoryPage({ ctx, gifts }: { ctx: ViewCtx; gifts: HistoryEntry[] }): JSX.Element {
  const { t, fmt } = ctx;
  const title = t('fundraising.account.title');
  const total = gifts.filter((g) => g.status === 'succeeded').reduce((s, g) => s + g.amountCents, 0);
  return (
    <Layout ctx={ctx} title={title} head={fundraisingHead}>
      <h1 safe>{title}</h1>
      <p>
        <a href="/account/receipts" safe>{t('fundraising.account.allReceipts')}</a>
      </p>
      <p>
        <a href="/account/giving/monthly" safe>{t('fundraising-monthly.account.link')}</a>
      </p>
      {gifts.length === 0 ? (
        <p safe>{t('fundraising.account.empty')}</p>
      ) : (
        <>
          <p safe>{t('fundraising.account.total', { amount: fmt.money(total) })}</p>
          <table class="figures">
            <caption safe>{t('fundraising.account.caption')}</caption>
            <thead>
              <tr>
                <th scope="col" safe>{t('fundraising.account.date')}</th>
                <th scope="col" safe>{t('fundraising.account.campaign')}</th>
                <th scope="col" safe>{t('fundraising.account.amount')}</th>
                <th scope="col" safe>{t('fundraising.account.status')}</th>
                <th scope="col" safe>{t('fundraising.account.receipt')}</th>
              </tr>
            </thead>
            <tbody>
              {gifts.map((g) => (
                <tr>
                  <td safe>{fmt.date(dayAsDate(isoDay(g.receivedOn)))}</td>
                  <td safe>{ctx.lang === 'fr' ? g.campaignTitleFr : g.campaignTitleEn}</td>
                  <td safe>{fmt.money(g.amountCents)}</td>
                  <td safe>{t(`fundraising.account.statuses.${g.status}`)}</td>
                  <td>
                    {g.receipt ? (
                      <a href={`/o/${g.orgSlug}/receipts/${g.receipt.id}/pdf`} aria-label={t('fundraising.account.downloadReceipt', { serial: g.receipt.serial })} safe>
                        {g.receipt.serial}
                      </a>
                    ) : (
                      <span safe>{t('fundraising.account.noReceipt')}</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </Layout>
  );
}
