import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../platform/db/ids.js';
import { buildTestApp, type TestApp } from '../../../../test/support/build-test-app.js';
import type { TestClient } from '../../../../test/support/client.js';
import { createCampaign, giftForm, campaignTotals } from '../../../../test/support/factories/fundraising.js';
import { createAccount } from '../../../../test/support/factories/identity.js';
import { createReceiptingFoundation, pdfText } from '../../../../test/support/factories/receipting.js';
import { signIn } from '../../../../test/support/sign-in.js';
import { todayInToronto } from '../days.js';

let t: TestApp;
let org: { id: string; slug: string };
let campaign: { id: string; slug: string };

beforeAll(async () => {
  t = await buildTestApp();
  org = await createReceiptingFoundation(t.db, { slug: 'bay-foundation' });
  campaign = await createCampaign(t.db, { organizationId: org.id, slug: 'maternity', goalCents: 1_000_000 });
});
afterAll(() => t.close());

const campaignUrl = '/o/bay-foundation/give/maternity';
const YEAR = Number(todayInToronto().slice(0, 4));
const totals = () => campaignTotals(t.db, campaign.id);
const monthlyRow = (id: string) => t.db.selectFrom('fundraisingMonthlyGifts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const giftsOf = (id: string) => t.db.selectFrom('fundraisingGifts').selectAll().where('monthlyGiftId', '=', id).orderBy('succeededAt').orderBy('id').execute();
const chargeJobs = (id: string) => t.db.selectFrom('jobsQueue').selectAll().where('name', '=', 'fundraising.monthly.test-charge').where(sql<boolean>`payload->>'monthlyGiftId' = ${id}`).orderBy('createdAt').execute();
/** Makes the test gateway's scheduled charges due now, as if a month had passed. */
const monthPasses = (id: string) => sql`update jobs_queue set run_at = now() where name = 'fundraising.monthly.test-charge' and status = 'pending' and payload->>'monthlyGiftId' = ${id}`.execute(t.db);
const receiptsFor = async (giftIds: string[]) => (await Promise.all(giftIds.map((id) => t.receipting.findReceiptForSource(org.id, { type: 'fundraising.gift', id })))).filter(Boolean);

/** The whole test-gateway path: gift form (monthly) → TEST payment page → result → thanks. */
async function giveMonthly(client: TestClient, form: Record<string, string>, result: 'paid' | 'declined' = 'paid') {
  await client.get(campaignUrl);
  const started = await client.post(campaignUrl, giftForm({ frequency: 'monthly', language: 'en', ...form }));
  expect(started.statusCode).toBe(303);
  const checkoutUrl = started.headers.location as string;
  expect(checkoutUrl).toMatch(/^\/o\/bay-foundation\/give\/maternity\/monthly\/[0-9a-f-]{36}\/test-checkout\?t=/);
  const checkout = await client.get(checkoutUrl);
  expect(checkout.statusCode).toBe(200);
  expect(checkout.body).toContain('TEST — no money moves');
  const token = new URL(checkoutUrl, 'http://x').searchParams.get('t')!;
  const done = await client.post(checkoutUrl, { result, t: token });
  expect(done.statusCode).toBe(303);
  const id = checkoutUrl.split('/')[6]!;
  return { id, thanksUrl: done.headers.location as string };
}

describe('a monthly gift through the test gateway', () => {
  it('walks the lifecycle: start, a month each time the job comes due, charge now (TEST), pause, resume, cancel', async () => {
    const account = await createAccount(t.db, { email: 'walker@example.ca' });
    const donor = await signIn(t.app, account);
    const before = await totals();
    const { id, thanksUrl } = await giveMonthly(donor, { amount: '2500', email: account.email });
    const thanks = await donor.get(thanksUrl);
    expect(thanks.statusCode).toBe(200);
    expect(thanks.body).toContain('Your monthly gift has started');
    expect(thanks.body).toContain('TEST — no money moves');
    expect(await monthlyRow(id)).toMatchObject({ status: 'active', gateway: 'test', chargeCount: 1, gatewaySubscriptionId: expect.stringMatching(/^sub_test_/) });
    expect(await giftsOf(id)).toHaveLength(1);
    expect(await totals()).toEqual({ raisedCents: before.raisedCents + 2500, giftCount: before.giftCount + 1 });

    // The next month is a job, due a month from now.
    const [next] = await chargeJobs(id);
    expect(next!.runAt.getTime()).toBeGreaterThan(Date.now() + 27 * 86_400_000);
    await t.worker.drain();
    expect(await giftsOf(id)).toHaveLength(1);
    // Each month's receipt (the donor did not ask for an annual one), e-mailed with its PDF.
    const firstReceipts = await receiptsFor((await giftsOf(id)).map((g) => g.id));
    expect(firstReceipts).toHaveLength(1);
    await t.inbox.waitFor(account.email, (m) => m.attachments.some((a) => a.contentType === 'application/pdf'));

    await monthPasses(id);
    await t.worker.drain();
    expect(await giftsOf(id)).toHaveLength(2);
    expect((await monthlyRow(id)).chargeCount).toBe(2);

    const manageUrl = `/account/giving/monthly/${id}`;
    const manage = await donor.get(manageUrl);
    expect(manage.statusCode).toBe(200);
    expect(manage.body).toContain('TEST: charge');
    expect((await donor.post(`${manageUrl}/test-charge`)).statusCode).toBe(303);
    expect(await giftsOf(id)).toHaveLength(3);

    expect((await donor.post(`${manageUrl}/amount`, { amount: '30' })).statusCode).toBe(303);
    expect((await monthlyRow(id)).amountCents).toBe(3000);
    expect((await donor.post(`${manageUrl}/pause`)).statusCode).toBe(303);
    expect((await monthlyRow(id)).status).toBe('paused');
    // A paused month is not charged, and charging now is refused with the reason.
    await monthPasses(id);
    await t.worker.drain();
    expect(await giftsOf(id)).toHaveLength(3);
    const refused = await donor.post(`${manageUrl}/test-charge`);
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('cannot be changed that way');
    expect((await donor.post(`${manageUrl}/resume`)).statusCode).toBe(303);
    await monthPasses(id);
    await t.worker.drain();
    const gifts = await giftsOf(id);
    expect(gifts).toHaveLength(4);
    expect(gifts.at(-1)!.amountCents).toBe(3000);
    expect((await donor.post(`${manageUrl}/cancel`)).statusCode).toBe(303);
    await monthPasses(id);
    await t.worker.drain();
    expect(await giftsOf(id)).toHaveLength(4);
    expect((await monthlyRow(id)).status).toBe('cancelled');
    expect(await totals()).toEqual({ raisedCents: before.raisedCents + 2500 * 3 + 3000, giftCount: before.giftCount + 4 });
    const history = await donor.get(manageUrl);
    expect(history.body).toContain('Amount changed from $25.00 to $30.00');
    expect(history.body).not.toContain(`${manageUrl}/pause`);
  });

  it('starts nothing when the test payment is declined', async () => {
    const before = await totals();
    const account = await createAccount(t.db);
    const { id } = await giveMonthly(await signIn(t.app, account), { email: account.email }, 'declined');
    expect((await monthlyRow(id)).status).toBe('cancelled');
    expect(await giftsOf(id)).toHaveLength(0);
    expect(await totals()).toEqual(before);
  });
});

describe('annual consolidated receipts for monthly donors', () => {
  it('issues no monthly receipt, then one official receipt per donor for the year listing the total; running again issues nothing new', async () => {
    const email = `annual-${newId().slice(-6)}@example.ca`;
    const account = await createAccount(t.db, { email });
    const donor = await signIn(t.app, account);
    const { id } = await giveMonthly(donor, { amount: '2500', email, firstName: 'Olivia', middleInitial: 'R', lastName: 'Chen', annualReceipt: 'on', addressLine1: '8 Lake Street', city: 'Kingston', province: 'ON', postalCode: 'K7L 1A1' });
    const manageUrl = `/account/giving/monthly/${id}`;
    await donor.get(manageUrl);
    await donor.post(`${manageUrl}/test-charge`);
    await donor.post(`${manageUrl}/amount`, { amount: '50' });
    await donor.post(`${manageUrl}/test-charge`);
    await t.worker.drain();
    const gifts = await giftsOf(id);
    expect(gifts.map((g) => g.amountCents)).toEqual([2500, 2500, 5000]);
    expect(gifts.every((g) => g.receiptAnnually)).toBe(true);
    expect(await receiptsFor(gifts.map((g) => g.id))).toHaveLength(0);

    // Staff only: a member is refused.
    const member = await signIn(t.app, await createAccount(t.db, { org, roles: ['member'] }));
    await member.get(`/o/${org.slug}/give`);
    expect((await member.post(`/o/${org.slug}/fundraising/monthly/annual-receipts`, { year: String(YEAR) })).statusCode).toBe(403);

    const fundraiser = await signIn(t.app, await createAccount(t.db, { org, roles: ['fundraiser', 'member'] }));
    const staffPage = await fundraiser.get(`/o/${org.slug}/fundraising/monthly`);
    expect(staffPage.statusCode).toBe(200);
    expect(staffPage.body).toContain('Olivia Chen');
    const bad = await fundraiser.post(`/o/${org.slug}/fundraising/monthly/annual-receipts`, { year: 'next' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('id="f-year-error"');
    expect((await fundraiser.post(`/o/${org.slug}/fundraising/monthly/annual-receipts`, { year: String(YEAR + 1) })).statusCode).toBe(400);
    expect((await fundraiser.post(`/o/${org.slug}/fundraising/monthly/annual-receipts`, { year: String(YEAR) })).statusCode).toBe(303);
    await t.worker.drain();
    await t.worker.drain();

    const receipts = await receiptsFor(gifts.map((g) => g.id));
    expect(receipts).toHaveLength(3);
    expect(new Set(receipts.map((r) => r!.id)).size).toBe(1);
    expect(receipts[0]).toMatchObject({ eligibleAmountCents: 10_000, status: 'issued' });
    const mail = await t.inbox.waitFor(email, (m) => m.attachments.some((a) => a.contentType === 'application/pdf'));
    const text = (await pdfText(mail.attachments.find((a) => a.contentType === 'application/pdf')!.content)).replace(/\s+/g, ' ');
    for (const expected of [
      'Official receipt for income tax purposes',
      `Receipt number ${receipts[0]!.serial}`,
      `Year the gifts were received ${YEAR}`,
      'Olivia R. Chen 8 Lake Street Kingston ON K7L 1A1',
      'Total amount of the gifts $100.00',
      'Eligible amount of the gift for tax purposes $100.00',
      'Gifts included',
      '$25.00',
      '$50.00',
      'Canada Revenue Agency',
    ])
      expect(text).toContain(expected);

    // Again, through the staff action and the service: nothing new.
    const count = async () => Number((await t.db.selectFrom('receiptingReceipts').select((eb) => eb.fn.countAll<number>().as('n')).where('organizationId', '=', org.id).executeTakeFirstOrThrow()).n);
    const issued = await count();
    expect((await fundraiser.post(`/o/${org.slug}/fundraising/monthly/annual-receipts`, { year: String(YEAR) })).statusCode).toBe(303);
    await t.worker.drain();
    expect(await count()).toBe(issued);
    const audit = await t.db.selectFrom('auditEvents').select('action').where('organizationId', '=', org.id).where('action', '=', 'fundraising.monthly.annual_receipts_requested').execute();
    expect(audit).toHaveLength(2);
  });
});
