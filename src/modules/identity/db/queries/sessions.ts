import { sql } from 'kysely';
import type { Executor } from '../../../../platform/db/types.js';
import type { Role } from '../../../../platform/auth/actor.js';
import type { SessionRow } from '../schema.js';

export async function insertSession(
  ex: Executor,
  s: { id: string; accountId: string; tokenHash: string; secondFactorPending: boolean; userAgent: string | null; expiresAt: Date },
): Promise<void> {
  await ex.insertInto('identitySessions').values(s).execute();
}

export const findSessionByTokenHash = (ex: Executor, tokenHash: string): Promise<SessionRow | undefined> =>
  ex.selectFrom('identitySessions').selectAll().where('tokenHash', '=', tokenHash).where('expiresAt', '>', new Date()).executeTakeFirst();

export type SignedInRow = {
  sessionId: string;
  accountId: string;
  secondFactorPending: boolean;
  lastSeenAt: Date;
  email: string;
  locale: 'en' | 'fr' | null;
  isPlatformAdmin: boolean;
  disabledAt: Date | null;
  displayName: string | null;
  memberships: { organizationId: string; slug: string; nameEn: string; nameFr: string; roles: Role[]; staffVerified: boolean }[];
};

/**
 * A live session with its account, display name and memberships (organizations by English name),
 * in one statement: every signed-in request starts here.
 */
export const findSignedInByTokenHash = (ex: Executor, tokenHash: string): Promise<SignedInRow | undefined> =>
  ex
    .selectFrom('identitySessions as s')
    .innerJoin('identityAccounts as a', 'a.id', 's.accountId')
    .leftJoin('identityProfiles as p', 'p.accountId', 's.accountId')
    .select(['s.id as sessionId', 's.accountId', 's.secondFactorPending', 's.lastSeenAt', 'a.email', 'a.locale', 'a.isPlatformAdmin', 'a.disabledAt', 'p.displayName'])
    .select(
      sql<SignedInRow['memberships']>`coalesce((
        select json_agg(json_build_object('organizationId', m.organization_id, 'slug', o.slug, 'nameEn', o.name_en, 'nameFr', o.name_fr,
          'roles', m.roles, 'staffVerified', m.staff_verified_at is not null) order by o.name_en)
        from identity_memberships m join identity_organizations o on o.id = m.organization_id
        where m.account_id = s.account_id), '[]'::json)`.as('memberships'),
    )
    .where('s.tokenHash', '=', tokenHash)
    .where('s.expiresAt', '>', new Date())
    .executeTakeFirst();

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
