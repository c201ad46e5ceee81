import type { FormInput } from '../../../platform/http/form-route.js';
import { CsrfField, ErrorSummary, RadioGroup, Select, TextArea, TextField } from '../../../platform/views/components/form.js';
import { Layout } from '../../../platform/views/layout.js';
import { ogLocales, ShareMeta, shorten, type ShareMetaData } from '../../../platform/views/share-meta.js';
import type { ViewCtx } from '../../../platform/views/view-context.js';
import { dayAsDate, isoDay } from '../days.js';
import type { OrgRef, WallEntry } from '../db/queries.js';
import type { CampaignRow, PageRow } from '../db/schema.js';
import { ADDRESS_MAX, ECARD_MESSAGE_MAX, MESSAGE_MAX, NAME_MAX, PROVINCES, TRIBUTE_CHOICES, WALL_CHOICES } from '../schemas.js';
import { campaignCoverUrl } from './image-pages.js';
import { campaignStory, campaignTitle, fundraisingHead, orgName, ProgressBar, str, TestModeBanner } from './common.js';
import { campaignUrl, editCampaignUrl, givingUrl } from './urls.js';
import { FrequencyFields } from './monthly-pages.js';

export const giveFieldLabels = (ctx: ViewCtx): Record<string, string> => {
  const t = ctx.t;
  return Object.fromEntries(
    [...['frequency', 'annualReceipt'].map((k) => [k, t(`fundraising-monthly.fields.${k}`)]), ...['amount', 'otherAmount', 'firstName', 'middleInitial', 'lastName', 'email', 'addressLine1', 'addressLine2', 'city', 'province', 'postalCode', 'language', 'wallDisplay', 'wallName', 'wallMessage', 'tribute', 'tributeName', 'ecardName', 'ecardEmail', 'ecardLanguage', 'ecardMessage', 'ecardShowSender', 'idempotencyKey'].map((k) => [
      k,
      t(`fundraising.give.fields.${k}`),
    ])],
  );
};

