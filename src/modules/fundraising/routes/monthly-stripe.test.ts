import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../platform/db/ids.js';
import type { TestApp } from '../../../../test/support/build-test-app.js';
import { TestClient } from '../../../../test/support/client.js';
import { createCampaign, createPage, giftForm, campaignTotals } from '../../../../test/support/factories/fundraising.js';
import { createAccount } from '../../../../test/support/factories/identity.js';
import { createReceiptingFoundation } from '../../../../test/support/factories/receipting.js';
import { signIn } from '../../../../test/support/sign-in.js';
import { invoicePaid, monthlySessionCompleted as sessionCompleted, startStripeHarness, stripeEvent as event, type StripeApi, type StripeEvent, type StripeHarness } from '../../../../test/support/stripe-webhooks.js';

const WEBHOOK_SECRET = 'whsec_monthlysecret0123456789';
let t: TestApp;
let stripeApi: StripeApi;
let stripe: StripeHarness;
let org: { id: string; slug: string };
let campaign: { id: string; slug: string };

beforeAll(async () => {
  stripe = await startStripeHarness(WEBHOOK_SECRET);
  ({ t, stripeApi } = stripe);
  org = await createReceiptingFoundation(t.db, { slug: 'north-foundation' });
  campaign = await createCampaign(t.db, { organizationId: org.id, slug: 'new-wing', goalCents: 10_000_000 });
});
afterAll(() => stripe.close());

const campaignUrl = '/o/north-foundation/give/new-wing';
const totals = () => campaignTotals(t.db, campaign.id);
const monthlyRow = (id: string) => t.db.selectFrom('fundraisingMonthlyGifts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const giftsOf = (id: string) => t.db.selectFrom('fundraisingGifts').selectAll().where('monthlyGiftId', '=', id).orderBy('succeededAt').execute();
const changesOf = async (id: string) => (await t.db.selectFrom('fundraisingMonthlyGiftChanges').select(['kind', 'actorAccountId']).where('monthlyGiftId', '=', id).orderBy('createdAt').orderBy('id').execute()).map((c) => c.kind);

const deliver = (e: StripeEvent, opts: { secret?: string } = {}) => stripe.deliver(e, opts);
const subscriptionEvent = (type: 'customer.subscription.updated' | 'customer.subscription.deleted', sub: { id: string; status?: string; pause_collection?: unknown; amountCents: number; monthlyGiftId: string }) =>
  event(type, { id: sub.id, object: 'subscription', status: sub.status ?? 'active', pause_collection: sub.pause_collection ?? null, metadata: { monthlyGiftId: sub.monthlyGiftId }, items: { object: 'list', data: [{ id: 'si_x', quantity: 1, price: { unit_amount: sub.amountCents } }] } });

/** Starts a monthly gift through the form and the SDK (against the local API); returns its id. */
async function startMonthly(client: TestClient, url = campaignUrl, form: Record<string, string> = {}): Promise<string> {
  await client.get(url);
  const res = await client.post(url, giftForm({ frequency: 'monthly', amount: '2500', email: `m-${newId().slice(-8)}@example.ca`, ...form }));
  expect(res.statusCode).toBe(303);
  expect(res.headers.location).toMatch(/^https:\/\/checkout\.stripe\.com\/c\/pay\/cs_test_/);
  const row = await t.db.selectFrom('fundraisingMonthlyGifts').select('id').orderBy('createdAt', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
  return row.id;
}

describe('Stripe: starting a monthly gift', () => {
  it('creates a subscription-mode Checkout Session (CAD, monthly) with an idempotency key; a retried form reuses it', async () => {
    const client = new TestClient(t.app);
    const page = await client.get(campaignUrl);
    expect(page.body).toContain('name="frequency"');
    expect(page.body).toContain('value="monthly"');
    const form = giftForm({ frequency: 'monthly', amount: '5000' });
    const first = await client.post(campaignUrl, form);
    const again = await client.post(campaignUrl, form);
    expect(first.statusCode).toBe(303);
    expect(again.headers.location).toBe(first.headers.location);
    const calls = stripeApi.calls.filter((c) => c.path === '/v1/checkout/sessions' && c.form.get('mode') === 'subscription');
    expect(calls).toHaveLength(2);
    expect(new Set(calls.map((c) => c.idempotencyKey)).size).toBe(1);
    const call = calls[0]!;
    expect(call.form.get('line_items[0][price_data][unit_amount]')).toBe('5000');
    expect(call.form.get('line_items[0][price_data][currency]')).toBe('cad');
    expect(call.form.get('line_items[0][price_data][recurring][interval]')).toBe('month');
    const rows = await t.db.selectFrom('fundraisingMonthlyGifts').selectAll().where('idempotencyKey', '=', form.idempotencyKey!).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: 'pending', gateway: 'stripe', amountCents: 5000, gatewaySessionId: expect.stringMatching(/^cs_test_/) });
    expect(call.form.get('subscription_data[metadata][monthlyGiftId]')).toBe(rows[0]!.id);
    expect(call.idempotencyKey).toBe(`fundraising-monthly-${rows[0]!.id}`);
    // Nothing counts before a verified event says it was paid.
    expect(await giftsOf(rows[0]!.id)).toHaveLength(0);
  });

  it('refuses a monthly tribute gift with a field error, writing nothing', async () => {
    const client = new TestClient(t.app);
    await client.get(campaignUrl);
    const before = (await t.db.selectFrom('fundraisingMonthlyGifts').select('id').execute()).length;
    const res = await client.post(campaignUrl, giftForm({ frequency: 'monthly', tribute: 'memory', tributeName: 'Anne' }));
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('id="f-tribute-error"');
    const bad = await client.post(campaignUrl, giftForm({ frequency: 'weekly' }));
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('id="f-frequency-error"');
    expect((await t.db.selectFrom('fundraisingMonthlyGifts').select('id').execute()).length).toBe(before);
  });
});

