import type { ViewCtx } from '../../../platform/views/view-context.js';
import type { OrgRef } from '../db/queries.js';
import type { CampaignRow } from '../db/schema.js';

export const orgName = (ctx: ViewCtx, org: Pick<OrgRef, 'nameEn' | 'nameFr'>) => (ctx.lang === 'fr' ? org.nameFr : org.nameEn);
export const campaignTitle = (ctx: ViewCtx, c: Pick<CampaignRow, 'titleEn' | 'titleFr'>) => (ctx.lang === 'fr' ? c.titleFr : c.titleEn);
export const campaignStory = (ctx: ViewCtx, c: Pick<CampaignRow, 'storyEn' | 'storyFr'>) => (ctx.lang === 'fr' ? c.storyFr : c.storyEn);
export const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

export const fundraisingHead = <link rel="stylesheet" href="/assets/fundraising.css" />;

/** Shown on every page the test gateway touches. */
export function TestModeBanner({ ctx }: { ctx: ViewCtx }): JSX.Element {
  return (
    <div class="test-mode" role="note">
      <strong safe>{ctx.t('fundraising.test.banner')}</strong> <span safe>{ctx.t('fundraising.test.explain')}</span>
    </div>
  );
}

/** A progress bar that says in words what it shows, and is a progressbar to assistive technology. */
export function ProgressBar({ ctx, raisedCents, goalCents, id }: { ctx: ViewCtx; raisedCents: number; goalCents: number; id: string }): JSX.Element {
  const { t, fmt } = ctx;
  const percent = goalCents > 0 ? Math.floor((raisedCents / goalCents) * 100) : 0;
  const text = t('fundraising.progress.text', { raised: fmt.money(raisedCents), goal: fmt.money(goalCents), percent: fmt.number(percent) });
  return (
    <div class="progress">
      <p id={`${id}-label`} class="progress-text" safe>
        {text}
      </p>
      <progress id={id} max={String(goalCents)} value={String(Math.min(raisedCents, goalCents))} aria-labelledby={`${id}-label`} aria-valuetext={text} safe>
        {`${percent}%`}
      </progress>
    </div>
  );
}
