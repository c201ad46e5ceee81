import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../test/support/build-test-app.js';
import { TestClient } from '../../../../test/support/client.js';
import { createCampaign, giftForm } from '../../../../test/support/factories/fundraising.js';
import { createOrganization } from '../../../../test/support/factories/identity.js';
import { createReceiptingFoundation } from '../../../../test/support/factories/receipting.js';
import { signedInWith } from '../../../../test/support/roles.js';
import { createKeyword, createTextNumber, inboundFields, newMessageSid, signedInbound, startTwilioStandIn, type TestNumber, type TwilioStandIn } from '../../../../test/support/factories/text-giving.js';

/**
 * The staff list of a number's pledges: the text behind each, the gift and its receipt; and the
 * receipt of a donor whose thank-you could not be sent (STOP after YES, a send refused for good),
 * reached through staff — never through another text. Webhooks signed with the twilio SDK's helper.
 */
let t: TestApp;
let twilio: TwilioStandIn;
let number: TestNumber;
let org: { id: string; slug: string };
const accounts = new Map<string, string>();
let phoneSeq = 3000;
const newPhone = () => `+1613555${String(phoneSeq++).padStart(4, '0')}`;

beforeAll(async () => {
  twilio = await startTwilioStandIn(() => accounts);
  t = await buildTestApp({ env: { FOYER_TWILIO_API_BASE_URL: twilio.url } });
  org = await createReceiptingFoundation(t.db, { slug: 'lakeshore' });
  number = await createTextNumber(t.db, { organizationId: org.id, supportNumber: '+18005550199' });
  accounts.set(number.accountSid, number.authToken);
  const campaign = await createCampaign(t.db, { organizationId: org.id, slug: 'telethon', goalCents: 1_000_000 });
  await createKeyword(t.db, { number, campaignId: campaign.id, keyword: 'GIVE', lang: 'en', flow: 'confirm', amountsCents: [500, 1000, 2500], defaultAmountCents: 1000 });
  await createKeyword(t.db, { number, campaignId: campaign.id, keyword: 'LINK', lang: 'en', flow: 'link', amountsCents: [500, 1000], defaultAmountCents: 1000 });
});
afterAll(async () => {
  await t.close();
  await twilio.close();
});

async function text(from: string, body: string): Promise<void> {
  expect((await t.app.inject(signedInbound(number, inboundFields(number, { from, body, messageSid: newMessageSid() })))).statusCode).toBe(200);
  await t.worker.drain();
}
const pledgeOf = async (phone: string) => {
  const contact = await t.db.selectFrom('textGivingContacts').select('id').where('numberId', '=', number.id).where('phoneLast4', '=', phone.slice(-4)).executeTakeFirstOrThrow();
  return t.db.selectFrom('textGivingPledges').selectAll().where('contactId', '=', contact.id).orderBy('createdAt', 'desc').executeTakeFirstOrThrow();
};
async function settle(c: TestClient, lines: string[]) {
  const form = new FormData();
  form.append('file', new Blob([['reference,status,amount', ...lines].join('\n')], { type: 'text/csv' }), 'settlement.csv');
  const encoded = new Response(form);
  const res = await c.request({ method: 'POST', url: `/o/lakeshore/text-giving/settlements?_csrf=${encodeURIComponent(await c.csrfToken())}`, payload: Buffer.from(await encoded.arrayBuffer()), headers: { 'content-type': encoded.headers.get('content-type')! } });
  expect(res.statusCode).toBe(200);
}
const rowOf = (html: string, pledgeId: string) => {
  const m = new RegExp(`<tr id="pledge-${pledgeId}">([\\s\\S]*?)</tr>`).exec(html);
  expect(m, `row of pledge ${pledgeId}`).not.toBeNull();
  return m![1]!;
};
const pledgesUrl = () => `/o/lakeshore/text-giving/numbers/${number.id}/pledges`;
const donorUrl = (pledgeId: string) => `${pledgesUrl()}/${pledgeId}/donor`;
const details = () => ({ firstName: 'Jean', middleInitial: '', lastName: 'Roy', email: 'jean.roy@example.ca', addressLine1: '5 Rue Principale', addressLine2: '', city: 'Cornwall', province: 'ON', postalCode: 'K6H 1A1', language: 'fr' });

