import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../test/support/build-test-app.js';
import { TestClient } from '../../../../test/support/client.js';
import { createCampaign, giftForm, campaignTotals } from '../../../../test/support/factories/fundraising.js';
import { createReceiptingFoundation } from '../../../../test/support/factories/receipting.js';
import { signedInWith } from '../../../../test/support/roles.js';
import { createKeyword, createTextNumber, inboundFields, newMessageSid, signedInbound, startTwilioStandIn, type TestNumber, type TwilioStandIn } from '../../../../test/support/factories/text-giving.js';

/**
 * Text gifts reaching the fundraising module: a paid pledge becomes one gift (channel text) and
 * moves the campaign total once; its thank-you links to the receipt form, which names the donor
 * and issues the official receipt; a link-flow gift completes on the gift form as a text gift;
 * the public campaign page streams its totals. Webhooks signed with the twilio SDK's helper.
 */
let t: TestApp;
let twilio: TwilioStandIn;
let number: TestNumber;
let org: { id: string; slug: string };
let campaign: { id: string; slug: string };
const accounts = new Map<string, string>();
let phoneSeq = 2000;
const newPhone = () => `+1613555${String(phoneSeq++).padStart(4, '0')}`;

beforeAll(async () => {
  twilio = await startTwilioStandIn(() => accounts);
  t = await buildTestApp({ env: { FOYER_TWILIO_API_BASE_URL: twilio.url } });
  org = await createReceiptingFoundation(t.db, { slug: 'lakeshore' });
  number = await createTextNumber(t.db, { organizationId: org.id, supportNumber: '+18005550199' });
  accounts.set(number.accountSid, number.authToken);
  campaign = await createCampaign(t.db, { organizationId: org.id, slug: 'telethon', goalCents: 1_000_000, suggestedAmountsCents: [2500, 5000] });
  await createKeyword(t.db, { number, campaignId: campaign.id, keyword: 'GIVE', lang: 'en', flow: 'confirm', amountsCents: [500, 1000, 2500], defaultAmountCents: 1000 });
  await createKeyword(t.db, { number, campaignId: campaign.id, keyword: 'DONNER', lang: 'fr', flow: 'confirm', amountsCents: [500, 1000, 2500], defaultAmountCents: 1000 });
  await createKeyword(t.db, { number, campaignId: campaign.id, keyword: 'LINK', lang: 'en', flow: 'link', amountsCents: [500, 1000], defaultAmountCents: 1000 });
});
afterAll(async () => {
  await t.close();
  await twilio.close();
});

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
const totals = () => campaignTotals(t.db, campaign.id);
const textGifts = () => t.db.selectFrom('fundraisingGifts').selectAll().where('campaignId', '=', campaign.id).where('channel', '=', 'text').orderBy('createdAt').execute();

async function upload(c: TestClient, csv: string) {
  const form = new FormData();
  form.append('file', new Blob([csv], { type: 'text/csv' }), 'settlement.csv');
  const encoded = new Response(form);
  return c.request({ method: 'POST', url: `/o/lakeshore/text-giving/settlements?_csrf=${encodeURIComponent(await c.csrfToken())}`, payload: Buffer.from(await encoded.arrayBuffer()), headers: { 'content-type': encoded.headers.get('content-type')! } });
}

