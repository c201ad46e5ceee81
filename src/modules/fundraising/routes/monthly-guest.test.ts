import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../platform/db/ids.js';
import { buildTestApp, type TestApp } from '../../../../test/support/build-test-app.js';
import { TestClient } from '../../../../test/support/client.js';
import { createCampaign, giftForm } from '../../../../test/support/factories/fundraising.js';
import { createAccount } from '../../../../test/support/factories/identity.js';
import { createReceiptingFoundation } from '../../../../test/support/factories/receipting.js';
import { linkIn } from '../../../../test/support/smtp-inbox.js';
import { signIn } from '../../../../test/support/sign-in.js';
import { monthlyManageLinks } from '../links.js';

let t: TestApp;
let org: { id: string; slug: string };

beforeAll(async () => {
  t = await buildTestApp();
  org = await createReceiptingFoundation(t.db, { slug: 'guest-foundation' });
  await createCampaign(t.db, { organizationId: org.id, slug: 'rehab', goalCents: 1_000_000 });
});
afterAll(() => t.close());

const campaignUrl = '/o/guest-foundation/give/rehab';
const SECRET = 'test-secret-test-secret-test-secret-0123456789';
const monthlyRow = (id: string) => t.db.selectFrom('fundraisingMonthlyGifts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

/** A monthly gift through the test gateway's whole path: form → TEST payment page → paid. */
async function giveMonthly(client: TestClient, form: Record<string, string>): Promise<string> {
  await client.get(campaignUrl);
  const started = await client.post(campaignUrl, giftForm({ frequency: 'monthly', language: 'en', amount: '2500', ...form }));
  expect(started.statusCode).toBe(303);
  const checkoutUrl = started.headers.location as string;
  await client.get(checkoutUrl);
  const token = new URL(checkoutUrl, 'http://x').searchParams.get('t')!;
  expect((await client.post(checkoutUrl, { result: 'paid', t: token })).statusCode).toBe(303);
  return checkoutUrl.split('/')[6]!;
}

describe('a guest manages a monthly gift from the signed link of the thank-you e-mail', () => {
  it('changes the amount, pauses, resumes and cancels through the same service as the account pages', async () => {
    const email = `guest-${newId().slice(-6)}@example.ca`;
    const guest = new TestClient(t.app);
    const id = await giveMonthly(guest, { email });
    expect((await monthlyRow(id)).accountId).toBeNull();
    await t.worker.drain();
    const mail = await t.inbox.waitFor(email, (m) => m.text.includes('/fundraising/monthly/manage/'));
    const link = new URL(linkIn(mail, '/fundraising/monthly/manage/'));
    expect(mail.text).toContain('it works for 60 days');

    // Another browser, never signed in: the link alone opens the page.
    const holder = new TestClient(t.app);
    const page = await holder.get(link.pathname);
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.body).toContain('Monthly gift to');
    expect(page.body).toContain(`action="${link.pathname}/amount"`);
    expect(page.body).not.toContain('/account/giving/monthly');

    const bad = await holder.post(`${link.pathname}/amount`, { amount: '0.10' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('id="f-amount-error"');
    expect((await monthlyRow(id)).amountCents).toBe(2500);

    const changed = await holder.post(`${link.pathname}/amount`, { amount: '40' });
    expect(changed.statusCode).toBe(303);
    expect(changed.headers.location).toContain(link.pathname);
    expect((await monthlyRow(id)).amountCents).toBe(4000);
    expect((await holder.post(`${link.pathname}/pause`)).statusCode).toBe(303);
    expect((await monthlyRow(id)).status).toBe('paused');
    expect((await holder.post(`${link.pathname}/pause`)).statusCode).toBe(400);
    expect((await holder.post(`${link.pathname}/resume`)).statusCode).toBe(303);
    expect((await monthlyRow(id)).status).toBe('active');
    expect((await holder.post(`${link.pathname}/receipts`, { annualReceipt: 'on' })).statusCode).toBe(303);
    expect((await monthlyRow(id)).receiptAnnually).toBe(true);
    expect((await holder.post(`${link.pathname}/cancel`)).statusCode).toBe(303);
    expect(await monthlyRow(id)).toMatchObject({ status: 'cancelled', cancelledAt: expect.any(Date) });

    const changes = await t.db.selectFrom('fundraisingMonthlyGiftChanges').select(['kind', 'actorAccountId']).where('monthlyGiftId', '=', id).orderBy('createdAt').orderBy('id').execute();
    expect(changes.map((c) => c.kind)).toEqual(['created', 'activated', 'charged', 'amount_changed', 'paused', 'resumed', 'receipt_preference', 'cancelled']);
    const audit = await t.db.selectFrom('auditEvents').select(['action', 'data']).where('targetId', '=', id).where('action', '=', 'fundraising.monthly.cancelled').executeTakeFirstOrThrow();
    expect(audit.data).toMatchObject({ via: 'manage_link' });
  });

  it('refuses an altered, another purpose’s or an expired link with a clear page, and changes nothing', async () => {
    const email = `guest2-${newId().slice(-6)}@example.ca`;
    const id = await giveMonthly(new TestClient(t.app), { email });
    const links = monthlyManageLinks(SECRET);
    const good = links.token(id);
    const [, exp, mac] = good.split('.');
    const otherId = newId();
    const client = new TestClient(t.app);
    await client.get(campaignUrl);
    const refused = [
      `${otherId}.${exp}.${mac}`, // the signature of another gift's link
      `${id}.${(parseInt(exp!, 36) + 86_400).toString(36)}.${mac}`, // a later expiry, same signature
      `${id}.${exp}.${mac!.slice(0, -2)}xx`,
      'not-a-token',
      `${id}.zzzzzzzzzzzzzzzzzzzz.${mac}`,
    ];
    for (const token of refused) {
      const res = await client.get(`/fundraising/monthly/manage/${encodeURIComponent(token)}`);
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain('This link does not work');
      expect(res.body).not.toContain(email);
      const post = await client.post(`/fundraising/monthly/manage/${encodeURIComponent(token)}/cancel`);
      expect(post.statusCode).toBe(400);
    }
    const expired = links.token(id, new Date(Date.now() - 61 * 86_400_000));
    const old = await client.get(`/fundraising/monthly/manage/${expired}`);
    expect(old.statusCode).toBe(410);
    expect(old.body).toContain('This link has expired');
    expect((await client.post(`/fundraising/monthly/manage/${expired}/cancel`)).statusCode).toBe(410);
    expect((await client.post(`/fundraising/monthly/manage/${expired}/amount`, { amount: '99' })).statusCode).toBe(410);
    expect(await monthlyRow(id)).toMatchObject({ status: 'active', amountCents: 2500 });
    // A link of another purpose (the unsubscribe link's shape) opens nothing here either.
    expect((await client.get(`/fundraising/monthly/manage/${id}.${mac}`)).statusCode).toBe(400);
  });

  it('opens no signed-in donor’s monthly gift: theirs is managed from their account, and their e-mail says so', async () => {
    const account = await createAccount(t.db, { email: `acct-${newId().slice(-6)}@example.ca` });
    const donor = await signIn(t.app, account);
    const id = await giveMonthly(donor, { email: account.email });
    await t.worker.drain();
    const mail = await t.inbox.waitFor(account.email, (m) => m.text.includes('/account/giving/monthly/'));
    expect(mail.text).not.toContain('/fundraising/monthly/manage/');
    const forged = monthlyManageLinks(SECRET).token(id);
    const res = await new TestClient(t.app).get(`/fundraising/monthly/manage/${forged}`);
    expect(res.statusCode).toBe(404);
    const post = await new TestClient(t.app).post(`/fundraising/monthly/manage/${forged}/cancel`);
    expect(post.statusCode).toBe(404);
    expect((await monthlyRow(id)).status).toBe('active');
  });
});
