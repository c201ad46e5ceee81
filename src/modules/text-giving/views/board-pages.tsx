import type { Formatters } from '../../../platform/i18n/i18n.js';
import { Layout } from '../../../platform/views/layout.js';
import type { ViewCtx } from '../../../platform/views/view-context.js';
import type { Board, CampaignTotals } from '../services/board.js';

/** What a campaign page's live stream sends, in the page's language, with the same words as the page. */
export function liveData(c: CampaignTotals, ctx: Pick<ViewCtx, 't' | 'fmt'>) {
  const { t, fmt } = ctx;
  const percent = c.goalCents > 0 ? Math.floor((c.raisedCents / c.goalCents) * 100) : 0;
  return {
    raisedCents: c.raisedCents,
    goalCents: c.goalCents,
    percent,
    progressText: t('fundraising.progress.text', { raised: fmt.money(c.raisedCents), goal: fmt.money(c.goalCents), percent: fmt.number(percent) }),
    giftCountText: t('fundraising.campaign.giftCount', { count: c.giftCount }),
    pledgedText: c.pledgedCount > 0 ? t('text-giving.live.pledged', { count: c.pledgedCount, amount: fmt.money(c.pledgedCents) }) : '',
  };
}

/** What the live stream sends, already formatted in the page's language. */
export function boardData(board: Board, fmt: Formatters) {
  return {
    at: board.at,
    rows: board.rows.map((r) => ({
      id: r.campaignId,
      allCents: fmt.money(r.allCents),
      allCount: fmt.number(r.allCount),
      textCents: fmt.money(r.textCents),
      textCount: fmt.number(r.textCount),
      awaiting: fmt.number(r.awaiting),
    })),
  };
}

export function BoardPage({ ctx, board }: { ctx: ViewCtx; board: Board }): JSX.Element {
  const { t } = ctx;
  const title = t('text-giving.board.title');
  const data = boardData(board, ctx.fmt);
  return (
    <Layout ctx={ctx} title={title} head={<script src="/assets/text-giving-board.js" defer></script>}>
      <h1 safe>{title}</h1>
      <p safe>{t('text-giving.board.intro')}</p>
      <p>
        <a href={`/o/${board.org.slug}/text-giving/board`} safe>{t('text-giving.board.refresh')}</a>
      </p>
      {board.rows.length === 0 ? (
        <p safe>{t('text-giving.board.none')}</p>
      ) : (
        <table data-board-events={`/o/${board.org.slug}/text-giving/board/events`}>
          <caption safe>{t('text-giving.board.caption')}</caption>
          <thead>
            <tr>
              <th scope="col" safe>{t('text-giving.fields.campaignId')}</th>
              <th scope="col" safe>{t('text-giving.board.allCount')}</th>
              <th scope="col" safe>{t('text-giving.board.allCents')}</th>
              <th scope="col" safe>{t('text-giving.board.textCount')}</th>
              <th scope="col" safe>{t('text-giving.board.textCents')}</th>
              <th scope="col" safe>{t('text-giving.board.awaiting')}</th>
            </tr>
          </thead>
          <tbody aria-live="polite">
            {board.rows.map((r, i) => {
              const d = data.rows[i]!;
              return (
                <tr data-campaign={r.campaignId}>
                  <th scope="row" safe>{ctx.lang === 'fr' ? r.titleFr : r.titleEn}</th>
                  <td data-field="allCount" safe>{d.allCount}</td>
                  <td data-field="allCents" safe>{d.allCents}</td>
                  <td data-field="textCount" safe>{d.textCount}</td>
                  <td data-field="textCents" safe>{d.textCents}</td>
                  <td data-field="awaiting" safe>{d.awaiting}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </Layout>
  );
}
