import type { Role } from '../../platform/auth/actor.js';
import { newId } from '../../platform/db/ids.js';
import type { Db } from '../../platform/db/types.js';
import { countAccounts, insertAccount } from './db/queries/accounts.js';
import { insertMembership, updateMembership } from './db/queries/memberships.js';
import { insertOrganization } from './db/queries/organizations.js';
import { insertProfile, updateProfile } from './db/queries/profiles.js';
import { hashPassword } from './password.js';

export const DEMO_PASSWORD = 'demo-Foyer-2026';

export const DEMO_ACCOUNTS: { email: string; name: string; roles: Role[]; platformAdmin?: boolean; staff?: boolean }[] = [
  { email: 'admin@demo.foyer.test', name: 'Alex Admin', roles: ['admin', 'member'], platformAdmin: true },
  { email: 'communicator@demo.foyer.test', name: 'Camille Communicator', roles: ['communicator', 'member'] },
  { email: 'moderator@demo.foyer.test', name: 'Morgan Moderator', roles: ['moderator', 'member'] },
  { email: 'fundraiser@demo.foyer.test', name: 'Frédérique Fundraiser', roles: ['fundraiser', 'member'] },
  { email: 'staff@demo.foyer.test', name: 'Dr. Sam Staff', roles: ['staff', 'member'], staff: true },
  { email: 'member@demo.foyer.test', name: 'Pat Member', roles: ['member'] },
];

/**
 * On an empty database, a demo hospital and its foundation with one account per role. Never
 * called in production (config refuses FOYER_SEED_DEMO there).
 */
export async function seedIdentityDemo(db: Db): Promise<boolean> {
  if ((await countAccounts(db)) > 0) return false;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.transaction().execute(async (trx) => {
    const hospitalId = newId();
    const foundationId = newId();
    await insertOrganization(trx, {
      id: hospitalId, slug: 'demo-hospital', nameEn: 'Demo General Hospital', nameFr: 'Hôpital général Démo',
      kind: 'hospital', foundationOfId: null, craRegistrationNumber: null, brandColour: '#005a9c', logoObjectId: null,
    });
    await insertOrganization(trx, {
      id: foundationId, slug: 'demo-foundation', nameEn: 'Demo General Hospital Foundation', nameFr: "Fondation de l'Hôpital général Démo",
      kind: 'foundation', foundationOfId: hospitalId, craRegistrationNumber: '123456789RR0001', brandColour: '#6b2c91', logoObjectId: null,
    });
    for (const a of DEMO_ACCOUNTS) {
      const id = newId();
      await insertAccount(trx, { id, email: a.email, passwordHash, locale: null, emailVerifiedAt: new Date(), isPlatformAdmin: a.platformAdmin ?? false });
      await insertProfile(trx, { accountId: id, displayName: a.name });
      await updateProfile(trx, id, { visibility: 'organizations' });
      for (const orgId of [hospitalId, foundationId]) {
        await insertMembership(trx, { id: newId(), organizationId: orgId, accountId: id, roles: a.roles, staffKind: a.staff ? 'clinician' : null, memberKind: a.roles.length === 1 ? 'patient' : null });
        if (a.staff) await updateMembership(trx, orgId, id, { staffVerifiedAt: new Date() });
      }
    }
  });
  return true;
}
