import type { FormInput } from '../../../platform/http/form-route.js';
import { CsrfField, ErrorSummary, RadioGroup, Select, TextArea, TextField } from '../../../platform/views/components/form.js';
import { Layout } from '../../../platform/views/layout.js';
import type { ViewCtx } from '../../../platform/views/view-context.js';
import type { OrgRef, WallEntry } from '../db/queries.js';
import type { CampaignRow, PageRow } from '../db/schema.js';
import { CAMPAIGN_SLUG_MAX, STORY_MAX, TITLE_MAX } from '../schemas.js';
import { DonorWall, GiveForm } from './campaign-pages.js';
import { campaignTitle, fundraisingHead, ProgressBar, str, TestModeBanner } from './common.js';
import { pagePhotoEditUrl, pagePhotoUrl } from './image-pages.js';
import { campaignUrl } from './urls.js';

export const pageUrl = (org: string, campaign: string, page: string) => `${campaignUrl(org, campaign)}/p/${page}`;
export const newPageUrl = (org: string, campaign: string) => `${campaignUrl(org, campaign)}/pages/new`;
const SHARE = ['email', 'facebook', 'x', 'link'] as const;

export type PeerPageProps = { ctx: ViewCtx; org: OrgRef; campaign: CampaignRow; page: PageRow; team: PageRow | null; wall: WallEntry[]; testMode: boolean; input: FormInput; idempotencyKey: string; via: string | undefined; publicUrl: URL; canEdit?: boolean | undefined };

/** A supporter's (or team's) page: their story and goal, the gift form, and share links that say where gifts came from. */
export function PeerPage(p: PeerPageProps): JSX.Element {
  const { ctx, org, campaign, page } = p;
  const { t } = ctx;
  const url = pageUrl(org.slug, campaign.slug, page.slug);
  const absolute = (via: string) => new URL(`${url}?via=${via}`, p.publicUrl).toString();
  const shareHref: Record<(typeof SHARE)[number], string> = {
    email: `mailto:?subject=${encodeURIComponent(page.title)}&body=${encodeURIComponent(absolute('email'))}`,
    facebook: `https://www.facebook.com/sharer/sharer.php?u=${encodeURIComponent(absolute('facebook'))}`,
    x: `https://x.com/intent/post?url=${encodeURIComponent(absolute('x'))}&text=${encodeURIComponent(page.title)}`,
    link: absolute('link'),
  };
  return (
    <Layout ctx={ctx} title={page.title} head={fundraisingHead}>
      {p.testMode ? <TestModeBanner ctx={ctx} /> : ''}
      <p class="back-link">
        <a href={campaignUrl(org.slug, campaign.slug)} safe>
          {t('fundraising.pages.forCampaign', { campaign: campaignTitle(ctx, campaign) })}
        </a>
      </p>
      <h1 safe>{page.title}</h1>
      {page.photoObjectId ? <img class="page-photo" src={pagePhotoUrl(org.slug, campaign.slug, page)} alt={page.photoAlt ?? ''} /> : ''}
      {p.canEdit ? (
        <p>
          <a class="button secondary" href={pagePhotoEditUrl(org.slug, campaign.slug, page.slug)} safe>
            {t('fundraising-images.photo.editLink')}
          </a>
        </p>
      ) : (
        ''
      )}
      {p.team ? (
        <p>
          <span safe>{t('fundraising.pages.memberOf')}</span>{' '}
          <a href={pageUrl(org.slug, campaign.slug, p.team.slug)} safe>
            {p.team.title}
          </a>
        </p>
      ) : (
        ''
      )}
      <ProgressBar ctx={ctx} raisedCents={page.raisedCents} goalCents={page.goalCents} id="page-progress" />
      <div class="story">
        {page.story
          .split(/\n{2,}/)
          .filter(Boolean)
          .map((para) => (
            <p safe>{para}</p>
          ))}
      </div>
      <section aria-labelledby="share-title">
        <h2 id="share-title" safe>
          {t('fundraising.pages.share')}
        </h2>
        <ul class="plain-links">
          {SHARE.map((s) => (
            <li>
              <a href={shareHref[s]} rel="noopener" safe>
                {t(`fundraising.pages.shareOn.${s}`)}
              </a>
            </li>
          ))}
        </ul>
      </section>
      <GiveForm ctx={ctx} org={org} campaign={campaign} input={p.input} idempotencyKey={p.idempotencyKey} action={url} via={p.via} />
      <DonorWall ctx={ctx} wall={p.wall} />
    </Layout>
  );
}

export const pageFieldLabels = (ctx: ViewCtx): Record<string, string> =>
  Object.fromEntries(['kind', 'slug', 'title', 'story', 'goal', 'teamId'].map((k) => [k, ctx.t(`fundraising.pages.fields.${k}`)]));

export function NewPeerPage({ ctx, org, campaign, teams, input }: { ctx: ViewCtx; org: OrgRef; campaign: CampaignRow; teams: PageRow[]; input: FormInput }): JSX.Element {
  const { t } = ctx;
  const v = input.values;
  const e = input.errors;
  const l = pageFieldLabels(ctx);
  const title = t('fundraising.pages.newTitle', { campaign: campaignTitle(ctx, campaign) });
  return (
    <Layout ctx={ctx} title={title} head={fundraisingHead}>
      <h1 safe>{title}</h1>
      <ErrorSummary t={t} errors={e} labels={l} />
      <form method="post" action={newPageUrl(org.slug, campaign.slug)} novalidate>
        <CsrfField token={ctx.csrfToken} />
        <RadioGroup t={t} name="kind" legend={l.kind!} value={str(v.kind) ?? 'personal'} errors={e} options={[{ value: 'personal', label: t('fundraising.pages.kinds.personal') }, { value: 'team', label: t('fundraising.pages.kinds.team') }]} />
        <TextField t={t} name="slug" label={l.slug!} hint={t('fundraising.manage.fields.slugHint')} value={str(v.slug)} errors={e} required maxlength={CAMPAIGN_SLUG_MAX} autocomplete="off" />
        <TextField t={t} name="title" label={l.title!} value={str(v.title)} errors={e} required maxlength={TITLE_MAX} />
        <TextArea t={t} name="story" label={l.story!} value={str(v.story)} errors={e} maxlength={STORY_MAX} rows={5} />
        <TextField t={t} name="goal" label={l.goal!} hint={t('fundraising.manage.fields.goalHint')} value={str(v.goal)} errors={e} required maxlength={20} />
        {teams.length > 0 ? (
          <Select t={t} name="teamId" label={l.teamId!} value={str(v.teamId) ?? ''} errors={e} options={[{ value: '', label: t('fundraising.pages.noTeam') }, ...teams.map((tm) => ({ value: tm.id, label: tm.title }))]} />
        ) : (
          ''
        )}
        <button type="submit" safe>
          {t('fundraising.pages.create')}
        </button>
      </form>
    </Layout>
  );
}
