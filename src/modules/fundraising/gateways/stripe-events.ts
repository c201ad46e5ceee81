import Stripe from 'stripe';
import { InvalidSignatureError, type PaymentEvent } from './gateway.js';

type Obj = Record<string, unknown>;
const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);
const giftIdOf = (o: Obj): string | null => str((o.metadata as Obj | undefined)?.giftId);
/** `payment_intent` is an id, or the expanded object. */
const intentOf = (v: unknown): string | null => str(v) ?? (v && typeof v === 'object' ? str((v as Obj).id) : null);

/** A Stripe event (as verified by the SDK) → what it means for a gift. */
export function toPaymentEvent(event: { id: string; type: string; data: { object: unknown } }): PaymentEvent {
  const o = (event.data.object ?? {}) as Obj;
  const base = { eventId: event.id, type: event.type, giftId: null, intentId: null };
  switch (event.type) {
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
