import { sql } from 'kysely';
import type { Executor } from '../../../../platform/db/types.js';
import type { TokenRow } from '../schema.js';

export type TotpState = { totpSecretSealed: string | null; totpEnabledAt: Date | null; totpLastUsedStep: number | null };

export const findTotpState = (ex: Executor, accountId: string): Promise<TotpState | undefined> =>
  ex
    .selectFrom('identityAccounts')
    .select(['totpSecretSealed', 'totpEnabledAt', 'totpLastUsedStep'])
    .where('id', '=', accountId)
    .executeTakeFirst();

export async function updateTotpState(ex: Executor, accountId: string, set: TotpState): Promise<void> {
  await ex.updateTable('identityAccounts').set({ ...set, updatedAt: new Date() }).where('id', '=', accountId).execute();
}

/**
 * Records a TOTP step as used, only if it is later than the last one: false means the code
 * (or an older one) was already spent. Atomic, so two requests racing with one code cannot both win.
 */
export async function claimTotpStep(ex: Executor, accountId: string, step: number): Promise<boolean> {
  const result = await ex
    .updateTable('identityAccounts')
    .set({ totpLastUsedStep: step })
    .where('id', '=', accountId)
    .where('totpEnabledAt', 'is not', null)
    .where((eb) => eb.or([eb('totpLastUsedStep', 'is', null), eb('totpLastUsedStep', '<', step)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The newest unexpired, unused enrolment of this account (its sealed secret is in `data`). */
export const findLiveEnrolment = (ex: Executor, accountId: string): Promise<TokenRow | undefined> =>
  ex
    .selectFrom('identityTokens')
    .selectAll()
    .where('accountId', '=', accountId)
    .where('purpose', '=', 'totp_enrolment')
    .where('usedAt', 'is', null)
    .where('expiresAt', '>', new Date())
    .orderBy('createdAt', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .forUpdate()
    .executeTakeFirst();

export async function replaceRecoveryCodes(ex: Executor, accountId: string, rows: { id: string; codeHash: string }[]): Promise<void> {
  await ex.deleteFrom('identityRecoveryCodes').where('accountId', '=', accountId).execute();
  if (rows.length > 0) {
    await ex
      .insertInto('identityRecoveryCodes')
      .values(rows.map((r) => ({ id: r.id, accountId, codeHash: r.codeHash, usedAt: null })))
      .execute();
  }
}

export async function deleteRecoveryCodes(ex: Executor, accountId: string): Promise<void> {
  await ex.deleteFrom('identityRecoveryCodes').where('accountId', '=', accountId).execute();
}

/** Spends one recovery code; false when no unused code of this account has this hash. */
export async function useRecoveryCode(ex: Executor, accountId: string, codeHash: string): Promise<boolean> {
  const row = await ex
    .updateTable('identityRecoveryCodes')
    .set({ usedAt: new Date() })
    .where('accountId', '=', accountId)
    .where('codeHash', '=', codeHash)
    .where('usedAt', 'is', null)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

export async function countUnusedRecoveryCodes(ex: Executor, accountId: string): Promise<number> {
  const r = await ex
    .selectFrom('identityRecoveryCodes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('accountId', '=', accountId)
    .where('usedAt', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Wrong second-factor codes for this account in the last minutes, read from the audit log. */
export async function countRecentSecondFactorFailures(ex: Executor, accountId: string, minutes: number): Promise<number> {
  const r = await ex
    .selectFrom('auditEvents')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('actorAccountId', '=', accountId)
    .where('action', '=', 'auth.second_factor_failed')
    .where('createdAt', '>', sql<Date>`now() - make_interval(mins => ${minutes})`)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