describe('the pledges page', () => {
  it('shows the text behind each pledge, and a link gift written back with its receipt', async () => {
    const fundraiser = (await signedInWith(t, { org, roles: ['fundraiser', 'member'] })).client;
    const phone = newPhone();
    await text(phone, 'LINK 10');
    const path = new URL(/http:\/\/\S+/.exec(twilio.to(phone).at(-1)!.body)![0]).pathname;
    const browser = new TestClient(t.app);
    await browser.get(path);
    const go = await browser.post(path);
    const ref = new URL(go.headers.location as string, 'http://x').searchParams.get('ref')!;
    const formPage = await browser.get(go.headers.location as string);
    const key = /name="idempotencyKey" value="([^"]+)"/.exec(formPage.body)![1]!;
    const started = await browser.post('/o/lakeshore/give/telethon', giftForm({ amount: 'other', otherAmount: '10.00', email: 'linker@example.ca', idempotencyKey: key, channel: 'text', ref }));
    const checkout = started.headers.location as string;
    await browser.post(checkout, { result: 'paid', t: new URL(checkout, 'http://x').searchParams.get('t')! });
    await t.worker.drain();
    const pledge = await pledgeOf(phone);
    expect(pledge.status).toBe('paid');

    const page = await fundraiser.get(pledgesUrl());
    expect(page.statusCode).toBe(200);
    const row = rowOf(page.body, pledge.id);
    expect(row).toContain('<q>LINK 10</q>');
    expect(row).toContain('613-555-');
    expect(row).toContain('Campaign telethon');
    expect(row).toContain('$10.00');
    expect(row).toContain('Paid');
    const receipt = await t.receipting.findReceiptForSource(org.id, { type: 'fundraising.gift', id: pledge.giftId! });
    expect(receipt).toBeTruthy();
    expect(row).toContain(`href="/o/lakeshore/receipts/${receipt!.id}"`);
    expect(row).toContain(`Receipt ${receipt!.serial}`);
    // From the number's page.
    expect((await fundraiser.get(`/o/lakeshore/text-giving/numbers/${number.id}`)).body).toContain(`href="${pledgesUrl()}"`);
    // In French too.
    await fundraiser.post('/language', { lang: 'fr', next: pledgesUrl() });
    const fr = await fundraiser.get(pledgesUrl());
    expect(fr.body).toContain('Promesses par texto');
    expect(rowOf(fr.body, pledge.id)).toContain('Payée');
  });

  it('is refused to those who may not see pledges, and shows administrators masked phones', async () => {
    expect((await new TestClient(t.app).get(pledgesUrl())).statusCode).toBe(303);
    for (const roles of [['member'], ['staff', 'member'], ['moderator', 'member'], ['communicator', 'member']] as const) {
      const c = (await signedInWith(t, { org, roles: [...roles] })).client;
      expect((await c.get(pledgesUrl())).statusCode, roles.join()).toBe(403);
    }
    const elsewhere = await createOrganization(t.db);
    const outsider = (await signedInWith(t, { org: elsewhere, roles: ['admin', 'fundraiser', 'member'] })).client;
    expect((await outsider.get(pledgesUrl())).statusCode).toBe(403);
    const admin = (await signedInWith(t, { org, roles: ['admin', 'member'] })).client;
    const page = await admin.get(pledgesUrl());
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('613-555-');
    expect(page.body).toContain('•');
    expect((await admin.get(`/o/lakeshore/text-giving/numbers/0190f0e0-0000-7000-8000-000000000000/pledges`)).statusCode).toBe(404);
  });
});

