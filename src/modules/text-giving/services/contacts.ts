import type { Actor } from '../../../platform/auth/actor.js';
import { can } from '../../../platform/auth/policy.js';
import { recordAudit } from '../../../platform/audit/audit.js';
import { NotFoundError } from '../../../platform/http/errors.js';
import type { TextGivingDeps } from '../deps.js';
import { formatPhone, maskPhone } from '../phone.js';
import { textGivingPolicy } from '../policy.js';
import { numberScope } from './number-scope.js';

export type ContactView = { id: string; phone: string; lang: 'en' | 'fr'; optedOut: boolean; erased: boolean; pledges: number; since: Date };

/**
 * Donors' phone numbers are personal information: shown in full only to fundraisers, masked
 * to everyone else who may see the list, and erasable on request. Erasing keeps the pledges
 * (gift records the law requires) and the opt-out state (so STOP stays honoured), and drops
 * the number itself from the contact and from every stored text.
 */
export function createContactService(deps: TextGivingDeps) {
  const { db, sealer } = deps;

  const scope = (actor: Actor, slug: string, numberId: string, action: 'program.view' | 'contact.erase') => numberScope(db, actor, slug, numberId, action);

  return {
    async contactsPage(actor: Actor, slug: string, numberId: string) {
      const { org, number } = await scope(actor, slug, numberId, 'program.view');
      const full = can(textGivingPolicy, actor, 'contact.viewPhone', { organizationId: org.id });
      const rows = await db
        .selectFrom('textGivingContacts as c')
        .leftJoin('textGivingPledges as p', 'p.contactId', 'c.id')
        .select(['c.id', 'c.phoneSealed', 'c.phoneLast4', 'c.lang', 'c.optedOutAt', 'c.erasedAt', 'c.createdAt'])
        .select((eb) => eb.fn.count<number>('p.id').as('pledges'))
        .where('c.organizationId', '=', org.id)
        .where('c.numberId', '=', number.id)
        .groupBy('c.id')
        .orderBy('c.createdAt', 'desc')
        .limit(200)
        .execute();
      const contacts: ContactView[] = rows.map((r) => ({
        id: r.id,
        phone: r.erasedAt || !r.phoneSealed ? '' : full ? formatPhone(sealer.open(r.phoneSealed)) : maskPhone(r.phoneLast4),
        lang: r.lang,
        optedOut: r.optedOutAt !== null,
        erased: r.erasedAt !== null,
        pledges: Number(r.pledges),
        since: r.createdAt,
      }));
      return { org, number: { id: number.id, label: number.label }, contacts, canErase: can(textGivingPolicy, actor, 'contact.erase', { organizationId: org.id }) };
    },

    async eraseContact(actor: Actor, slug: string, numberId: string, contactId: string, meta: { ip: string | null }): Promise<void> {
      const { org, number } = await scope(actor, slug, numberId, 'contact.erase');
      await db.transaction().execute(async (trx) => {
        const contact = await trx.selectFrom('textGivingContacts').select(['id', 'phoneHash']).where('organizationId', '=', org.id).where('numberId', '=', number.id).where('id', '=', contactId).forUpdate().executeTakeFirst();
        if (!contact) throw new NotFoundError();
        await trx.updateTable('textGivingContacts').set({ phoneSealed: null, phoneLast4: null, erasedAt: new Date(), updatedAt: new Date() }).where('id', '=', contact.id).execute();
        await trx.updateTable('textGivingInboundMessages').set({ fromSealed: null }).where('numberId', '=', number.id).where('fromHash', '=', contact.phoneHash).execute();
        await trx.updateTable('textGivingOutboundMessages').set({ status: 'cancelled' }).where('contactId', '=', contact.id).where('status', '=', 'queued').execute();
        await recordAudit(trx, { action: 'text-giving.contact.erased', organizationId: org.id, actorAccountId: actor.accountId, targetType: 'text_giving_contact', targetId: contact.id, ip: meta.ip });
      });
    },
  };
}
export type ContactService = ReturnType<typeof createContactService>;