describe('a confirmed pledge the carrier pays', () => {
  it('becomes exactly one text gift, counted once, at payment; a failed one never; the same file again changes nothing', async () => {
    const fundraiser = (await signedInWith(t, { org, roles: ['fundraiser', 'member'] })).client;
    const payer = newPhone();
    await text(payer, 'GIVE 25');
    await text(payer, 'YES');
    const failer = newPhone();
    await text(failer, 'DONNER 10');
    await text(failer, 'OUI');
    const paid = await pledgeOf(payer);
    const failed = await pledgeOf(failer);
    expect([paid.status, failed.status]).toEqual(['confirmed', 'confirmed']);
    // Confirmed is not counted: only a payment moves the campaign's total.
    const start = await totals();
    expect(await textGifts()).toEqual([]);

    const csv = ['reference,status,amount', `${paid.id},paid,25.00`, `${failed.id},failed,10.00`].join('\n');
    const res = await upload(fundraiser, csv);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('1 pledge paid');
    await t.worker.drain();
    const gifts = await textGifts();
    expect(gifts).toHaveLength(1);
    expect(gifts[0]).toMatchObject({ status: 'succeeded', channel: 'text', method: 'text', amountCents: 2500, donorEmail: '', donorLastName: '', donorId: null, wallDisplay: 'anonymous' });
    expect(await totals()).toEqual({ raisedCents: start.raisedCents + 2500, giftCount: start.giftCount + 1 });
    expect((await pledgeOf(payer)).giftId).toBe(gifts[0]!.id);
    expect((await pledgeOf(failer)).giftId).toBeNull();
    // No receipt without a name and address, and no donor record made up.
    expect(await t.receipting.listReceiptsForSource(org.id, { type: 'fundraising.gift', id: gifts[0]!.id })).toEqual([]);
    expect(await t.db.selectFrom('fundraisingDonors').select('id').where('organizationId', '=', org.id).execute()).toEqual([]);

    // The thank-you, within the consent the YES gave, links to the receipt form.
    const thanks = twilio.to(payer).at(-1)!.body;
    expect(thanks).toMatch(/thank you, your \$25 gift was received\. For your official tax receipt, give your name and address: http:\/\/localhost:3000\/r\/[A-Za-z0-9_-]{16}$/);
    expect(twilio.to(failer).at(-1)!.body).toContain('n’a pas pu être facturé');

    // The reports count it under text.
    const report = await fundraiser.get('/o/lakeshore/fundraising/reports');
    expect(report.statusCode).toBe(200);
    expect(report.body).toMatch(/Text[\s\S]{0,200}\$25\.00/);

    // The same file again: no gift, no total, no text.
    const sent = twilio.sent.length;
    const again = await upload(fundraiser, csv);
    expect(again.body).toContain('2 lines already settled');
    await t.worker.drain();
    expect(await textGifts()).toHaveLength(1);
    expect(await totals()).toEqual({ raisedCents: start.raisedCents + 2500, giftCount: start.giftCount + 1 });
    expect(twilio.sent.length).toBe(sent);
    // Even the gift job run again records nothing new.
    await sql`insert into jobs_queue (id, name, payload) values (gen_random_uuid(), 'text-giving.record-gift', ${JSON.stringify({ pledgeId: paid.id })}::jsonb)`.execute(t.db);
    await t.worker.drain();
    expect(await textGifts()).toHaveLength(1);
    expect((await totals()).giftCount).toBe(start.giftCount + 1);
  });

  it('sends no thank-you after STOP, and the receipt form names the donor and issues the official receipt once', async () => {
    const fundraiser = (await signedInWith(t, { org, roles: ['fundraiser', 'member'] })).client;
    const stopper = newPhone();
    await text(stopper, 'GIVE 5');
    await text(stopper, 'YES');
    await text(stopper, 'STOP');
    const donor = newPhone();
    await text(donor, 'GIVE 10');
    await text(donor, 'YES');
    const csv = ['reference,status,amount', `${(await pledgeOf(stopper)).id},paid,5.00`, `${(await pledgeOf(donor)).id},paid,10.00`].join('\n');
    expect((await upload(fundraiser, csv)).body).toContain('2 pledges paid');
    await t.worker.drain();
    expect(twilio.to(stopper).at(-1)!.body).toContain('unsubscribed');
    expect((await pledgeOf(stopper)).giftId).not.toBeNull();
    expect((await pledgeOf(stopper)).receiptTokenHash).toBeNull();

    const url = new URL(/http:\/\/\S+/.exec(twilio.to(donor).at(-1)!.body)![0]);
    const browser = new TestClient(t.app);
    const form = await browser.get(url.pathname);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('$10.00');
    expect(form.body).toContain('Canada Revenue Agency');
    // Bad input: 400 naming the field, nothing written.
    const bad = await browser.post(url.pathname, { ...receiptFields(), postalCode: '12345', lastName: '' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('id="f-postalCode-error"');
    expect(bad.body).toContain('id="f-lastName-error"');
    const giftId = (await pledgeOf(donor)).giftId!;
    const giftRow = () => t.db.selectFrom('fundraisingGifts').selectAll().where('id', '=', giftId).executeTakeFirstOrThrow();
    expect((await giftRow()).donorLastName).toBe('');

    const done = await browser.post(url.pathname, receiptFields());
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(url.pathname);
    expect((await browser.get(url.pathname)).body).toContain('your official receipt will be e-mailed');
    await t.worker.drain();
    const gift = await giftRow();
    expect(gift).toMatchObject({ donorFirstName: 'Amélie', donorMiddleInitial: 'J', donorLastName: 'Tremblay', donorPostalCode: 'K7L 3N6', donorEmail: 'amelie@example.ca', channel: 'text' });
    const donorRow = await t.db.selectFrom('fundraisingDonors').selectAll().where('id', '=', gift.donorId!).executeTakeFirstOrThrow();
    expect(donorRow).toMatchObject({ email: 'amelie@example.ca', lastName: 'Tremblay', city: 'Kingston' });
    const receipts = await t.receipting.listReceiptsForSource(org.id, { type: 'fundraising.gift', id: giftId });
    expect(receipts).toHaveLength(1);
    const mail = await t.inbox.waitFor('amelie@example.ca', (m) => m.attachments.some((a) => a.contentType === 'application/pdf'));
    expect(mail).toBeTruthy();

    // Once only: a second sending changes nothing and issues nothing more.
    const twice = await browser.post(url.pathname, { ...receiptFields(), lastName: 'Autre' });
    expect(twice.statusCode).toBe(303);
    await t.worker.drain();
    expect((await giftRow()).donorLastName).toBe('Tremblay');
    expect(await t.receipting.listReceiptsForSource(org.id, { type: 'fundraising.gift', id: giftId })).toHaveLength(1);
    expect((await browser.get('/r/AAAAAAAAAAAAAAAA')).statusCode).toBe(404);
  });
});

const receiptFields = () => ({ firstName: 'Amélie', middleInitial: 'j', lastName: 'Tremblay', email: 'amelie@example.ca', addressLine1: '12 King Street', addressLine2: '', city: 'Kingston', province: 'ON', postalCode: 'k7l 3n6', language: 'en' });

const boardText = async () => {
  const staff = (await signedInWith(t, { org, roles: ['staff', 'member'] })).client;
  const body = (await staff.get('/o/lakeshore/text-giving/board')).body;
  return { count: /data-field="textCount"[^>]*>([^<]*)</.exec(body)![1]!, cents: /data-field="textCents"[^>]*>([^<]*)</.exec(body)![1]! };
};

describe('the link flow', () => {
  it('opens the gift form pre-filled and attributed to text; the gift it makes is a text gift in the reports', async () => {
    const boardBefore = await boardText();
    const phone = newPhone();
    const [reply] = await text(phone, 'LINK 5');
    const path = new URL(/http:\/\/\S+/.exec(reply!)![0]).pathname;
    const browser = new TestClient(t.app);
    await browser.get(path);
    const go = await browser.post(path);
    expect(go.statusCode).toBe(303);
    const formPage = await browser.get(go.headers.location as string);
    expect(formPage.statusCode).toBe(200);
    // $5 is not one of the campaign's buttons: typed in "other".
    expect(formPage.body).toMatch(/<input[^>]*value="other"[^>]*checked/);
    expect(formPage.body).toContain('value="5.00"');
    expect(formPage.body).toContain('name="channel" value="text"');
    const ref = new URL(go.headers.location as string, 'http://localhost:3000').searchParams.get('ref')!;
    expect(formPage.body).toContain(`name="ref" value="${ref}"`);
    const key = /name="idempotencyKey" value="([^"]+)"/.exec(formPage.body)![1]!;

    const started = await browser.post(campaignPath, giftForm({ amount: 'other', otherAmount: '5.00', email: 'link.donor@example.ca', idempotencyKey: key, channel: 'text', ref }));
    expect(started.statusCode).toBe(303);
    const checkout = started.headers.location as string;
    const done = await browser.post(checkout, { result: 'paid', t: new URL(checkout, 'http://x').searchParams.get('t')! });
    expect(done.statusCode).toBe(303);
    const gift = await t.db.selectFrom('fundraisingGifts').selectAll().where('donorEmail', '=', 'link.donor@example.ca').executeTakeFirstOrThrow();
    expect(gift).toMatchObject({ status: 'succeeded', channel: 'text', method: 'card', amountCents: 500, reference: (await pledgeOf(phone)).id, attributionChannel: 'text' });

    // The gift is written back to the pledge its text made, once, and the board counts it once under text.
    await t.worker.drain();
    const pledge = await pledgeOf(phone);
    expect(pledge).toMatchObject({ status: 'paid', giftId: gift.id, amountCents: 500, flow: 'link' });
    const boardAfter = await boardText();
    expect(Number(boardAfter.count)).toBe(Number(boardBefore.count) + 1);
    expect(Number(boardAfter.cents.replace(/[^0-9.]/g, ''))).toBeCloseTo(Number(boardBefore.cents.replace(/[^0-9.]/g, '')) + 5, 2);
    const raised = await totals();
    // Its job run again changes nothing.
    await sql`insert into jobs_queue (id, name, payload) values (gen_random_uuid(), 'fundraising.text-link-gift.paid', ${JSON.stringify({ organizationId: org.id, campaignId: campaign.id, giftId: gift.id, pledgeId: pledge.id, amountCents: 500 })}::jsonb)`.execute(t.db);
    await t.worker.drain();
    expect(await pledgeOf(phone)).toEqual(pledge);
    // The same link's ref once more (the form page kept open, posted again): a web gift, not a second text gift.
    const again = await browser.get(go.headers.location as string);
    const key3 = /name="idempotencyKey" value="([^"]+)"/.exec(again.body)![1]!;
    const second = await browser.post(campaignPath, giftForm({ amount: 'other', otherAmount: '5.00', email: 'link.again@example.ca', idempotencyKey: key3, channel: 'text', ref }));
    const checkout2 = second.headers.location as string;
    await browser.post(checkout2, { result: 'paid', t: new URL(checkout2, 'http://x').searchParams.get('t')! });
    await t.worker.drain();
    expect(await t.db.selectFrom('fundraisingGifts').select(['channel', 'reference', 'status']).where('donorEmail', '=', 'link.again@example.ca').executeTakeFirstOrThrow()).toEqual({ channel: 'web', reference: null, status: 'succeeded' });
    expect((await pledgeOf(phone)).giftId).toBe(gift.id);
    expect(await boardText()).toEqual(boardAfter);
    expect((await totals()).giftCount).toBe(raised.giftCount + 1);

    // A forged ref makes no text gift: the gift is an ordinary web gift.
    const other = new TestClient(t.app);
    const page = await other.get(campaignPath);
    const key2 = /name="idempotencyKey" value="([^"]+)"/.exec(page.body)![1]!;
    await other.post(campaignPath, giftForm({ email: 'forger@example.ca', idempotencyKey: key2, channel: 'text', ref: `${(await pledgeOf(phone)).id}.forged` }));
    expect(await t.db.selectFrom('fundraisingGifts').select(['channel', 'reference']).where('donorEmail', '=', 'forger@example.ca').executeTakeFirstOrThrow()).toEqual({ channel: 'web', reference: null });

    // The link is spent; the gift form itself still takes a gift.
    const gone = await browser.get(path);
    expect(gone.statusCode).toBe(410);
    expect(gone.body).toContain(`href="${campaignPath}"`);
  });
});
const campaignPath = '/o/lakeshore/give/telethon';

