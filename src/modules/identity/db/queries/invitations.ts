import type { Role } from '../../../../platform/auth/actor.js';
import type { Executor } from '../../../../platform/db/types.js';
import type { InvitationRow, OrganizationRow } from '../schema.js';

export async function insertInvitation(
  ex: Executor,
  i: { id: string; organizationId: string; email: string; roles: Role[]; tokenHash: string; invitedBy: string; expiresAt: Date },
): Promise<void> {
  await ex.insertInto('identityInvitations').values({ ...i, acceptedAt: null, acceptedBy: null, revokedAt: null }).execute();
}

export type InvitationWithOrg = InvitationRow & { org: Pick<OrganizationRow, 'id' | 'slug' | 'nameEn' | 'nameFr' | 'kind'> };

/** Whatever its state; the caller decides what an expired, revoked or used invitation means. */
export async function findInvitationByTokenHash(ex: Executor, tokenHash: string, opts: { forUpdate?: boolean } = {}): Promise<InvitationWithOrg | undefined> {
  let q = ex
    .selectFrom('identityInvitations as i')
    .innerJoin('identityOrganizations as o', 'o.id', 'i.organizationId')
    .selectAll('i')
    .select(['o.slug', 'o.nameEn', 'o.nameFr', 'o.kind'])
    .where('i.tokenHash', '=', tokenHash);
  if (opts.forUpdate) q = q.forUpdate('i');
  const row = await q.executeTakeFirst();
  if (!row) return undefined;
  const { slug, nameEn, nameFr, kind, ...invitation } = row;
  return { ...invitation, org: { id: invitation.organizationId, slug, nameEn, nameFr, kind } };
}

export const findInvitationInOrganization = (ex: Executor, organizationId: string, id: string): Promise<InvitationRow | undefined> =>
  ex.selectFrom('identityInvitations').selectAll().where('organizationId', '=', organizationId).where('id', '=', id).executeTakeFirst();

/** Invitations still waiting for an answer: neither accepted, revoked nor expired. */
export const listPendingInvitations = (ex: Executor, organizationId: string, now: Date): Promise<InvitationRow[]> =>
  ex
    .selectFrom('identityInvitations')
    .selectAll()
    .where('organizationId', '=', organizationId)
    .where('acceptedAt', 'is', null)
    .where('revokedAt', 'is', null)
    .where('expiresAt', '>', now)
    .orderBy('createdAt', 'desc')
    .execute();

/** True when this call revoked it (it was still pending). */
export async function revokeInvitation(ex: Executor, organizationId: string, id: string, now: Date): Promise<boolean> {
  const r = await ex
    .updateTable('identityInvitations')
    .set({ revokedAt: now })
    .where('organizationId', '=', organizationId)
    .where('id', '=', id)
    .where('acceptedAt', 'is', null)
    .where('revokedAt', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** True when this call accepted it, so one link makes one membership change even if posted twice. */
export async function markInvitationAccepted(ex: Executor, id: string, accountId: string, now: Date): Promise<boolean> {
  const r = await ex
    .updateTable('identityInvitations')
    .set({ acceptedAt: now, acceptedBy: accountId })
    .where('id', '=', id)
    .where('acceptedAt', 'is', null)
    .where('revokedAt', 'is', null)
    .where('expiresAt', '>', now)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
