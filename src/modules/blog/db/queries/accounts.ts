import { sql } from 'kysely';
import type { Executor } from '../../../../platform/db/types.js';

/** Accounts (shared kernel) as the blog module needs them: to name and add authors. */
export const findActiveAccountByEmail = (ex: Executor, email: string): Promise<{ id: string; email: string; displayName: string } | undefined> =>
  ex
    .selectFrom('identityAccounts as a')
    .innerJoin('identityProfiles as p', 'p.accountId', 'a.id')
    .select(['a.id', 'a.email', 'p.displayName'])
    .where(sql<string>`lower(a.email)`, '=', email.toLowerCase())
    .where('a.disabledAt', 'is', null)
    .executeTakeFirst();

export const findAccountName = (ex: Executor, accountId: string): Promise<{ id: string; email: string; displayName: string } | undefined> =>
  ex
    .selectFrom('identityAccounts as a')
    .innerJoin('identityProfiles as p', 'p.accountId', 'a.id')
    .select(['a.id', 'a.email', 'p.displayName'])
    .where('a.id', '=', accountId)
    .executeTakeFirst();

export async function isMemberOf(ex: Executor, organizationId: string, accountId: string): Promise<boolean> {
  const row = await ex.selectFrom('identityMemberships').select('id').where('organizationId', '=', organizationId).where('accountId', '=', accountId).executeTakeFirst();
  return row !== undefined;
}
