import type { FastifyBaseLogger } from 'fastify';
import { NotReceiptableError, type IssueReceiptInput, type ReceiptingService } from '../../receipting/index.js';
import { isoDay } from '../days.js';
import type { FundraisingDeps } from '../deps.js';
import { findGiftById } from '../db/queries.js';
import type { GiftRow } from '../db/schema.js';

/** Queued in the transaction that confirms a gift: asks receipting to issue and e-mail its receipt. */
export const GIFT_RECEIPT_JOB = 'fundraising.gift.receipt';
export type GiftReceiptPayload = { giftId: string; organizationId: string };
export const GIFT_SOURCE_TYPE = 'fundraising.gift';

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
export function createReceiptRequests(deps: Pick<FundraisingDeps, 'db'> & { receipting: ReceiptingService; log?: FastifyBaseLogger }) {
  return {
    async runGiftReceipt(payload: GiftReceiptPayload): Promise<void> {
      const gift = await findGiftById(deps.db, payload.organizationId, payload.giftId);
      if (!gift || gift.status !== 'succeeded') return;
      // A monthly donor who chose one annual receipt gets it from the yearly run instead.
      if (gift.receiptAnnually) return;
      const input = receiptInputFor(gift);
      if (!input) return;
      try {
        await deps.receipting.issueReceipt(undefined, input);
      } catch (error) {
        // Not a gift in the CRA's sense (advantage over 80%…): no receipt, and no retry. A
        // foundation whose receipt settings are missing gets retries until they are saved.
        if (error instanceof NotReceiptableError) return;
        throw error;
      }
    },
    listReceiptsForGift: (organizationId: string, giftId: string) => deps.receipting.listReceiptsForSource(organizationId, { type: GIFT_SOURCE_TYPE, id: giftId }),
    listReceiptsForAccount: (accountId: string) => deps.receipting.listReceiptsForDonorAccount(accountId),
  };
}
export type ReceiptRequests = ReturnType<typeof createReceiptRequests>;
