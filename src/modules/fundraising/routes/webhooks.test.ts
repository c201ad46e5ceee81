import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../platform/db/ids.js';
import type { TestApp } from '../../../../test/support/build-test-app.js';
import { TestClient } from '../../../../test/support/client.js';
import { createCampaign, giftForm, campaignTotals } from '../../../../test/support/factories/fundraising.js';
import { createOrganization } from '../../../../test/support/factories/identity.js';
import { startStripeHarness, stripeEvent as event, type StripeApi, type StripeEvent, type StripeHarness } from '../../../../test/support/stripe-webhooks.js';

const WEBHOOK_SECRET = 'whsec_testsecret0123456789';
let t: TestApp;
let stripeApi: StripeApi;
let stripe: StripeHarness;
let org: { id: string; slug: string };
let campaign: { id: string; slug: string };

beforeAll(async () => {
  stripe = await startStripeHarness(WEBHOOK_SECRET);
  ({ t, stripeApi } = stripe);
  org = await createOrganization(t.db, { slug: 'west-foundation', kind: 'foundation' });
  campaign = await createCampaign(t.db, { organizationId: org.id, slug: 'heart-centre', goalCents: 10_000_000 });
});
afterAll(() => stripe.close());

const campaignUrl = '/o/west-foundation/give/heart-centre';
const totals = () => campaignTotals(t.db, campaign.id);
const giftRow = (id: string) => t.db.selectFrom('fundraisingGifts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const count = async (table: 'fundraisingPaymentEvents' | 'fundraisingGifts' | 'jobsQueue') => Number((await t.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

const completed = (giftId: string, n: number) => event('checkout.session.completed', { id: `cs_test_x${n}`, object: 'checkout.session', payment_status: 'paid', payment_intent: `pi_${n}`, metadata: { giftId } });

/** `tamper`: the body is altered after signing. */
const deliver = (e: StripeEvent, opts: { secret?: string; tamper?: boolean } = {}) =>
  stripe.deliver(e, { ...(opts.secret ? { secret: opts.secret } : {}), ...(opts.tamper ? { tamper: (payload: string) => payload.replace('"paid"', '"PAID"') } : {}) });

/** A pending gift started through the real form and the Stripe SDK (against the local API). */
async function startGift(amountCents = 5000): Promise<string> {
  const c = new TestClient(t.app);
  await c.get(campaignUrl);
  const res = await c.post(campaignUrl, giftForm({ amount: 'other', otherAmount: String(amountCents / 100), email: `d-${newId().slice(-8)}@example.ca` }));
  expect(res.statusCode).toBe(303);
  const rows = await t.db.selectFrom('fundraisingGifts').select('id').where('campaignId', '=', campaign.id).orderBy('id', 'desc').limit(1).execute();
  return rows[0]!.id;
}

describe('Stripe: starting a payment', () => {
  it('creates a Checkout Session with an idempotency key and sends the donor to it; a retried form reuses it', async () => {
    const client = new TestClient(t.app);
    await client.get(campaignUrl);
    expect((await client.get(campaignUrl)).body).not.toContain('TEST — no money moves');
    const form = giftForm({ amount: '5000' });
    const first = await client.post(campaignUrl, form);
    const again = await client.post(campaignUrl, form);
    expect(first.statusCode).toBe(303);
    expect(first.headers.location).toMatch(/^https:\/\/checkout\.stripe\.com\/c\/pay\/cs_test_/);
    expect(again.headers.location).toBe(first.headers.location);
    const sessionCalls = stripeApi.calls.filter((c) => c.path === '/v1/checkout/sessions');
    expect(new Set(sessionCalls.map((c) => c.idempotencyKey)).size).toBe(1);
    const call = sessionCalls[0]!;
    expect(call.authorization).toBe('Bearer sk_test_foyer123');
    expect(call.form.get('line_items[0][price_data][unit_amount]')).toBe('5000');
    expect(call.form.get('line_items[0][price_data][currency]')).toBe('cad');
    const gifts = await t.db.selectFrom('fundraisingGifts').selectAll().where('idempotencyKey', '=', form.idempotencyKey!).execute();
    expect(gifts).toHaveLength(1);
    expect(gifts[0]).toMatchObject({ status: 'pending', gateway: 'stripe', gatewayPaymentId: expect.stringMatching(/^cs_test_/) });
    expect(call.form.get('metadata[giftId]')).toBe(gifts[0]!.id);
  });
});

describe('Stripe webhooks', () => {
  it('records a gift on a verified checkout.session.completed, with its total and follow-up job', async () => {
    const giftId = await startGift(7500);
    const before = await totals();
    const res = await deliver(completed(giftId, 1));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ received: true, outcome: 'succeeded' });
    expect(await giftRow(giftId)).toMatchObject({ status: 'succeeded', gatewayIntentId: 'pi_1' });
    expect(await totals()).toEqual({ raisedCents: before.raisedCents + 7500, giftCount: before.giftCount + 1 });
    expect(await t.db.selectFrom('jobsQueue').select('dedupeKey').where('dedupeKey', '=', `fundraising.gift.confirmed:${giftId}`).execute()).toHaveLength(1);
  });

  it('refuses a bad signature, a wrong secret, a tampered body and a missing header, changing nothing', async () => {
    const giftId = await startGift();
    const before = await count('fundraisingPaymentEvents');
    for (const res of [await deliver(completed(giftId, 2), { secret: 'whsec_wrong' }), await deliver(completed(giftId, 2), { tamper: true })]) {
      expect(res.statusCode).toBe(400);
      expect(res.json().error.fields).toHaveProperty('stripe-signature');
    }
    const bare = await t.app.inject({ method: 'POST', url: '/api/v1/fundraising/webhooks/stripe', headers: { 'content-type': 'application/json' }, payload: '{}' });
    expect(bare.statusCode).toBe(400);
    const junk = await t.app.inject({ method: 'POST', url: '/api/v1/fundraising/webhooks/stripe', headers: { 'content-type': 'text/plain', 'stripe-signature': 't=1,v1=abc' }, payload: 'not json' });
    expect(junk.statusCode).toBe(400);
    expect(await giftRow(giftId)).toMatchObject({ status: 'pending' });
    expect(await count('fundraisingPaymentEvents')).toBe(before);
  });

  it('takes refunded and disputed gifts off the total, and leaves partial refunds alone', async () => {
    const refunded = await startGift(2000);
    const disputed = await startGift(3000);
    const partial = await startGift(4000);
    await deliver(completed(refunded, 10));
    await deliver(completed(disputed, 11));
    await deliver(completed(partial, 12));
    const before = await totals();
    expect((await deliver(event('charge.refunded', { id: 'ch_10', object: 'charge', refunded: true, payment_intent: 'pi_10' }))).json().outcome).toBe('refunded');
    expect((await deliver(event('charge.dispute.created', { id: 'dp_11', object: 'dispute', payment_intent: 'pi_11' }))).json().outcome).toBe('disputed');
    expect((await deliver(event('charge.refunded', { id: 'ch_12', object: 'charge', refunded: false, payment_intent: 'pi_12' }))).json().outcome).toBe('ignored');
    expect((await giftRow(refunded)).status).toBe('refunded');
    expect((await giftRow(disputed)).status).toBe('disputed');
    expect((await giftRow(partial)).status).toBe('succeeded');
    expect(await totals()).toEqual({ raisedCents: before.raisedCents - 5000, giftCount: before.giftCount - 2 });
    // A dispute lost and then refunded leaves the total where the dispute put it.
    await deliver(event('charge.refunded', { id: 'ch_11', object: 'charge', refunded: true, payment_intent: 'pi_11' }));
    expect((await giftRow(disputed)).status).toBe('refunded');
    expect(await totals()).toEqual({ raisedCents: before.raisedCents - 5000, giftCount: before.giftCount - 2 });
  });

  it('changes nothing when every event is delivered a second time, in any order', async () => {
    const a = await startGift(1000);
    const b = await startGift(1100);
    const c = await startGift(1200);
    const events: StripeEvent[] = [
      completed(a, 20),
      event('payment_intent.succeeded', { id: 'pi_20', object: 'payment_intent', metadata: { giftId: a } }),
      event('payment_intent.payment_failed', { id: 'pi_21', object: 'payment_intent', metadata: { giftId: b } }),
      completed(c, 22),
      event('charge.refunded', { id: 'ch_22', object: 'charge', refunded: true, payment_intent: 'pi_22' }),
      event('customer.created', { id: 'cus_1', object: 'customer' }),
    ];
    for (const e of events) expect((await deliver(e)).statusCode).toBe(200);
    const snapshot = async () => ({
      totals: await totals(),
      gifts: await Promise.all([a, b, c].map(async (id) => (await giftRow(id)).status)),
      events: await count('fundraisingPaymentEvents'),
      jobs: await count('jobsQueue'),
    });
    const once = await snapshot();
    expect(once.gifts).toEqual(['succeeded', 'failed', 'refunded']);
    for (const e of [...events].reverse()) {
      const res = await deliver(e);
      expect(res.statusCode).toBe(200);
      expect(res.json().outcome).toBe('replayed');
    }
    await Promise.all(events.map((e) => deliver(e)));
    expect(await snapshot()).toEqual(once);
  });

  it('applies a success once when deliveries of one event, or several events, arrive at the same moment', async () => {
    const gift = await startGift(1300);
    const other = await startGift(1400);
    const before = await totals();
    const jobs = await count('jobsQueue');
    const once = completed(gift, 40);
    const several = Array.from({ length: 4 }, () => completed(other, 41));
    const [same, different] = await Promise.all([
      Promise.all(Array.from({ length: 4 }, () => deliver(once))),
      Promise.all(several.map((e) => deliver(e))),
    ]);
    expect(same.map((r) => r.json().outcome).sort()).toEqual(['replayed', 'replayed', 'replayed', 'succeeded']);
    expect(different.map((r) => r.json().outcome).sort()).toEqual(['no_change', 'no_change', 'no_change', 'succeeded']);
    expect(await totals()).toEqual({ raisedCents: before.raisedCents + 2700, giftCount: before.giftCount + 2 });
    expect(await count('jobsQueue')).toBe(jobs + 4);
    const recorded = await t.db.selectFrom('fundraisingPaymentEvents').select(['eventId', 'giftId', 'outcome']).where('giftId', 'in', [gift, other]).orderBy('outcome').execute();
    expect(recorded.filter((r) => r.giftId === gift)).toEqual([{ eventId: once.id, giftId: gift, outcome: 'succeeded' }]);
    expect(recorded.filter((r) => r.giftId === other).map((r) => r.outcome)).toEqual(['no_change', 'no_change', 'no_change', 'succeeded']);
  });

  it('acknowledges an event for a gift it does not know, without writing a gift', async () => {
    const gifts = await count('fundraisingGifts');
    const res = await deliver(completed(newId(), 30));
    expect(res.json()).toEqual({ received: true, outcome: 'unknown_gift' });
    expect(await count('fundraisingGifts')).toBe(gifts);
  });

  it('never loses an update to the campaign total under concurrent confirmations', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push(await startGift(100 * (i + 1)));
    const before = await totals();
    const results = await Promise.all(ids.flatMap((id, i) => [deliver(completed(id, 100 + i)), deliver(event('payment_intent.succeeded', { id: `pi_${100 + i}`, object: 'payment_intent', metadata: { giftId: id } }))]));
    expect(results.every((r) => r.statusCode === 200)).toBe(true);
    const expected = ids.reduce((sum, _id, i) => sum + 100 * (i + 1), 0);
    expect(await totals()).toEqual({ raisedCents: before.raisedCents + expected, giftCount: before.giftCount + 12 });
    const sum = await t.db.selectFrom('fundraisingGifts').select((eb) => eb.fn.sum<string>('amountCents').as('s')).where('campaignId', '=', campaign.id).where('status', '=', 'succeeded').executeTakeFirstOrThrow();
    expect(Number(sum.s)).toBe((await totals()).raisedCents);
  });
});
