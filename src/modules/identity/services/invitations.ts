import type { Actor, Role } from '../../../platform/auth/actor.js';
import { authorize, can } from '../../../platform/auth/policy.js';
import { recordAudit } from '../../../platform/audit/audit.js';
import { newId } from '../../../platform/db/ids.js';
import { ForbiddenError, NotFoundError } from '../../../platform/http/errors.js';
import type { Lang } from '../../../platform/i18n/i18n.js';
import type { CreateInvitationBody } from '../admin-schemas.js';
import { hashToken, newToken } from '../crypto.js';
import type { IdentityDeps, RequestMeta } from '../deps.js';
import { findAccountByEmail } from '../db/queries/accounts.js';
import {
  findInvitationByTokenHash,
  findInvitationInOrganization,
  insertInvitation,
  listPendingInvitations,
  markInvitationAccepted,
  revokeInvitation,
  type InvitationWithOrg,
} from '../db/queries/invitations.js';
import { findMembershipForUpdate, insertMembership, listPeopleByIds, updateMembership, type PersonSummary } from '../db/queries/memberships.js';
import { requireOrganizationBySlug } from '../db/queries/organizations.js';
import type { InvitationRow, OrganizationRow } from '../db/schema.js';
import { identityPolicy } from '../policy.js';

export const INVITATION_DAYS = 14;
const DAY = 24 * 3600_000;

export type InvitationState = 'pending' | 'accepted' | 'revoked' | 'expired';

export const invitationState = (i: Pick<InvitationRow, 'acceptedAt' | 'revokedAt' | 'expiresAt'>, now = new Date()): InvitationState =>
  i.acceptedAt ? 'accepted' : i.revokedAt ? 'revoked' : i.expiresAt.getTime() <= now.getTime() ? 'expired' : 'pending';

export type InvitationLookup = {
  invitation: InvitationWithOrg;
  state: InvitationState;
  /** Whether the person asking may accept it: signed in with the address it was sent to. */
  forThisAccount: boolean;
};

export function createInvitationService(deps: IdentityDeps) {
  const { db, mailer, i18n, config } = deps;
  const link = (path: string) => new URL(path, config.publicUrl).toString();

  const bySlug = requireOrganizationBySlug;

  return {
    async listPending(actor: Actor, slug: string): Promise<{ org: OrganizationRow; invitations: InvitationRow[]; inviters: PersonSummary[] }> {
      const org = await bySlug(db, slug);
      authorize(identityPolicy, actor, 'invitation.list', org);
      const invitations = await listPendingInvitations(db, org.id, new Date());
      return { org, invitations, inviters: await listPeopleByIds(db, invitations.map((i) => i.invitedBy)) };
    },

    /**
     * Mails a single-use link to the address. Only the token's hash is kept, so neither the
     * database nor the audit log can give the link away.
     */
    async invite(actor: Actor, slug: string, input: CreateInvitationBody, lang: Lang, meta: RequestMeta): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const org = await bySlug(trx, slug);
        authorize(identityPolicy, actor, 'invitation.create', org);
        const { token, hash } = newToken();
        const id = newId();
        await insertInvitation(trx, {
          id,
          organizationId: org.id,
          email: input.email,
          roles: input.roles,
          tokenHash: hash,
          invitedBy: actor.accountId!,
          expiresAt: new Date(Date.now() + INVITATION_DAYS * DAY),
        });
        const existing = await findAccountByEmail(trx, input.email);
        const mailLang = existing?.locale ?? lang;
        const t = i18n.t(mailLang);
        await mailer.enqueue(trx, {
          to: input.email,
          subject: t('invitations.mail.subject', { organization: mailLang === 'fr' ? org.nameFr : org.nameEn }),
          text: t('invitations.mail.body', {
            inviter: actor.displayName,
            organization: mailLang === 'fr' ? org.nameFr : org.nameEn,
            roles: input.roles.map((r) => t(`admin.roles.${r}`)).join(', '),
            link: link(`/invitations/${token}`),
            days: INVITATION_DAYS,
          }),
          purpose: 'transactional',
          organizationId: org.id,
        });
        await recordAudit(trx, {
          action: 'invitation.created',
          organizationId: org.id,
          actorAccountId: actor.accountId,
          targetType: 'invitation',
          targetId: id,
          ip: meta.ip,
          data: { email: input.email, roles: input.roles },
        });
      });
    },

    async revoke(actor: Actor, slug: string, invitationId: string, meta: RequestMeta): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const org = await bySlug(trx, slug);
        authorize(identityPolicy, actor, 'invitation.revoke', org);
        const invitation = await findInvitationInOrganization(trx, org.id, invitationId);
        if (!invitation) throw new NotFoundError();
        // Revoking what was already answered changes nothing and is not an event.
        if (!(await revokeInvitation(trx, org.id, invitation.id, new Date()))) return;
        await recordAudit(trx, {
          action: 'invitation.revoked',
          organizationId: org.id,
          actorAccountId: actor.accountId,
          targetType: 'invitation',
          targetId: invitation.id,
          ip: meta.ip,
          data: { email: invitation.email },
        });
      });
    },

    /** What the link leads to, in whatever state it is. An unknown token is not found. */
    async lookup(actor: Actor, token: string): Promise<InvitationLookup> {
      const invitation = await findInvitationByTokenHash(db, hashToken(token));
      if (!invitation) throw new NotFoundError();
      return { invitation, state: invitationState(invitation), forThisAccount: can(identityPolicy, actor, 'invitation.accept', invitation) };
    },

    /**
     * Joins the organization with the invited roles, adding them to any the account already
     * holds there. Accepting twice changes nothing.
     */
    async accept(actor: Actor, token: string, meta: RequestMeta): Promise<OrganizationRow['slug']> {
      return db.transaction().execute(async (trx) => {
        const invitation = await findInvitationByTokenHash(trx, hashToken(token), { forUpdate: true });
        if (!invitation) throw new NotFoundError();
        if (invitationState(invitation) !== 'pending') throw new NotFoundError('invitation_unavailable');
        if (!can(identityPolicy, actor, 'invitation.accept', invitation)) throw new ForbiddenError('invitation_wrong_account');
        const accountId = actor.accountId!;
        const orgId = invitation.organizationId;
        if (!(await markInvitationAccepted(trx, invitation.id, accountId, new Date()))) throw new NotFoundError('invitation_unavailable');
        const membership = await findMembershipForUpdate(trx, orgId, accountId);
        const audit = { organizationId: orgId, actorAccountId: accountId, ip: meta.ip };
        if (!membership) {
          await insertMembership(trx, { id: newId(), organizationId: orgId, accountId, roles: invitation.roles });
        } else {
          const roles: Role[] = [...new Set([...membership.roles, ...invitation.roles])];
          if (roles.length !== membership.roles.length) {
            await updateMembership(trx, orgId, accountId, { roles });
            await recordAudit(trx, { ...audit, action: 'membership.roles_changed', targetType: 'account', targetId: accountId, data: { from: membership.roles, to: roles } });
          }
        }
        await recordAudit(trx, { ...audit, action: 'invitation.accepted', targetType: 'invitation', targetId: invitation.id, data: { roles: invitation.roles } });
        return invitation.org.slug;
      });
    },
  };
}
export type InvitationService = ReturnType<typeof createInvitationService>;
