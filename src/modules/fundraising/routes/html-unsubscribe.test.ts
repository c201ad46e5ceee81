import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../test/support/build-test-app.js';
import { TestClient } from '../../../../test/support/client.js';
import { createCampaign } from '../../../../test/support/factories/fundraising.js';
import { createReceiptingFoundation } from '../../../../test/support/factories/receipting.js';
import { linkIn, type ReceivedMail } from '../../../../test/support/smtp-inbox.js';
import { signedInWith } from '../../../../test/support/roles.js';
import { newId } from '../../../platform/db/ids.js';
import { createSignedLinks } from '../links.js';

let t: TestApp;
let org: { id: string; slug: string };
let campaign: { id: string; slug: string };

beforeAll(async () => {
  t = await buildTestApp();
  org = await createReceiptingFoundation(t.db, { slug: 'west-foundation' });
  campaign = await createCampaign(t.db, { organizationId: org.id, slug: 'new-wing' });
});
afterAll(() => t.close());

let n = 0;
async function thanked(email: string): Promise<ReceivedMail> {
  n += 1;
  const donor = { email, firstName: 'Ana', lastName: 'Lima', language: 'en' as const, addressLine1: '1 Main St', city: 'Ottawa', province: 'ON', postalCode: 'K1A 0B1' };
  await t.fundraising.recordTextGift({ organizationId: org.id, campaignId: campaign.id, externalId: `U${n}-${email}`, amountCents: 2500, state: 'paid', donor });
  await t.worker.drain();
  await t.worker.drain();
  return t.inbox.waitFor(email, (m) => m.subject.startsWith('Thank you for your gift') && !seen.has(m));
}
const seen = new Set<ReceivedMail>();
const path = (mail: ReceivedMail) => {
  const u = new URL(linkIn(mail, '/fundraising/unsubscribe'));
  return u.pathname + u.search;
};
const ledger = (email: string) => t.db.selectFrom('fundraisingConsents').selectAll().where('organizationId', '=', org.id).where('address', '=', email).orderBy('createdAt').orderBy('id').execute();

