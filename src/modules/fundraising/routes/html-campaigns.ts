import type { FastifyInstance, FastifyRequest } from 'fastify';
import { formRoute, type FormInput } from '../../../platform/http/form-route.js';
import { CampaignBody, CampaignParams, CreateCampaignBody, GiveBody, GiveQuery, OrgParams } from '../schemas.js';
import type { CampaignService } from '../services/campaigns.js';
import type { GiftService } from '../services/gifts.js';
import type { MonthlyService } from '../services/monthly.js';
import { CampaignListPage, CampaignPage } from '../views/campaign-pages.js';
import { campaignValues, DeskPage, EditCampaignPage, NewCampaignPage } from '../views/manage-pages.js';
import { campaignUrl, editCampaignUrl } from '../views/urls.js';

const meta = (request: FastifyRequest) => ({ ip: request.ip ?? null });

/** Campaign pages: the public page with its gift form, and the fundraisers' desk and editors. */
export function campaignHtmlRoutes(deps: { campaigns: CampaignService; gifts: GiftService; monthly: MonthlyService; publicUrl: URL; liveTotals?: { url(orgSlug: string, campaignId: string): string } | undefined }) {
  const { campaigns, gifts } = deps;

  /** The public page; a failed gift form re-renders it with the errors. */
  async function renderCampaign(request: FastifyRequest, p: CampaignParams, input: FormInput): Promise<string> {
    const page = await campaigns.publicPage(request.actor, p.org, p.campaign);
    const form = await gifts.giveForm(request.actor, p.org, p.campaign);
    return CampaignPage({ ctx: request.viewCtx(), ...page, testMode: gifts.isTest, input, idempotencyKey: form.idempotencyKey, liveUrl: deps.liveTotals?.url(page.org.slug, page.campaign.id), publicUrl: deps.publicUrl });
  }

  return async (app: FastifyInstance) => {
    app.get('/o/:org/give', { config: { access: 'public' }, schema: { params: OrgParams } }, async (request, reply) => {
      const page = await campaigns.listPublic((request.params as OrgParams).org);
      return reply.page(CampaignListPage({ ctx: request.viewCtx(), ...page, testMode: gifts.isTest }));
    });
    app.get('/o/:org/give/:campaign', { config: { access: 'public' }, schema: { params: CampaignParams, querystring: GiveQuery } }, async (request, reply) => {
      const p = request.params as CampaignParams;
      const q = request.query as GiveQuery;
      const via = q.via;
      // A text message's link names the amount, the channel and its signed ref; the form carries them.
      const fromText = q.channel === 'text' && q.ref ? { channel: 'text', ref: q.ref } : {};
      const prefill = { ...(request.actor.email ? { email: request.actor.email } : {}), ...(via ? { via } : {}), ...(q.amount ? { amount: q.amount } : {}), ...(q.lang ? { language: q.lang } : {}), ...fromText };
      return reply.page(await renderCampaign(request, p, { values: prefill }));
    });
    formRoute(app, {
      url: '/o/:org/give/:campaign',
      access: 'public',
      params: CampaignParams,
      body: GiveBody,
      rateLimit: { max: 30, timeWindow: '1 minute' },
      render: (request, input, params) => renderCampaign(request, params, input),
      async handle(request, reply, body, params) {
        const start = body.frequency === 'monthly' ? deps.monthly.startMonthly : gifts.startGift;
        const { redirectUrl } = await start(request.actor, params.org, params.campaign, body, { consentWording: request.t('fundraising.give.emailConsent') });
        return reply.redirect(redirectUrl, 303);
      },
    });

    app.get('/o/:org/fundraising', { config: { access: 'signed-in' }, schema: { params: OrgParams } }, async (request, reply) => {
      const page = await campaigns.desk(request.actor, (request.params as OrgParams).org);
      return reply.page(DeskPage({ ctx: request.viewCtx(), ...page, testMode: gifts.isTest }));
    });

    const renderNew = async (request: FastifyRequest, org: string, input: FormInput) => NewCampaignPage({ ctx: request.viewCtx(), ...(await campaigns.newForm(request.actor, org)), input });
    app.get('/o/:org/fundraising/campaigns/new', { config: { access: 'signed-in' }, schema: { params: OrgParams } }, async (request, reply) =>
      reply.page(await renderNew(request, (request.params as OrgParams).org, { values: {} })),
    );
    formRoute(app, {
      url: '/o/:org/fundraising/campaigns/new',
      access: 'signed-in',
      params: OrgParams,
      body: CreateCampaignBody,
      render: (request, input, params) => renderNew(request, params.org, input),
      async handle(request, reply, body, params) {
        const slug = await campaigns.createCampaign(request.actor, params.org, body, meta(request));
        return reply.seeOther(campaignUrl(params.org, slug), 'notices.saved');
      },
    });

    const renderEdit = async (request: FastifyRequest, p: CampaignParams, input: FormInput | null) => {
      const page = await campaigns.editForm(request.actor, p.org, p.campaign);
      return EditCampaignPage({ ctx: request.viewCtx(), ...page, input: input ?? { values: campaignValues(page.campaign) } });
    };
    app.get('/o/:org/fundraising/campaigns/:campaign/edit', { config: { access: 'signed-in' }, schema: { params: CampaignParams } }, async (request, reply) =>
      reply.page(await renderEdit(request, request.params as CampaignParams, null)),
    );
    formRoute(app, {
      url: '/o/:org/fundraising/campaigns/:campaign/edit',
      access: 'signed-in',
      params: CampaignParams,
      body: CampaignBody,
      render: (request, input, params) => renderEdit(request, params, input),
      async handle(request, reply, body, params) {
        await campaigns.updateCampaign(request.actor, params.org, params.campaign, body, meta(request));
        return reply.seeOther(editCampaignUrl(params.org, params.campaign), 'notices.saved');
      },
    });
  };
}
