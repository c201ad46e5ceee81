import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../test/support/build-test-app.js';
import { TestClient } from '../../../../test/support/client.js';
import { createCampaign, giftForm } from '../../../../test/support/factories/fundraising.js';
import { createReceiptingFoundation } from '../../../../test/support/factories/receipting.js';
import { newId } from '../../../platform/db/ids.js';
import { enqueueJob } from '../../../platform/jobs/queue.js';

let t: TestApp;
let org: { id: string; slug: string };


beforeAll(async () => {
  t = await buildTestApp();
  org = await createReceiptingFoundation(t.db, { slug: 'south-foundation' });
  await createCampaign(t.db, { organizationId: org.id, slug: 'palliative-care', suggestedAmountsCents: [2500, 5000] });
});
afterAll(() => t.close());

const campaignUrl = '/o/south-foundation/give/palliative-care';
const fieldError = (body: string, field: string) => body.includes(`id="f-${field}-error"`);
const cards = () => t.db.selectFrom('fundraisingEcards').selectAll().orderBy('createdAt').execute();
const card = (o: Record<string, string> = {}) => giftForm({ tribute: 'memory', tributeName: 'Paul Roy', ecardName: 'Hélène Roy', ecardEmail: 'helene@example.ca', ecardLanguage: 'fr', ecardMessage: 'Il est dans nos cœurs.', ecardShowSender: 'on', idempotencyKey: newId(), ...o });

/** The gift form, the test gateway's payment, and the jobs that follow. */
async function give(form: Record<string, string>, result: 'paid' | 'declined' = 'paid') {
  const client = new TestClient(t.app);
  await client.get(campaignUrl);
  const started = await client.post(campaignUrl, form);
  expect(started.statusCode).toBe(303);
  const checkoutUrl = started.headers.location as string;
  const token = new URL(checkoutUrl, 'http://x').searchParams.get('t')!;
  expect((await client.post(checkoutUrl, { result, t: token })).statusCode).toBe(303);
  await t.worker.drain();
  await t.worker.drain();
}

describe('tribute e-cards', () => {
  it('offers the e-card on the gift form, optional, the sender box unticked, without JavaScript', async () => {
    const page = await new TestClient(t.app).get(campaignUrl);
    for (const f of ['ecardName', 'ecardEmail', 'ecardMessage']) expect(page.body).toMatch(new RegExp(`<label for="f-${f}">[^<]+\\(optional\\)</label>`));
    expect(page.body).toMatch(/<input type="checkbox" id="f-ecardShowSender" name="ecardShowSender" value="on"\/>/);
    expect(page.body).toContain('Tribute e-card');
  });

  it('e-mails the recipient once the gift is confirmed, in their language, never the amount, exactly once', async () => {
    await give(card({ amount: '5000' }));
    const [row] = await cards();
    expect(row).toMatchObject({ recipientName: 'Hélène Roy', recipientEmail: 'helene@example.ca', recipientLanguage: 'fr', showSender: true });
    expect(row!.sentAt).not.toBeNull();
    const mail = await t.inbox.waitFor('helene@example.ca');
    expect(mail.subject).toBe('Un don a été fait à la mémoire de Paul Roy');
    expect(mail.text).toContain('Bonjour Hélène Roy');
    expect(mail.text).toContain('Jeanne Roy a fait un don à');
    expect(mail.text).toContain('à la mémoire de Paul Roy');
    expect(mail.text).toContain('Il est dans nos cœurs.');
    expect(mail.text).not.toMatch(/50|\$/);
    const queued = await t.db.selectFrom('mailMessages').select(['purpose']).where('toAddress', '=', 'helene@example.ca').execute();
    expect(queued).toEqual([{ purpose: 'informational' }]);

    // The job again (a retry, a replayed event): no second card.
    await enqueueJob(t.db, 'fundraising.gift.ecard', { giftId: row!.giftId, organizationId: org.id }, { dedupeKey: `again:${row!.giftId}` });
    await enqueueJob(t.db, 'fundraising.gift.confirmed', { giftId: row!.giftId, organizationId: org.id }, { dedupeKey: `again-confirmed:${row!.giftId}` });
    await t.worker.drain();
    await t.worker.drain();
    expect(await t.db.selectFrom('mailMessages').select('id').where('toAddress', '=', 'helene@example.ca').execute()).toHaveLength(1);
  });

  it('leaves the donor’s name out when asked, in English, and sends nothing for a declined payment', async () => {
    await give(card({ tribute: 'honour', tributeName: 'Dr. Alice Chen', ecardEmail: 'sam@example.ca', ecardName: 'Sam', ecardLanguage: 'en', ecardShowSender: '', ecardMessage: '' }));
    const mail = await t.inbox.waitFor('sam@example.ca');
    expect(mail.subject).toBe('A gift was made in honour of Dr. Alice Chen');
    expect(mail.text).toContain('A gift was made to');
    expect(mail.text).not.toContain('Jeanne');
    expect(mail.text).not.toContain('writes');

    await give(card({ ecardEmail: 'declined@example.ca' }), 'declined');
    const declined = (await cards()).find((c) => c.recipientEmail === 'declined@example.ca')!;
    expect(declined.sentAt).toBeNull();
    expect(await t.db.selectFrom('mailMessages').select('id').where('toAddress', '=', 'declined@example.ca').execute()).toHaveLength(0);
  });

  it('refuses bad e-card input naming the field, recording no gift', async () => {
    const before = (await t.db.selectFrom('fundraisingGifts').select('id').execute()).length;
    const cases: [string, Record<string, string>, string][] = [
      ['no tribute', { tribute: 'none', tributeName: '' }, 'ecardEmail'],
      ['no e-mail', { ecardEmail: '' }, 'ecardEmail'],
      ['bad e-mail', { ecardEmail: 'not-an-address' }, 'ecardEmail'],
      ['no name', { ecardName: '' }, 'ecardName'],
      ['message too long', { ecardMessage: 'x'.repeat(501) }, 'ecardMessage'],
      ['markup in message', { ecardMessage: '<b>hi</b>' }, 'ecardMessage'],
      ['wrong language', { ecardLanguage: 'de' }, 'ecardLanguage'],
    ];
    const client = new TestClient(t.app);
    await client.get(campaignUrl);
    for (const [name, o, field] of cases) {
      const res = await client.post(campaignUrl, card(o));
      expect(res.statusCode, name).toBe(400);
      expect(fieldError(res.body, field), name).toBe(true);
      expect(res.body, name).not.toMatch(/<b>hi<\/b>(?!")/);
    }
    expect((await t.db.selectFrom('fundraisingGifts').select('id').execute()).length).toBe(before);
  });

  it('has its form in French', async () => {
    const page = await new TestClient(t.app).get(campaignUrl, { 'accept-language': 'fr-CA' });
    expect(page.body).toContain('Carte d’hommage électronique');
  });
});
