import { randomBytes } from 'node:crypto';
import type { Role } from '../../../src/platform/auth/actor.js';
import { newId } from '../../../src/platform/db/ids.js';
import type { Db } from '../../../src/platform/db/types.js';
import { hashPassword } from '../../../src/modules/identity/password.js';

export const TEST_PASSWORD = 'lantern-maple-harbour-73';
let cachedHash: Promise<string> | undefined;

export async function createOrganization(
  db: Db,
  o: Partial<{ slug: string; nameEn: string; nameFr: string; kind: 'hospital' | 'foundation' | 'other'; foundationOfId: string | null; craRegistrationNumber: string | null }> = {},
) {
  const id = newId();
  const slug = o.slug ?? `org-${randomBytes(3).toString('hex')}`;
  await db
    .insertInto('identityOrganizations')
    .values({
      id,
      slug,
      nameEn: o.nameEn ?? `Org ${slug}`,
      nameFr: o.nameFr ?? `Org ${slug} FR`,
      kind: o.kind ?? 'hospital',
      foundationOfId: o.foundationOfId ?? null,
      craRegistrationNumber: o.craRegistrationNumber ?? null,
      brandColour: null,
      logoObjectId: null,
    })
    .execute();
  return { id, slug };
}

export async function createAccount(
  db: Db,
  a: Partial<{ email: string; displayName: string; verified: boolean; platformAdmin: boolean; org: { id: string }; roles: Role[]; locale: 'en' | 'fr' }> = {},
) {
  const id = newId();
  const email = a.email ?? `person-${randomBytes(4).toString('hex')}@example.ca`;
  cachedHash ??= hashPassword(TEST_PASSWORD);
  await db
    .insertInto('identityAccounts')
    .values({
      id,
      email,
      passwordHash: await cachedHash,
      locale: a.locale ?? null,
      emailVerifiedAt: a.verified === false ? null : new Date(),
      isPlatformAdmin: a.platformAdmin ?? false,
      totpSecretSealed: null,
      totpEnabledAt: null,
      disabledAt: null,
    })
    .execute();
  await db
    .insertInto('identityProfiles')
    .values({ accountId: id, displayName: a.displayName ?? 'Test Person', pronouns: null, bioEn: null, bioFr: null, avatarObjectId: null, visibility: 'organizations' })
    .execute();
  if (a.org) {
    await db
      .insertInto('identityMemberships')
      .values({ id: newId(), organizationId: a.org.id, accountId: id, roles: a.roles ?? ['member'], memberKind: null, staffKind: null, staffVerifiedAt: null, staffVerifiedBy: null })
      .execute();
  }
  return { id, email, password: TEST_PASSWORD };
}
