import { randomBytes } from 'node:crypto';
import twilio from 'twilio';
import { newId } from '../../../src/platform/db/ids.js';
import type { Db } from '../../../src/platform/db/types.js';
import { createSealer } from '../../../src/modules/identity/index.js';
import { inboundPath } from '../../../src/modules/text-giving/index.js';

/** The secret buildTestApp gives the app, so rows sealed here open there. */
export const TEST_SECRET = 'test-secret-test-secret-test-secret-0123456789';
export const TEST_PUBLIC_URL = 'http://localhost:3000';
const sealer = createSealer(TEST_SECRET);

export const hex = (n: number) => randomBytes(n).toString('hex').slice(0, n);
export const newMessageSid = () => `SM${hex(32)}`;

export type TestNumber = { id: string; organizationId: string; phoneNumber: string; accountSid: string; authToken: string; webhookUrl: string; path: string };

export async function createTextNumber(
  db: Db,
  n: { organizationId: string } & Partial<{ phoneNumber: string; programLang: 'en' | 'fr'; sendsPerSecond: number; supportNumber: string; label: string }>,
): Promise<TestNumber> {
  const id = newId();
  const phoneNumber = n.phoneNumber ?? `+1514555${String(Math.floor(Math.random() * 10000)).padStart(4, '0')}`;
  const accountSid = `AC${hex(32)}`;
  const authToken = hex(32);
  await db
    .insertInto('textGivingNumbers')
    .values({
      id, organizationId: n.organizationId, label: n.label ?? 'Telethon line', phoneNumberSealed: sealer.seal(phoneNumber), phoneNumberLast4: phoneNumber.slice(-4),
      accountSidSealed: sealer.seal(accountSid), authTokenSealed: sealer.seal(authToken), supportNumber: n.supportNumber ?? '+18005550199',
      programLang: n.programLang ?? 'en', sendsPerSecond: n.sendsPerSecond ?? 100,
    })
    .execute();
  const path = inboundPath(id);
  return { id, organizationId: n.organizationId, phoneNumber, accountSid, authToken, path, webhookUrl: `${TEST_PUBLIC_URL}${path}` };
}

export async function createKeyword(
  db: Db,
  k: { number: TestNumber; campaignId?: string } & Partial<{ keyword: string; lang: 'en' | 'fr'; flow: 'link' | 'confirm'; amountsCents: number[]; defaultAmountCents: number; confirmWindowMinutes: number }>,
) {
  const id = newId();
  const row = {
    id, organizationId: k.number.organizationId, numberId: k.number.id, campaignId: k.campaignId ?? newId(), keyword: k.keyword ?? 'GIVE', lang: k.lang ?? 'en',
    flow: k.flow ?? 'confirm', amountsCents: k.amountsCents ?? [500, 1000, 2500], defaultAmountCents: k.defaultAmountCents ?? 1000, confirmWindowMinutes: k.confirmWindowMinutes ?? 30,
  };
  await db.insertInto('textGivingKeywords').values(row).execute();
  return row;
}

/** Twilio's inbound-message fields, as its webhook posts them. */
export function inboundFields(number: TestNumber, m: { from: string; body: string; messageSid?: string }): Record<string, string> {
  return {
    ToCountry: 'CA', ToState: 'QC', SmsMessageSid: m.messageSid ?? newMessageSid(), NumMedia: '0', ToCity: 'MONTREAL', FromZip: '', SmsSid: m.messageSid ?? '',
    FromState: 'QC', SmsStatus: 'received', FromCity: 'MONTREAL', Body: m.body, FromCountry: 'CA', To: number.phoneNumber, ToZip: '', NumSegments: '1',
    MessageSid: m.messageSid ?? newMessageSid(), AccountSid: number.accountSid, From: m.from, ApiVersion: '2010-04-01',
  };
}

/** A webhook request as Twilio would send it: form-encoded, signed with the SDK's own helper. */
export function signedInbound(number: TestNumber, fields: Record<string, string>, opts: { signUrl?: string; authToken?: string } = {}) {
  const signature = twilio.getExpectedTwilioSignature(opts.authToken ?? number.authToken, opts.signUrl ?? number.webhookUrl, fields);
  return {
    method: 'POST' as const,
    url: number.path,
    payload: new URLSearchParams(fields).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
  };
}

export type StandInMode = 'ok' | 'fail-before' | 'fail-after-accepting' | 'throttle' | 'refuse-stopped';
export type StandInMessage = { sid: string; accountSid: string; from: string; to: string; body: string; dateCreated: Date };

/**
 * A local HTTP server answering as Twilio's REST API does for Messages (create and list), with
 * basic auth checked against the accounts given; `mode` makes the next sends fail in chosen ways.
 */
export async function startTwilioStandIn(accounts: () => Map<string, string>) {
  const { createServer } = await import('node:http');
  const sent: StandInMessage[] = [];
  const modes: StandInMode[] = [];
  let creates = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const m = /^\/2010-04-01\/Accounts\/(AC[0-9a-f]{32})\/Messages\.json$/.exec(url.pathname);
      const json = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      const [user, pass] = Buffer.from(String(req.headers.authorization ?? '').replace(/^Basic /, ''), 'base64').toString().split(':');
      if (!m || user !== m[1] || accounts().get(m[1]!) !== pass) return json(401, { code: 20003, message: 'Authenticate', status: 401 });
      const accountSid = m[1]!;
      const present = (x: StandInMessage) => ({ sid: x.sid, account_sid: x.accountSid, from: x.from, to: x.to, body: x.body, status: 'queued', date_created: x.dateCreated.toUTCString(), date_sent: x.dateCreated.toUTCString(), direction: 'outbound-api', num_segments: '1', api_version: '2010-04-01', uri: `/2010-04-01/Accounts/${accountSid}/Messages/${x.sid}.json` });
      if (req.method === 'GET') {
        const list = sent.filter((x) => x.accountSid === accountSid && (!url.searchParams.get('To') || x.to === url.searchParams.get('To')) && (!url.searchParams.get('From') || x.from === url.searchParams.get('From')));
        return json(200, { messages: list.map(present), page: 0, page_size: 50, first_page_uri: url.pathname, next_page_uri: null, previous_page_uri: null, uri: url.pathname + url.search, start: 0, end: list.length });
      }
      creates++;
      const form = new URLSearchParams(Buffer.concat(chunks).toString());
      const mode = modes.shift() ?? 'ok';
      if (mode === 'fail-before') return json(500, { code: 20500, message: 'Internal Server Error', status: 500 });
      if (mode === 'throttle') return json(429, { code: 20429, message: 'Too Many Requests', status: 429 });
      if (mode === 'refuse-stopped') return json(400, { code: 21610, message: 'Attempt to send to unsubscribed recipient', status: 400 });
      const msg = { sid: `SM${hex(32)}`, accountSid, from: form.get('From') ?? '', to: form.get('To') ?? '', body: form.get('Body') ?? '', dateCreated: new Date() };
      sent.push(msg);
      if (mode === 'fail-after-accepting') return json(502, { code: 20500, message: 'Bad Gateway', status: 502 });
      return json(201, present(msg));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${address.port}`,
    sent,
    /** Modes for the next create requests, in order; after them every send succeeds. */
    failNext: (...m: StandInMode[]) => modes.push(...m),
    get creates() {
      return creates;
    },
    to: (phone: string) => sent.filter((x) => x.to === phone),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
export type TwilioStandIn = Awaited<ReturnType<typeof startTwilioStandIn>>;
