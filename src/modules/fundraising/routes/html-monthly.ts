import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { formRoute, type FormInput } from '../../../platform/http/form-route.js';
import { AnnualReceiptsBody, ChangeAmountBody, EmptyBody, ManageLinkParams, ManageLinkRequestBody, MonthlyIdParams, MonthlyParams, MonthlyTestCheckoutBody, OrgParams, ReceiptPreferenceBody } from '../monthly-schemas.js';
import { GiftTokenQuery } from '../schemas.js';
import type { ManageLinkService } from '../services/manage-links.js';
import type { ManageRef, MonthlyService } from '../services/monthly.js';
import { ManageLinkRefusedPage, ManageMonthlyPage, NewManageLinkPage, MonthlyTestCheckoutPage, MonthlyThanksPage, MyMonthlyGiftsPage, StaffMonthlyPage } from '../views/monthly-pages.js';
import { guestManageMonthlyUrl, manageMonthlyUrl, monthlyThanksUrl, staffMonthlyUrl } from '../views/urls.js';

/** Per address (the job's dedupe key) and, here, per IP: as many as a person could mean to send. */
const NEW_LINK_RATE_LIMIT = { max: 10, timeWindow: '15 minutes' };

type Q = z.infer<typeof GiftTokenQuery>;

/** Monthly gifts: the confirmation and test pages, the donor's account pages, the foundation's list and annual receipts. */
export function monthlyHtmlRoutes(deps: { monthly: MonthlyService; manageLinks: ManageLinkService }) {
  const { monthly, manageLinks } = deps;

  const renderManage = async (request: FastifyRequest, id: ManageRef, input: FormInput) =>
    ManageMonthlyPage({ ctx: request.viewCtx(), ...(await monthly.manage(request.actor, id)), testMode: monthly.isTest, input, guestUrl: typeof id === 'string' ? undefined : guestManageMonthlyUrl(id.link) });
  /** A guest's page: a refused link (altered, expired) gets a page saying so, and nothing is loaded or changed. */
  const refusedLink = async (request: FastifyRequest, token: string) => {
    const state = monthly.checkManageLink(token);
    if (state === 'ok') return null;
    return { page: ManageLinkRefusedPage({ ctx: request.viewCtx(), reason: state, orgSlug: await manageLinks.orgOfRefusedLink(token) }), status: state === 'expired' ? 410 : 400 };
  };
  const renderGuest = async (request: FastifyRequest, token: string, input: FormInput) => (await refusedLink(request, token))?.page ?? renderManage(request, { link: token }, input);

  /** The same change from a guest's page, under the signed link of their e-mail (no sign-in). */
  function guestRoute<B extends typeof EmptyBody | typeof ChangeAmountBody | typeof ReceiptPreferenceBody>(app: FastifyInstance, path: string, body: B, act: (request: FastifyRequest, ref: ManageRef, body: z.output<B>) => Promise<unknown>) {
    formRoute(app, {
      url: `/fundraising/monthly/manage/:token/${path}`,
      access: 'public',
      params: ManageLinkParams,
      body,
      render: (request, input, params) => renderGuest(request, params.token, input),
      async handle(request, reply, data, params) {
        const refused = await refusedLink(request, params.token);
        if (refused) return reply.header('referrer-policy', 'no-referrer').page(refused.page, refused.status);
        await act(request, { link: params.token }, data as z.output<B>);
        return reply.seeOther(guestManageMonthlyUrl(params.token), 'notices.saved');
      },
    });
  }
  const renderStaff = async (request: FastifyRequest, org: string, input: FormInput) =>
    StaffMonthlyPage({ ctx: request.viewCtx(), ...(await monthly.listForOrganization(request.actor, org)), input, testMode: monthly.isTest });

  /** A one-button change from the manage page; a refusal re-renders it with the reason. */
  function changeRoute(app: FastifyInstance, path: string, act: (request: FastifyRequest, id: string) => Promise<unknown>) {
    formRoute(app, {
      url: `/account/giving/monthly/:monthly/${path}`,
      access: 'signed-in',
      params: MonthlyIdParams,
      body: EmptyBody,
      render: (request, input, params) => renderManage(request, params.monthly, input),
      async handle(request, reply, _body, params) {
        await act(request, params.monthly);
        return reply.seeOther(manageMonthlyUrl(params.monthly), 'notices.saved');
      },
    });
  }

  return async (app: FastifyInstance) => {
    app.get('/o/:org/give/:campaign/monthly/:monthly', { config: { access: 'public' }, schema: { params: MonthlyParams, querystring: GiftTokenQuery } }, async (request, reply) => {
      const token = (request.query as Q).t;
      const page = await monthly.monthlyPage(request.actor, request.params as MonthlyParams, token);
      reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
      return reply.page(MonthlyThanksPage({ ctx: request.viewCtx(), ...page, token: token ?? '', testMode: monthly.isTest }));
    });

    app.get('/account/giving/monthly', { config: { access: 'signed-in' } }, async (request, reply) =>
      reply.page(MyMonthlyGiftsPage({ ctx: request.viewCtx(), monthly: await monthly.listOwn(request.actor) })),
    );
    app.get('/account/giving/monthly/:monthly', { config: { access: 'signed-in' }, schema: { params: MonthlyIdParams } }, async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return reply.page(await renderManage(request, (request.params as z.infer<typeof MonthlyIdParams>).monthly, { values: {} }));
    });
    formRoute(app, {
      url: '/account/giving/monthly/:monthly/amount',
      access: 'signed-in',
      params: MonthlyIdParams,
      body: ChangeAmountBody,
      render: (request, input, params) => renderManage(request, params.monthly, input),
      async handle(request, reply, body, params) {
        await monthly.changeAmount(request.actor, params.monthly, body.amount);
        return reply.seeOther(manageMonthlyUrl(params.monthly), 'notices.saved');
      },
    });
    formRoute(app, {
      url: '/account/giving/monthly/:monthly/receipts',
      access: 'signed-in',
      params: MonthlyIdParams,
      body: ReceiptPreferenceBody,
      render: (request, input, params) => renderManage(request, params.monthly, input),
      async handle(request, reply, body, params) {
        await monthly.setReceiptPreference(request.actor, params.monthly, body.annualReceipt);
        return reply.seeOther(manageMonthlyUrl(params.monthly), 'notices.saved');
      },
    });
    app.get('/fundraising/monthly/manage/:token', { config: { access: 'public' }, schema: { params: ManageLinkParams } }, async (request, reply) => {
      const { token } = request.params as ManageLinkParams;
      reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
      const refused = await refusedLink(request, token);
      if (refused) return reply.page(refused.page, refused.status);
      return reply.page(await renderManage(request, { link: token }, { values: {} }));
    });
    app.get('/o/:org/give/manage/monthly', { config: { access: 'public' }, schema: { params: OrgParams } }, async (request, reply) =>
      reply.page(NewManageLinkPage({ ctx: request.viewCtx(), org: await manageLinks.requestPage((request.params as OrgParams).org), input: { values: {} } })),
    );
    formRoute(app, {
      url: '/o/:org/give/manage/monthly',
      access: 'public',
      params: OrgParams,
      body: ManageLinkRequestBody,
      rateLimit: NEW_LINK_RATE_LIMIT,
      render: async (request, input, params) => NewManageLinkPage({ ctx: request.viewCtx(), org: await manageLinks.requestPage(params.org), input }),
      async handle(request, reply, body, params) {
        await manageLinks.requestManageLink(params.org, body.email);
        // The same page whether or not a monthly gift uses this address.
        return reply.page(NewManageLinkPage({ ctx: request.viewCtx(), org: await manageLinks.requestPage(params.org), input: { values: {} }, sent: true }));
      },
    });
    guestRoute(app, 'amount', ChangeAmountBody, (request, ref, body) => monthly.changeAmount(request.actor, ref, body.amount));
    guestRoute(app, 'receipts', ReceiptPreferenceBody, (request, ref, body) => monthly.setReceiptPreference(request.actor, ref, body.annualReceipt));
    guestRoute(app, 'pause', EmptyBody, (request, ref) => monthly.pause(request.actor, ref));
    guestRoute(app, 'resume', EmptyBody, (request, ref) => monthly.resume(request.actor, ref));
    guestRoute(app, 'cancel', EmptyBody, (request, ref) => monthly.cancel(request.actor, ref));
    if (monthly.isTest) guestRoute(app, 'test-charge', EmptyBody, (request, ref) => monthly.testChargeNow(request.actor, ref));

    changeRoute(app, 'pause', (request, id) => monthly.pause(request.actor, id));
    changeRoute(app, 'resume', (request, id) => monthly.resume(request.actor, id));
    changeRoute(app, 'cancel', (request, id) => monthly.cancel(request.actor, id));

    app.get('/o/:org/fundraising/monthly', { config: { access: 'signed-in' }, schema: { params: OrgParams } }, async (request, reply) =>
      reply.page(await renderStaff(request, (request.params as OrgParams).org, { values: {} })),
    );
    formRoute(app, {
      url: '/o/:org/fundraising/monthly/annual-receipts',
      access: 'signed-in',
      params: OrgParams,
      body: AnnualReceiptsBody,
      render: (request, input, params) => renderStaff(request, params.org, input),
      async handle(request, reply, body, params) {
        await monthly.requestAnnualReceipts(request.actor, params.org, body.year);
        return reply.seeOther(staffMonthlyUrl(params.org), 'notices.annualReceiptsQueued');
      },
    });

    if (!monthly.isTest) return;
    // TEST — no money moves: the test gateway's checkout page and its "charge now".
    app.get('/o/:org/give/:campaign/monthly/:monthly/test-checkout', { config: { access: 'public' }, schema: { params: MonthlyParams, querystring: GiftTokenQuery } }, async (request, reply) => {
      const token = (request.query as Q).t;
      const page = await monthly.monthlyPage(request.actor, request.params as MonthlyParams, token);
      reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
      return reply.page(MonthlyTestCheckoutPage({ ctx: request.viewCtx(), ...page, token: token ?? '', testMode: true }));
    });
    formRoute(app, {
      url: '/o/:org/give/:campaign/monthly/:monthly/test-checkout',
      access: 'public',
      params: MonthlyParams,
      body: MonthlyTestCheckoutBody,
      async render(request, _input, params) {
        const raw = (request.body ?? {}) as Record<string, unknown>;
        const token = typeof raw.t === 'string' ? raw.t : '';
        const page = await monthly.monthlyPage(request.actor, params, token);
        return MonthlyTestCheckoutPage({ ctx: request.viewCtx(), ...page, token, testMode: true });
      },
      async handle(request, reply, body, params) {
        await monthly.completeTestCheckout(request.actor, params, body.t, body.result);
        return reply.redirect(monthlyThanksUrl(params.org, params.campaign, params.monthly, body.t), 303);
      },
    });
    changeRoute(app, 'test-charge', (request, id) => monthly.testChargeNow(request.actor, id));
  };
}
