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

/** The profile row locked for the caller's transaction, so two avatar uploads cannot both keep the old object. */
export const findProfileForUpdate = (ex: Executor, accountId: string): Promise<ProfileRow | undefined> =>
  ex.selectFrom('identityProfiles').selectAll().where('accountId', '=', accountId).forUpdate().executeTakeFirst();

export type ProfileWithLocale = ProfileRow & { locale: 'en' | 'fr' | null };

/** A profile with its account's language, only while the account is active. */
export const findActiveProfile = (ex: Executor, accountId: string): Promise<ProfileWithLocale | undefined> =>
  ex
    .selectFrom('identityProfiles as p')
    .innerJoin('identityAccounts as a', 'a.id', 'p.accountId')
    .selectAll('p')
    .select('a.locale')
    .where('p.accountId', '=', accountId)
    .where('a.disabledAt', 'is', null)
    .executeTakeFirst();