describe('a receipt whose thank-you text could not be sent', () => {
  it('is issued and e-mailed from the details staff enter, once, audited, with no text to a donor who sent STOP', async () => {
    const fundraiser = (await signedInWith(t, { org, roles: ['fundraiser', 'member'] })).client;
    const stopper = newPhone();
    await text(stopper, 'GIVE 25');
    await text(stopper, 'YES');
    await text(stopper, 'STOP');
    const refused = newPhone();
    await text(refused, 'GIVE 5');
    await text(refused, 'YES');
    const stopped = await pledgeOf(stopper);
    await settle(fundraiser, [`${stopped.id},paid,25.00`]);
    await t.worker.drain();
    // The carrier refuses the thank-you for good (21610).
    twilio.failNext('refuse-stopped');
    const refusedPledge = await pledgeOf(refused);
    await settle(fundraiser, [`${refusedPledge.id},paid,5.00`]);
    await t.worker.drain();
    const textsToStopper = twilio.to(stopper).length;

    const page = await fundraiser.get(pledgesUrl());
    const stopRow = rowOf(page.body, stopped.id);
    expect(stopRow).toContain('<q>GIVE 25</q>');
    expect(stopRow).toContain('Not sent (the donor stopped texts)');
    expect(stopRow).toContain('Name and address needed.');
    expect(stopRow).toContain(`href="${donorUrl(stopped.id)}"`);
    const refusedRow = rowOf(page.body, refusedPledge.id);
    expect(refusedRow).toContain('Could not be sent');
    expect(refusedRow).toContain(`href="${donorUrl(refusedPledge.id)}"`);

    // Who may not record a donor gets no form.
    const staff = (await signedInWith(t, { org, roles: ['staff', 'member'] })).client;
    expect((await staff.get(donorUrl(stopped.id))).statusCode).toBe(403);
    expect((await staff.post(donorUrl(stopped.id), details())).statusCode).toBe(403);
    expect([401, 403]).toContain((await new TestClient(t.app).post(donorUrl(stopped.id), details())).statusCode);
    expect((await fundraiser.get(`${pledgesUrl()}/not-a-uuid/donor`)).statusCode).toBe(400);

    const form = await fundraiser.get(donorUrl(stopped.id));
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('$25.00');
    expect(form.body).toContain('name="postalCode"');
    const giftId = (await pledgeOf(stopper)).giftId!;
    const gift = () => t.db.selectFrom('fundraisingGifts').selectAll().where('id', '=', giftId).executeTakeFirstOrThrow();

    // Bad input: each field named, nothing written.
    const bad = await fundraiser.post(donorUrl(stopped.id), { ...details(), lastName: '', postalCode: '123', email: 'nope', province: 'XX', firstName: '<b>x</b>'.repeat(20) });
    expect(bad.statusCode).toBe(400);
    for (const f of ['lastName', 'postalCode', 'email', 'province', 'firstName']) expect(bad.body, f).toContain(`id="f-${f}-error"`);
    expect((await gift()).donorLastName).toBe('');

    const done = await fundraiser.post(donorUrl(stopped.id), details());
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(`${pledgesUrl()}#pledge-${stopped.id}`);
    await t.worker.drain();
    expect(await gift()).toMatchObject({ donorFirstName: 'Jean', donorLastName: 'Roy', donorEmail: 'jean.roy@example.ca', donorPostalCode: 'K6H 1A1', donorLanguage: 'fr' });
    const receipts = await t.receipting.listReceiptsForSource(org.id, { type: 'fundraising.gift', id: giftId });
    expect(receipts).toHaveLength(1);
    const mail = await t.inbox.waitFor('jean.roy@example.ca', (m) => m.attachments.some((a) => a.contentType === 'application/pdf'));
    expect(mail).toBeTruthy();
    const audit = await t.db.selectFrom('auditEvents').selectAll().where('action', '=', 'text-giving.pledge.donor-recorded').where('targetId', '=', stopped.id).execute();
    expect(audit).toHaveLength(1);
    // CASL: after STOP, nothing more by text, whatever staff do.
    expect(twilio.to(stopper)).toHaveLength(textsToStopper);

    // The list now links to the receipt and its PDF, which staff download (and may e-mail again from the receipt's page).
    const after = rowOf((await fundraiser.get(pledgesUrl())).body, stopped.id);
    const receipt = await t.receipting.findReceiptForSource(org.id, { type: 'fundraising.gift', id: giftId });
    expect(after).toContain(`href="/o/lakeshore/receipts/${receipt!.id}"`);
    const pdf = await fundraiser.get(`/o/lakeshore/receipts/${receipt!.id}/pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toContain('application/pdf');
    expect((await fundraiser.get(`/o/lakeshore/receipts/${receipt!.id}`)).body).toContain(`/o/lakeshore/receipts/${receipt!.id}/send`);

    // Once only.
    expect((await fundraiser.get(donorUrl(stopped.id))).statusCode).toBe(409);
    expect((await fundraiser.post(donorUrl(stopped.id), { ...details(), lastName: 'Autre' })).statusCode).toBe(409);
    await t.worker.drain();
    expect((await gift()).donorLastName).toBe('Roy');
    expect(await t.receipting.listReceiptsForSource(org.id, { type: 'fundraising.gift', id: giftId })).toHaveLength(1);
    // A pledge not paid has no donor form.
    const unpaid = newPhone();
    await text(unpaid, 'GIVE 10');
    expect((await fundraiser.get(donorUrl((await pledgeOf(unpaid)).id))).statusCode).toBe(409);
  });
});
