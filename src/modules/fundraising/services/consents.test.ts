import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganization } from '../../../../test/support/factories/identity.js';
import { createTestDb } from '../../../../test/support/test-db.js';
import { createConsentLedger, impliedConsentExpiry, type ConsentLedger } from './consents.js';

let handle: Awaited<ReturnType<typeof createTestDb>>;
let ledger: ConsentLedger;
let org: { id: string };

beforeAll(async () => {
  handle = await createTestDb();
  ledger = createConsentLedger({ db: handle.db });
  org = await createOrganization(handle.db);
});
afterAll(() => handle.close());

describe('the consent ledger', () => {
  it('gives implied consent from a gift for two years after it, then none', async () => {
    const giftDay = new Date('2026-03-15T00:00:00Z');
    await ledger.record({ organizationId: org.id, channel: 'email', address: 'Implied@Example.ca', basis: 'implied_gift', granted: true, expiresAt: impliedConsentExpiry(giftDay), source: 'gift' });
    expect(await ledger.standing(org.id, 'email', 'implied@example.ca', new Date('2028-03-14T12:00:00Z'))).toMatchObject({ granted: true, basis: 'implied_gift' });
    expect(await ledger.standing(org.id, 'email', 'implied@example.ca', new Date('2028-03-16T00:00:00Z'))).toMatchObject({ granted: false });
  });

  it('honours a withdrawal at once over every earlier consent, keeps every record, and lets a new express consent start again', async () => {
    const address = 'person@example.ca';
    await ledger.record({ organizationId: org.id, channel: 'email', address, basis: 'express', granted: true, source: 'gift_form', evidence: { wording: 'Yes, send me news' } });
    expect((await ledger.standing(org.id, 'email', address)).granted).toBe(true);
    await ledger.record({ organizationId: org.id, channel: 'email', address, basis: 'unsubscribe', granted: false, source: 'unsubscribe_link' });
    await ledger.record({ organizationId: org.id, channel: 'email', address, basis: 'implied_gift', granted: true, expiresAt: new Date('2020-01-01T00:00:00Z'), source: 'gift' });
    expect(await ledger.standing(org.id, 'email', address)).toMatchObject({ granted: false, basis: 'unsubscribe' });
    await new Promise((r) => setTimeout(r, 5));
    await ledger.record({ organizationId: org.id, channel: 'email', address, basis: 'express', granted: true, source: 'preferences' });
    expect(await ledger.standing(org.id, 'email', address)).toMatchObject({ granted: true, basis: 'express' });
    expect((await ledger.history(org.id, 'email', address)).map((r) => r.basis)).toEqual(['express', 'unsubscribe', 'implied_gift', 'express']);
  });

  it('keeps channels and organizations apart (an SMS STOP does not unsubscribe e-mail)', async () => {
    await ledger.record({ organizationId: org.id, channel: 'sms', address: '+16135550100', basis: 'sms_stop', granted: false, source: 'text-giving', evidence: { keyword: 'STOP' } });
    expect((await ledger.standing(org.id, 'sms', '+16135550100')).granted).toBe(false);
    expect((await ledger.standing(org.id, 'email', 'nobody@example.ca')).granted).toBe(false);
    const other = await createOrganization(handle.db);
    expect((await ledger.standing(other.id, 'email', 'person@example.ca')).basis).toBeNull();
  });
});
