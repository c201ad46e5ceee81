import type { FastifyInstance, FastifyRequest } from 'fastify';
import { formRoute, type FormInput } from '../../../platform/http/form-route.js';
import { CreateInvitationBody, EmptyBody, InvitationParams, InvitationTokenParams, OrgParams } from '../admin-schemas.js';
import { toAdminOrgView, toInvitationListItems, toInvitationView } from '../presenters.js';
import type { InvitationService } from '../services/invitations.js';
import { InvitationsPage } from '../views/admin-pages.js';
import { InvitationPage } from '../views/invitation-pages.js';
import { requestMeta } from './html-auth.js';

/** Inviting people by e-mail (administrators) and answering an invitation (the invited person). */
export function invitationHtmlRoutes(deps: { invitations: InvitationService }) {
  const { invitations } = deps;

  async function renderAdmin(request: FastifyRequest, slug: string, input: FormInput): Promise<string> {
    const { org, invitations: pending, inviters } = await invitations.listPending(request.actor, slug);
    return InvitationsPage({ ctx: request.viewCtx(), org: toAdminOrgView(org, request.lang), invitations: toInvitationListItems(pending, inviters), input });
  }

  return async (app: FastifyInstance) => {
    app.get('/o/:org/admin/invitations', { config: { access: 'signed-in' }, schema: { params: OrgParams } }, async (request, reply) =>
      reply.page(await renderAdmin(request, (request.params as OrgParams).org, { values: {} })),
    );
    formRoute(app, {
      url: '/o/:org/admin/invitations',
      access: 'signed-in',
      params: OrgParams,
      body: CreateInvitationBody,
      render: (request, input, params) => renderAdmin(request, params.org, input),
      async handle(request, reply, body, params) {
        await invitations.invite(request.actor, params.org, body, request.lang, requestMeta(request));
        return reply.seeOther(`/o/${params.org}/admin/invitations`, 'notices.invitationSent');
      },
    });
    formRoute(app, {
      url: '/o/:org/admin/invitations/:id/revoke',
      access: 'signed-in',
      params: InvitationParams,
      body: EmptyBody,
      render: (request, input, params) => renderAdmin(request, params.org, input),
      async handle(request, reply, _body, params) {
        await invitations.revoke(request.actor, params.org, params.id, requestMeta(request));
        return reply.seeOther(`/o/${params.org}/admin/invitations`, 'notices.invitationRevoked');
      },
    });

    app.get('/invitations/:token', { config: { access: 'public' }, schema: { params: InvitationTokenParams } }, async (request, reply) => {
      const { token } = request.params as InvitationTokenParams;
      const found = await invitations.lookup(request.actor, token);
      const view = toInvitationView(found, token, request.actor.kind === 'account', request.lang);
      // The link is a secret: keep it out of other sites' logs.
      reply.header('referrer-policy', 'no-referrer');
      return reply.page(InvitationPage({ ctx: request.viewCtx(), invitation: view }), view.state === 'pending' ? 200 : 410);
    });
    app.post('/invitations/:token/accept', { config: { access: 'signed-in' }, schema: { params: InvitationTokenParams } }, async (request, reply) => {
      const slug = await invitations.accept(request.actor, (request.params as InvitationTokenParams).token, requestMeta(request));
      return reply.seeOther(`/o/${slug}`, 'notices.invitationAccepted');
    });
  };
}
