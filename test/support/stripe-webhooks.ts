import type { LightMyRequestResponse } from 'fastify';
import Stripe from 'stripe';
import { newId } from '../../src/platform/db/ids.js';
import { buildTestApp, type TestApp } from './build-test-app.js';
import { startStripeApi } from './stripe-api.js';

export type StripeApi = Awaited<ReturnType<typeof startStripeApi>>;
/** A Stripe event before it is wrapped and signed: its id, type and `data.object`. */
export type StripeEvent = { id: string; type: string; object: Record<string, unknown> };

export const STRIPE_WEBHOOK_URL = '/api/v1/fundraising/webhooks/stripe';

export const stripeEvent = (type: string, object: Record<string, unknown>): StripeEvent => ({ id: `evt_${newId().replaceAll('-', '')}`, type, object });

/** A subscription-mode Checkout Session completed for a monthly gift. */
export const monthlySessionCompleted = (monthlyGiftId: string, subscription: string) =>
  stripeEvent('checkout.session.completed', { id: `cs_${newId().slice(-12)}`, object: 'checkout.session', mode: 'subscription', payment_status: 'paid', status: 'complete', subscription, customer: 'cus_1', metadata: { monthlyGiftId } });

/** An invoice as current API versions shape it: no PaymentIntent on it, the subscription and its metadata under `parent`. */
export const invoicePaid = (invoiceId: string, subscription: string, amountCents: number, monthlyGiftId?: string) =>
  stripeEvent('invoice.paid', {
    id: invoiceId,
    object: 'invoice',
    status: 'paid',
    amount_paid: amountCents,
    currency: 'cad',
    status_transitions: { paid_at: Math.floor(Date.now() / 1000) },
    parent: { type: 'subscription_details', subscription_details: { subscription, metadata: monthlyGiftId ? { monthlyGiftId } : {} } },
  });

export type StripeHarness = {
  t: TestApp;
  /** The local Stripe API the SDK talks to (its calls are recorded). */
  stripeApi: StripeApi;
  /**
   * Delivers an event as Stripe would: a JSON body signed with the SDK's test helper, with the
   * app's webhook secret unless `secret` says otherwise; `tamper` alters the body after signing.
   */
  deliver(e: StripeEvent, opts?: { secret?: string; tamper?: (payload: string) => string }): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
};

/** The app built with Stripe as its gateway (against the local Stripe API), and a way to post it signed events. */
export async function startStripeHarness(webhookSecret: string): Promise<StripeHarness> {
  const stripeApi = await startStripeApi();
  const t = await buildTestApp({ env: { FOYER_STRIPE_SECRET_KEY: 'sk_test_foyer123', FOYER_STRIPE_WEBHOOK_SECRET: webhookSecret, FOYER_STRIPE_API_URL: stripeApi.url } });
  return {
    t,
    stripeApi,
    deliver(e, opts = {}) {
      const payload = JSON.stringify({ id: e.id, object: 'event', type: e.type, created: Math.floor(Date.now() / 1000), livemode: false, data: { object: e.object } });
      const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret: opts.secret ?? webhookSecret });
      return t.app.inject({
        method: 'POST',
        url: STRIPE_WEBHOOK_URL,
        headers: { 'content-type': 'application/json; charset=utf-8', 'stripe-signature': signature },
        payload: opts.tamper ? opts.tamper(payload) : payload,
      });
    },
    async close() {
      await t.close();
      await stripeApi.close();
    },
  };
}
