import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../test/support/build-test-app.js';
import { createOrganization } from '../../../../test/support/factories/identity.js';
import { createTextNumber, inboundFields, newMessageSid, signedInbound, type TestNumber } from '../../../../test/support/factories/text-giving.js';

let t: TestApp;
let number: TestNumber;
const DONOR = '+15145550123';

beforeAll(async () => {
  t = await buildTestApp();
  const org = await createOrganization(t.db, { slug: 'hope', kind: 'foundation' });
  number = await createTextNumber(t.db, { organizationId: org.id });
});
afterAll(() => t.close());

const countMessages = async () => Number((await t.db.selectFrom('textGivingInboundMessages').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
const countJobs = async () => Number((await t.db.selectFrom('jobsQueue').select((eb) => eb.fn.countAll<number>().as('n')).where('name', '=', 'text-giving.process-inbound').executeTakeFirstOrThrow()).n);

describe('Twilio inbound webhook', () => {
  it('stores a signed text before answering 200 with empty TwiML, and queues its processing', async () => {
    const sid = newMessageSid();
    const res = await t.app.inject(signedInbound(number, inboundFields(number, { from: DONOR, body: 'GIVE 10', messageSid: sid })));
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/xml');
    expect(res.body).toContain('<Response></Response>');
    const row = await t.db.selectFrom('textGivingInboundMessages').selectAll().where('messageSid', '=', sid).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ numberId: number.id, body: 'GIVE 10', processedAt: null });
    // The phone number is never stored in clear.
    expect(row.fromSealed).not.toContain('5550123');
    expect(row.fromHash).not.toContain('5550123');
    const job = await t.db.selectFrom('jobsQueue').selectAll().where('dedupeKey', '=', `text-giving.process-inbound:${row.id}`).executeTakeFirstOrThrow();
    expect(job.payload).toEqual({ messageId: row.id });
  });

  it('records a retried MessageSid once, and queues it once', async () => {
    const fields = inboundFields(number, { from: DONOR, body: 'GIVE', messageSid: newMessageSid() });
    const [m0, j0] = [await countMessages(), await countJobs()];
    for (let i = 0; i < 3; i++) expect((await t.app.inject(signedInbound(number, fields))).statusCode).toBe(200);
    // Concurrent retries too.
    const all = await Promise.all([1, 2, 3].map(() => t.app.inject(signedInbound(number, fields))));
    expect(all.map((r) => r.statusCode)).toEqual([200, 200, 200]);
    expect(await countMessages()).toBe(m0 + 1);
    expect(await countJobs()).toBe(j0 + 1);
  });

  it('refuses a missing or wrong signature with 403 and stores nothing', async () => {
    const before = await countMessages();
    const fields = inboundFields(number, { from: DONOR, body: 'GIVE' });
    const unsigned = signedInbound(number, fields);
    const { 'x-twilio-signature': _drop, ...noSignature } = unsigned.headers;
    expect((await t.app.inject({ ...unsigned, headers: noSignature })).statusCode).toBe(403);
    expect((await t.app.inject({ ...unsigned, headers: { ...unsigned.headers, 'x-twilio-signature': 'bm90IGEgc2lnbmF0dXJl' } })).statusCode).toBe(403);
    // Signed with another account's token.
    expect((await t.app.inject(signedInbound(number, fields, { authToken: 'f'.repeat(32) }))).statusCode).toBe(403);
    expect(await countMessages()).toBe(before);
  });

  it('refuses a tampered body or a signature made for another URL', async () => {
    const before = await countMessages();
    const fields = inboundFields(number, { from: DONOR, body: 'GIVE 5' });
    const signed = signedInbound(number, fields);
    const tampered = { ...signed, payload: new URLSearchParams({ ...fields, Body: 'GIVE 25' }).toString() };
    expect((await t.app.inject(tampered)).statusCode).toBe(403);
    const added = { ...signed, payload: `${signed.payload}&Extra=1` };
    expect((await t.app.inject(added)).statusCode).toBe(403);
    const otherUrl = signedInbound(number, fields, { signUrl: `https://attacker.example${number.path}` });
    expect((await t.app.inject(otherUrl)).statusCode).toBe(403);
    const otherPath = signedInbound(number, fields, { signUrl: `${number.webhookUrl}?x=1` });
    expect((await t.app.inject(otherPath)).statusCode).toBe(403);
    expect(await countMessages()).toBe(before);
  });

  it('answers 404 for a number that does not exist, and 400 for signed but malformed fields', async () => {
    const before = await countMessages();
    const ghost = { ...number, id: '0190f0e0-0000-7000-8000-000000000000', path: '/api/v1/text-giving/numbers/0190f0e0-0000-7000-8000-000000000000/twilio/messages' };
    expect((await t.app.inject(signedInbound(ghost, inboundFields(ghost, { from: DONOR, body: 'GIVE' })))).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/text-giving/numbers/not-a-uuid/twilio/messages', payload: 'a=b', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': 'x' } })).statusCode).toBe(404);
    for (const [field, value] of [['MessageSid', ''], ['MessageSid', 'SM<b>x</b>'], ['From', '5145550123'], ['Body', 'x'.repeat(1601)], ['To', '']] as const) {
      const res = await t.app.inject(signedInbound(number, { ...inboundFields(number, { from: DONOR, body: 'GIVE' }), [field]: value }));
      expect(res.statusCode, `${field}=${value.slice(0, 10)}`).toBe(400);
      expect(res.json().error.fields, field).toHaveProperty(field);
    }
    expect(await countMessages()).toBe(before);
  });
});
