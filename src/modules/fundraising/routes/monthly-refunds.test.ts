import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../platform/db/ids.js';
import type { TestApp } from '../../../../test/support/build-test-app.js';
import { TestClient } from '../../../../test/support/client.js';
import { campaignTotals, createCampaign, giftForm } from '../../../../test/support/factories/fundraising.js';
import { createAccount } from '../../../../test/support/factories/identity.js';
import { createReceiptingFoundation, pdfText } from '../../../../test/support/factories/receipting.js';
import { signIn } from '../../../../test/support/sign-in.js';
import { invoicePaid, monthlySessionCompleted as sessionCompleted, startStripeHarness, stripeEvent as event, type StripeEvent, type StripeHarness } from '../../../../test/support/stripe-webhooks.js';
import { todayInToronto } from '../days.js';

const WEBHOOK_SECRET = 'whsec_monthlyrefunds0123456789';
let t: TestApp;
let stripe: StripeHarness;
let org: { id: string; slug: string };
let campaign: { id: string; slug: string };

beforeAll(async () => {
  stripe = await startStripeHarness(WEBHOOK_SECRET);
  ({ t } = stripe);
  org = await createReceiptingFoundation(t.db, { slug: 'east-foundation' });
  campaign = await createCampaign(t.db, { organizationId: org.id, slug: 'cancer-care', goalCents: 10_000_000 });
});
afterAll(() => stripe.close());

const campaignUrl = '/o/east-foundation/give/cancer-care';
const YEAR = Number(todayInToronto().slice(0, 4));
const totals = () => campaignTotals(t.db, campaign.id);
const giftByInvoice = (invoiceId: string) => t.db.selectFrom('fundraisingGifts').selectAll().where('gatewayPaymentId', '=', invoiceId).executeTakeFirstOrThrow();
const listReceipts = (giftId: string) => t.receipting.listReceiptsForSource(org.id, { type: 'fundraising.gift', id: giftId });

const deliver = (e: StripeEvent) => stripe.deliver(e);
/** Current API versions: which PaymentIntent paid the invoice. */
const invoicePaymentPaid = (invoiceId: string, intentId: string, amountCents: number) =>
  event('invoice_payment.paid', { id: `inpay_${newId().slice(-12)}`, object: 'invoice_payment', invoice: invoiceId, status: 'paid', amount_paid: amountCents, currency: 'cad', payment: { type: 'payment_intent', payment_intent: intentId } });
const refunded = (intentId: string, full = true) => event('charge.refunded', { id: `ch_${newId().slice(-12)}`, object: 'charge', refunded: full, payment_intent: intentId });
const disputed = (intentId: string) => event('charge.dispute.created', { id: `dp_${newId().slice(-12)}`, object: 'dispute', payment_intent: intentId });

async function startMonthly(form: Record<string, string>): Promise<string> {
  const account = await createAccount(t.db, { email: form.email! });
  const client: TestClient = await signIn(t.app, account);
  await client.get(campaignUrl);
  const res = await client.post(campaignUrl, giftForm({ frequency: 'monthly', amount: '2500', ...form }));
  expect(res.statusCode).toBe(303);
  const row = await t.db.selectFrom('fundraisingMonthlyGifts').select('id').where('donorEmail', '=', form.email!).executeTakeFirstOrThrow();
  return row.id;
}

