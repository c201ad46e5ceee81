import { randomBytes } from 'node:crypto';
import { newId } from '../../../src/platform/db/ids.js';
import type { Db } from '../../../src/platform/db/types.js';

export async function createCampaign(db: Db, c: { organizationId: string; slug?: string; goalCents?: number; suggestedAmountsCents?: number[]; defaultAdvantageCents?: number; defaultAdvantageDescription?: string }) {
  const id = newId();
  const slug = c.slug ?? `campaign-${randomBytes(3).toString('hex')}`;
  await db
    .insertInto('fundraisingCampaigns')
    .values({
      id,
      organizationId: c.organizationId,
      slug,
      titleEn: `Campaign ${slug}`,
      titleFr: `Campagne ${slug}`,
      storyEn: 'A story.',
      storyFr: 'Un récit.',
      goalCents: c.goalCents ?? 1_000_000,
      startsOn: '2026-11-01',
      endsOn: null,
      suggestedAmountsCents: JSON.stringify(c.suggestedAmountsCents ?? [2500, 5000]),
      defaultAdvantageCents: c.defaultAdvantageCents ?? 0,
      defaultAdvantageDescription: c.defaultAdvantageDescription ?? null,
      createdBy: null,
    })
    .execute();
  return { id, slug };
}

/** A valid public gift form for `amountCents`. */
export const giftForm = (overrides: Record<string, string> = {}): Record<string, string> => ({
  amount: '5000',
  otherAmount: '',
  firstName: 'Jeanne',
  middleInitial: 'M',
  lastName: 'Roy',
  email: 'jeanne.roy@example.ca',
  addressLine1: '12 Rue Principale',
  addressLine2: '',
  city: 'Gatineau',
  province: 'QC',
  postalCode: 'j8x 1a1',
  language: 'fr',
  wallDisplay: 'name',
  wallName: '',
  wallMessage: '',
  tribute: 'none',
  tributeName: '',
  idempotencyKey: newId(),
  ...overrides,
});

export async function createPage(db: Db, p: { organizationId: string; campaignId: string; slug?: string; kind?: 'personal' | 'team'; teamId?: string | null; goalCents?: number; title?: string; ownerAccountId?: string | null }) {
  const id = newId();
  const slug = p.slug ?? `page-${randomBytes(3).toString('hex')}`;
  await db
    .insertInto('fundraisingPages')
    .values({ id, organizationId: p.organizationId, campaignId: p.campaignId, ownerAccountId: p.ownerAccountId ?? null, kind: p.kind ?? 'personal', teamId: p.teamId ?? null, slug, title: p.title ?? `Page ${slug}`, story: 'Why I give.', goalCents: p.goalCents ?? 100_000 })
    .execute();
  return { id, slug };
}

export { campaignTotals } from '../../../src/modules/fundraising/db/queries.js';
