import { sql } from 'kysely';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../platform/db/ids.js';
import { buildTestApp, type TestApp } from '../../../../test/support/build-test-app.js';
import { TestClient } from '../../../../test/support/client.js';
import { campaignTotals, createCampaign, giftForm } from '../../../../test/support/factories/fundraising.js';
import { createReceiptingFoundation } from '../../../../test/support/factories/receipting.js';
import { signedInWith } from '../../../../test/support/roles.js';
import { startStripeApi } from '../../../../test/support/stripe-api.js';
import { createKeyword, createTextNumber, inboundFields, newMessageSid, signedInbound, startTwilioStandIn, type TestNumber, type TwilioStandIn } from '../../../../test/support/factories/text-giving.js';

/**
 * A gift started from a text's link, paid through Stripe, then refunded or disputed: the pledge
 * leaves `paid` for `refunded`, the board and the campaign's total drop it once, no text goes to
 * the donor, and a replayed event changes nothing. Stripe events are signed with the Stripe SDK's
 * helper, Twilio's with the Twilio SDK's, both against local stand-ins of their APIs.
 */
const WEBHOOK_SECRET = 'whsec_textlinkrefunds0123456789';
let t: TestApp;
let twilio: TwilioStandIn;
let stripeApi: Awaited<ReturnType<typeof startStripeApi>>;
let number: TestNumber;
let org: { id: string; slug: string };
let campaign: { id: string; slug: string };
const accounts = new Map<string, string>();
let phoneSeq = 3000;
const newPhone = () => `+1613555${String(phoneSeq++).padStart(4, '0')}`;
let intentSeq = 0;

beforeAll(async () => {
  twilio = await startTwilioStandIn(() => accounts);
  stripeApi = await startStripeApi();
  t = await buildTestApp({ env: { FOYER_TWILIO_API_BASE_URL: twilio.url, FOYER_STRIPE_SECRET_KEY: 'sk_test_foyer123', FOYER_STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, FOYER_STRIPE_API_URL: stripeApi.url } });
  org = await createReceiptingFoundation(t.db, { slug: 'lakeshore' });
  number = await createTextNumber(t.db, { organizationId: org.id });
  accounts.set(number.accountSid, number.authToken);
  campaign = await createCampaign(t.db, { organizationId: org.id, slug: 'telethon', goalCents: 1_000_000 });
  await createKeyword(t.db, { number, campaignId: campaign.id, keyword: 'LINK', lang: 'en', flow: 'link', amountsCents: [500, 1000], defaultAmountCents: 1000 });
});
afterAll(async () => {
  await t?.close();
  await twilio?.close();
  await stripeApi?.close();
});

type Ev = { id: string; type: string; object: Record<string, unknown> };
const event = (type: string, object: Record<string, unknown>): Ev => ({ id: `evt_${newId().replaceAll('-', '')}`, type, object });

/** Delivers an event as Stripe would: JSON body, signed with the SDK's test helper. */
async function deliver(e: Ev): Promise<string> {
  const payload = JSON.stringify({ id: e.id, object: 'event', type: e.type, created: Math.floor(Date.now() / 1000), livemode: false, data: { object: e.object } });
  const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET });
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/fundraising/webhooks/stripe', headers: { 'content-type': 'application/json; charset=utf-8', 'stripe-signature': signature }, payload });
  expect(res.statusCode).toBe(200);
  return (res.json() as { outcome: string }).outcome;
}

async function text(from: string, body: string): Promise<string[]> {
  const before = twilio.to(from).length;
  const res = await t.app.inject(signedInbound(number, inboundFields(number, { from, body, messageSid: newMessageSid() })));
  expect(res.statusCode).toBe(200);
  await t.worker.drain();
  return twilio.to(from).slice(before).map((m) => m.body);
}

