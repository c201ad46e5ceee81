import Stripe from 'stripe';
import { InvalidSignatureError, type MonthlyEvent, type PaymentEvent } from './gateway.js';
import { UUID_PATTERN as UUID } from '../../../platform/db/ids.js';

type Obj = Record<string, unknown>;
const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);
/** Our gift id from the payment's metadata; anything not shaped like one is no id. */
const giftIdOf = (o: Obj): string | null => {
  const id = str((o.metadata as Obj | undefined)?.giftId);
  return id && UUID.test(id) ? id : null;
};
/** `payment_intent` is an id, or the expanded object. */
const intentOf = (v: unknown): string | null => str(v) ?? (v && typeof v === 'object' ? str((v as Obj).id) : null);

const obj = (v: unknown): Obj => (v && typeof v === 'object' ? (v as Obj) : {});
/** Our monthly gift id from a subscription's (or invoice's, or session's) metadata. */
const monthlyIdOf = (...metadatas: unknown[]): string | null => {
  for (const m of metadatas) {
    const id = str(obj(m).monthlyGiftId);
    if (id && UUID.test(id)) return id;
  }
  return null;
};
const idOf = (v: unknown): string | null => str(v) ?? str(obj(v).id);

/**
 * The PaymentIntent among an invoice's payments (`payments`, when the event includes it): older
 * API versions put `payment_intent` on the invoice itself, current ones only here.
 */
const paidIntentOf = (payments: unknown): string | null => {
  const list = obj(payments).data;
  if (!Array.isArray(list)) return null;
  for (const p of list) {
    const payment = obj(obj(p).payment);
    if (obj(p).status !== 'paid' && obj(p).status !== undefined) continue;
    const intent = intentOf(payment.payment_intent);
    if (intent) return intent;
  }
  return null;
};

/**
 * Subscription events → what they mean for a monthly gift. An invoice names its subscription
 * (and the subscription's metadata) under `parent.subscription_details` in current API
 * versions, directly in older ones.
 */
function toMonthlyEvent(type: string, o: Obj): MonthlyEvent | null {
  switch (type) {
    case 'checkout.session.completed':
    case 'checkout.session.expired': {
      if (o.mode !== 'subscription') return null;
      const base = { monthlyGiftId: monthlyIdOf(o.metadata), sessionId: str(o.id) };
      return type === 'checkout.session.expired'
        ? { kind: 'expired', ...base, subscriptionId: null }
        : { kind: 'started', ...base, subscriptionId: idOf(o.subscription), customerId: idOf(o.customer) };
    }
    case 'invoice.paid':
    case 'invoice.payment_failed': {
      const details = obj(obj(o.parent).subscription_details);
      const subscriptionId = idOf(details.subscription) ?? idOf(o.subscription);
      const monthlyGiftId = monthlyIdOf(details.metadata, obj(o.subscription_details).metadata, o.metadata);
      if (!subscriptionId && !monthlyGiftId) return null;
      const invoiceId = str(o.id) ?? '';
      if (type === 'invoice.payment_failed') return { kind: 'invoice_failed', monthlyGiftId, subscriptionId, invoiceId };
      const paidAt = Number(obj(o.status_transitions).paid_at ?? o.created ?? 0);
      return { kind: 'invoice_paid', monthlyGiftId, subscriptionId, invoiceId, amountCents: Number(o.amount_paid ?? 0), paidAt: paidAt > 0 ? new Date(paidAt * 1000) : new Date(), intentId: intentOf(o.payment_intent) ?? paidIntentOf(o.payments) };
    }
    case 'customer.subscription.updated':
    case 'customer.subscription.deleted': {
      const item = obj((obj(o.items).data as unknown[] | undefined)?.[0]);
      const price = obj(item.price);
      const unit = typeof price.unit_amount === 'number' ? price.unit_amount * (typeof item.quantity === 'number' ? item.quantity : 1) : null;
      return {
        kind: 'subscription',
        monthlyGiftId: monthlyIdOf(o.metadata),
        subscriptionId: str(o.id),
        status: type === 'customer.subscription.deleted' ? 'canceled' : (str(o.status) ?? 'active'),
        paused: o.pause_collection !== null && o.pause_collection !== undefined && typeof o.pause_collection === 'object',
        amountCents: unit,
      };
    }
    default:
      return null;
  }
}

/** A Stripe event (as verified by the SDK) → what it means for a gift. */
export function toPaymentEvent(event: { id: string; type: string; data: { object: unknown } }): PaymentEvent {
  const o = (event.data.object ?? {}) as Obj;
  const base = { eventId: event.id, type: event.type, giftId: null, intentId: null };
  const monthly = toMonthlyEvent(event.type, o);
  if (monthly) return { ...base, outcome: 'ignored', monthly };
  switch (event.type) {
    case 'invoice_payment.paid': {
      // Which PaymentIntent paid which invoice: how a later refund or dispute finds that month's gift.
      const payment = obj(o.payment);
      const invoiceId = idOf(o.invoice);
      const intentId = intentOf(payment.payment_intent);
      return { ...base, outcome: 'ignored', ...(invoiceId && intentId ? { invoicePayment: { invoiceId, intentId } } : {}) };
    }
    case 'checkout.session.completed':
    case 'checkout.session.async_payment_succeeded':
      return { ...base, outcome: o.payment_status === 'paid' ? 'succeeded' : 'ignored', giftId: giftIdOf(o), intentId: intentOf(o.payment_intent) };
    case 'checkout.session.async_payment_failed':
    case 'checkout.session.expired':
      return { ...base, outcome: 'failed', giftId: giftIdOf(o), intentId: intentOf(o.payment_intent) };
    case 'payment_intent.succeeded':
      return { ...base, outcome: 'succeeded', giftId: giftIdOf(o), intentId: str(o.id) };
    case 'payment_intent.payment_failed':
      return { ...base, outcome: 'failed', giftId: giftIdOf(o), intentId: str(o.id) };
    case 'charge.refunded':
      // A partial refund leaves the gift standing; only a full refund takes it off the totals.
      return { ...base, outcome: o.refunded === true ? 'refunded' : 'ignored', giftId: giftIdOf(o), intentId: intentOf(o.payment_intent) };
    case 'charge.dispute.created':
      return { ...base, outcome: 'disputed', giftId: giftIdOf(o), intentId: intentOf(o.payment_intent) };
    default:
      return { ...base, outcome: 'ignored' };
  }
}

/** Verifies a Stripe-signed body with the official SDK, then reads it. */
export function verifyStripeEvent(rawBody: string | Buffer, header: string, secret: string): PaymentEvent {
  let event: { id: string; type: string; data: { object: unknown } };
  try {
    event = Stripe.webhooks.constructEvent(rawBody, header, secret) as unknown as typeof event;
  } catch (error) {
    throw new InvalidSignatureError('webhook signature did not verify', { cause: error });
  }
  return toPaymentEvent(event);
}
