import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type StripeCall = { method: string; path: string; idempotencyKey: string | undefined; authorization: string | undefined; form: URLSearchParams };

/**
 * A local stand-in for api.stripe.com that answers the calls Foyer makes (Checkout Sessions),
 * honouring Idempotency-Key as Stripe does: the same key returns the same object.
 */
export async function startStripeApi() {
  const calls: StripeCall[] = [];
  const byKey = new Map<string, unknown>();
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
      const session = existing ?? {
        id: `cs_test_${String(next++).padStart(6, '0')}`,
        object: 'checkout.session',
        mode: 'payment',
        amount_total: Number(form.get('line_items[0][price_data][unit_amount]')),
        currency: form.get('line_items[0][price_data][currency]'),
        metadata: { giftId: form.get('metadata[giftId]') },
        payment_status: 'unpaid',
        url: `https://checkout.stripe.com/c/pay/cs_test_${next - 1}`,
      };
      if (key) byKey.set(key, session);
      res.end(JSON.stringify(session));
      return;
    }
    res.statusCode = 404;
    res.end(JSON.stringify({ error: { type: 'invalid_request_error', message: `Unrecognized request URL (${req.method}: ${req.url})` } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
