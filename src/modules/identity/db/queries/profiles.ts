import type { Executor } from '../../../../platform/db/types.js';
import type { ProfileRow } from '../schema.js';

export const findProfile = (ex: Executor, accountId: string): Promise<ProfileRow | undefined> =>
  ex.selectFrom('identityProfiles').selectAll().where('accountId', '=', accountId).executeTakeFirst();

export async function insertProfile(ex: Executor, p: { accountId: string; displayName: string }): Promise<void> {
  await ex
    .insertInto('identityProfiles')
    .values({ accountId: p.accountId, displayName: p.displayName, pronouns: null, bioEn: null, bioFr: null, avatarObjectId: null, visibility: 'organizations' })
    .execute();
}

export async function updateProfile(
  ex: Executor,
  accountId: string,
  set: Partial<Pick<ProfileRow, 'displayName' | 'pronouns' | 'bioEn' | 'bioFr' | 'avatarObjectId' | 'visibility'>>,
): Promise<void> {
  await ex.updateTable('identityProfiles').set({ ...set, updatedAt: new Date() }).where('accountId', '=', accountId).execute();
}
