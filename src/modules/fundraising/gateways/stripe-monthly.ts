import type Stripe from 'stripe';
import { createStripeClient, type StripeGatewayConfig } from './stripe-gateway.js';

export type StartMonthlyInput = {
  monthlyGiftId: string;
  amountCents: number;
  email: string;
  description: string;
  locale: 'en' | 'fr';
  /** The same key always yields the same Checkout Session. */
  idempotencyKey: string;
  successUrl: string;
  cancelUrl: string;
};

/** A subscription as Stripe answered after a change. */
export type SubscriptionState = { status: string; paused: boolean; amountCents: number | null };

/** Stripe Billing for monthly gifts: a Checkout Session in subscription mode, then changes through the SDK. */
export type MonthlyGateway = {
  startMonthly(input: StartMonthlyInput): Promise<{ sessionId: string; redirectUrl: string }>;
  changeAmount(subscriptionId: string, amountCents: number, idempotencyKey: string): Promise<SubscriptionState>;
  pause(subscriptionId: string, idempotencyKey: string): Promise<SubscriptionState>;
  resume(subscriptionId: string, idempotencyKey: string): Promise<SubscriptionState>;
  cancel(subscriptionId: string, idempotencyKey: string): Promise<SubscriptionState>;
};

const stateOf = (s: Stripe.Subscription): SubscriptionState => {
  const item = s.items?.data?.[0];
  const unit = item?.price?.unit_amount;
  return { status: s.status, paused: Boolean(s.pause_collection), amountCents: typeof unit === 'number' ? unit * (item?.quantity ?? 1) : null };
};

export function createStripeMonthly(config: StripeGatewayConfig): MonthlyGateway {
  const stripe = createStripeClient(config);
  return {
    async startMonthly(input) {
      const metadata = { monthlyGiftId: input.monthlyGiftId };
      const session = await stripe.checkout.sessions.create(
        {
          mode: 'subscription',
          customer_email: input.email,
          locale: input.locale === 'fr' ? 'fr-CA' : 'en',
          line_items: [{ quantity: 1, price_data: { currency: 'cad', unit_amount: input.amountCents, recurring: { interval: 'month' }, product_data: { name: input.description } } }],
          metadata,
          subscription_data: { metadata },
          client_reference_id: input.monthlyGiftId,
          success_url: input.successUrl,
          cancel_url: input.cancelUrl,
        },
        { idempotencyKey: input.idempotencyKey },
      );
      if (!session.url) throw new Error('Stripe returned a checkout session without a URL');
      return { sessionId: session.id, redirectUrl: session.url };
    },
    async changeAmount(subscriptionId, amountCents, idempotencyKey) {
      // The new price replaces the item's from the next invoice on: no proration, no charge now.
      const current = await stripe.subscriptions.retrieve(subscriptionId);
      const item = current.items.data[0];
      if (!item) throw new Error('subscription without an item');
      const product = typeof item.price.product === 'string' ? item.price.product : item.price.product.id;
      const updated = await stripe.subscriptions.update(
        subscriptionId,
        { items: [{ id: item.id, price_data: { currency: 'cad', product, unit_amount: amountCents, recurring: { interval: 'month' } } }], proration_behavior: 'none' },
        { idempotencyKey },
      );
      return stateOf(updated);
    },
    async pause(subscriptionId, idempotencyKey) {
      return stateOf(await stripe.subscriptions.update(subscriptionId, { pause_collection: { behavior: 'void' } }, { idempotencyKey }));
    },
    async resume(subscriptionId, idempotencyKey) {
      return stateOf(await stripe.subscriptions.update(subscriptionId, { pause_collection: '' }, { idempotencyKey }));
    },
    async cancel(subscriptionId, idempotencyKey) {
      return stateOf(await stripe.subscriptions.cancel(subscriptionId, {}, { idempotencyKey }));
    },
  };
}
