import type { FastifyInstance, FastifyRequest } from 'fastify';
import { formRoute, type FormInput } from '../../../platform/http/form-route.js';
import { AddKeywordBody, ConnectNumberBody, EmptyBody, KeywordParams, NumberParams, OrgParams } from '../schemas.js';
import type { ProgramService } from '../services/programs.js';
import { NumberPage, NumbersPage } from '../views/program-pages.js';
import { numberUrl } from '../views/urls.js';

const meta = (request: FastifyRequest) => ({ ip: request.ip ?? null });

/** The organization's text-giving pages: numbers (administrators) and keywords (fundraisers too). */
export function programHtmlRoutes(deps: { programs: ProgramService }) {
  const { programs } = deps;

  async function renderNumbers(request: FastifyRequest, org: string, input: FormInput | null) {
    const page = await programs.numbersPage(request.actor, org);
    return NumbersPage({ ctx: request.viewCtx(), ...page, input: input ?? { values: { programLang: 'en', sendsPerSecond: '1' } } });
  }
  async function renderNumber(request: FastifyRequest, p: NumberParams, input: FormInput | null) {
    const page = await programs.numberPage(request.actor, p.org, p.numberId);
    return NumberPage({ ctx: request.viewCtx(), ...page, input: input ?? { values: { lang: page.number.programLang, flow: 'confirm', amounts: ['5', '10', '25'], defaultAmount: '10', confirmWindowMinutes: '30' } } });
  }

  return async (app: FastifyInstance) => {
    app.get('/o/:org/text-giving', { config: { access: 'signed-in' }, schema: { params: OrgParams } }, async (request, reply) =>
      reply.page(await renderNumbers(request, (request.params as OrgParams).org, null)),
    );
    formRoute(app, {
      url: '/o/:org/text-giving/numbers',
      access: 'signed-in',
      params: OrgParams,
      body: ConnectNumberBody,
      render: (request, input, params) => renderNumbers(request, params.org, input),
      async handle(request, reply, body, params) {
        const id = await programs.connectNumber(request.actor, params.org, body, meta(request));
        return reply.seeOther(numberUrl(params.org, id), 'notices.textGivingNumberConnected');
      },
    });
    app.get('/o/:org/text-giving/numbers/:numberId', { config: { access: 'signed-in' }, schema: { params: NumberParams } }, async (request, reply) =>
      reply.page(await renderNumber(request, request.params as NumberParams, null)),
    );
    formRoute(app, {
      url: '/o/:org/text-giving/numbers/:numberId/keywords',
      access: 'signed-in',
      params: NumberParams,
      body: AddKeywordBody,
      render: (request, input, params) => renderNumber(request, params, input),
      async handle(request, reply, body, params) {
        await programs.addKeyword(request.actor, params.org, params.numberId, body, meta(request));
        return reply.seeOther(numberUrl(params.org, params.numberId), 'notices.textGivingKeywordAdded');
      },
    });
    formRoute(app, {
      url: '/o/:org/text-giving/numbers/:numberId/keywords/:keywordId/remove',
      access: 'signed-in',
      params: KeywordParams,
      body: EmptyBody,
      render: (request, input, params) => renderNumber(request, params, input),
      async handle(request, reply, _body, params) {
        await programs.removeKeyword(request.actor, params.org, params.numberId, params.keywordId, meta(request));
        return reply.seeOther(numberUrl(params.org, params.numberId), 'notices.textGivingKeywordRemoved');
      },
    });
  };
}
