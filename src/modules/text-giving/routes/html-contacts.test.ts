import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../app.js';
import { loadConfig } from '../../../config.js';
import { loggerOptions } from '../../../platform/logger.js';
import { createTestDb } from '../../../../test/support/test-db.js';
import { TestClient } from '../../../../test/support/client.js';
import { createOrganization } from '../../../../test/support/factories/identity.js';
import { createKeyword, createTextNumber, inboundFields, signedInbound, startTwilioStandIn, TEST_PUBLIC_URL, TEST_SECRET, type TestNumber, type TwilioStandIn } from '../../../../test/support/factories/text-giving.js';
import { signIn } from '../../../../test/support/sign-in.js';
import { createAccount } from '../../../../test/support/factories/identity.js';
import type { Role } from '../../../platform/auth/actor.js';
import { createCampaign } from '../../../../test/support/factories/fundraising.js';

/**
 * Donors' phone numbers: full to fundraisers, masked to others, erasable, never in the log.
 * The app is built with the production logger options writing to memory, so the log is read.
 */
let app: Awaited<ReturnType<typeof buildApp>>;
let db: Awaited<ReturnType<typeof createTestDb>>;
let twilio: TwilioStandIn;
let number: TestNumber;
let log = '';
const accounts = new Map<string, string>();
const DONOR = '+15145559876';

beforeAll(async () => {
  twilio = await startTwilioStandIn(() => accounts);
  db = await createTestDb();
  const config = loadConfig({ NODE_ENV: 'test', FOYER_PUBLIC_URL: TEST_PUBLIC_URL, FOYER_SECRET: TEST_SECRET, FOYER_TWILIO_API_BASE_URL: twilio.url });
  const stream = new Writable({ write(chunk: Buffer, _enc, done) { log += chunk.toString(); done(); } });
  app = await buildApp({ config, db: db.db, logger: { ...(loggerOptions('trace') as object), stream } as never, authRateLimit: 1000 });
  await app.app.ready();
  const org = await createOrganization(db.db, { slug: 'hope', kind: 'foundation' });
  number = await createTextNumber(db.db, { organizationId: org.id });
  accounts.set(number.accountSid, number.authToken);
  const campaign = await createCampaign(db.db, { organizationId: org.id });
  await createKeyword(db.db, { number, campaignId: campaign.id });
  for (const body of ['GIVE 10', 'YES', 'HELP']) {
    expect((await app.app.inject(signedInbound(number, inboundFields(number, { from: DONOR, body })))).statusCode).toBe(200);
    await app.worker.drain();
  }
  // A failing send, whose error is logged by the queue.
  twilio.failNext('fail-before');
  await app.app.inject(signedInbound(number, inboundFields(number, { from: DONOR, body: 'HELP' })));
  await app.worker.drain();
});
afterAll(async () => {
  await app.app.close();
  await db.close();
  await twilio.close();
});

async function as(roles: Role[]): Promise<TestClient> {
  const org = await db.db.selectFrom('identityOrganizations').select('id').where('slug', '=', 'hope').executeTakeFirstOrThrow();
  return signIn(app.app, await createAccount(db.db, { org, roles }));
}
const contactsUrl = () => `/o/hope/text-giving/numbers/${number.id}/contacts`;

describe('donor phone numbers', () => {
  it('are shown in full to fundraisers and masked to administrators', async () => {
    const full = await (await as(['fundraiser', 'member'])).get(contactsUrl());
    expect(full.statusCode).toBe(200);
    expect(full.body).toContain('+1 514-555-9876');
    const masked = await (await as(['admin', 'member'])).get(contactsUrl());
    expect(masked.statusCode).toBe(200);
    expect(masked.body).toContain('•••-•••-9876');
    expect(masked.body).not.toContain('555-9876');
    expect(masked.body).not.toContain('5559876');
  });

  it('are refused to other roles and to anonymous visitors', async () => {
    for (const roles of [['member'], ['staff', 'member'], ['communicator', 'member'], ['moderator', 'member']] as Role[][]) {
      expect((await (await as(roles)).get(contactsUrl())).statusCode, roles.join()).toBe(403);
    }
    expect((await new TestClient(app.app).get(contactsUrl())).statusCode).toBe(303);
  });

  it('never reach the log in clear, nor the auth token or signature', () => {
    expect(log.length).toBeGreaterThan(0);
    expect(log).toContain('job failed');
    for (const secret of [DONOR, DONOR.slice(1), '5559876', number.authToken, number.phoneNumber]) expect(log).not.toContain(secret);
  });

  it('are erased on request: gone from the contact and the stored texts, pledges and STOP state kept', async () => {
    const contact = await db.db.selectFrom('textGivingContacts').selectAll().where('phoneLast4', '=', '9876').executeTakeFirstOrThrow();
    const pledgesBefore = await db.db.selectFrom('textGivingPledges').select(['id', 'status', 'amountCents']).where('contactId', '=', contact.id).execute();
    expect(pledgesBefore).toHaveLength(1);
    const staff = await as(['staff', 'member']);
    expect((await staff.post(`${contactsUrl()}/${contact.id}/erase`)).statusCode).toBe(403);
    const fundraiser = await as(['fundraiser', 'member']);
    expect((await fundraiser.post(`${contactsUrl()}/${contact.id}/erase`, {}, { csrf: false })).statusCode).toBe(403);
    const res = await fundraiser.post(`${contactsUrl()}/${contact.id}/erase`);
    expect(res.statusCode).toBe(303);
    const after = await db.db.selectFrom('textGivingContacts').selectAll().where('id', '=', contact.id).executeTakeFirstOrThrow();
    expect(after).toMatchObject({ phoneSealed: null, phoneLast4: null });
    expect(after.erasedAt).not.toBeNull();
    const texts = await db.db.selectFrom('textGivingInboundMessages').select('fromSealed').where('fromHash', '=', contact.phoneHash).execute();
    expect(texts.length).toBeGreaterThan(0);
    expect(texts.every((m) => m.fromSealed === null)).toBe(true);
    expect(await db.db.selectFrom('textGivingPledges').select(['id', 'status', 'amountCents']).where('contactId', '=', contact.id).execute()).toEqual(pledgesBefore);
    const page = await fundraiser.get(contactsUrl());
    expect(page.body).toContain('Erased on request');
    expect(page.body).not.toContain('9876');
    expect((await fundraiser.post(`${contactsUrl()}/0190f0e0-0000-7000-8000-00000000beef/erase`)).statusCode).toBe(404);
    expect((await fundraiser.post(`${contactsUrl()}/not-a-uuid/erase`)).statusCode).toBe(400);
  });
});
