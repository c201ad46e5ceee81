import type { FastifyInstance } from 'fastify';
import { formRoute } from '../../../platform/http/form-route.js';
import { EmptyBody, NumberParams } from '../schemas.js';
import type { ContactService } from '../services/contacts.js';
import { ContactsPage } from '../views/contact-pages.js';
import { z } from 'zod';

const ContactParams = NumberParams.extend({ contactId: z.uuid() });
type ContactParams = z.infer<typeof ContactParams>;
const contactsUrl = (org: string, numberId: string) => `/o/${org}/text-giving/numbers/${numberId}/contacts`;

/** The donors who texted a number, and erasing one on request. */
export function contactHtmlRoutes(deps: { contacts: ContactService }) {
  return async (app: FastifyInstance) => {
    app.get('/o/:org/text-giving/numbers/:numberId/contacts', { config: { access: 'signed-in' }, schema: { params: NumberParams } }, async (request, reply) => {
      const p = request.params as NumberParams;
      return reply.page(ContactsPage({ ctx: request.viewCtx(), ...(await deps.contacts.contactsPage(request.actor, p.org, p.numberId)) }));
    });
    formRoute(app, {
      url: '/o/:org/text-giving/numbers/:numberId/contacts/:contactId/erase',
      access: 'signed-in',
      params: ContactParams,
      body: EmptyBody,
      render: async (request, _input, p: ContactParams) => ContactsPage({ ctx: request.viewCtx(), ...(await deps.contacts.contactsPage(request.actor, p.org, p.numberId)) }),
      async handle(request, reply, _body, p) {
        await deps.contacts.eraseContact(request.actor, p.org, p.numberId, p.contactId, { ip: request.ip ?? null });
        return reply.seeOther(contactsUrl(p.org, p.numberId), 'notices.textGivingContactErased');
      },
    });
  };
}
