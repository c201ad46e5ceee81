import type { Actor } from '../../../platform/auth/actor.js';
import { authorize } from '../../../platform/auth/policy.js';
import { recordAudit } from '../../../platform/audit/audit.js';
import type { Executor } from '../../../platform/db/types.js';
import { NotFoundError } from '../../../platform/http/errors.js';
import { deleteObject, getObject, putObject } from '../../../platform/storage/storage.js';
import type { StorageObjectRow } from '../../../platform/storage/schema.js';
import type { FundraisingDeps } from '../deps.js';
import { findPageBySlug, setPagePhoto, updateCampaign, type OrgRef } from '../db/queries.js';
import type { CampaignRow, PageRow } from '../db/schema.js';
import type { WebImage } from '../image-upload.js';
import { fundraisingPolicy } from '../policy.js';
import { loadCampaign, type RequestMeta } from './campaigns.js';

async function loadPage(ex: Executor, actor: Actor, orgSlug: string, campaignSlug: string, pageSlug: string): Promise<{ org: OrgRef; campaign: CampaignRow; page: PageRow }> {
  const { org, campaign } = await loadCampaign(ex, orgSlug, campaignSlug);
  authorize(fundraisingPolicy, actor, 'campaign.view', campaign);
  const page = await findPageBySlug(ex, org.id, campaign.id, pageSlug);
  if (!page) throw new NotFoundError();
  return { org, campaign, page };
}

/** An image's stored object, or a 404 when there is none. */
async function objectOrNotFound(ex: Executor, id: string | null): Promise<StorageObjectRow> {
  const object = id ? await getObject(ex, id) : undefined;
  if (!object) throw new NotFoundError();
  return object;
}

/**
 * Campaign covers, page photos and publishing. The pictures are private storage objects (never
 * served by /media/:id): only their campaign's routes serve them, once the campaign is public.
 */
export function createImageService(deps: Pick<FundraisingDeps, 'db'>) {
  const { db } = deps;
  return {
    /** Replaces a campaign's cover and its English and French alt text; the previous picture goes in the same transaction. */
    async setCampaignCover(actor: Actor, orgSlug: string, campaignSlug: string, image: WebImage, alt: { en: string; fr: string }, meta: RequestMeta): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const { org, campaign } = await loadCampaign(trx, orgSlug, campaignSlug);
        authorize(fundraisingPolicy, actor, 'campaign.update', campaign);
        const objectId = await putObject(trx, { contentType: image.contentType, data: image.data, ownerAccountId: actor.accountId, private: true });
        await updateCampaign(trx, org.id, campaign.id, { coverObjectId: objectId, coverAltEn: alt.en, coverAltFr: alt.fr });
        if (campaign.coverObjectId) await deleteObject(trx, campaign.coverObjectId);
        await recordAudit(trx, { action: 'fundraising.campaign.cover_set', organizationId: org.id, actorAccountId: actor.accountId, targetType: 'fundraising_campaign', targetId: campaign.id, ip: meta.ip });
      });
    },

    async setCampaignPublished(actor: Actor, orgSlug: string, campaignSlug: string, published: boolean, meta: RequestMeta): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const { org, campaign } = await loadCampaign(trx, orgSlug, campaignSlug);
        authorize(fundraisingPolicy, actor, 'campaign.update', campaign);
        if ((campaign.publishedAt !== null) === published) return;
        await updateCampaign(trx, org.id, campaign.id, { publishedAt: published ? new Date() : null });
        await recordAudit(trx, { action: published ? 'fundraising.campaign.published' : 'fundraising.campaign.unpublished', organizationId: org.id, actorAccountId: actor.accountId, targetType: 'fundraising_campaign', targetId: campaign.id, ip: meta.ip });
      });
    },

    /** A campaign's cover, for whoever may see the campaign: everyone once published, its fundraisers while a draft. */
    async campaignCover(actor: Actor, orgSlug: string, campaignSlug: string): Promise<StorageObjectRow> {
      const { campaign } = await loadCampaign(db, orgSlug, campaignSlug);
      authorize(fundraisingPolicy, actor, 'campaign.view', campaign);
      return objectOrNotFound(db, campaign.coverObjectId);
    },

    /** The page's photo form: for the supporter who runs the page. */
    async pagePhotoForm(actor: Actor, orgSlug: string, campaignSlug: string, pageSlug: string): Promise<{ org: OrgRef; campaign: CampaignRow; page: PageRow }> {
      const found = await loadPage(db, actor, orgSlug, campaignSlug, pageSlug);
      authorize(fundraisingPolicy, actor, 'page.update', found.page);
      return found;
    },

    async setPagePhoto(actor: Actor, orgSlug: string, campaignSlug: string, pageSlug: string, image: WebImage, alt: string, meta: RequestMeta): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const { org, page } = await loadPage(trx, actor, orgSlug, campaignSlug, pageSlug);
        authorize(fundraisingPolicy, actor, 'page.update', page);
        const objectId = await putObject(trx, { contentType: image.contentType, data: image.data, ownerAccountId: actor.accountId, private: true });
        await setPagePhoto(trx, page.id, { photoObjectId: objectId, photoAlt: alt });
        if (page.photoObjectId) await deleteObject(trx, page.photoObjectId);
        await recordAudit(trx, { action: 'fundraising.page.photo_set', organizationId: org.id, actorAccountId: actor.accountId, targetType: 'fundraising_page', targetId: page.id, ip: meta.ip });
      });
    },

    async pagePhoto(actor: Actor, orgSlug: string, campaignSlug: string, pageSlug: string): Promise<StorageObjectRow> {
      const { page } = await loadPage(db, actor, orgSlug, campaignSlug, pageSlug);
      return objectOrNotFound(db, page.photoObjectId);
    },
  };
}
export type ImageService = ReturnType<typeof createImageService>;
