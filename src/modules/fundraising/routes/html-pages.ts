import type { FastifyInstance, FastifyRequest } from 'fastify';
import { can } from '../../../platform/auth/policy.js';
import { formRoute, type FormInput } from '../../../platform/http/form-route.js';
import { fundraisingPolicy } from '../policy.js';
import { CampaignParams, CreatePageBody, GiveBody, PageParams, ViaQuery } from '../schemas.js';
import type { GiftService } from '../services/gifts.js';
import type { MonthlyService } from '../services/monthly.js';
import type { PageService } from '../services/pages.js';
import { NewPeerPage, PeerPage, pageUrl } from '../views/page-pages.js';

/** Peer-to-peer pages: creating one, and giving through one. */
export function pageHtmlRoutes(deps: { pages: PageService; gifts: GiftService; monthly: MonthlyService; publicUrl: URL }) {
  const { pages, gifts } = deps;

  async function renderPage(request: FastifyRequest, p: PageParams, input: FormInput, via: string | undefined): Promise<string> {
    const found = await pages.page(request.actor, p.org, p.campaign, p.page);
    const form = await gifts.giveForm(request.actor, p.org, p.campaign);
    return PeerPage({ ctx: request.viewCtx(), ...found, testMode: gifts.isTest, input, idempotencyKey: form.idempotencyKey, via, publicUrl: deps.publicUrl, canEdit: can(fundraisingPolicy, request.actor, 'page.update', found.page) });
  }
  const renderNew = async (request: FastifyRequest, p: CampaignParams, input: FormInput) => NewPeerPage({ ctx: request.viewCtx(), ...(await pages.newForm(request.actor, p.org, p.campaign)), input });

  return async (app: FastifyInstance) => {
    app.get('/o/:org/give/:campaign/p/:page', { config: { access: 'public' }, schema: { params: PageParams, querystring: ViaQuery } }, async (request, reply) =>
      reply.page(await renderPage(request, request.params as PageParams, { values: {} }, (request.query as ViaQuery).via)),
    );
    formRoute(app, {
      url: '/o/:org/give/:campaign/p/:page',
      access: 'public',
      params: PageParams,
      body: GiveBody,
      rateLimit: { max: 30, timeWindow: '1 minute' },
      render: (request, input, params) => renderPage(request, params, input, undefined),
      async handle(request, reply, body, params) {
        const { page } = await pages.page(request.actor, params.org, params.campaign, params.page);
        const start = body.frequency === 'monthly' ? deps.monthly.startMonthly : gifts.startGift;
        const { redirectUrl } = await start(request.actor, params.org, params.campaign, body, { page, consentWording: request.t('fundraising.give.emailConsent') });
        return reply.redirect(redirectUrl, 303);
      },
    });
    app.get('/o/:org/give/:campaign/pages/new', { config: { access: 'signed-in' }, schema: { params: CampaignParams } }, async (request, reply) =>
      reply.page(await renderNew(request, request.params as CampaignParams, { values: {} })),
    );
    formRoute(app, {
      url: '/o/:org/give/:campaign/pages/new',
      access: 'signed-in',
      params: CampaignParams,
      body: CreatePageBody,
      render: (request, input, params) => renderNew(request, params, input),
      async handle(request, reply, body, params) {
        const slug = await pages.createPage(request.actor, params.org, params.campaign, body);
        return reply.seeOther(pageUrl(params.org, params.campaign, slug), 'notices.saved');
      },
    });
  };
}
