import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { formRoute, type FormInput } from '../../../platform/http/form-route.js';
import { checkbox } from '../../../platform/http/validation.js';
import { FeedQuery, OrgParams, parseBody, WritePostBody } from '../schemas.js';
import type { MessageService } from '../services/messages.js';
import { BlocksPage, CommunitySettingsPage, ConversationPage, InboxPage, StartConversationPage } from '../views/message-pages.js';
import { blocksUrl, communitySettingsUrl, conversationUrl } from '../views/message-urls.js';

const ConversationParams = OrgParams.extend({ conversation: z.uuid() });
type ConversationParams = z.infer<typeof ConversationParams>;
const PersonParams = OrgParams.extend({ account: z.uuid() });
type PersonParams = z.infer<typeof PersonParams>;
const BlockBody = z.object({ block: z.enum(['yes', 'no']), back: z.enum(['profile', 'blocks', 'conversation']).optional(), conversation: z.uuid().optional() });
const SettingsBody = z.object({ directMessages: checkbox });

/** Direct messages, blocking, and the organization's community settings. */
export function messageHtmlRoutes(deps: { messages: MessageService }) {
  const { messages } = deps;

  async function renderConversation(request: FastifyRequest, p: ConversationParams, input: FormInput, before?: string) {
    const page = await messages.conversation(request.actor, p.org, p.conversation, before);
    return ConversationPage({ ctx: request.viewCtx(), page, input });
  }
  async function renderStart(request: FastifyRequest, p: PersonParams, input: FormInput) {
    const page = await messages.startPage(request.actor, p.org, p.account);
    return StartConversationPage({ ctx: request.viewCtx(), org: page.org, person: page.person, refusal: page.refusal, input });
  }

  return async (app: FastifyInstance) => {
    app.get('/o/:org/messages', { config: { access: 'signed-in' }, schema: { params: OrgParams } }, async (request, reply) => {
      const inbox = await messages.inbox(request.actor, (request.params as OrgParams).org);
      return reply.page(InboxPage({ ctx: request.viewCtx(), ...inbox }));
    });

    app.get('/o/:org/messages/:conversation', { config: { access: 'signed-in' }, schema: { params: ConversationParams, querystring: FeedQuery } }, async (request, reply) =>
      reply.page(await renderConversation(request, request.params as ConversationParams, { values: {} }, (request.query as FeedQuery).before)),
    );

    formRoute(app, {
      url: '/o/:org/messages/:conversation',
      access: 'signed-in',
      params: ConversationParams,
      body: WritePostBody,
      render: (request, input, params) => renderConversation(request, params, input),
      async handle(request, reply, body, params) {
        await messages.send(request.actor, params.org, params.conversation, body.body, body.confirmPhi);
        return reply.seeOther(`${conversationUrl(params.org, params.conversation)}#latest`, 'notices.communityMessageSent');
      },
    });

    /** Messaging someone: our conversation if we have one, otherwise the form to start it. */
    app.get('/o/:org/messages/with/:account', { config: { access: 'signed-in' }, schema: { params: PersonParams } }, async (request, reply) => {
      const p = request.params as PersonParams;
      const page = await messages.startPage(request.actor, p.org, p.account);
      if (page.existingId) return reply.redirect(conversationUrl(p.org, page.existingId), 303);
      return reply.page(StartConversationPage({ ctx: request.viewCtx(), org: page.org, person: page.person, refusal: page.refusal, input: { values: {} } }));
    });

    formRoute(app, {
      url: '/o/:org/messages/with/:account',
      access: 'signed-in',
      params: PersonParams,
      body: WritePostBody,
      render: (request, input, params) => renderStart(request, params, input),
      async handle(request, reply, body, params) {
        const id = await messages.start(request.actor, params.org, params.account, body.body, body.confirmPhi);
        return reply.seeOther(`${conversationUrl(params.org, id)}#latest`, 'notices.communityMessageSent');
      },
    });

    app.get('/o/:org/blocks', { config: { access: 'signed-in' }, schema: { params: OrgParams } }, async (request, reply) => {
      const page = await messages.blocks(request.actor, (request.params as OrgParams).org);
      return reply.page(BlocksPage({ ctx: request.viewCtx(), ...page }));
    });

    app.post('/o/:org/people/:account/block', { config: { access: 'signed-in' }, schema: { params: PersonParams } }, async (request, reply) => {
      const p = request.params as PersonParams;
      const body = parseBody(BlockBody, request.body);
      const block = body.block === 'yes';
      await messages.setBlock(request.actor, p.org, p.account, block);
      const back = body.back === 'profile' ? `/o/${p.org}/people/${p.account}` : body.back === 'conversation' && body.conversation ? conversationUrl(p.org, body.conversation) : blocksUrl(p.org);
      return reply.seeOther(back, block ? 'notices.communityBlocked' : 'notices.communityUnblocked');
    });

    app.get('/o/:org/community/settings', { config: { access: 'signed-in' }, schema: { params: OrgParams } }, async (request, reply) => {
      const page = await messages.settings(request.actor, (request.params as OrgParams).org);
      return reply.page(CommunitySettingsPage({ ctx: request.viewCtx(), ...page }));
    });

    app.post('/o/:org/community/settings', { config: { access: 'signed-in' }, schema: { params: OrgParams } }, async (request, reply) => {
      const { org } = request.params as OrgParams;
      const body = parseBody(SettingsBody, request.body);
      await messages.setSettings(request.actor, org, body.directMessages, { ip: request.ip ?? null });
      return reply.seeOther(communitySettingsUrl(org), 'notices.saved');
    });
  };
}