describe('the public campaign page', () => {
  it('shows the total without script, and streams totals as text pledges arrive and are paid', async () => {
    const page = await new TestClient(t.app).get(campaignPath);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`data-live-totals="/o/lakeshore/text-giving/live/${campaign.id}"`);
    expect(page.body).toContain('src="/assets/campaign-live.js"');
    const before = await totals();
    expect(page.body).toContain(`value="${before.raisedCents}"`);

    const base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const abort = new AbortController();
    const res = await fetch(`${base}/o/lakeshore/text-giving/live/${campaign.id}`, { signal: abort.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    let buffer = '';
    type Live = { raisedCents: number; progressText: string; giftCountText: string; pledgedText: string };
    const nextEvent = async (): Promise<Live> => {
      for (;;) {
        const m = /event: totals\ndata: (.*)\n\n/.exec(buffer);
        if (m) {
          buffer = buffer.slice(m.index + m[0].length);
          return JSON.parse(m[1]!) as Live;
        }
        const { value } = await reader.read();
        buffer += new TextDecoder().decode(value);
      }
    };
    const first = await nextEvent();
    expect(first.raisedCents).toBe(before.raisedCents);
    expect(first.pledgedText).toBe('');
    const phone = newPhone();
    await text(phone, 'GIVE 10');
    await text(phone, 'YES');
    const pledged = await nextEvent();
    expect(pledged.pledgedText).toContain('Plus $10.00 pledged by 1 text');
    expect(pledged.raisedCents).toBe(before.raisedCents);
    const fundraiser = (await signedInWith(t, { org, roles: ['fundraiser', 'member'] })).client;
    await upload(fundraiser, `reference,status,amount\n${(await pledgeOf(phone)).id},paid,10.00`);
    await t.worker.drain();
    const paid = await nextEvent();
    expect(paid.raisedCents).toBe(before.raisedCents + 1000);
    expect(paid.pledgedText).toBe('');
    expect(paid.giftCountText).toBe(`${before.giftCount + 1} gifts`);
    abort.abort();
    expect((await new TestClient(t.app).get('/o/lakeshore/text-giving/live/0190f0e0-0000-7000-8000-00000000dead')).statusCode).toBe(404);
    expect((await new TestClient(t.app).get('/o/lakeshore/text-giving/live/not-a-uuid')).statusCode).toBe(400);
  });
});

describe('the keyword settings', () => {
  it('offers the organization’s campaigns to choose from', async () => {
    const admin = (await signedInWith(t, { org, roles: ['admin', 'member'] })).client;
    const page = await admin.get(`/o/lakeshore/text-giving/numbers/${number.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(new RegExp(`<select id="f-campaignId" name="campaignId"[^>]*>[\\s\\S]*<option value="${campaign.id}"[^>]*>Campaign telethon</option>`));
    const bad = await admin.post(`/o/lakeshore/text-giving/numbers/${number.id}/keywords`, { keyword: 'HOPE', lang: 'en', campaignId: '', flow: 'confirm', amounts: ['5'], defaultAmount: '5', confirmWindowMinutes: '30' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('id="f-campaignId-error"');
  });
});

describe('a keyword for a campaign not open for gifts', () => {
  it('answers a draft’s (or an ended campaign’s) keyword with the closed reply, taking no pledge; once published it takes pledges', async () => {
    const draft = await createCampaign(t.db, { organizationId: org.id, slug: 'spring-gala', goalCents: 500_000 });
    await t.db.updateTable('fundraisingCampaigns').set({ publishedAt: null }).where('id', '=', draft.id).execute();
    await createKeyword(t.db, { number, campaignId: draft.id, keyword: 'GALA', lang: 'en', flow: 'confirm', amountsCents: [500, 1000], defaultAmountCents: 1000 });
    await createKeyword(t.db, { number, campaignId: draft.id, keyword: 'GALAFR', lang: 'fr', flow: 'link', amountsCents: [500, 1000], defaultAmountCents: 1000 });
    const phone = newPhone();
    const countPledges = async () => Number((await t.db.selectFrom('textGivingPledges').select((eb) => eb.fn.countAll<number>().as('n')).where('campaignId', '=', draft.id).executeTakeFirstOrThrow()).n);

    const replies = await text(phone, 'GALA 10');
    expect(replies).toHaveLength(1);
    expect(replies[0]).toContain('this campaign is not open for gifts by text right now');
    // The draft's name is not told.
    expect(replies[0]).not.toContain('spring-gala');
    const fr = await text(phone, 'GALAFR 5');
    expect(fr[0]).toContain('cette campagne n’accepte pas de dons par texto');
    expect(await countPledges()).toBe(0);
    const inbound = await t.db.selectFrom('textGivingInboundMessages').select('outcome').where('numberId', '=', number.id).orderBy('receivedAt', 'desc').limit(2).execute();
    expect(inbound.map((m) => m.outcome)).toEqual(['campaign_closed', 'campaign_closed']);

    // Published: the same keyword asks for the confirmation at once.
    await t.db.updateTable('fundraisingCampaigns').set({ publishedAt: new Date() }).where('id', '=', draft.id).execute();
    const open = await text(phone, 'GALA 10');
    expect(open[0]).toContain('reply YES within');
    expect(await countPledges()).toBe(1);

    // An ended campaign (past its two days' grace) is closed too, as the gift form is.
    const past = await createCampaign(t.db, { organizationId: org.id, slug: 'winter-2020', goalCents: 500_000 });
    await t.db.updateTable('fundraisingCampaigns').set({ startsOn: '2020-01-01' as never, endsOn: '2020-01-31' as never }).where('id', '=', past.id).execute();
    await createKeyword(t.db, { number, campaignId: past.id, keyword: 'WINTER', lang: 'en', flow: 'confirm', amountsCents: [500], defaultAmountCents: 500 });
    const ended = await text(newPhone(), 'WINTER 5');
    expect(ended[0]).toContain('this campaign is not open for gifts by text right now');
    expect(Number((await t.db.selectFrom('textGivingPledges').select((eb) => eb.fn.countAll<number>().as('n')).where('campaignId', '=', past.id).executeTakeFirstOrThrow()).n)).toBe(0);
  });
});
