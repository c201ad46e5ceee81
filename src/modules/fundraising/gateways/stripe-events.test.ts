import { describe, expect, it } from 'vitest';
import { toPaymentEvent } from './stripe-events.js';

const ID = '0190f0e0-0000-7000-8000-00000000abcd';
const ev = (type: string, object: Record<string, unknown>) => toPaymentEvent({ id: 'evt_1', type, data: { object } });

describe('reading Stripe events about monthly gifts', () => {
  it('tells a subscription Checkout from a one-time one', () => {
    const oneTime = ev('checkout.session.completed', { id: 'cs_1', mode: 'payment', payment_status: 'paid', metadata: { giftId: ID } });
    expect(oneTime).toMatchObject({ outcome: 'succeeded', giftId: ID });
    expect(oneTime.monthly).toBeUndefined();
    expect(ev('checkout.session.completed', { id: 'cs_2', mode: 'subscription', subscription: 'sub_1', customer: { id: 'cus_1' }, metadata: { monthlyGiftId: ID } })).toMatchObject({
      outcome: 'ignored',
      giftId: null,
      monthly: { kind: 'started', monthlyGiftId: ID, sessionId: 'cs_2', subscriptionId: 'sub_1', customerId: 'cus_1' },
    });
    expect(ev('checkout.session.expired', { id: 'cs_3', mode: 'subscription', metadata: { monthlyGiftId: ID } }).monthly).toMatchObject({ kind: 'expired', monthlyGiftId: ID });
  });

  it('reads an invoice in the current shape (under parent) and the older one, and leaves other invoices alone', () => {
    const current = ev('invoice.paid', { id: 'in_1', amount_paid: 2500, status_transitions: { paid_at: 1_780_000_000 }, parent: { subscription_details: { subscription: 'sub_1', metadata: { monthlyGiftId: ID } } } });
    expect(current.monthly).toEqual({ kind: 'invoice_paid', monthlyGiftId: ID, subscriptionId: 'sub_1', invoiceId: 'in_1', amountCents: 2500, paidAt: new Date(1_780_000_000_000), intentId: null });
    const older = ev('invoice.paid', { id: 'in_2', amount_paid: 1000, subscription: 'sub_2', payment_intent: 'pi_2', created: 1_780_000_000 });
    expect(older.monthly).toMatchObject({ kind: 'invoice_paid', monthlyGiftId: null, subscriptionId: 'sub_2', intentId: 'pi_2' });
    expect(ev('invoice.payment_failed', { id: 'in_3', subscription: 'sub_3' }).monthly).toEqual({ kind: 'invoice_failed', monthlyGiftId: null, subscriptionId: 'sub_3', invoiceId: 'in_3' });
    // A one-off invoice (no subscription) is not ours to read.
    const oneOff = ev('invoice.paid', { id: 'in_4', amount_paid: 500 });
    expect(oneOff.outcome).toBe('ignored');
    expect(oneOff.monthly).toBeUndefined();
    // Metadata that is not one of our ids is no id.
    expect(ev('invoice.paid', { id: 'in_5', amount_paid: 500, parent: { subscription_details: { subscription: 'sub_5', metadata: { monthlyGiftId: "x' or 1=1" } } } }).monthly).toMatchObject({ monthlyGiftId: null, subscriptionId: 'sub_5' });
  });

  it('reads which PaymentIntent paid an invoice: `invoice_payment.paid`, or the invoice’s own payments list', () => {
    expect(ev('invoice_payment.paid', { id: 'inpay_1', invoice: 'in_1', status: 'paid', payment: { type: 'payment_intent', payment_intent: 'pi_1' } })).toMatchObject({ outcome: 'ignored', invoicePayment: { invoiceId: 'in_1', intentId: 'pi_1' } });
    expect(ev('invoice_payment.paid', { id: 'inpay_2', invoice: { id: 'in_2' }, payment: { type: 'payment_intent', payment_intent: { id: 'pi_2' } } }).invoicePayment).toEqual({ invoiceId: 'in_2', intentId: 'pi_2' });
    expect(ev('invoice_payment.paid', { id: 'inpay_3', invoice: 'in_3', payment: { type: 'charge', charge: 'ch_3' } }).invoicePayment).toBeUndefined();
    const withPayments = ev('invoice.paid', { id: 'in_4', amount_paid: 900, parent: { subscription_details: { subscription: 'sub_4', metadata: {} } }, payments: { data: [{ status: 'open', payment: { payment_intent: 'pi_old' } }, { status: 'paid', payment: { type: 'payment_intent', payment_intent: 'pi_4' } }] } });
    expect(withPayments.monthly).toMatchObject({ kind: 'invoice_paid', invoiceId: 'in_4', intentId: 'pi_4' });
  });

  it('reads a subscription’s status, pause and amount (price × quantity)', () => {
    const items = { data: [{ quantity: 2, price: { unit_amount: 1500 } }] };
    expect(ev('customer.subscription.updated', { id: 'sub_1', status: 'active', pause_collection: { behavior: 'void' }, items, metadata: { monthlyGiftId: ID } }).monthly).toEqual({
      kind: 'subscription', monthlyGiftId: ID, subscriptionId: 'sub_1', status: 'active', paused: true, amountCents: 3000,
    });
    expect(ev('customer.subscription.updated', { id: 'sub_1', status: 'past_due', pause_collection: null, items }).monthly).toMatchObject({ status: 'past_due', paused: false });
    expect(ev('customer.subscription.deleted', { id: 'sub_1', status: 'active', items }).monthly).toMatchObject({ status: 'canceled' });
  });
});