const pledgeOf = async (phone: string) => {
  const contact = await t.db.selectFrom('textGivingContacts').select('id').where('numberId', '=', number.id).where('phoneLast4', '=', phone.slice(-4)).executeTakeFirstOrThrow();
  return t.db.selectFrom('textGivingPledges').selectAll().where('contactId', '=', contact.id).orderBy('createdAt', 'desc').executeTakeFirstOrThrow();
};
const giftRow = (id: string) => t.db.selectFrom('fundraisingGifts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const totals = () => campaignTotals(t.db, campaign.id);
const jobCount = async () => Number((await t.db.selectFrom('jobsQueue').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

/** The telethon board's row for the campaign, as staff see it. */
async function board() {
  const staff = (await signedInWith(t, { org, roles: ['staff', 'member'] })).client;
  const res = await staff.get('/o/lakeshore/text-giving/board');
  expect(res.statusCode).toBe(200);
  const field = (name: string) => new RegExp(`data-field="${name}"[^>]*>([^<]*)<`).exec(res.body)![1]!;
  return { allCount: field('allCount'), allCents: field('allCents'), textCount: field('textCount'), textCents: field('textCents') };
}

/**
 * A donor texts LINK, follows the link to the gift form and gives through Stripe Checkout (the
 * local stand-in); Stripe's verified `checkout.session.completed` confirms it.
 */
async function linkGift(phone: string, amount: string): Promise<{ giftId: string; intentId: string }> {
  const [reply] = await text(phone, 'LINK 10');
  const path = new URL(/http:\/\/\S+/.exec(reply!)![0]).pathname;
  const browser = new TestClient(t.app);
  await browser.get(path);
  const go = await browser.post(path);
  expect(go.statusCode).toBe(303);
  const formUrl = go.headers.location as string;
  const form = await browser.get(formUrl);
  const key = /name="idempotencyKey" value="([^"]+)"/.exec(form.body)![1]!;
  const ref = new URL(formUrl, 'http://x').searchParams.get('ref')!;
  const email = `link-${phone.slice(-4)}@example.ca`;
  const started = await browser.post('/o/lakeshore/give/telethon', giftForm({ amount: 'other', otherAmount: amount, email, idempotencyKey: key, channel: 'text', ref }));
  expect(started.statusCode).toBe(303);
  expect(started.headers.location).toMatch(/^https:\/\/checkout\.stripe\.com\//);
  const gift = await t.db.selectFrom('fundraisingGifts').selectAll().where('donorEmail', '=', email).executeTakeFirstOrThrow();
  expect(gift).toMatchObject({ status: 'pending', channel: 'text', reference: (await pledgeOf(phone)).id, gateway: 'stripe' });
  const intentId = `pi_link${++intentSeq}`;
  expect(await deliver(event('checkout.session.completed', { id: gift.gatewayPaymentId, object: 'checkout.session', payment_status: 'paid', payment_intent: intentId, metadata: { giftId: gift.id } }))).toBe('succeeded');
  return { giftId: gift.id, intentId };
}

describe('a link-flow gift refunded later', () => {
  it('moves its pledge to refunded, off the board and the campaign total once, texts nobody, and a replayed refund changes nothing', async () => {
    const boardBefore = await board();
    const totalsBefore = await totals();
    const phone = newPhone();
    const { giftId, intentId } = await linkGift(phone, '10.00');
    await t.worker.drain();
    expect(await pledgeOf(phone)).toMatchObject({ status: 'paid', giftId, amountCents: 1000 });
    const paidBoard = await board();
    expect(Number(paidBoard.textCount)).toBe(Number(boardBefore.textCount) + 1);
    expect(Number(paidBoard.allCount)).toBe(Number(boardBefore.allCount) + 1);
    expect(await totals()).toEqual({ raisedCents: totalsBefore.raisedCents + 1000, giftCount: totalsBefore.giftCount + 1 });
    // The gift's official receipt was issued (the donor named themselves on the gift form).
    const [receipt] = await t.receipting.listReceiptsForSource(org.id, { type: 'fundraising.gift', id: giftId });
    expect(receipt).toMatchObject({ status: 'issued' });
    const textsSent = twilio.sent.length;

    const refund = event('charge.refunded', { id: `ch_${intentId}`, object: 'charge', refunded: true, payment_intent: intentId });
    expect(await deliver(refund)).toBe('refunded');
    // The write-back is queued in the refunding transaction, once per gift.
    expect(await t.db.selectFrom('jobsQueue').select('dedupeKey').where('name', '=', 'fundraising.text-link-gift.reversed').where('dedupeKey', '=', `fundraising.text-link-gift.reversed:${giftId}`).execute()).toHaveLength(1);
    await t.worker.drain();
    const refunded = await pledgeOf(phone);
    expect(refunded).toMatchObject({ status: 'refunded', giftId, amountCents: 1000, flow: 'link' });
    expect((await giftRow(giftId)).status).toBe('refunded');
    // Board and campaign total are back where they were, each dropping the gift once.
    expect(await board()).toEqual(boardBefore);
    expect(await totals()).toEqual(totalsBefore);
    // No text for a refund.
    expect(twilio.sent.length).toBe(textsSent);
    expect(await t.db.selectFrom('textGivingOutboundMessages').select('kind').where('contactId', '=', refunded.contactId).execute()).toEqual([{ kind: 'gift_link' }]);
    // The receipt is cancelled by receipting.
    expect((await t.receipting.listReceiptsForSource(org.id, { type: 'fundraising.gift', id: giftId }))[0]).toMatchObject({ id: receipt!.id, status: 'cancelled' });

    // The same event delivered again, and the write-back job run again: nothing moves.
    const jobs = await jobCount();
    expect(await deliver(refund)).toBe('replayed');
    await sql`insert into jobs_queue (id, name, payload) values (gen_random_uuid(), 'fundraising.text-link-gift.reversed', ${JSON.stringify({ organizationId: org.id, campaignId: campaign.id, giftId, pledgeId: refunded.id, amountCents: 1000, reason: 'refunded' })}::jsonb)`.execute(t.db);
    // A late paid write-back cannot bring the pledge back either.
    await sql`insert into jobs_queue (id, name, payload) values (gen_random_uuid(), 'fundraising.text-link-gift.paid', ${JSON.stringify({ organizationId: org.id, campaignId: campaign.id, giftId, pledgeId: refunded.id, amountCents: 1000 })}::jsonb)`.execute(t.db);
    await t.worker.drain();
    expect(await jobCount()).toBe(jobs + 2);
    expect(await pledgeOf(phone)).toEqual(refunded);
    expect(await board()).toEqual(boardBefore);
    expect(await totals()).toEqual(totalsBefore);
    expect(twilio.sent.length).toBe(textsSent);

    // Staff see it refunded, with its cancelled receipt, and no form asking for the donor's details.
    const fundraiser = (await signedInWith(t, { org, roles: ['fundraiser', 'member'] })).client;
    const page = await fundraiser.get(`/o/lakeshore/text-giving/numbers/${number.id}/pledges`);
    expect(page.statusCode).toBe(200);
    const row = /<tr id="pledge-[^"]+">[\s\S]*?<\/tr>/.exec(page.body.slice(page.body.indexOf(`id="pledge-${refunded.id}"`) - 8))![0];
    expect(row).toContain('Refunded (gift refunded or disputed) · A link to the gift form');
    expect(row).toContain(`Receipt ${receipt!.serial} (cancelled)`);
    expect(row).not.toContain('/donor');
  });

  it('does the same for a dispute, and a refund after the dispute takes nothing off twice', async () => {
    // $50, typed on the gift form: more than a text may pledge, which the pledge takes from its gift.
    const boardBefore = await board();
    const totalsBefore = await totals();
    const phone = newPhone();
    const { giftId, intentId } = await linkGift(phone, '50.00');
    await t.worker.drain();
    expect(await pledgeOf(phone)).toMatchObject({ status: 'paid', giftId, amountCents: 5000 });
    const textsSent = twilio.sent.length;

    expect(await deliver(event('charge.dispute.created', { id: `dp_${intentId}`, object: 'dispute', payment_intent: intentId }))).toBe('disputed');
    await t.worker.drain();
    const disputed = await pledgeOf(phone);
    expect(disputed).toMatchObject({ status: 'refunded', giftId });
    expect(await board()).toEqual(boardBefore);
    expect(await totals()).toEqual(totalsBefore);

    // The dispute lost, the charge refunded: the gift moves to refunded, nothing else does.
    expect(await deliver(event('charge.refunded', { id: `ch_${intentId}`, object: 'charge', refunded: true, payment_intent: intentId }))).toBe('refunded');
    await t.worker.drain();
    expect((await giftRow(giftId)).status).toBe('refunded');
    expect(await pledgeOf(phone)).toEqual(disputed);
    expect(await board()).toEqual(boardBefore);
    expect(await totals()).toEqual(totalsBefore);
    expect(twilio.sent.length).toBe(textsSent);
  });

  it('leaves the pledge refunded when the refund arrives before the paid write-back has run', async () => {
    const boardBefore = await board();
    const totalsBefore = await totals();
    const phone = newPhone();
    const { giftId, intentId } = await linkGift(phone, '5.00');
    // Both verified events land before any job runs.
    expect(await deliver(event('charge.refunded', { id: `ch_${intentId}`, object: 'charge', refunded: true, payment_intent: intentId }))).toBe('refunded');
    await t.worker.drain();
    expect(await pledgeOf(phone)).toMatchObject({ status: 'refunded', giftId, amountCents: 500 });
    expect(await board()).toEqual(boardBefore);
    expect(await totals()).toEqual(totalsBefore);
  });

  it('queues no pledge write-back for the refund of an ordinary web gift', async () => {
    const c = new TestClient(t.app);
    await c.get('/o/lakeshore/give/telethon');
    const email = 'web.donor@example.ca';
    expect((await c.post('/o/lakeshore/give/telethon', giftForm({ amount: '5000', email }))).statusCode).toBe(303);
    const gift = await t.db.selectFrom('fundraisingGifts').selectAll().where('donorEmail', '=', email).executeTakeFirstOrThrow();
    expect(gift.channel).toBe('web');
    await deliver(event('checkout.session.completed', { id: gift.gatewayPaymentId, object: 'checkout.session', payment_status: 'paid', payment_intent: 'pi_web1', metadata: { giftId: gift.id } }));
    expect(await deliver(event('charge.refunded', { id: 'ch_web1', object: 'charge', refunded: true, payment_intent: 'pi_web1' }))).toBe('refunded');
    expect(await t.db.selectFrom('jobsQueue').select('id').where('dedupeKey', 'like', `fundraising.text-link-gift.%:${gift.id}`).execute()).toEqual([]);
  });
});
