import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { formRoute, type FormInput } from '../../../platform/http/form-route.js';
import type { StorageObjectRow } from '../../../platform/storage/schema.js';
import { CoverFields, PhotoFields, readImageForm, UploadQuery } from '../image-upload.js';
import { CampaignParams, PageParams } from '../schemas.js';
import type { CampaignService } from '../services/campaigns.js';
import type { ImageService } from '../services/images.js';
import { PagePhotoPage, pagePhotoEditUrl } from '../views/image-pages.js';
import { campaignValues, EditCampaignPage } from '../views/manage-pages.js';
import { editCampaignUrl } from '../views/urls.js';

const meta = (request: FastifyRequest) => ({ ip: request.ip ?? null });
/** The image URLs carry the object's id (?v=) so a new picture is never hidden by a cached one. */
const ImageQuery = z.object({ v: z.string().max(64).optional() });
const EmptyBody = z.object({});

/** Sends a stored picture; revalidated on each use, so a campaign returned to draft stops showing it at once. */
function sendImage(reply: FastifyReply, object: StorageObjectRow) {
  return reply
    .header('content-type', object.contentType)
    .header('cache-control', 'no-cache')
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'")
    .send(object.data);
}

/** Campaign covers (with publishing) on the staff edit page, peer-to-peer page photos, and the routes that serve them. */
export function imageHtmlRoutes(deps: { images: ImageService; campaigns: CampaignService }) {
  const { images, campaigns } = deps;

  const renderEdit = async (request: FastifyRequest, p: CampaignParams, cover?: FormInput) => {
    const page = await campaigns.editForm(request.actor, p.org, p.campaign);
    return EditCampaignPage({ ctx: request.viewCtx(), ...page, input: { values: campaignValues(page.campaign) }, cover });
  };
  const renderPhoto = async (request: FastifyRequest, p: PageParams, input?: FormInput) =>
    PagePhotoPage({ ctx: request.viewCtx(), ...(await images.pagePhotoForm(request.actor, p.org, p.campaign, p.page)), input });

  return async (app: FastifyInstance) => {
    // Multipart, so the CSRF token travels in the action URL (?_csrf=).
    app.post('/o/:org/fundraising/campaigns/:campaign/cover', { config: { access: 'signed-in' }, schema: { params: CampaignParams, querystring: UploadQuery } }, async (request, reply) => {
      const p = request.params as CampaignParams;
      await campaigns.editForm(request.actor, p.org, p.campaign);
      const form = await readImageForm(request, 'cover', CoverFields);
      if (!form.ok) return reply.page(await renderEdit(request, p, { values: form.raw, errors: form.errors }), 400);
      await images.setCampaignCover(request.actor, p.org, p.campaign, form.image, { en: form.fields.coverAltEn, fr: form.fields.coverAltFr }, meta(request));
      return reply.seeOther(editCampaignUrl(p.org, p.campaign), 'fundraising-images.cover.saved');
    });

    for (const publish of [true, false]) {
      formRoute(app, {
        url: `/o/:org/fundraising/campaigns/:campaign/${publish ? 'publish' : 'unpublish'}`,
        access: 'signed-in',
        params: CampaignParams,
        body: EmptyBody,
        render: (request, _input, params) => renderEdit(request, params),
        async handle(request, reply, _body, params) {
          await images.setCampaignPublished(request.actor, params.org, params.campaign, publish, meta(request));
          return reply.seeOther(editCampaignUrl(params.org, params.campaign), publish ? 'fundraising-images.publishing.publishedNotice' : 'fundraising-images.publishing.unpublishedNotice');
        },
      });
    }

    app.get('/o/:org/give/:campaign/cover', { config: { access: 'public' }, schema: { params: CampaignParams, querystring: ImageQuery } }, async (request, reply) => {
      const p = request.params as CampaignParams;
      return sendImage(reply, await images.campaignCover(request.actor, p.org, p.campaign));
    });

    app.get('/o/:org/give/:campaign/p/:page/edit', { config: { access: 'signed-in' }, schema: { params: PageParams } }, async (request, reply) =>
      reply.page(await renderPhoto(request, request.params as PageParams)),
    );
    app.post('/o/:org/give/:campaign/p/:page/photo', { config: { access: 'signed-in' }, schema: { params: PageParams, querystring: UploadQuery } }, async (request, reply) => {
      const p = request.params as PageParams;
      await images.pagePhotoForm(request.actor, p.org, p.campaign, p.page);
      const form = await readImageForm(request, 'photo', PhotoFields);
      if (!form.ok) return reply.page(await renderPhoto(request, p, { values: form.raw, errors: form.errors }), 400);
      await images.setPagePhoto(request.actor, p.org, p.campaign, p.page, form.image, form.fields.photoAlt, meta(request));
      return reply.seeOther(pagePhotoEditUrl(p.org, p.campaign, p.page), 'fundraising-images.photo.saved');
    });
    app.get('/o/:org/give/:campaign/p/:page/photo', { config: { access: 'public' }, schema: { params: PageParams, querystring: ImageQuery } }, async (request, reply) => {
      const p = request.params as PageParams;
      return sendImage(reply, await images.pagePhoto(request.actor, p.org, p.campaign, p.page));
    });
  };
}