describe('Stripe: refunds and disputes of a monthly gift’s payments', () => {
  it('finds the month’s gift by the PaymentIntent that paid its invoice (either order), takes it off the totals, and cancels its receipt', async () => {
    const email = `refund-${newId().slice(-6)}@example.ca`;
    const id = await startMonthly({ email });
    const sub = 'sub_refund_1';
    await deliver(sessionCompleted(id, sub));
    const before = await totals();
    // Month 1: the payment's event first, then the invoice's.
    expect((await deliver(invoicePaymentPaid('in_r1', 'pi_r1', 2500))).json()).toEqual({ received: true, outcome: 'recorded' });
    expect((await deliver(invoicePaid('in_r1', sub, 2500, id))).json().outcome).toBe('succeeded');
    // Month 2: the other way round.
    expect((await deliver(invoicePaid('in_r2', sub, 2500, id))).json().outcome).toBe('succeeded');
    expect((await deliver(invoicePaymentPaid('in_r2', 'pi_r2', 2500))).json().outcome).toBe('recorded');
    await t.worker.drain();
    const [m1, m2] = [await giftByInvoice('in_r1'), await giftByInvoice('in_r2')];
    expect(m1.gatewayIntentId).toBe('pi_r1');
    const [r1] = await listReceipts(m1.id);
    const [r2] = await listReceipts(m2.id);
    expect(r1).toMatchObject({ status: 'issued' });
    expect(r2).toMatchObject({ status: 'issued' });
    expect(await totals()).toEqual({ raisedCents: before.raisedCents + 5000, giftCount: before.giftCount + 2 });

    // A partial refund leaves the month standing.
    expect((await deliver(refunded('pi_r1', false))).json().outcome).toBe('ignored');
    const refund = refunded('pi_r1');
    expect((await deliver(refund)).json()).toEqual({ received: true, outcome: 'refunded' });
    expect((await deliver(refund)).json().outcome).toBe('replayed');
    expect((await deliver(disputed('pi_r2'))).json().outcome).toBe('disputed');
    expect((await giftByInvoice('in_r1')).status).toBe('refunded');
    expect((await giftByInvoice('in_r2')).status).toBe('disputed');
    expect(await totals()).toEqual(before);
    await t.worker.drain();
    for (const gift of [m1, m2]) {
      const receipts = await listReceipts(gift.id);
      // Cancelled and kept; a receipt for one gift is not replaced.
      expect(receipts).toHaveLength(1);
      expect(receipts[0]).toMatchObject({ status: 'cancelled', cancelledAt: expect.any(Date) });
    }
    const audit = await t.db.selectFrom('auditEvents').select(['targetId', 'data']).where('action', '=', 'receipting.receipt.cancelled').where('targetId', 'in', [r1!.id, r2!.id]).execute();
    expect(audit).toHaveLength(2);
    // The dispute lost and refunded: the receipt stays cancelled, nothing more happens.
    expect((await deliver(refunded('pi_r2'))).json().outcome).toBe('refunded');
    await t.worker.drain();
    expect(await listReceipts(m2.id)).toHaveLength(1);
    expect(await totals()).toEqual(before);
  });

  it('leaves a refunded month out of the annual receipt, and cancels and replaces an annual receipt already issued', async () => {
    const email = `annual-refund-${newId().slice(-6)}@example.ca`;
    const id = await startMonthly({ email, firstName: 'Maya', middleInitial: 'J', lastName: 'Singh', annualReceipt: 'on', addressLine1: '4 Pine Road', city: 'Ottawa', province: 'ON', postalCode: 'K1A 0B1' });
    const sub = 'sub_annual_refund';
    await deliver(sessionCompleted(id, sub));
    const amounts = [2500, 3000, 3500, 4000];
    for (const [i, amount] of amounts.entries()) {
      await deliver(invoicePaid(`in_a${i}`, sub, amount, id));
      await deliver(invoicePaymentPaid(`in_a${i}`, `pi_a${i}`, amount));
    }
    await t.worker.drain();
    const gifts = await Promise.all(amounts.map((_, i) => giftByInvoice(`in_a${i}`)));
    expect(gifts.every((g) => g.receiptAnnually)).toBe(true);
    // Month 4 is refunded before the annual run: the job finds no receipt to cancel.
    await deliver(refunded('pi_a3'));
    await t.worker.drain();
    expect(await listReceipts(gifts[3]!.id)).toHaveLength(0);

    const fundraiser = await signIn(t.app, await createAccount(t.db, { org, roles: ['fundraiser', 'member'] }));
    await fundraiser.get(`/o/${org.slug}/fundraising/monthly`);
    expect((await fundraiser.post(`/o/${org.slug}/fundraising/monthly/annual-receipts`, { year: String(YEAR) })).statusCode).toBe(303);
    await t.worker.drain();
    const [annual] = await listReceipts(gifts[0]!.id);
    expect(annual).toMatchObject({ status: 'issued', kind: 'annual', eligibleAmountCents: 2500 + 3000 + 3500 });
    expect(await listReceipts(gifts[3]!.id)).toHaveLength(0);

    // Month 2 is disputed after the annual receipt: cancelled (kept), replaced by one for months 1 and 3.
    expect((await deliver(disputed('pi_a1'))).json().outcome).toBe('disputed');
    await t.worker.drain();
    const forFirst = await listReceipts(gifts[0]!.id);
    expect(forFirst).toHaveLength(2);
    const [original, replacement] = forFirst;
    expect(original).toMatchObject({ id: annual!.id, status: 'cancelled' });
    expect(replacement).toMatchObject({ status: 'issued', replacesReceiptId: annual!.id, replacesSerial: annual!.serial, eligibleAmountCents: 2500 + 3500 });
    expect(replacement!.replacementReason).toContain('disputed');
    expect((await listReceipts(gifts[2]!.id)).map((r) => r.id)).toEqual([annual!.id, replacement!.id]);
    expect((await listReceipts(gifts[1]!.id)).map((r) => r.id)).toEqual([annual!.id]);
    const lines = await t.db.selectFrom('receiptingReceiptGifts').select('sourceId').where('receiptId', '=', replacement!.id).execute();
    expect(lines.map((l) => l.sourceId).sort()).toEqual([gifts[0]!.id, gifts[2]!.id].sort());

    // The replacement is e-mailed (in the donor's language), and says what it cancels and replaces.
    const mail = await t.inbox.waitFor(email, (m) => m.subject.includes(replacement!.serial));
    const text = (await pdfText(mail.attachments.find((a) => a.contentType === 'application/pdf')!.content)).replace(/\s+/g, ' ');
    expect(text).toContain(`Ce reçu annule et remplace le reçu nº ${annual!.serial}`);
    expect(text).toContain('Montant total des dons 60,00 $');
    expect(text).not.toContain('30,00 $');

    // The annual run again issues nothing new.
    const count = async () => Number((await t.db.selectFrom('receiptingReceipts').select((eb) => eb.fn.countAll<number>().as('n')).where('organizationId', '=', org.id).executeTakeFirstOrThrow()).n);
    const issued = await count();
    await fundraiser.post(`/o/${org.slug}/fundraising/monthly/annual-receipts`, { year: String(YEAR) });
    await t.worker.drain();
    expect(await count()).toBe(issued);
  });

  it('cancels the receipt of a refunded one-time gift the same way', async () => {
    const client = new TestClient(t.app);
    await client.get(campaignUrl);
    expect((await client.post(campaignUrl, giftForm({ amount: 'other', otherAmount: '75', email: `once-${newId().slice(-6)}@example.ca` }))).statusCode).toBe(303);
    const gift = await t.db.selectFrom('fundraisingGifts').selectAll().where('campaignId', '=', campaign.id).where('frequency', '=', 'one_time').orderBy('createdAt', 'desc').executeTakeFirstOrThrow();
    await deliver(event('checkout.session.completed', { id: 'cs_once_1', object: 'checkout.session', mode: 'payment', payment_status: 'paid', payment_intent: 'pi_once_1', metadata: { giftId: gift.id } }));
    await t.worker.drain();
    expect((await listReceipts(gift.id))[0]).toMatchObject({ status: 'issued' });
    expect((await deliver(refunded('pi_once_1'))).json().outcome).toBe('refunded');
    await t.worker.drain();
    const receipts = await listReceipts(gift.id);
    expect(receipts).toHaveLength(1);
    expect(receipts[0]).toMatchObject({ status: 'cancelled' });
  });
});