describe('unsubscribing from fundraising e-mail', () => {
  it('puts a one-click unsubscribe (RFC 8058) in the soliciting thank-you, confirms on GET and withdraws on POST with evidence', async () => {
    const mail = await thanked('ana@example.ca');
    seen.add(mail);
    expect(mail.text).toContain('share the campaign');
    expect(mail.text).toMatch(/unsubscribe at once, without signing in: http:\/\/localhost:3000\/fundraising\/unsubscribe\?token=\S+/);
    expect(mail.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    const header = mail.headers['list-unsubscribe']!.match(/^<(http[^>]+)>$/)![1]!;
    expect(new URL(header).pathname + new URL(header).search).toBe(path(mail));
    expect(mail.text).not.toContain('ana@example.ca');

    const visitor = new TestClient(t.app);
    const page = await visitor.get(path(mail));
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Stop fundraising e-mail from');
    expect(page.body).toContain('a…@example.ca');
    expect(page.body).toMatch(/<form method="post" action="\/fundraising\/unsubscribe\?token=/);
    // A GET changes nothing.
    expect((await ledger('ana@example.ca')).map((c) => c.basis)).toEqual(['implied_gift']);

    // A mail client posts with no cookie and no CSRF token.
    const res = await t.app.inject({ method: 'POST', url: path(mail), payload: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('You are unsubscribed');
    const rows = await ledger('ana@example.ca');
    expect(rows.map((c) => [c.basis, c.granted, c.source])).toEqual([['implied_gift', true, 'gift'], ['unsubscribe', false, 'unsubscribe_link']]);
    expect(rows[1]!.evidence).toMatchObject({ method: 'one_click', at: expect.any(String) });
    expect(rows[1]!.giftId).toBe(rows[0]!.giftId);

    // Again: the page says so, the ledger does not grow.
    expect((await visitor.get(path(mail))).body).toContain('You are unsubscribed');
    expect((await t.app.inject({ method: 'POST', url: path(mail) })).statusCode).toBe(200);
    expect(await ledger('ana@example.ca')).toHaveLength(2);
  });

  it('sends no fundraising message afterwards: a later gift is acknowledged plainly and does not reopen consent', async () => {
    const later = await thanked('ana@example.ca');
    expect(later.text).toContain('Thank you for your gift of');
    expect(later.text).not.toContain('share the campaign');
    expect(later.headers['list-unsubscribe']).toBeUndefined();
    expect((await ledger('ana@example.ca')).map((c) => c.basis)).toEqual(['implied_gift', 'unsubscribe']);
    const purposes = await t.db.selectFrom('mailMessages').select('purpose').where('toAddress', '=', 'ana@example.ca').where('subject', 'like', 'Thank you%').orderBy('id').execute();
    expect(purposes.map((p) => p.purpose)).toEqual(['fundraising', 'transactional']);
    expect(await t.fundraising.findCampaign(org.id, campaign.id)).toMatchObject({ giftCount: 2 });
  });

  it('stops fundraising messages still queued for the address at once, from the confirmation page too', async () => {
    const mail = await thanked('queued@example.ca');
    const queued = await t.mailer.enqueue(t.db, { to: 'Queued@Example.ca', subject: 'Spring appeal', text: 'Give again', purpose: 'fundraising', organizationId: org.id });
    const receipt = await t.mailer.enqueue(t.db, { to: 'queued@example.ca', subject: 'Your receipt', text: 'Receipt', purpose: 'transactional', organizationId: org.id });
    const person = new TestClient(t.app);
    await person.get(path(mail));
    const res = await person.post(path(mail), {});
    expect(res.statusCode).toBe(200);
    expect((await ledger('queued@example.ca')).at(-1)!.evidence).toMatchObject({ method: 'page' });
    const status = async (id: string) => t.db.selectFrom('mailMessages').select(['status', 'error']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(await status(queued)).toEqual({ status: 'failed', error: 'withdrawn' });
    expect((await status(receipt)).status).toBe('queued');
  });

  it('refuses forged, foreign-purpose and malformed tokens with a clear page, signed in or not, changing nothing', async () => {
    const mail = await thanked('forged@example.ca');
    const token = new URL(linkIn(mail, '/fundraising/unsubscribe')).searchParams.get('token')!;
    const [id, mac] = token.split('.');
    const optOutToken = createSignedLinks('test-secret-test-secret-test-secret-0123456789', 'fundraising.patient-opt-out').token(id!);
    const signedIn = (await signedInWith(t)).client;
    for (const bad of [`${id}.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`, id!, 'nonsense', `${newId()}.${mac}`, optOutToken, '<script>alert(1)</script>']) {
      for (const client of [new TestClient(t.app), signedIn]) {
        const get = await client.get(`/fundraising/unsubscribe?token=${encodeURIComponent(bad)}`);
        expect(get.statusCode).toBe(400);
        expect(get.body).toContain('This link does not work');
        expect(get.body).not.toContain('<script>alert');
      }
      expect((await t.app.inject({ method: 'POST', url: `/fundraising/unsubscribe?token=${encodeURIComponent(bad)}` })).statusCode).toBe(400);
    }
    for (const url of ['/fundraising/unsubscribe', '/fundraising/unsubscribe?token=', `/fundraising/unsubscribe?token=${'a'.repeat(201)}`]) {
      const get = await t.app.inject({ method: 'GET', url });
      expect(get.statusCode, url).toBe(400);
      expect(get.body, url).toContain('token');
      expect((await t.app.inject({ method: 'POST', url })).statusCode, url).toBe(400);
    }
    expect((await ledger('forged@example.ca')).map((c) => c.basis)).toEqual(['implied_gift']);
  });

  it('has its pages in French', async () => {
    const mail = await thanked('fr@example.ca');
    const res = await new TestClient(t.app).get(path(mail), { 'accept-language': 'fr-CA' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Cesser l’envoi de courriels de collecte de fonds');
  });
});
