import type { FastifyInstance, FastifyRequest } from 'fastify';
import { formRoute, type FormInput } from '../../../platform/http/form-route.js';
import { PatientOptOutBody, PatientTokenQuery, PatientTransferBody } from '../patient-schemas.js';
import { OrgParams } from '../schemas.js';
import type { PatientService } from '../services/patients.js';
import { PatientListPage, PatientOptedOutPage, PatientOptOutInvalidPage, PatientOptOutPage, PatientPhoneOptOutPage, PatientTransferPage } from '../views/patient-pages.js';
import { patientPhoneOptOutUrl, patientTransferUrl } from '../views/urls.js';

const meta = (request: FastifyRequest) => ({ ip: request.ip ?? null });

/** The grateful-patient program (PHIPA s.32): hospital transfers, the foundation's list, opt-outs. */
export function patientHtmlRoutes(deps: { patients: PatientService }) {
  const { patients } = deps;
  const renderTransfer = async (request: FastifyRequest, org: string, input: FormInput) => PatientTransferPage({ ctx: request.viewCtx(), ...(await patients.transferForm(request.actor, org)), input });
  const renderOptOut = async (request: FastifyRequest, org: string, input: FormInput) => PatientPhoneOptOutPage({ ctx: request.viewCtx(), org: await patients.optOutForm(request.actor, org), input });

  return async (app: FastifyInstance) => {
    app.get('/o/:org/grateful-patients/new', { config: { access: 'signed-in' }, schema: { params: OrgParams } }, async (request, reply) =>
      reply.page(await renderTransfer(request, (request.params as OrgParams).org, { values: {} })),
    );
    formRoute(app, {
      url: '/o/:org/grateful-patients/new',
      access: 'signed-in',
      params: OrgParams,
      body: PatientTransferBody,
      render: (request, input, params) => renderTransfer(request, params.org, input),
      async handle(request, reply, body, params) {
        await patients.transfer(request.actor, params.org, body, meta(request));
        return reply.seeOther(patientTransferUrl(params.org), 'notices.saved');
      },
    });
    app.get('/o/:org/grateful-patients/opt-outs/new', { config: { access: 'signed-in' }, schema: { params: OrgParams } }, async (request, reply) =>
      reply.page(await renderOptOut(request, (request.params as OrgParams).org, { values: {} })),
    );
    formRoute(app, {
      url: '/o/:org/grateful-patients/opt-outs/new',
      access: 'signed-in',
      params: OrgParams,
      body: PatientOptOutBody,
      render: (request, input, params) => renderOptOut(request, params.org, input),
      async handle(request, reply, body, params) {
        await patients.recordOptOut(request.actor, params.org, body, meta(request));
        return reply.seeOther(patientPhoneOptOutUrl(params.org), 'notices.saved');
      },
    });
    app.get('/o/:org/fundraising/grateful-patients', { config: { access: 'signed-in' }, schema: { params: OrgParams } }, async (request, reply) =>
      reply.page(PatientListPage({ ctx: request.viewCtx(), ...(await patients.list(request.actor, (request.params as OrgParams).org, meta(request))) })),
    );
    app.get('/fundraising/patients/opt-out', { config: { access: 'public' }, schema: { querystring: PatientTokenQuery } }, async (request, reply) => {
      const { token } = request.query as PatientTokenQuery;
      const view = await patients.optOutView(token);
      if (!view) return reply.page(PatientOptOutInvalidPage({ ctx: request.viewCtx() }), 400);
      if (view.done) return reply.page(PatientOptedOutPage({ ctx: request.viewCtx() }));
      return reply.page(PatientOptOutPage({ ctx: request.viewCtx(), view, token }));
    });
    // Like an unsubscribe link: the signed token is the only credential and can do nothing else.
    app.post('/fundraising/patients/opt-out', { config: { access: 'public', csrf: false }, schema: { querystring: PatientTokenQuery } }, async (request, reply) => {
      const ok = await patients.optOutByLink((request.query as PatientTokenQuery).token, meta(request));
      if (!ok) return reply.page(PatientOptOutInvalidPage({ ctx: request.viewCtx() }), 400);
      return reply.page(PatientOptedOutPage({ ctx: request.viewCtx() }));
    });
  };
}
