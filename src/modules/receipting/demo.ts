import type { Db } from '../../platform/db/types.js';
import { findOrganizationBySlug, findSettings, upsertSettings } from './db/queries.js';

/**
 * The demo foundation's receipt settings only: no receipt is seeded, so the first demo gift
 * produces a real, numbered receipt (a sample would have to be marked as such).
 */
export async function seedReceiptingDemo(db: Db): Promise<boolean> {
  const org = await findOrganizationBySlug(db, 'demo-foundation');
  if (!org || (await findSettings(db, org.id))) return false;
  await upsertSettings(db, org.id, {
    legalName: org.nameEn,
    addressLine1: '100 Demo Street',
    addressLine2: null,
    city: 'Toronto',
    province: 'ON',
    postalCode: 'M5V 2T6',
    placeOfIssue: 'Toronto, Ontario',
    signatoryName: 'Jordan A. Demo',
    signatoryTitle: 'Chief Financial Officer',
    seriesPrefix: '',
    updatedBy: null,
  });
  return true;
}
