import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../test/support/build-test-app.js';
import { createOrganization } from '../../../../test/support/factories/identity.js';
import { createTextNumber, inboundFields, signedInbound, startTwilioStandIn, type TestNumber, type TwilioStandIn } from '../../../../test/support/factories/text-giving.js';

/** Replies through the official SDK, pointed at a local stand-in for Twilio's REST endpoint. */
let t: TestApp;
let twilio: TwilioStandIn;
let org: { id: string };
const accounts = new Map<string, string>();
let seq = 2000;
const newPhone = () => `+1450888${String(seq++).padStart(4, '0')}`;

beforeAll(async () => {
  twilio = await startTwilioStandIn(() => accounts);
  t = await buildTestApp({ env: { FOYER_TWILIO_API_BASE_URL: twilio.url } });
  org = await createOrganization(t.db, { slug: 'hope', kind: 'foundation', nameEn: 'Hope Foundation' });
});
afterAll(async () => {
  await t.close();
  await twilio.close();
});

async function numberWith(sendsPerSecond: number): Promise<TestNumber> {
  const n = await createTextNumber(t.db, { organizationId: org.id, sendsPerSecond });
  accounts.set(n.accountSid, n.authToken);
  return n;
}
async function deliver(number: TestNumber, from: string, body: string) {
  expect((await t.app.inject(signedInbound(number, inboundFields(number, { from, body })))).statusCode).toBe(200);
}
/** Moves every stored moment of the queue and the replies back, as if `ms` had passed. */
async function advance(ms: number) {
  const secs = ms / 1000;
  await sql`update jobs_queue set run_at = run_at - make_interval(secs => ${secs}) where status = 'pending'`.execute(t.db);
  await sql`update text_giving_outbound_messages set send_after = send_after - make_interval(secs => ${secs}), sending_started_at = sending_started_at - make_interval(secs => ${secs})`.execute(t.db);
  await sql`update text_giving_numbers set next_send_at = next_send_at - make_interval(secs => ${secs})`.execute(t.db);
}
const outboundOf = (number: TestNumber) => t.db.selectFrom('textGivingOutboundMessages').selectAll().where('numberId', '=', number.id).orderBy('sendAfter').execute();

describe('replies', () => {
  it('are sent through the SDK with the number’s own credentials, and record Twilio’s SID', async () => {
    const number = await numberWith(10);
    const phone = newPhone();
    await deliver(number, phone, 'HELP');
    await t.worker.drain();
    const [sent] = twilio.to(phone);
    expect(sent).toMatchObject({ from: number.phoneNumber, accountSid: number.accountSid });
    const [row] = await outboundOf(number);
    expect(row).toMatchObject({ status: 'sent', twilioSid: sent!.sid, attempts: 1, kind: 'help' });
  });

  it('leave a number no faster than its rate: each takes the next slot, later ones wait in the queue', async () => {
    const number = await numberWith(1);
    const phones = [newPhone(), newPhone(), newPhone(), newPhone(), newPhone()];
    for (const p of phones) await deliver(number, p, 'HELP');
    await t.worker.drain();
    const rows = await outboundOf(number);
    expect(rows).toHaveLength(5);
    // Slots one second apart, whatever the order the jobs ran in.
    const gaps = rows.slice(1).map((r, i) => r.sendAfter!.getTime() - rows[i]!.sendAfter!.getTime());
    expect(gaps).toEqual([1000, 1000, 1000, 1000]);
    // None left before its slot; those whose slot is still ahead wait as queued jobs due at that slot.
    for (const r of rows.filter((x) => x.status === 'sent')) expect(r.sentAt!.getTime()).toBeGreaterThanOrEqual(r.sendAfter!.getTime() - 50);
    const queued = rows.filter((r) => r.status === 'queued');
    expect(queued.length).toBeGreaterThanOrEqual(2);
    const waiting = await t.db.selectFrom('jobsQueue').select('runAt').where('name', '=', 'text-giving.send-reply').where('status', '=', 'pending').where(sql<boolean>`payload->>'outboundId' = any(${queued.map((r) => r.id)})`).orderBy('runAt').execute();
    expect(waiting.map((j) => j.runAt.getTime())).toEqual(queued.map((r) => r.sendAfter!.getTime()));
    // As time passes they leave, each once.
    await advance(5000);
    await t.worker.drain();
    expect((await outboundOf(number)).map((r) => r.status)).toEqual(['sent', 'sent', 'sent', 'sent', 'sent']);
    expect(phones.map((p) => twilio.to(p).length)).toEqual([1, 1, 1, 1, 1]);
  });

  it('are retried when Twilio fails before accepting, and sent once', async () => {
    const number = await numberWith(50);
    const phone = newPhone();
    twilio.failNext('fail-before');
    await deliver(number, phone, 'HELP');
    await t.worker.drain();
    expect(twilio.to(phone)).toHaveLength(0);
    expect((await outboundOf(number))[0]).toMatchObject({ status: 'sending', attempts: 1 });
    await advance(60_000);
    await t.worker.drain();
    expect(twilio.to(phone)).toHaveLength(1);
    expect((await outboundOf(number))[0]).toMatchObject({ status: 'sent', attempts: 2, twilioSid: twilio.to(phone)[0]!.sid });
  });

  it('are never sent twice when Twilio accepted but the answer was lost: the retry finds the SID', async () => {
    const number = await numberWith(50);
    const phone = newPhone();
    twilio.failNext('fail-after-accepting');
    await deliver(number, phone, 'HELP');
    await t.worker.drain();
    expect(twilio.to(phone)).toHaveLength(1);
    expect((await outboundOf(number))[0]).toMatchObject({ status: 'sending', twilioSid: null });
    // A retry soon after does not judge an attempt that may still be in flight.
    await advance(11_000);
    await t.worker.drain();
    expect((await outboundOf(number))[0]).toMatchObject({ status: 'sending' });
    await advance(60_000);
    const createsBefore = twilio.creates;
    await t.worker.drain();
    expect(twilio.creates).toBe(createsBefore);
    expect(twilio.to(phone)).toHaveLength(1);
    expect((await outboundOf(number))[0]).toMatchObject({ status: 'sent', twilioSid: twilio.to(phone)[0]!.sid });
  });

  it('go back to the queue when Twilio throttles, and fail for good on the carrier’s STOP list', async () => {
    const number = await numberWith(50);
    const throttled = newPhone();
    twilio.failNext('throttle');
    await deliver(number, throttled, 'HELP');
    await t.worker.drain();
    expect((await outboundOf(number))[0]).toMatchObject({ status: 'queued', attempts: 1 });
    await advance(60_000);
    await t.worker.drain();
    expect(twilio.to(throttled)).toHaveLength(1);
    expect((await outboundOf(number))[0]).toMatchObject({ status: 'sent', attempts: 2 });

    const stopped = newPhone();
    twilio.failNext('refuse-stopped');
    await deliver(number, stopped, 'HELP');
    await t.worker.drain();
    await advance(3_600_000);
    await t.worker.drain();
    const rows = await t.db.selectFrom('textGivingOutboundMessages').selectAll().where('numberId', '=', number.id).where('status', '=', 'failed').execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.lastError).toContain('21610');
    expect(rows[0]!.lastError).not.toContain(stopped);
    expect(twilio.to(stopped)).toHaveLength(0);
  });
});
