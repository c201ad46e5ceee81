import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type StripeCall = { method: string; path: string; idempotencyKey: string | undefined; authorization: string | undefined; form: URLSearchParams };

export type StripeSubscription = {
  id: string;
  object: 'subscription';
  status: string;
  customer: string;
  pause_collection: { behavior: string } | null;
  metadata: Record<string, string>;
  items: { object: 'list'; data: { id: string; object: 'subscription_item'; quantity: number; price: { id: string; object: 'price'; unit_amount: number; currency: string; product: string; recurring: { interval: string } } }[] };
};

/**
 * A local stand-in for api.stripe.com that answers the calls Foyer makes (Checkout Sessions in payment and
 * subscription mode; retrieving, updating and cancelling subscriptions),
 * honouring Idempotency-Key as Stripe does: the same key returns the same object.
 */
export async function startStripeApi() {
  const calls: StripeCall[] = [];
  const byKey = new Map<string, unknown>();
  const subscriptions = new Map<string, StripeSubscription>();
  let next = 1;
  const read = (req: IncomingMessage) => new Promise<string>((resolve) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => resolve(body));
  });
  const server: Server = createServer(async (req, res) => {
    const form = new URLSearchParams(await read(req));
    const key = req.headers['idempotency-key'] as string | undefined;
    calls.push({ method: req.method ?? '', path: req.url ?? '', idempotencyKey: key, authorization: req.headers.authorization, form });
    res.setHeader('content-type', 'application/json');
    if (req.method === 'POST' && req.url === '/v1/checkout/sessions') {
      const existing = key ? byKey.get(key) : undefined;
      const mode = form.get('mode') ?? 'payment';
      const session = existing ?? {
        id: `cs_test_${String(next++).padStart(6, '0')}`,
        object: 'checkout.session',
        mode,
        amount_total: Number(form.get('line_items[0][price_data][unit_amount]')),
        currency: form.get('line_items[0][price_data][currency]'),
        metadata: mode === 'subscription' ? { monthlyGiftId: form.get('metadata[monthlyGiftId]') } : { giftId: form.get('metadata[giftId]') },
        payment_status: 'unpaid',
        subscription: null,
        url: `https://checkout.stripe.com/c/pay/cs_test_${next - 1}`,
      };
      if (key) byKey.set(key, session);
      res.end(JSON.stringify(session));
      return;
    }
    // Subscriptions: retrieve, update (price, pause_collection), cancel; the same key answers the same.
    const sub = req.url?.match(/^\/v1\/subscriptions\/([A-Za-z0-9_]+)$/);
    const subscription = sub ? subscriptions.get(sub[1]!) : undefined;
    if (sub && subscription) {
      if (req.method === 'GET') {
        res.end(JSON.stringify(subscription));
        return;
      }
      const replay = key ? byKey.get(key) : undefined;
      if (replay) {
        res.end(JSON.stringify(replay));
        return;
      }
      if (req.method === 'POST') {
        const amount = form.get('items[0][price_data][unit_amount]');
        if (amount) {
          const item = subscription.items.data[0]!;
          item.price = { id: `price_test_${next++}`, object: 'price', unit_amount: Number(amount), currency: form.get('items[0][price_data][currency]') ?? 'cad', product: form.get('items[0][price_data][product]') ?? '', recurring: { interval: form.get('items[0][price_data][recurring][interval]') ?? '' } };
        }
        if (form.get('pause_collection[behavior]')) subscription.pause_collection = { behavior: form.get('pause_collection[behavior]')! };
        else if (form.has('pause_collection') && form.get('pause_collection') === '') subscription.pause_collection = null;
      } else if (req.method === 'DELETE') {
        subscription.status = 'canceled';
      }
      const answer = structuredClone(subscription);
      if (key) byKey.set(key, answer);
      res.end(JSON.stringify(answer));
      return;
    }
    res.statusCode = 404;
    res.end(JSON.stringify({ error: { type: 'invalid_request_error', message: `Unrecognized request URL (${req.method}: ${req.url})` } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    /** A subscription as Stripe would hold it once a subscription-mode Checkout completes. */
    createSubscription(o: { monthlyGiftId: string; amountCents: number }): StripeSubscription {
      const n = next++;
      const created: StripeSubscription = {
        id: `sub_test_${String(n).padStart(6, '0')}`,
        object: 'subscription',
        status: 'active',
        customer: `cus_test_${n}`,
        pause_collection: null,
        metadata: { monthlyGiftId: o.monthlyGiftId },
        items: { object: 'list', data: [{ id: `si_test_${n}`, object: 'subscription_item', quantity: 1, price: { id: `price_test_${n}`, object: 'price', unit_amount: o.amountCents, currency: 'cad', product: `prod_test_${n}`, recurring: { interval: 'month' } } }] },
      };
      subscriptions.set(created.id, created);
      return created;
    },
    subscription: (id: string) => subscriptions.get(id),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
