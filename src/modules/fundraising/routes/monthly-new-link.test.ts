import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../platform/db/ids.js';
import { buildTestApp, type TestApp } from '../../../../test/support/build-test-app.js';
import { TestClient } from '../../../../test/support/client.js';
import { createCampaign, giftForm } from '../../../../test/support/factories/fundraising.js';
import { createReceiptingFoundation } from '../../../../test/support/factories/receipting.js';
import { linkIn } from '../../../../test/support/smtp-inbox.js';
import { monthlyManageLinks } from '../links.js';

let t: TestApp;
let org: { id: string; slug: string };

beforeAll(async () => {
  t = await buildTestApp();
  org = await createReceiptingFoundation(t.db, { slug: 'link-foundation' });
  await createCampaign(t.db, { organizationId: org.id, slug: 'rehab', goalCents: 1_000_000 });
});
afterAll(() => t.close());

const campaignUrl = '/o/link-foundation/give/rehab';
const formUrl = '/o/link-foundation/give/manage/monthly';
const SECRET = 'test-secret-test-secret-test-secret-0123456789';
const mailsTo = (email: string) => t.inbox.received.filter((m) => m.to.includes(email));
const mailRows = async () => Number((await t.db.selectFrom('mailMessages').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

/** A guest's monthly gift through the test gateway's whole path: form → TEST payment page → paid. */
async function giveMonthly(client: TestClient, email: string, language: 'en' | 'fr' = 'en'): Promise<{ id: string; thanksUrl: string }> {
  await client.get(campaignUrl);
  const started = await client.post(campaignUrl, giftForm({ frequency: 'monthly', language, amount: '2500', email }));
  const checkoutUrl = started.headers.location as string;
  await client.get(checkoutUrl);
  const token = new URL(checkoutUrl, 'http://x').searchParams.get('t')!;
  const paid = await client.post(checkoutUrl, { result: 'paid', t: token });
  expect(paid.statusCode).toBe(303);
  return { id: checkoutUrl.split('/')[6]!, thanksUrl: paid.headers.location as string };
}

describe('a guest asks for a new manage link', () => {
  it('is offered on the thank-you page and the expired page, and e-mails a link that works', async () => {
    const email = `renew-${newId().slice(-6)}@example.ca`;
    const guest = new TestClient(t.app);
    const { id, thanksUrl } = await giveMonthly(guest, email);
    await t.worker.drain();
    await t.inbox.waitFor(email, (m) => m.text.includes('/fundraising/monthly/manage/'));
    expect((await guest.get(thanksUrl)).body).toContain(`href="${formUrl}"`);
    const expired = monthlyManageLinks(SECRET).token(id, new Date(Date.now() - 61 * 86_400_000));
    const old = await guest.get(`/fundraising/monthly/manage/${expired}`);
    expect(old.statusCode).toBe(410);
    expect(old.body).toContain(`href="${formUrl}"`);
    const altered = await guest.get(`/fundraising/monthly/manage/${expired}x`);
    expect(altered.statusCode).toBe(400);
    expect(altered.body).toContain(`href="${formUrl}"`);

    const before = mailsTo(email).length;
    const page = await guest.get(formUrl);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('name="email"');
    const res = await guest.post(formUrl, { email: email.toUpperCase() });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('a new link is on its way');
    await t.worker.drain();
    const mail = await t.inbox.waitFor(email, (m) => m.subject.startsWith('Your link to manage your monthly gift'));
    expect(mailsTo(email).length).toBe(before + 1);
    expect(mail.text).toContain('$25.00 a month');
    // Transactional: no solicitation, no unsubscribe footer.
    expect(mail.text).not.toContain('/fundraising/unsubscribe');
    expect(mail.headers['list-unsubscribe']).toBeUndefined();
    const link = new URL(linkIn(mail, '/fundraising/monthly/manage/'));
    const opened = await new TestClient(t.app).get(link.pathname);
    expect(opened.statusCode).toBe(200);
    expect(opened.body).toContain(`action="${link.pathname}/amount"`);

    // Sent again at once: the same answer, and no second e-mail to the address.
    const again = await guest.post(formUrl, { email });
    expect(again.statusCode).toBe(200);
    expect(again.body).toContain('a new link is on its way');
    await t.worker.drain();
    await new Promise((r) => setTimeout(r, 300));
    expect(mailsTo(email).length).toBe(before + 1);
  });

  it('answers an unknown address, or another organization’s donor, with the same page and sends nothing', async () => {
    const other = await createReceiptingFoundation(t.db, { slug: 'other-foundation' });
    await createCampaign(t.db, { organizationId: other.id, slug: 'elsewhere', goalCents: 1_000_000 });
    const known = `known-${newId().slice(-6)}@example.ca`;
    await giveMonthly(new TestClient(t.app), known);
    await t.worker.drain();
    const mailsBefore = await mailRows();
    const client = new TestClient(t.app);
    await client.get(formUrl);
    const unknown = await client.post(formUrl, { email: `nobody-${newId().slice(-6)}@example.ca` });
    const elsewhere = await client.post('/o/other-foundation/give/manage/monthly', { email: known });
    for (const res of [unknown, elsewhere]) {
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('a new link is on its way');
    }
    await t.worker.drain();
    expect(await mailRows()).toBe(mailsBefore);
  });

  it.each([
    ['', 'empty'],
    ['not-an-address', 'malformed'],
    [`${'a'.repeat(250)}@example.ca`, 'too long'],
    [['a@example.ca', 'b@example.ca'], 'twice'],
  ] as [string | string[], string][])('answers 400 naming the e-mail field for %j (%s), queuing nothing', async (email) => {
    const jobs = Number((await t.db.selectFrom('jobsQueue').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const client = new TestClient(t.app);
    await client.get(formUrl);
    const res = await client.post(formUrl, { email });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('href="#f-email"');
    expect(res.body).toMatch(/aria-describedby="[^"]*f-email-error"/);
    expect(Number((await t.db.selectFrom('jobsQueue').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)).toBe(jobs);
  });

  it('speaks French, and is 404 for an organization that does not exist', async () => {
    const client = new TestClient(t.app, { 'accept-language': 'fr-CA' });
    const page = await client.get(formUrl);
    expect(page.body).toContain('Un nouveau lien pour gérer votre don mensuel');
    expect((await client.get('/o/no-such-org/give/manage/monthly')).statusCode).toBe(404);
  });

  it('stops a run of guesses from one address with 429, queuing no more', async () => {
    const client = new TestClient(t.app);
    await client.get(formUrl);
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await client.post(formUrl, { email: `guess-${i}@example.ca` })).statusCode);
    expect(statuses.at(-1)).toBe(429);
    expect(statuses.filter((s) => s === 200).length).toBeLessThanOrEqual(10);
  });
});
