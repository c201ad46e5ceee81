import type { FormInput } from '../../../platform/http/form-route.js';
import { ErrorSummary, PostButton, TextField } from '../../../platform/views/components/form.js';
import { Layout } from '../../../platform/views/layout.js';
import type { ViewCtx } from '../../../platform/views/view-context.js';
import type { OrgRef } from '../db/queries.js';
import type { CampaignRow, PageRow } from '../db/schema.js';
import { IMAGE_ALT_MAX } from '../image-upload.js';
import { fundraisingHead, str } from './common.js';
import { campaignUrl, editCampaignUrl } from './urls.js';

const K = 'fundraising-images';

/** Where a campaign's cover and a page's photo are served, behind the campaign's visibility check. */
export const campaignCoverUrl = (org: string, c: Pick<CampaignRow, 'slug' | 'coverObjectId'>) => `${campaignUrl(org, c.slug)}/cover?v=${c.coverObjectId ?? ''}`;
export const pagePhotoUrl = (org: string, campaign: string, p: Pick<PageRow, 'slug' | 'photoObjectId'>) => `${campaignUrl(org, campaign)}/p/${p.slug}/photo?v=${p.photoObjectId ?? ''}`;
export const pagePhotoEditUrl = (org: string, campaign: string, page: string) => `${campaignUrl(org, campaign)}/p/${page}/edit`;
export const coverUploadUrl = (org: string, campaign: string) => `${editCampaignUrl(org, campaign).replace(/\/edit$/, '')}/cover`;
export const publishUrl = (org: string, campaign: string, publish: boolean) => `${editCampaignUrl(org, campaign).replace(/\/edit$/, '')}/${publish ? 'publish' : 'unpublish'}`;

/** A multipart form's action: the CSRF token rides in the query string, as the body is a stream. */
const withCsrf = (url: string, token: string) => `${url}?${new URLSearchParams({ _csrf: token }).toString()}`;

/** On the campaign's edit page: its publishing state and its cover image (a separate multipart form). */
export function CampaignImageSections({ ctx, org, campaign, cover }: { ctx: ViewCtx; org: OrgRef; campaign: CampaignRow; cover?: FormInput | undefined }): JSX.Element {
  const { t } = ctx;
  const v = cover?.values ?? { coverAltEn: campaign.coverAltEn ?? '', coverAltFr: campaign.coverAltFr ?? '' };
  const published = campaign.publishedAt !== null;
  return (
    <>
      <section aria-labelledby="publishing-title">
        <h2 id="publishing-title" safe>
          {t(`${K}.publishing.title`)}
        </h2>
        <p safe>{t(published ? `${K}.publishing.published` : `${K}.publishing.draft`)}</p>
        <PostButton action={publishUrl(org.slug, campaign.slug, !published)} csrfToken={ctx.csrfToken} label={t(published ? `${K}.publishing.unpublish` : `${K}.publishing.publish`)} variant={published ? 'secondary' : undefined} />
      </section>
      <section aria-labelledby="cover-title">
        <h2 id="cover-title" safe>
          {t(`${K}.cover.title`)}
        </h2>
        {campaign.coverObjectId ? (
          <figure>
            <img class="campaign-cover-thumb" src={campaignCoverUrl(org.slug, campaign)} alt={(ctx.lang === 'fr' ? campaign.coverAltFr : campaign.coverAltEn) ?? ''} width="320" />
            <figcaption safe>{t(`${K}.cover.current`)}</figcaption>
          </figure>
        ) : (
          <p safe>{t(`${K}.cover.none`)}</p>
        )}
        <ErrorSummary t={t} errors={cover?.errors} labels={{ cover: t(`${K}.cover.file`), coverAltEn: t(`${K}.cover.altEn`), coverAltFr: t(`${K}.cover.altFr`) }} />
        <form method="post" action={withCsrf(coverUploadUrl(org.slug, campaign.slug), ctx.csrfToken)} enctype="multipart/form-data" novalidate>
          <TextField t={t} name="cover" type="file" label={t(`${K}.cover.file`)} errors={cover?.errors} required accept="image/jpeg,image/png,image/webp,image/gif" />
          <TextField t={t} name="coverAltEn" label={t(`${K}.cover.altEn`)} hint={t(`${K}.cover.altHint`)} value={str(v.coverAltEn)} errors={cover?.errors} maxlength={IMAGE_ALT_MAX} lang="en" required />
          <TextField t={t} name="coverAltFr" label={t(`${K}.cover.altFr`)} hint={t(`${K}.cover.altHint`)} value={str(v.coverAltFr)} errors={cover?.errors} maxlength={IMAGE_ALT_MAX} lang="fr" required />
          <button type="submit" safe>
            {t(`${K}.cover.upload`)}
          </button>
        </form>
      </section>
    </>
  );
}

/** The page owner's form for the page's photo. */
export function PagePhotoPage({ ctx, org, campaign, page, input }: { ctx: ViewCtx; org: OrgRef; campaign: CampaignRow; page: PageRow; input?: FormInput | undefined }): JSX.Element {
  const { t } = ctx;
  const title = t(`${K}.photo.editTitle`, { page: page.title });
  const v = input?.values ?? { photoAlt: page.photoAlt ?? '' };
  return (
    <Layout ctx={ctx} title={title} head={fundraisingHead}>
      <p class="back-link">
        <a href={`${campaignUrl(org.slug, campaign.slug)}/p/${page.slug}`} safe>
          {t(`${K}.photo.back`)}
        </a>
      </p>
      <h1 safe>{title}</h1>
      {page.photoObjectId ? (
        <figure>
          <img class="page-photo-thumb" src={pagePhotoUrl(org.slug, campaign.slug, page)} alt={page.photoAlt ?? ''} width="320" />
          <figcaption safe>{t(`${K}.photo.current`)}</figcaption>
        </figure>
      ) : (
        <p safe>{t(`${K}.photo.none`)}</p>
      )}
      <ErrorSummary t={t} errors={input?.errors} labels={{ photo: t(`${K}.photo.file`), photoAlt: t(`${K}.photo.alt`) }} />
      <form method="post" action={withCsrf(`${campaignUrl(org.slug, campaign.slug)}/p/${page.slug}/photo`, ctx.csrfToken)} enctype="multipart/form-data" novalidate>
        <TextField t={t} name="photo" type="file" label={t(`${K}.photo.file`)} errors={input?.errors} required accept="image/jpeg,image/png,image/webp,image/gif" />
        <TextField t={t} name="photoAlt" label={t(`${K}.photo.alt`)} hint={t(`${K}.photo.altHint`)} value={str(v.photoAlt)} errors={input?.errors} maxlength={IMAGE_ALT_MAX} required />
        <button type="submit" safe>
          {t(`${K}.photo.upload`)}
        </button>
      </form>
    </Layout>
  );
}
