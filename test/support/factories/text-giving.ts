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
