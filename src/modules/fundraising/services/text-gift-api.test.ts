import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../test/support/build-test-app.js';
import { createCampaign } from '../../../../test/support/factories/fundraising.js';
import { createReceiptingFoundation } from '../../../../test/support/factories/receipting.js';

/** The service text-to-give uses: a text gift without a donor, then its donor named for the receipt. */
let t: TestApp;
let org: { id: string };
let campaign: { id: string; slug: string };

beforeAll(async () => {
  t = await buildTestApp();
  org = await createReceiptingFoundation(t.db, { slug: 'north-foundation' });
  campaign = await createCampaign(t.db, { organizationId: org.id, slug: 'radiothon' });
});
afterAll(() => t.close());

const donor = { email: 'luc@example.ca', firstName: 'Luc', middleInitial: 'p', lastName: 'Gagnon', addressLine1: '4 Rue du Lac', city: 'Québec', province: 'QC', postalCode: 'G1R 4P5', language: 'fr' as const };

describe('text gifts without a donor', () => {
  it('counts at once, names nobody, and issues the receipt only once the donor is named, once', async () => {
    const { giftId, created } = await t.fundraising.recordTextGift({ organizationId: org.id, campaignId: campaign.id, externalId: 'pledge-1', amountCents: 1500, state: 'paid', language: 'fr' });
    expect(created).toBe(true);
    expect(await t.fundraising.findCampaign(org.id, campaign.id)).toMatchObject({ raisedCents: 1500, giftCount: 1 });
    await t.worker.drain();
    const gift = () => t.db.selectFrom('fundraisingGifts').selectAll().where('id', '=', giftId).executeTakeFirstOrThrow();
    expect(await gift()).toMatchObject({ donorId: null, donorEmail: '', donorLastName: '', donorLanguage: 'fr', channel: 'text', wallDisplay: 'anonymous' });
    expect(await t.db.selectFrom('fundraisingDonors').select('id').where('organizationId', '=', org.id).execute()).toEqual([]);
    expect(await t.receipting.listReceiptsForSource(org.id, { type: 'fundraising.gift', id: giftId })).toEqual([]);

    expect(await t.fundraising.completeTextGiftDonor({ organizationId: org.id, giftId, donor })).toEqual({ completed: true });
    await t.worker.drain();
    expect(await gift()).toMatchObject({ donorFirstName: 'Luc', donorMiddleInitial: 'P', donorLastName: 'Gagnon', donorCity: 'Québec' });
    expect((await gift()).donorId).not.toBeNull();
    expect(await t.receipting.listReceiptsForSource(org.id, { type: 'fundraising.gift', id: giftId })).toHaveLength(1);
    // The total did not move again.
    expect(await t.fundraising.findCampaign(org.id, campaign.id)).toMatchObject({ raisedCents: 1500, giftCount: 1 });

    expect(await t.fundraising.completeTextGiftDonor({ organizationId: org.id, giftId, donor: { ...donor, lastName: 'Autre' } })).toEqual({ completed: false });
    expect((await gift()).donorLastName).toBe('Gagnon');
  });

  it('names donors of text gifts only, and lists the organization’s campaigns', async () => {
    const named = await t.fundraising.recordTextGift({ organizationId: org.id, campaignId: campaign.id, externalId: 'pledge-2', amountCents: 500, state: 'paid', donor: { ...donor, email: 'named@example.ca' } });
    expect(await t.fundraising.completeTextGiftDonor({ organizationId: org.id, giftId: named.giftId, donor })).toEqual({ completed: false });
    await expect(t.fundraising.completeTextGiftDonor({ organizationId: org.id, giftId: '0190f0e0-0000-7000-8000-00000000dead', donor })).rejects.toMatchObject({ status: 404 });
    expect((await t.fundraising.listCampaigns(org.id)).map((c) => c.slug)).toEqual(['radiothon']);
  });
});
