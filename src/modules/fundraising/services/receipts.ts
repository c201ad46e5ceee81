import type { FastifyBaseLogger } from 'fastify';
import { NotReceiptableError, type IssueReceiptInput, type ReceiptingService } from '../../receipting/index.js';
import { isoDay } from '../days.js';
import type { FundraisingDeps } from '../deps.js';
import { findGiftById, lockGiftsForReceipt } from '../db/queries.js';
import type { GiftRow } from '../db/schema.js';

/** Queued in the transaction that confirms a gift: asks receipting to issue and e-mail its receipt. */
export const GIFT_RECEIPT_JOB = 'fundraising.gift.receipt';
export type GiftReceiptPayload = { giftId: string; organizationId: string };
export const GIFT_SOURCE_TYPE = 'fundraising.gift';
/** Queued in the transaction that marks a gift refunded or disputed: its receipt is cancelled (and an annual one replaced). */
export const GIFT_RECEIPT_CANCEL_JOB = 'fundraising.gift.receipt-cancel';
export type GiftReceiptCancelPayload = { giftId: string; organizationId: string; reason: 'refunded' | 'disputed' };

const COUNTRY: Record<string, string> = { CA: 'Canada' };

/** The snapshot of donor and gift a receipt needs, or null when the gift lacks a mailing address (a text gift not yet completed). */
export function receiptInputFor(gift: GiftRow): IssueReceiptInput | null {
  if (!gift.donorAddressLine1 || !gift.donorCity || !gift.donorProvince || !gift.donorPostalCode) return null;
  const middle = gift.donorMiddleInitial ? ` ${gift.donorMiddleInitial}.` : '';
  const inKind = gift.kind === 'in_kind';
  return {
    organizationId: gift.organizationId,
    donor: {
      fullName: `${gift.donorFirstName}${middle} ${gift.donorLastName}`,
      addressLines: [gift.donorAddressLine1, ...(gift.donorAddressLine2 ? [gift.donorAddressLine2] : [])],
      city: gift.donorCity,
      province: gift.donorProvince,
      postalCode: gift.donorPostalCode,
      country: COUNTRY[gift.donorCountry] ?? gift.donorCountry,
      email: gift.donorEmail || null,
      language: gift.donorLanguage,
      accountId: gift.accountId,
    },
    gifts: [
      {
        source: { type: GIFT_SOURCE_TYPE, id: gift.id },
        dateReceived: isoDay(gift.receivedOn),
        kind: gift.kind,
        amountCents: gift.amountCents,
        advantageCents: gift.advantageCents,
        advantageDescription: gift.advantageDescription,
        advantageNearCash: gift.advantageNearCash,
        ...(inKind
          ? {
              propertyDescription: gift.propertyDescription,
              fairMarketValueCents: gift.amountCents,
              appraiser: gift.appraiserName && gift.appraiserAddress ? { name: gift.appraiserName, address: gift.appraiserAddress } : null,
            }
          : {}),
      },
    ],
    issuedBy: gift.recordedBy,
    sendEmail: true,
  };
}

/** Issues (idempotently, per gift) and e-mails the receipt of a confirmed gift through the receipting module. */
export function createReceiptRequests(deps: Pick<FundraisingDeps, 'db' | 'i18n'> & { receipting: ReceiptingService; log?: FastifyBaseLogger }) {
  return {
    async runGiftReceipt(payload: GiftReceiptPayload): Promise<void> {
      const gift = await findGiftById(deps.db, payload.organizationId, payload.giftId);
      if (!gift || gift.status !== 'succeeded') return;
      // A monthly donor who chose one annual receipt gets it from the yearly run instead.
      if (gift.receiptAnnually) return;
      if (!receiptInputFor(gift)) return;
      try {
        // Issued while the gift's row is held: a refund or dispute waits for this commit, and its
        // cancelling job (queued after) then finds the receipt; or it came first, and none is issued.
        await deps.db.transaction().execute(async (trx) => {
          const held = await lockGiftsForReceipt(trx, [gift.id]);
          const input = held[0]?.status === 'succeeded' ? receiptInputFor(held[0]) : null;
          if (input) await deps.receipting.issueReceipt(trx, input);
        });
      } catch (error) {
        // Not a gift in the CRA's sense (advantage over 80%…): no receipt, and no retry. A
        // foundation whose receipt settings are missing gets retries until they are saved.
        if (error instanceof NotReceiptableError) return;
        throw error;
      }
    },
    /** A refunded or disputed gift: the receipt that names it is cancelled; an annual one is replaced without it. */
    async runReceiptCancel(payload: GiftReceiptCancelPayload): Promise<void> {
      const gift = await findGiftById(deps.db, payload.organizationId, payload.giftId);
      if (!gift || (gift.status !== 'refunded' && gift.status !== 'disputed')) return;
      const date = isoDay(gift.receivedOn);
      const reason = (['en', 'fr'] as const).map((l) => deps.i18n.t(l)(`fundraising-monthly.receiptCancelReason.${payload.reason}`, { date })).join(' / ');
      await deps.receipting.cancelForSource(gift.organizationId, { type: GIFT_SOURCE_TYPE, id: gift.id }, { reason });
    },
    listReceiptsForGift: (organizationId: string, giftId: string) => deps.receipting.listReceiptsForSource(organizationId, { type: GIFT_SOURCE_TYPE, id: giftId }),
    listReceiptsForAccount: (accountId: string) => deps.receipting.listReceiptsForDonorAccount(accountId),
  };
}
export type ReceiptRequests = ReturnType<typeof createReceiptRequests>;