export function CampaignListPage({ ctx, org, campaigns, testMode }: { ctx: ViewCtx; org: OrgRef; campaigns: CampaignRow[]; testMode: boolean }): JSX.Element {
  const { t } = ctx;
  const title = t('fundraising.list.title', { org: orgName(ctx, org) });
  return (
    <Layout ctx={ctx} title={title} head={fundraisingHead}>
      {testMode ? <TestModeBanner ctx={ctx} /> : ''}
      <h1 safe>{title}</h1>
      {campaigns.length === 0 ? (
        <p safe>{t('fundraising.list.empty')}</p>
      ) : (
        <ul class="card-list">
          {campaigns.map((c) => (
            <li class="card">
              <h2>
                <a href={campaignUrl(org.slug, c.slug)} safe>
                  {campaignTitle(ctx, c)}
                </a>
              </h2>
              <ProgressBar ctx={ctx} raisedCents={c.raisedCents} goalCents={c.goalCents} id={`progress-${c.slug}`} />
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}

export function DonorWall({ ctx, wall }: { ctx: ViewCtx; wall: WallEntry[] }): JSX.Element {
  const { t, fmt } = ctx;
  return (
    <section aria-labelledby="wall-title">
      <h2 id="wall-title" safe>
        {t('fundraising.wall.title')}
      </h2>
      {wall.length === 0 ? (
        <p safe>{t('fundraising.wall.empty')}</p>
      ) : (
        <ul class="donor-wall">
          {wall.map((w) => (
            <li>
              <strong safe>{w.wallDisplay === 'name' ? (w.wallName ?? `${w.donorFirstName} ${w.donorLastName}`) : t('fundraising.wall.anonymous')}</strong>
              {w.succeededAt ? <span class="hint" safe>{` · ${fmt.date(w.succeededAt)}`}</span> : ''}
              {w.wallMessage ? <p safe>{w.wallMessage}</p> : ''}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export type GiveFormProps = { ctx: ViewCtx; org: OrgRef; campaign: CampaignRow; input: FormInput; idempotencyKey: string; action: string; via?: string | undefined };

/** The gift form: plain HTML, every field labelled, errors tied to fields; no script needed. */
export function GiveForm({ ctx, campaign, input, idempotencyKey, action, via }: GiveFormProps): JSX.Element {
  const { t, fmt } = ctx;
  const v = input.values;
  const e = input.errors;
  const labels = giveFieldLabels(ctx);
  const amounts = campaign.suggestedAmountsCents.length > 0 ? campaign.suggestedAmountsCents : [2500, 5000, 10000];
  // An amount named by the address (a text's link) that is not a button is typed in "other".
  const named = str(v.amount);
  const offCard = named !== undefined && /^\d+$/.test(named) && !amounts.includes(Number(named)) && !str(v.otherAmount);
  const chosen = offCard ? 'other' : (named ?? String(amounts[Math.min(1, amounts.length - 1)]));
  const otherAmount = offCard ? (Number(named) / 100).toFixed(2) : str(v.otherAmount);
  return (
    <section aria-labelledby="give-title">
      <h2 id="give-title" safe>
        {t('fundraising.give.title')}
      </h2>
      <ErrorSummary t={t} errors={e} labels={labels} />
      <form method="post" action={action} novalidate>
        <CsrfField token={ctx.csrfToken} />
        <input type="hidden" name="idempotencyKey" value={str(v.idempotencyKey) ?? idempotencyKey} />
        {(str(v.via) ?? via) ? <input type="hidden" name="via" value={str(v.via) ?? via} /> : ''}
        {str(v.channel) === 'text' && str(v.ref) ? <input type="hidden" name="channel" value="text" /> : ''}
        {str(v.channel) === 'text' && str(v.ref) ? <input type="hidden" name="ref" value={str(v.ref)} /> : ''}
        <RadioGroup
          t={t}
          name="amount"
          legend={labels.amount!}
          value={chosen}
          errors={e}
          options={[...amounts.map((c) => ({ value: String(c), label: fmt.money(c) })), { value: 'other', label: t('fundraising.give.otherChoice') }]}
        />
        <TextField t={t} name="otherAmount" label={labels.otherAmount!} hint={t('fundraising.give.otherHint')} value={otherAmount} errors={e} inputmode="text" maxlength={20} />
        <FrequencyFields ctx={ctx} input={input} labels={labels} />
        <fieldset class="field">
          <legend safe>{t('fundraising.give.donorLegend')}</legend>
          <p class="hint" safe>
            {t('fundraising.give.receiptHint')}
          </p>
          <TextField t={t} name="firstName" label={labels.firstName!} value={str(v.firstName)} errors={e} required autocomplete="given-name" maxlength={NAME_MAX} />
          <TextField t={t} name="middleInitial" label={labels.middleInitial!} value={str(v.middleInitial)} errors={e} autocomplete="additional-name" maxlength={1} />
          <TextField t={t} name="lastName" label={labels.lastName!} value={str(v.lastName)} errors={e} required autocomplete="family-name" maxlength={NAME_MAX} />
          <TextField t={t} name="email" type="email" label={labels.email!} value={str(v.email)} errors={e} required autocomplete="email" maxlength={254} />
          <TextField t={t} name="addressLine1" label={labels.addressLine1!} value={str(v.addressLine1)} errors={e} required autocomplete="address-line1" maxlength={ADDRESS_MAX} />
          <TextField t={t} name="addressLine2" label={labels.addressLine2!} value={str(v.addressLine2)} errors={e} autocomplete="address-line2" maxlength={ADDRESS_MAX} />
          <TextField t={t} name="city" label={labels.city!} value={str(v.city)} errors={e} required autocomplete="address-level2" maxlength={NAME_MAX} />
          <Select t={t} name="province" label={labels.province!} value={str(v.province) ?? 'ON'} errors={e} required options={PROVINCES.map((p) => ({ value: p, label: t(`fundraising.provinces.${p}`) }))} />
          <TextField t={t} name="postalCode" label={labels.postalCode!} value={str(v.postalCode)} errors={e} required autocomplete="postal-code" maxlength={7} />
          <RadioGroup t={t} name="language" legend={labels.language!} value={str(v.language) ?? ctx.lang} errors={e} options={[{ value: 'en', label: 'English' }, { value: 'fr', label: 'Français' }]} />
        </fieldset>
        <RadioGroup t={t} name="wallDisplay" legend={labels.wallDisplay!} value={str(v.wallDisplay) ?? 'name'} errors={e} options={WALL_CHOICES.map((w) => ({ value: w, label: t(`fundraising.give.wall.${w}`) }))} />
        <TextField t={t} name="wallName" label={labels.wallName!} hint={t('fundraising.give.wallNameHint')} value={str(v.wallName)} errors={e} maxlength={NAME_MAX} />
        <TextField t={t} name="wallMessage" label={labels.wallMessage!} value={str(v.wallMessage)} errors={e} maxlength={MESSAGE_MAX} />
        <RadioGroup t={t} name="tribute" legend={labels.tribute!} value={str(v.tribute) ?? 'none'} errors={e} options={TRIBUTE_CHOICES.map((w) => ({ value: w, label: t(`fundraising.give.tributes.${w}`) }))} />
        <TextField t={t} name="tributeName" label={labels.tributeName!} value={str(v.tributeName)} errors={e} maxlength={NAME_MAX} />
        <fieldset>
          <legend safe>{t('fundraising.give.ecardLegend')}</legend>
          <p class="hint" safe>{t('fundraising.give.ecardHint')}</p>
          <TextField t={t} name="ecardName" label={labels.ecardName!} value={str(v.ecardName)} errors={e} maxlength={NAME_MAX} />
          <TextField t={t} type="email" name="ecardEmail" label={labels.ecardEmail!} value={str(v.ecardEmail)} errors={e} maxlength={254} />
          <RadioGroup t={t} name="ecardLanguage" legend={labels.ecardLanguage!} value={str(v.ecardLanguage) ?? ctx.lang} errors={e} options={[{ value: 'en', label: 'English' }, { value: 'fr', label: 'Français' }]} />
          <TextArea t={t} name="ecardMessage" label={labels.ecardMessage!} value={str(v.ecardMessage)} errors={e} maxlength={ECARD_MESSAGE_MAX} />
          <div class="field choice">
            <input type="checkbox" id="f-ecardShowSender" name="ecardShowSender" value="on" checked={v.ecardShowSender === 'on'} />
            <label for="f-ecardShowSender" safe>
              {labels.ecardShowSender}
            </label>
          </div>
        </fieldset>
        <div class="field choice">
          <input type="checkbox" id="f-emailConsent" name="emailConsent" value="on" checked={v.emailConsent === 'on'} />
          <label for="f-emailConsent" safe>
            {t('fundraising.give.emailConsent')}
          </label>
        </div>
        <button type="submit" safe>
          {t('fundraising.give.submit')}
        </button>
      </form>
    </section>
  );
}

export type CampaignPageProps = { ctx: ViewCtx; org: OrgRef; campaign: CampaignRow; wall: WallEntry[]; canEdit: boolean; testMode: boolean; input: FormInput; idempotencyKey: string; leaders: { people: PageRow[]; teams: PageRow[] }; via?: string | undefined; liveUrl?: string | undefined; publicUrl: URL };

/** What a shared link to the campaign shows, in the page's language: its cover (with its alt text) when it has one. */
export function campaignShareMeta(ctx: ViewCtx, org: OrgRef, campaign: CampaignRow, publicUrl: URL): ShareMetaData {
  const abs = (path: string) => new URL(path, publicUrl).toString();
  const title = campaignTitle(ctx, campaign);
  const alt = ctx.lang === 'fr' ? campaign.coverAltFr : campaign.coverAltEn;
  return {
    type: 'website',
    canonical: abs(campaignUrl(org.slug, campaign.slug)),
    title,
    description: shorten(campaignStory(ctx, campaign)) || title,
    siteName: orgName(ctx, org),
    ...ogLocales(ctx.lang),
    image: campaign.coverObjectId ? { url: abs(campaignCoverUrl(org.slug, campaign)), alt: alt ?? '' } : undefined,
  };
}

export function CampaignPage(p: CampaignPageProps): JSX.Element {
  const { ctx, org, campaign } = p;
  const { t, fmt } = ctx;
  const title = campaignTitle(ctx, campaign);
  const ends = campaign.endsOn ? isoDay(campaign.endsOn) : null;
  const share = campaignShareMeta(ctx, org, campaign, p.publicUrl);
  const head = (
    <>
      {fundraisingHead}
      <link rel="canonical" href={share.canonical} />
      <meta name="description" content={share.description} />
      <ShareMeta meta={share} />
      {p.liveUrl ? <script src="/assets/campaign-live.js" defer></script> : ''}
    </>
  );
  return (
    <Layout ctx={ctx} title={title} head={head}>
      {p.testMode ? <TestModeBanner ctx={ctx} /> : ''}
      <p class="back-link">
        <a href={givingUrl(org.slug)} safe>
          {t('fundraising.campaign.back', { org: orgName(ctx, org) })}
        </a>
      </p>
      <h1 safe>{title}</h1>
      {campaign.coverObjectId ? <img class="campaign-cover" src={campaignCoverUrl(org.slug, campaign)} alt={(ctx.lang === 'fr' ? campaign.coverAltFr : campaign.coverAltEn) ?? ''} /> : ''}
      {p.canEdit ? (
        <p>
          <a class="button secondary" href={editCampaignUrl(org.slug, campaign.slug)} safe>
            {t('fundraising.campaign.edit')}
          </a>
        </p>
      ) : (
        ''
      )}
      {/* The totals as of the page's drawing; with script, kept current from the live stream. */}
      <div data-live-totals={p.liveUrl}>
        <ProgressBar ctx={ctx} raisedCents={campaign.raisedCents} goalCents={campaign.goalCents} id="campaign-progress" />
        <p class="hint">
          <span data-live="giftCount" aria-live="polite" safe>{t('fundraising.campaign.giftCount', { count: campaign.giftCount })}</span>
          {ends ? <span safe>{` · ${t('fundraising.campaign.endsOn', { date: fmt.date(dayAsDate(ends)) })}`}</span> : ''}
        </p>
        {p.liveUrl ? <p class="hint" data-live="pledged" hidden></p> : ''}
      </div>
      <div class="story">
        {campaignStory(ctx, campaign)
          .split(/\n{2,}/)
          .filter(Boolean)
          .map((para) => (
            <p safe>{para}</p>
          ))}
      </div>
      <p>
        <a class="button secondary" href={`${campaignUrl(org.slug, campaign.slug)}/pages/new`} safe>
          {t('fundraising.pages.start')}
        </a>
      </p>
      <GiveForm ctx={ctx} org={org} campaign={campaign} input={p.input} idempotencyKey={p.idempotencyKey} action={campaignUrl(org.slug, campaign.slug)} via={p.via} />
      <Leaderboard ctx={ctx} org={org} campaign={campaign} pages={p.leaders.people} kind="personal" />
      <Leaderboard ctx={ctx} org={org} campaign={campaign} pages={p.leaders.teams} kind="team" />
      <DonorWall ctx={ctx} wall={p.wall} />
    </Layout>
  );
}

/** The pages that raised the most, people or teams. */
export function Leaderboard({ ctx, org, campaign, pages, kind }: { ctx: ViewCtx; org: OrgRef; campaign: CampaignRow; pages: PageRow[]; kind: 'personal' | 'team' }): JSX.Element {
  const { t, fmt } = ctx;
  if (pages.length === 0) return '';
  const id = `leaders-${kind}`;
  return (
    <section aria-labelledby={id}>
      <h2 id={id} safe>
        {t(`fundraising.pages.leaders.${kind}`)}
      </h2>
      <ol>
        {pages.map((p) => (
          <li>
            <a href={`${campaignUrl(org.slug, campaign.slug)}/p/${p.slug}`} safe>
              {p.title}
            </a>
            <span safe>{` — ${fmt.money(p.raisedCents)}`}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}
