/**
 * The eligible amount of a gift under the Income Tax Act (s.248(31)) and the CRA's guidance on
 * split receipting, in integer cents. Pure, so it is tested without a database.
 */
export type GiftForAssessment = {
  kind: 'cash' | 'in_kind';
  /** The gift of cash; for a gift in kind, ignored in favour of the fair market value. */
  amountCents: number;
  fairMarketValueCents?: number | null | undefined;
  advantageCents?: number | null | undefined;
  /** Cash or near-cash (gift cards, vouchers): never ignored by the de minimis rule. */
  advantageNearCash?: boolean | undefined;
};

export type EligibilityReason =
  | 'eligible'
  | 'eligible_de_minimis'
  | 'advantage_over_80_percent'
  | 'no_eligible_amount'
  | 'invalid_amount';

export type Eligibility = {
  receiptable: boolean;
  reason: EligibilityReason;
  /** The gift's value: the amount of cash, or the fair market value of property. */
  giftValueCents: number;
  /** The advantage as declared. */
  advantageCents: number;
  /** The advantage that reduces the eligible amount (0 when the de minimis rule ignores it). */
  advantageCountedCents: number;
  eligibleAmountCents: number;
};

/** The de minimis ceiling: the lesser of $75 and 10% of the gift. */
export const DE_MINIMIS_CAP_CENTS = 75_00;

export function deMinimisThresholdCents(giftValueCents: number): number {
  return Math.min(DE_MINIMIS_CAP_CENTS, Math.floor(giftValueCents / 10));
}

export function assessEligibility(gift: GiftForAssessment): Eligibility {
  const giftValueCents = gift.kind === 'in_kind' ? (gift.fairMarketValueCents ?? 0) : gift.amountCents;
  const advantageCents = gift.advantageCents ?? 0;
  const base = { giftValueCents, advantageCents };
  if (!Number.isSafeInteger(giftValueCents) || giftValueCents <= 0 || !Number.isSafeInteger(advantageCents) || advantageCents < 0) {
    return { ...base, receiptable: false, reason: 'invalid_amount', advantageCountedCents: advantageCents, eligibleAmountCents: 0 };
  }
  // More than 80% back to the donor: generally not a gift at all (compared in integers: a·100 > g·80).
  if (advantageCents * 100 > giftValueCents * 80) {
    return { ...base, receiptable: false, reason: 'advantage_over_80_percent', advantageCountedCents: advantageCents, eligibleAmountCents: 0 };
  }
  const ignored = advantageCents > 0 && !gift.advantageNearCash && advantageCents <= deMinimisThresholdCents(giftValueCents);
  const advantageCountedCents = ignored ? 0 : advantageCents;
  const eligibleAmountCents = giftValueCents - advantageCountedCents;
  if (eligibleAmountCents <= 0) {
    return { ...base, receiptable: false, reason: 'no_eligible_amount', advantageCountedCents, eligibleAmountCents: 0 };
  }
  return { ...base, receiptable: true, reason: ignored ? 'eligible_de_minimis' : 'eligible', advantageCountedCents, eligibleAmountCents };
}
