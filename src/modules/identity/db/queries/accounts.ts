import { sql } from 'kysely';
import type { Executor } from '../../../../platform/db/types.js';
import type { AccountRow } from '../schema.js';

export const findAccountByEmail = (ex: Executor, email: string): Promise<AccountRow | undefined> =>
  ex.selectFrom('identityAccounts').selectAll().where(sql`lower(email)`, '=', email.toLowerCase()).executeTakeFirst();

export const findAccountById = (ex: Executor, id: string): Promise<AccountRow | undefined> =>
  ex.selectFrom('identityAccounts').selectAll().where('id', '=', id).executeTakeFirst();

export async function insertAccount(
  ex: Executor,
  a: { id: string; email: string; passwordHash: string; locale: 'en' | 'fr' | null; emailVerifiedAt?: Date | null; isPlatformAdmin?: boolean },
): Promise<void> {
  await ex
    .insertInto('identityAccounts')
    .values({
      id: a.id,
      email: a.email,
      passwordHash: a.passwordHash,
      locale: a.locale,
      emailVerifiedAt: a.emailVerifiedAt ?? null,
      isPlatformAdmin: a.isPlatformAdmin ?? false,
      totpSecretSealed: null,
      totpEnabledAt: null,
      disabledAt: null,
    })
    .execute();
}

export async function updateAccount(
  ex: Executor,
  id: string,
  set: Partial<Pick<AccountRow, 'emailVerifiedAt' | 'passwordHash' | 'locale' | 'totpSecretSealed' | 'totpEnabledAt' | 'disabledAt'>>,
): Promise<void> {
  await ex.updateTable('identityAccounts').set({ ...set, updatedAt: new Date() }).where('id', '=', id).execute();
}

export async function countAccounts(ex: Executor): Promise<number> {
  const r = await ex.selectFrom('identityAccounts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}