describe('Stripe: a monthly gift driven by verified webhook events', () => {
  it('starts on checkout.session.completed, records one gift per paid invoice, and follows failures, pauses and cancellation', async () => {
    const id = await startMonthly(new TestClient(t.app));
    const sub = 'sub_lifecycle_1';
    const before = await totals();
    expect((await deliver(sessionCompleted(id, sub))).json()).toEqual({ received: true, outcome: 'updated' });
    expect(await monthlyRow(id)).toMatchObject({ status: 'active', gatewaySubscriptionId: sub });

    const first = invoicePaid('in_0001', sub, 2500, id);
    expect((await deliver(first)).json()).toEqual({ received: true, outcome: 'succeeded' });
    // The same delivery again, and the same invoice in another event: still one gift.
    expect((await deliver(first)).json().outcome).toBe('replayed');
    expect((await deliver(invoicePaid('in_0001', sub, 2500))).json().outcome).toBe('no_change');
    const gifts = await giftsOf(id);
    expect(gifts).toHaveLength(1);
    expect(gifts[0]).toMatchObject({ status: 'succeeded', frequency: 'monthly', amountCents: 2500, gateway: 'stripe', gatewayPaymentId: 'in_0001', channel: 'web', receiptAnnually: false });
    expect(await totals()).toEqual({ raisedCents: before.raisedCents + 2500, giftCount: before.giftCount + 1 });
    const jobs = await t.db.selectFrom('jobsQueue').select('dedupeKey').where('dedupeKey', 'in', [`fundraising.gift.receipt:${gifts[0]!.id}`, `fundraising.gift.confirmed:${gifts[0]!.id}`]).execute();
    expect(jobs).toHaveLength(2);

    expect((await deliver(event('invoice.payment_failed', { id: 'in_0002', object: 'invoice', parent: { subscription_details: { subscription: sub, metadata: {} } } }))).json().outcome).toBe('failed');
    expect((await monthlyRow(id)).status).toBe('past_due');
    // The retry succeeds: named by its subscription only (older API versions' shape).
    expect((await deliver(event('invoice.paid', { id: 'in_0002', object: 'invoice', amount_paid: 2500, subscription: sub }))).json().outcome).toBe('succeeded');
    expect(await monthlyRow(id)).toMatchObject({ status: 'active', chargeCount: 2 });

    await deliver(subscriptionEvent('customer.subscription.updated', { id: sub, pause_collection: { behavior: 'void' }, amountCents: 2500, monthlyGiftId: id }));
    expect((await monthlyRow(id)).status).toBe('paused');
    await deliver(subscriptionEvent('customer.subscription.updated', { id: sub, amountCents: 4000, monthlyGiftId: id }));
    expect(await monthlyRow(id)).toMatchObject({ status: 'active', amountCents: 4000 });
    await deliver(subscriptionEvent('customer.subscription.deleted', { id: sub, status: 'canceled', amountCents: 4000, monthlyGiftId: id }));
    expect((await monthlyRow(id)).status).toBe('cancelled');
    expect(await changesOf(id)).toEqual(['created', 'activated', 'charged', 'payment_failed', 'charged', 'synced', 'synced', 'synced']);
    expect(await totals()).toEqual({ raisedCents: before.raisedCents + 5000, giftCount: before.giftCount + 2 });
  });

  it('refuses a bad signature and changes nothing; an invoice for an unknown subscription is acknowledged without a gift', async () => {
    const id = await startMonthly(new TestClient(t.app));
    const bad = await deliver(sessionCompleted(id, 'sub_bad'), { secret: 'whsec_wrong' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields).toHaveProperty('stripe-signature');
    expect((await monthlyRow(id)).status).toBe('pending');
    const unknown = await deliver(invoicePaid('in_unknown', 'sub_nobody', 1000));
    expect(unknown.json()).toEqual({ received: true, outcome: 'unknown_gift' });
    expect(await t.db.selectFrom('fundraisingGifts').select('id').where('gatewayPaymentId', '=', 'in_unknown').execute()).toHaveLength(0);
  });

  it('records each invoice once under concurrent and repeated deliveries, and counts every month toward a peer-to-peer page', async () => {
    const page = await createPage(t.db, { organizationId: org.id, campaignId: campaign.id, slug: 'sam-runs' });
    const id = await startMonthly(new TestClient(t.app), `${campaignUrl}/p/sam-runs`, { amount: 'other', otherAmount: '10' });
    const sub = 'sub_p2p_1';
    await deliver(sessionCompleted(id, sub));
    const invoices = Array.from({ length: 6 }, (_, i) => invoicePaid(`in_p2p_${i}`, sub, 1000, id));
    const results = await Promise.all(invoices.flatMap((e) => [deliver(e), deliver(e), deliver({ ...e, id: `${e.id}_again` })]));
    expect(results.every((r) => r.statusCode === 200)).toBe(true);
    const gifts = await giftsOf(id);
    expect(gifts).toHaveLength(6);
    expect(gifts.every((g) => g.channel === 'peer_to_peer' && g.pageId === page.id)).toBe(true);
    const p = await t.db.selectFrom('fundraisingPages').select(['raisedCents', 'giftCount']).where('id', '=', page.id).executeTakeFirstOrThrow();
    expect(p).toEqual({ raisedCents: 6000, giftCount: 6 });
    expect((await monthlyRow(id)).chargeCount).toBe(6);
  });
});

describe('Stripe: the donor manages a monthly gift from their account', () => {
  it('changes the amount (no proration), pauses, resumes and cancels through the SDK; each change recorded and audited', async () => {
    const account = await createAccount(t.db, { email: 'monthly.donor@example.ca' });
    const donor = await signIn(t.app, account);
    const id = await startMonthly(donor, campaignUrl, { email: account.email });
    expect((await monthlyRow(id)).accountId).toBe(account.id);
    const sub = stripeApi.createSubscription({ monthlyGiftId: id, amountCents: 2500 });
    await deliver(sessionCompleted(id, sub.id));
    await deliver(invoicePaid('in_donor_1', sub.id, 2500, id));

    const list = await donor.get('/account/giving/monthly');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain(`/account/giving/monthly/${id}`);
    const manageUrl = `/account/giving/monthly/${id}`;
    const page = await donor.get(manageUrl);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('TEST — ');

    const tooSmall = await donor.post(`${manageUrl}/amount`, { amount: '0.50' });
    expect(tooSmall.statusCode).toBe(400);
    expect(tooSmall.body).toContain('id="f-amount-error"');

    const changed = await donor.post(`${manageUrl}/amount`, { amount: '40' });
    expect(changed.statusCode).toBe(303);
    const update = stripeApi.calls.find((c) => c.method === 'POST' && c.path === `/v1/subscriptions/${sub.id}`)!;
    expect(update.form.get('proration_behavior')).toBe('none');
    expect(update.form.get('items[0][id]')).toBe(sub.items.data[0]!.id);
    expect(update.form.get('items[0][price_data][unit_amount]')).toBe('4000');
    expect(update.form.get('items[0][price_data][product]')).toBe(sub.items.data[0]!.price.product);
    expect(update.form.get('items[0][price_data][recurring][interval]')).toBe('month');
    expect(update.idempotencyKey).toMatch(new RegExp(`^fundraising-monthly-${id}-amount_changed-`));
    expect((await monthlyRow(id)).amountCents).toBe(4000);
    // Stripe's own event for that change then changes nothing.
    expect((await deliver(subscriptionEvent('customer.subscription.updated', { id: sub.id, amountCents: 4000, monthlyGiftId: id }))).json().outcome).toBe('no_change');

    expect((await donor.post(`${manageUrl}/pause`)).statusCode).toBe(303);
    expect(stripeApi.calls.at(-1)!.form.get('pause_collection[behavior]')).toBe('void');
    expect((await monthlyRow(id)).status).toBe('paused');
    const pausedAgain = await donor.post(`${manageUrl}/pause`);
    expect(pausedAgain.statusCode).toBe(400);
    expect((await donor.post(`${manageUrl}/resume`)).statusCode).toBe(303);
    expect(stripeApi.calls.at(-1)!.form.get('pause_collection')).toBe('');
    expect((await monthlyRow(id)).status).toBe('active');
    expect((await donor.post(`${manageUrl}/receipts`, { annualReceipt: 'on' })).statusCode).toBe(303);
    expect((await monthlyRow(id)).receiptAnnually).toBe(true);
    expect((await donor.post(`${manageUrl}/cancel`)).statusCode).toBe(303);
    expect(stripeApi.calls.at(-1)).toMatchObject({ method: 'DELETE', path: `/v1/subscriptions/${sub.id}` });
    expect(await monthlyRow(id)).toMatchObject({ status: 'cancelled', cancelledAt: expect.any(Date) });

    const changes = await t.db.selectFrom('fundraisingMonthlyGiftChanges').selectAll().where('monthlyGiftId', '=', id).orderBy('createdAt').orderBy('id').execute();
    const byDonor = changes.filter((c) => c.actorAccountId === account.id).map((c) => c.kind);
    expect(byDonor).toEqual(['created', 'amount_changed', 'paused', 'resumed', 'receipt_preference', 'cancelled']);
    expect(changes.find((c) => c.kind === 'amount_changed')).toMatchObject({ fromAmountCents: 2500, toAmountCents: 4000 });
    const audit = await t.db.selectFrom('auditEvents').select('action').where('targetId', '=', id).where('actorAccountId', '=', account.id).execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['fundraising.monthly.amount_changed', 'fundraising.monthly.cancelled', 'fundraising.monthly.created', 'fundraising.monthly.paused', 'fundraising.monthly.receipt_preference', 'fundraising.monthly.resumed']);
  });

  it('sends Stripe one change for a double click, and shows Stripe’s refusal as a clear 400', async () => {
    const account = await createAccount(t.db);
    const donor = await signIn(t.app, account);
    const id = await startMonthly(donor, campaignUrl, { email: account.email });
    const sub = stripeApi.createSubscription({ monthlyGiftId: id, amountCents: 2500 });
    await deliver(sessionCompleted(id, sub.id));
    await donor.get(`/account/giving/monthly/${id}`);
    const [a, b] = await Promise.all([donor.post(`/account/giving/monthly/${id}/pause`), donor.post(`/account/giving/monthly/${id}/pause`)]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([303, 400]);
    const pauses = stripeApi.calls.filter((c) => c.path === `/v1/subscriptions/${sub.id}` && c.form.get('pause_collection[behavior]') === 'void');
    expect(new Set(pauses.map((c) => c.idempotencyKey)).size).toBe(1);
    expect((await changesOf(id)).filter((k) => k === 'paused')).toHaveLength(1);

    const gone = await startMonthly(donor, campaignUrl, { email: account.email });
    await deliver(sessionCompleted(gone, 'sub_unknown_to_stripe'));
    const refused = await donor.post(`/account/giving/monthly/${gone}/cancel`);
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('The payment processor refused this change');
    expect((await monthlyRow(gone)).status).toBe('active');
  });

  it('answers 404 to anyone but the donor (another donor, a fundraiser), and sends visitors to sign in', async () => {
    const owner = await createAccount(t.db);
    const ownerClient = await signIn(t.app, owner);
    const id = await startMonthly(ownerClient, campaignUrl, { email: owner.email });
    const sub = stripeApi.createSubscription({ monthlyGiftId: id, amountCents: 2500 });
    await deliver(sessionCompleted(id, sub.id));
    const callsBefore = stripeApi.calls.length;
    const other = await signIn(t.app, await createAccount(t.db));
    const fundraiser = await signIn(t.app, await createAccount(t.db, { org, roles: ['fundraiser', 'member'] }));
    for (const client of [other, fundraiser]) {
      expect((await client.get(`/account/giving/monthly/${id}`)).statusCode).toBe(404);
      for (const action of ['pause', 'cancel', 'resume']) expect((await client.post(`/account/giving/monthly/${id}/${action}`)).statusCode).toBe(404);
      expect((await client.post(`/account/giving/monthly/${id}/amount`, { amount: '99' })).statusCode).toBe(404);
      expect((await client.get('/account/giving/monthly')).body).not.toContain(id);
    }
    const anonymous = new TestClient(t.app);
    const res = await anonymous.get(`/account/giving/monthly/${id}`);
    expect(res.statusCode).toBe(303);
    expect((await t.app.inject({ method: 'GET', url: '/account/giving/monthly/not-a-uuid', headers: { cookie: [...ownerClient.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } })).statusCode).toBe(400);
    expect(stripeApi.calls.length).toBe(callsBefore);
    expect(await monthlyRow(id)).toMatchObject({ status: 'active', amountCents: 2500 });
  });
});
