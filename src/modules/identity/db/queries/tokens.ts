import type { Executor } from '../../../../platform/db/types.js';
import type { TokenPurpose, TokenRow } from '../schema.js';

export async function insertToken(
  ex: Executor,
  t: { id: string; accountId: string | null; purpose: TokenPurpose; tokenHash: string; expiresAt: Date; data?: Record<string, unknown> },
): Promise<void> {
  await ex
    .insertInto('identityTokens')
    .values({ ...t, data: JSON.stringify(t.data ?? {}), usedAt: null })
    .execute();
}

/** A token that is unused and unexpired, locked for the caller's transaction. */
export const findLiveToken = (ex: Executor, purpose: TokenPurpose, tokenHash: string): Promise<TokenRow | undefined> =>
  ex
    .selectFrom('identityTokens')
    .selectAll()
    .where('purpose', '=', purpose)
    .where('tokenHash', '=', tokenHash)
    .where('usedAt', 'is', null)
    .where('expiresAt', '>', new Date())
    .forUpdate()
    .executeTakeFirst();

export async function markTokenUsed(ex: Executor, id: string): Promise<void> {
  await ex.updateTable('identityTokens').set({ usedAt: new Date() }).where('id', '=', id).execute();
}

export async function expireTokensOf(ex: Executor, accountId: string, purpose: TokenPurpose): Promise<void> {
  await ex.updateTable('identityTokens').set({ usedAt: new Date() }).where('accountId', '=', accountId).where('purpose', '=', purpose).where('usedAt', 'is', null).execute();
}
