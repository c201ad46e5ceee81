import { describe, expect, it } from 'vitest';
import { assessEligibility, deMinimisThresholdCents } from './eligibility.js';

const cash = (amountCents: number, advantageCents = 0, advantageNearCash = false) => assessEligibility({ kind: 'cash', amountCents, advantageCents, advantageNearCash });

describe('eligible amount of a gift', () => {
  it('is the whole gift when there is no advantage', () => {
    expect(cash(50_00)).toMatchObject({ receiptable: true, reason: 'eligible', advantageCountedCents: 0, eligibleAmountCents: 50_00 });
  });

  it('ignores an advantage of at most 10% of a small gift', () => {
    // $100 gift, 10% = $10 < $75: a $10 mug is ignored, an $10.01 one is not.
    expect(cash(100_00, 10_00)).toMatchObject({ receiptable: true, reason: 'eligible_de_minimis', advantageCents: 10_00, advantageCountedCents: 0, eligibleAmountCents: 100_00 });
    expect(cash(100_00, 10_01)).toMatchObject({ receiptable: true, reason: 'eligible', advantageCountedCents: 10_01, eligibleAmountCents: 89_99 });
  });

  it('ignores at most $75 on a large gift', () => {
    // $1,000 gift, 10% = $100 > $75: the lesser, $75, applies.
    expect(deMinimisThresholdCents(1000_00)).toBe(75_00);
    expect(cash(1000_00, 75_00)).toMatchObject({ reason: 'eligible_de_minimis', eligibleAmountCents: 1000_00 });
    expect(cash(1000_00, 75_01)).toMatchObject({ reason: 'eligible', advantageCountedCents: 75_01, eligibleAmountCents: 924_99 });
  });

  it('always counts a cash or near-cash advantage, however small', () => {
    expect(cash(100_00, 5_00, true)).toMatchObject({ receiptable: true, reason: 'eligible', advantageCountedCents: 5_00, eligibleAmountCents: 95_00 });
  });

  it('gives no receipt when the advantage is more than 80% of the gift, and one at exactly 80%', () => {
    expect(cash(100_00, 80_00)).toMatchObject({ receiptable: true, eligibleAmountCents: 20_00 });
    expect(cash(100_00, 80_01)).toMatchObject({ receiptable: false, reason: 'advantage_over_80_percent', eligibleAmountCents: 0 });
    // A gala ticket: $250 paid, dinner worth $210 (84%).
    expect(cash(250_00, 210_00)).toMatchObject({ receiptable: false, reason: 'advantage_over_80_percent' });
  });

  it('uses the fair market value of a gift in kind, not the amount', () => {
    const r = assessEligibility({ kind: 'in_kind', amountCents: 0, fairMarketValueCents: 1200_00, advantageCents: 0 });
    expect(r).toMatchObject({ receiptable: true, giftValueCents: 1200_00, eligibleAmountCents: 1200_00 });
    const withAdvantage = assessEligibility({ kind: 'in_kind', amountCents: 99_999_00, fairMarketValueCents: 1200_00, advantageCents: 200_00 });
    expect(withAdvantage).toMatchObject({ receiptable: true, advantageCountedCents: 200_00, eligibleAmountCents: 1000_00 });
    expect(assessEligibility({ kind: 'in_kind', amountCents: 500_00, fairMarketValueCents: null })).toMatchObject({ receiptable: false, reason: 'invalid_amount' });
  });

  it('refuses amounts that are not positive integer cents', () => {
    expect(cash(0)).toMatchObject({ receiptable: false, reason: 'invalid_amount' });
    expect(cash(10.5)).toMatchObject({ receiptable: false, reason: 'invalid_amount' });
    expect(cash(100_00, -1)).toMatchObject({ receiptable: false, reason: 'invalid_amount' });
  });
});
