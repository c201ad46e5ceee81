import type { Executor } from '../../../platform/db/types.js';
import type { OutgoingMail } from '../../../platform/mail/mailer.js';
import type { FundraisingDeps } from '../deps.js';
import { findOrganizationById } from '../db/queries.js';
import { createSignedLinks } from '../links.js';
import { unsubscribeUrl } from '../views/urls.js';
import { appendConsent, createConsentLedger } from './consents.js';

export type UnsubscribeView = { orgSlug: string; orgNameEn: string; orgNameFr: string; maskedEmail: string; withdrawn: boolean };

/** "j…@example.ca": enough for people to recognize their address, not enough to give it away. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  return at <= 0 ? '…' : `${email[0]}…${email.slice(at)}`;
}

/**
 * Fundraising e-mail that asks for something (CASL): sent only while the address has consent on
 * the ledger, always with a one-click unsubscribe (RFC 8058) whose signed link names a gift of
 * that person. Receipts and plain acknowledgements do not pass here.
 */
export function createOutreach(deps: Pick<FundraisingDeps, 'db' | 'mailer' | 'config'>) {
  const { db, mailer, config } = deps;
  const links = createSignedLinks(config.secret, 'fundraising.unsubscribe');
  const ledger = createConsentLedger(deps);
  const absolute = (path: string) => new URL(path, config.publicUrl).toString();

  async function viewOf(ex: Executor, token: string): Promise<(UnsubscribeView & { organizationId: string; email: string; giftId: string }) | null> {
    const giftId = links.open(token);
    if (!giftId) return null;
    const gift = await ex.selectFrom('fundraisingGifts').select(['id', 'organizationId', 'donorEmail']).where('id', '=', giftId).executeTakeFirst();
    if (!gift?.donorEmail) return null;
    const org = await findOrganizationById(ex, gift.organizationId);
    if (!org) return null;
    const standing = await ledger.standing(gift.organizationId, 'email', gift.donorEmail, new Date(), ex);
    return {
      organizationId: gift.organizationId,
      giftId: gift.id,
      email: gift.donorEmail,
      orgSlug: org.slug,
      orgNameEn: org.nameEn,
      orgNameFr: org.nameFr,
      maskedEmail: maskEmail(gift.donorEmail),
      withdrawn: !standing.granted && standing.basis !== null,
    };
  }

  const strip = <T extends UnsubscribeView>(v: T): UnsubscribeView => ({ orgSlug: v.orgSlug, orgNameEn: v.orgNameEn, orgNameFr: v.orgNameFr, maskedEmail: v.maskedEmail, withdrawn: v.withdrawn });

  return {
    unsubscribeLink: (giftId: string) => absolute(unsubscribeUrl(links.token(giftId))),

    /** May fundraising e-mail go to this address now? Only with consent standing on the ledger. */
    async maySolicit(ex: Executor, organizationId: string, email: string): Promise<boolean> {
      return (await ledger.standing(organizationId, 'email', email, new Date(), ex)).granted;
    },

    /** Queues a soliciting message (purpose `fundraising`) with its unsubscribe headers; refused (null) without consent. */
    async queueSolicitation(ex: Executor, giftId: string, mail: Omit<OutgoingMail, 'purpose' | 'headers'> & { organizationId: string }): Promise<string | null> {
      if (!(await ledger.standing(mail.organizationId, 'email', mail.to, new Date(), ex)).granted) return null;
      const link = absolute(unsubscribeUrl(links.token(giftId)));
      return mailer.enqueue(ex, { ...mail, purpose: 'fundraising', headers: { 'List-Unsubscribe': `<${link}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } });
    },

    async unsubscribeView(token: string): Promise<UnsubscribeView | null> {
      const v = await viewOf(db, token);
      return v ? strip(v) : null;
    },

    /**
     * Withdraws at once: a withdrawal on the ledger with its evidence, and the fundraising
     * messages still queued for that address in this organization are stopped. Done twice, once.
     */
    async unsubscribe(token: string, evidence: { method: 'one_click' | 'page' }): Promise<UnsubscribeView | null> {
      return db.transaction().execute(async (trx) => {
        const v = await viewOf(trx, token);
        if (!v) return null;
        if (!v.withdrawn) {
          await appendConsent(trx, {
            organizationId: v.organizationId,
            channel: 'email',
            address: v.email,
            basis: 'unsubscribe',
            granted: false,
            source: 'unsubscribe_link',
            giftId: v.giftId,
            evidence: { method: evidence.method, at: new Date().toISOString() },
          });
          const queued = await trx
            .selectFrom('mailMessages')
            .select('id')
            .where('organizationId', '=', v.organizationId)
            .where('purpose', '=', 'fundraising')
            .where('status', '=', 'queued')
            .where((eb) => eb(eb.fn('lower', ['toAddress']), '=', v.email.toLowerCase()))
            .execute();
          await mailer.withdraw(trx, queued.map((q) => q.id));
        }
        return { ...strip(v), withdrawn: true };
      });
    },
  };
}
export type Outreach = ReturnType<typeof createOutreach>;
