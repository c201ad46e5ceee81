import Stripe from 'stripe';
import type { PaymentGateway, StartedPayment, StartPaymentInput } from './gateway.js';
import { verifyStripeEvent } from './stripe-events.js';

export type StripeGatewayConfig = { secretKey: string; webhookSecret: string; apiUrl: URL | undefined };

/** Stripe Checkout: a redirect to Stripe's page, so giving works without JavaScript on ours. */
export function createStripeGateway(config: StripeGatewayConfig): PaymentGateway {
  const stripe = createStripeClient(config);
  return {
    kind: 'stripe',
    isTest: false,
    async startPayment(input: StartPaymentInput): Promise<StartedPayment> {
      const metadata = { giftId: input.giftId };
      const session = await stripe.checkout.sessions.create(
        {
          mode: 'payment',
          customer_email: input.email,
          locale: input.locale === 'fr' ? 'fr-CA' : 'en',
          line_items: [{ quantity: 1, price_data: { currency: 'cad', unit_amount: input.amountCents, product_data: { name: input.description } } }],
          metadata,
          payment_intent_data: { metadata },
          client_reference_id: input.giftId,
          success_url: input.successUrl,
          cancel_url: input.cancelUrl,
        },
        { idempotencyKey: input.idempotencyKey },
      );
      if (!session.url) throw new Error('Stripe returned a checkout session without a URL');
      return { paymentId: session.id, redirectUrl: session.url };
    },
    verifyEvent: (rawBody, header) => verifyStripeEvent(rawBody, header, config.webhookSecret),
  };
}

/** The official SDK's client, pointed at `apiUrl` when one is configured (a local stand-in in tests). */
export function createStripeClient(config: StripeGatewayConfig): Stripe {
  const api = config.apiUrl;
  return new Stripe(config.secretKey, {
    maxNetworkRetries: 2,
    timeout: 20_000,
    ...(api ? { host: api.hostname, port: api.port || (api.protocol === 'https:' ? 443 : 80), protocol: api.protocol === 'https:' ? 'https' : 'http' } : {}),
  });
}
