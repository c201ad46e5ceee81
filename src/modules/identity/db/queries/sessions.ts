import type { Executor } from '../../../../platform/db/types.js';
import type { SessionRow } from '../schema.js';

export async function insertSession(
  ex: Executor,
  s: { id: string; accountId: string; tokenHash: string; secondFactorPending: boolean; userAgent: string | null; expiresAt: Date },
): Promise<void> {
  await ex.insertInto('identitySessions').values(s).execute();
}

export const findSessionByTokenHash = (ex: Executor, tokenHash: string): Promise<SessionRow | undefined> =>
  ex.selectFrom('identitySessions').selectAll().where('tokenHash', '=', tokenHash).where('expiresAt', '>', new Date()).executeTakeFirst();

export async function touchSession(ex: Executor, id: string): Promise<void> {
  await ex.updateTable('identitySessions').set({ lastSeenAt: new Date() }).where('id', '=', id).execute();
}

/** Completes a sign-in under a new token, so the half-signed-in token is worth nothing after. */
export async function completeSecondFactor(ex: Executor, id: string, newTokenHash: string, expiresAt: Date): Promise<void> {
  await ex.updateTable('identitySessions').set({ secondFactorPending: false, tokenHash: newTokenHash, expiresAt, lastSeenAt: new Date() }).where('id', '=', id).execute();
}

export async function deleteSession(ex: Executor, id: string): Promise<void> {
  await ex.deleteFrom('identitySessions').where('id', '=', id).execute();
}

/** Sign out everywhere else (after a password reset or a second-factor change). */
export async function deleteSessionsOfAccount(ex: Executor, accountId: string, exceptId?: string): Promise<void> {
  let q = ex.deleteFrom('identitySessions').where('accountId', '=', accountId);
  if (exceptId) q = q.where('id', '!=', exceptId);
  await q.execute();
}
