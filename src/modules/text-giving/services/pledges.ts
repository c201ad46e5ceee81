import type { Actor } from '../../../platform/auth/actor.js';
import { can } from '../../../platform/auth/policy.js';
import { recordAudit } from '../../../platform/audit/audit.js';
import { ConflictError, NotFoundError } from '../../../platform/http/errors.js';
import type { GivingFlow, Lang, OutboundStatus, PledgeStatus } from '../db/schema.js';
import type { ReceiptDonor, TextGivingDeps } from '../deps.js';
import { formatPhone, maskPhone } from '../phone.js';
import { textGivingPolicy } from '../policy.js';
import { numberScope } from './number-scope.js';
import { listNumberPledges, markPledgeReceiptCompleted } from '../db/queries/pledges.js';

/** Where a paid pledge's official receipt stands, as staff see it. */
export type PledgeReceiptState =
  | { kind: 'not_paid' }
  /** The donor has not given the name and address a receipt needs yet. */
  | { kind: 'details_needed' }
  /** Named, and the receipt job has not issued it yet (or receipting is not configured). */
  | { kind: 'pending' }
  | { kind: 'issued' | 'cancelled'; receiptId: string; serial: string };

/** The thank-you text of a paid pledge: sent, still queued, failed for good, or never queued (no consent, STOP, erased). */
export type ThanksState = 'sent' | 'queued' | 'failed' | 'not_sent';

export type PledgeView = {
  id: string;
  receivedAt: Date;
  /** The text that started it ("GIVE 25"), absent once erased with its contact. */
  text: string;
  phone: string;
  optedOut: boolean;
  erased: boolean;
  campaignTitleEn: string;
  campaignTitleFr: string;
  amountCents: number;
  flow: GivingFlow;
  status: PledgeStatus;
  lang: Lang;
  thanks: ThanksState;
  receipt: PledgeReceiptState;
  /** The gift a paid pledge became. */
  giftId: string | null;
};

const PAGE = 200;
const thanksOf = (s: OutboundStatus | null | undefined): ThanksState => (s === 'sent' ? 'sent' : s === 'queued' || s === 'sending' ? 'queued' : s === 'failed' ? 'failed' : 'not_sent');

/**
 * The pledges a number's texts made, for the foundation's staff: the text that led to each, its
 * status, the gift it became, and its receipt. A donor whose thank-you could not be sent (STOP
 * after YES, no follow-up consent, a send that failed for good) is never texted again (CASL);
 * they reach the foundation some other way, and staff enter the name and address for them: the
 * receipt is then issued and e-mailed like any other, and staff can download or resend it.
 */
export function createPledgeService(deps: TextGivingDeps) {
  const { db, sealer } = deps;

  const scope = (actor: Actor, slug: string, numberId: string, action: 'pledge.view' | 'pledge.recordDonor') => numberScope(db, actor, slug, numberId, action);

  async function loadPledges(organizationId: string, numberId: string, fullPhone: boolean, pledgeId?: string): Promise<PledgeView[]> {
    const rows = await listNumberPledges(db, organizationId, numberId, { pledgeId, limit: PAGE });
    const giftIds = rows.flatMap((r) => (r.giftId ? [r.giftId] : []));
    const receipts = new Map((deps.campaigns && giftIds.length ? await deps.campaigns.textGiftReceipts(organizationId, giftIds) : []).map((r) => [r.giftId, r]));
    // The organization's campaigns in one read, rather than one read per campaign the pledges name.
    const campaigns = new Map(deps.campaigns && rows.length > 0 ? (await deps.campaigns.listCampaigns(organizationId)).map((c) => [c.id, c]) : []);
    return rows.map((r) => {
      const found = r.giftId ? receipts.get(r.giftId) : undefined;
      // A refunded gift keeps the receipt it had (cancelled by receipting), and never asks for details.
      const counted = r.status === 'paid' || r.status === 'refunded';
      const receipt: PledgeReceiptState =
        !counted || !r.giftId
          ? { kind: 'not_paid' }
          : found?.receipt
            ? { kind: found.receipt.status, receiptId: found.receipt.id, serial: found.receipt.serial }
            : r.status === 'refunded'
              ? { kind: 'not_paid' }
              : found?.donorNamed
                ? { kind: 'pending' }
                : { kind: 'details_needed' };
      const erased = r.erasedAt !== null;
      return {
        id: r.id,
        receivedAt: r.createdAt,
        text: erased ? '' : r.body,
        phone: erased || !r.phoneSealed ? '' : fullPhone ? formatPhone(sealer.open(r.phoneSealed)) : maskPhone(r.phoneLast4),
        optedOut: r.optedOutAt !== null,
        erased,
        campaignTitleEn: campaigns.get(r.campaignId)?.titleEn ?? r.campaignId,
        campaignTitleFr: campaigns.get(r.campaignId)?.titleFr ?? r.campaignId,
        amountCents: r.amountCents,
        flow: r.flow,
        status: r.status,
        lang: r.lang,
        thanks: thanksOf(r.thanksStatus),
        receipt,
        giftId: r.giftId,
      };
    });
  }

  async function loadOne(actor: Actor, slug: string, numberId: string, pledgeId: string) {
    const { org, number } = await scope(actor, slug, numberId, 'pledge.recordDonor');
    const [pledge] = await loadPledges(org.id, number.id, can(textGivingPolicy, actor, 'contact.viewPhone', { organizationId: org.id }), pledgeId);
    if (!pledge) throw new NotFoundError();
    return { org, number: { id: number.id, label: number.label }, pledge };
  }

  return {
    async pledgesPage(actor: Actor, slug: string, numberId: string) {
      const { org, number } = await scope(actor, slug, numberId, 'pledge.view');
      const pledges = await loadPledges(org.id, number.id, can(textGivingPolicy, actor, 'contact.viewPhone', { organizationId: org.id }));
      return { org, number: { id: number.id, label: number.label }, pledges, canRecordDonor: can(textGivingPolicy, actor, 'pledge.recordDonor', { organizationId: org.id }) };
    },

    /** The staff form for a paid pledge's donor details; only while they are still needed. */
    async donorForm(actor: Actor, slug: string, numberId: string, pledgeId: string) {
      const found = await loadOne(actor, slug, numberId, pledgeId);
      if (found.pledge.receipt.kind !== 'details_needed') throw new ConflictError('text_gift_donor_named');
      return found;
    },

    /**
     * The name and mailing address the donor gave the foundation (by phone, e-mail or post), entered
     * by staff: recorded on the gift once, the receipt issued and e-mailed to the donor; audited.
     */
    async recordDonor(actor: Actor, slug: string, numberId: string, pledgeId: string, donor: ReceiptDonor, meta: { ip: string | null }): Promise<void> {
      const { org, pledge } = await this.donorForm(actor, slug, numberId, pledgeId);
      if (!deps.campaigns || !pledge.giftId) throw new ConflictError('text_gift_donor_named');
      const { completed } = await deps.campaigns.completeTextGiftDonor({ organizationId: org.id, giftId: pledge.giftId, donor });
      if (!completed) throw new ConflictError('text_gift_donor_named');
      await db.transaction().execute(async (trx) => {
        await markPledgeReceiptCompleted(trx, pledge.id);
        await recordAudit(trx, { action: 'text-giving.pledge.donor-recorded', organizationId: org.id, actorAccountId: actor.accountId, targetType: 'text_giving_pledge', targetId: pledge.id, ip: meta.ip });
      });
    },
  };
}
export type PledgeService = ReturnType<typeof createPledgeService>;
