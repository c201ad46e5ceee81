import { createHmac } from 'node:crypto';
import Stripe from 'stripe';
import { newId } from '../../../platform/db/ids.js';
import type { PaymentGateway, StartedPayment, StartPaymentInput } from './gateway.js';
import { verifyStripeEvent } from './stripe-events.js';

export type TestPaymentResult = 'paid' | 'declined';

/** A signed event for the test gateway, ready for the same verification path as Stripe's. */
export type SignedEvent = { body: string; signature: string };

export type TestGateway = PaymentGateway & {
  /** What the test checkout page sends when the person presses "pay" or "decline": a Stripe-shaped event, signed. */
  signCheckoutResult(input: { giftId: string; paymentId: string; amountCents: number; result: TestPaymentResult }): SignedEvent;
  /** Any Stripe-shaped event (a monthly gift's subscription and invoices), signed the same way. */
  signEvent(type: string, object: Record<string, unknown>): SignedEvent;
};

/**
 * No money moves: the "payment page" is ours, marked TEST, and its result comes back as a
 * Stripe-shaped event signed with the SDK's helper and verified by the SDK like a real one, so
 * the recording code walked in the demo is the production code. Refused in production by config.
 */
export function createTestGateway(opts: { secret: string }): TestGateway {
  const webhookSecret = `whsec_${createHmac('sha256', opts.secret).update('fundraising-test-gateway').digest('hex')}`;
  return {
    kind: 'test',
    isTest: true,
    async startPayment(input: StartPaymentInput): Promise<StartedPayment> {
      // The payment id follows the idempotency key, as Stripe's answer would for a retried request.
      const paymentId = `cs_test_${createHmac('sha256', webhookSecret).update(input.idempotencyKey).digest('hex').slice(0, 24)}`;
      return { paymentId, redirectUrl: input.localCheckoutUrl };
    },
    verifyEvent: (rawBody, header) => verifyStripeEvent(rawBody, header, webhookSecret),
    signEvent(type, object) {
      const body = JSON.stringify({ id: `evt_test_${newId().replaceAll('-', '')}`, object: 'event', type, created: Math.floor(Date.now() / 1000), livemode: false, data: { object } });
      return { body, signature: Stripe.webhooks.generateTestHeaderString({ payload: body, secret: webhookSecret }) };
    },
    signCheckoutResult({ giftId, paymentId, amountCents, result }) {
      const paid = result === 'paid';
      const event = {
        id: `evt_test_${newId().replaceAll('-', '')}`,
        object: 'event',
        type: paid ? 'checkout.session.completed' : 'checkout.session.async_payment_failed',
        created: Math.floor(Date.now() / 1000),
        livemode: false,
        data: {
          object: {
            id: paymentId,
            object: 'checkout.session',
            amount_total: amountCents,
            currency: 'cad',
            payment_status: paid ? 'paid' : 'unpaid',
            payment_intent: `pi_test_${paymentId.slice(8)}`,
            metadata: { giftId },
          },
        },
      };
      const body = JSON.stringify(event);
      return { body, signature: Stripe.webhooks.generateTestHeaderString({ payload: body, secret: webhookSecret }) };
    },
  };
}
