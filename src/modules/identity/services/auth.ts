import { accountActor, type Actor } from '../../../platform/auth/actor.js';
import { SESSION_DAYS } from '../../../platform/auth/session.js';
import { recordAudit } from '../../../platform/audit/audit.js';
import { newId } from '../../../platform/db/ids.js';
import { ValidationError } from '../../../platform/http/errors.js';
import type { Lang } from '../../../platform/i18n/i18n.js';
import { hashToken, newToken } from '../crypto.js';
import type { IdentityDeps, RequestMeta } from '../deps.js';
import { burnPasswordCheck, hashPassword, judgePassword, verifyPassword } from '../password.js';
import { findAccountByEmail, findAccountById, insertAccount, updateAccount } from '../db/queries/accounts.js';
import { insertProfile } from '../db/queries/profiles.js';
import {
  completeSecondFactor,
  deleteSession,
  deleteSessionsOfAccount,
  findSessionByTokenHash,
  findSignedInByTokenHash,
  insertSession,
  touchSession,
} from '../db/queries/sessions.js';
import { expireTokensOf, findLiveToken, insertToken, markTokenUsed } from '../db/queries/tokens.js';
import type { Executor } from '../../../platform/db/types.js';

const HOUR = 3600_000;

export type SignInResult = { sessionToken: string; secondFactorPending: boolean };

export function createAuthService(deps: IdentityDeps) {
  const { db, mailer, i18n, config } = deps;
  const link = (path: string) => new URL(path, config.publicUrl).toString();

  async function sendVerification(ex: Executor, account: { id: string; email: string }, lang: Lang) {
    const { token, hash } = newToken();
    await expireTokensOf(ex, account.id, 'email_verification');
    await insertToken(ex, { id: newId(), accountId: account.id, purpose: 'email_verification', tokenHash: hash, expiresAt: new Date(Date.now() + 48 * HOUR) });
    const t = i18n.t(lang);
    await mailer.enqueue(ex, {
      to: account.email,
      subject: t('auth.mail.verify.subject'),
      text: t('auth.mail.verify.body', { link: link(`/verify-email?token=${token}`) }),
      purpose: 'transactional',
    });
  }

  async function openSession(ex: Executor, accountId: string, pending: boolean, meta: RequestMeta): Promise<string> {
    const { token, hash } = newToken();
    await insertSession(ex, {
      id: newId(),
      accountId,
      tokenHash: hash,
      secondFactorPending: pending,
      userAgent: meta.userAgent?.slice(0, 300) ?? null,
      expiresAt: new Date(Date.now() + (pending ? 0.25 * HOUR : SESSION_DAYS * 24 * HOUR)),
    });
    return token;
  }

  return {
    /**
     * Creates an account and sends the verification link. An address already registered gets
     * a note by e-mail instead, and the page answers the same, so sign-up does not reveal who
     * has an account.
     */
    async signUp(input: { email: string; password: string; displayName: string; lang: Lang }, meta: RequestMeta): Promise<void> {
      const verdict = await judgePassword(input.password, [input.email, input.displayName]);
      if (!verdict.ok) throw new ValidationError('password', verdict.code, { min: 10 });
      const passwordHash = await hashPassword(input.password);
      await db.transaction().execute(async (trx) => {
        const existing = await findAccountByEmail(trx, input.email);
        if (existing) {
          const t = i18n.t(existing.locale ?? input.lang);
          await mailer.enqueue(trx, {
            to: existing.email,
            subject: t('auth.mail.alreadyRegistered.subject'),
            text: t('auth.mail.alreadyRegistered.body', { signIn: link('/sign-in'), reset: link('/password/forgot') }),
            purpose: 'transactional',
          });
          return;
        }
        const id = newId();
        await insertAccount(trx, { id, email: input.email, passwordHash, locale: input.lang });
        await insertProfile(trx, { accountId: id, displayName: input.displayName });
        await recordAudit(trx, { action: 'account.created', actorAccountId: id, targetType: 'account', targetId: id, ip: meta.ip });
        await sendVerification(trx, { id, email: input.email }, input.lang);
      });
    },

    async verifyEmail(token: string): Promise<boolean> {
      return db.transaction().execute(async (trx) => {
        const row = await findLiveToken(trx, 'email_verification', hashToken(token));
        if (!row?.accountId) return false;
        await markTokenUsed(trx, row.id);
        await updateAccount(trx, row.accountId, { emailVerifiedAt: new Date() });
        await recordAudit(trx, { action: 'account.email_verified', actorAccountId: row.accountId, targetType: 'account', targetId: row.accountId });
        return true;
      });
    },

    async resendVerification(email: string, lang: Lang): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const account = await findAccountByEmail(trx, email);
        if (!account || account.emailVerifiedAt) return;
        await sendVerification(trx, account, account.locale ?? lang);
      });
    },

    async signIn(input: { email: string; password: string }, meta: RequestMeta): Promise<SignInResult> {
      const account = await findAccountByEmail(db, input.email);
      if (!account) {
        await burnPasswordCheck(input.password);
        await recordAudit(db, { action: 'auth.sign_in_failed', ip: meta.ip, data: { reason: 'unknown_email' } });
        throw new ValidationError('password', 'invalid_credentials');
      }
      const ok = await verifyPassword(account.passwordHash, input.password);
      if (!ok || account.disabledAt) {
        await recordAudit(db, { action: 'auth.sign_in_failed', actorAccountId: account.id, targetType: 'account', targetId: account.id, ip: meta.ip, data: { reason: account.disabledAt ? 'disabled' : 'wrong_password' } });
        throw new ValidationError('password', 'invalid_credentials');
      }
      if (!account.emailVerifiedAt) throw new ValidationError('email', 'email_not_verified');
      const pending = account.totpEnabledAt !== null;
      return db.transaction().execute(async (trx) => {
        const sessionToken = await openSession(trx, account.id, pending, meta);
        await recordAudit(trx, { action: pending ? 'auth.password_accepted' : 'auth.signed_in', actorAccountId: account.id, targetType: 'account', targetId: account.id, ip: meta.ip, data: { method: 'password' } });
        return { sessionToken, secondFactorPending: pending };
      });
    },

    /** Opens a full session for an account already proven by another factor (a passkey). */
    async openVerifiedSession(ex: Executor, accountId: string, meta: RequestMeta): Promise<string> {
      return openSession(ex, accountId, false, meta);
    },

    /** The account whose password was accepted but whose second factor is still owed. */
    async findPendingSession(sessionToken: string): Promise<{ sessionId: string; accountId: string } | null> {
      const s = await findSessionByTokenHash(db, hashToken(sessionToken));
      return s && s.secondFactorPending ? { sessionId: s.id, accountId: s.accountId } : null;
    },

    /** Marks the second factor given and returns the session's new token (the old one stops working). */
    async markSecondFactorDone(ex: Executor, sessionId: string): Promise<string> {
      const { token, hash } = newToken();
      await completeSecondFactor(ex, sessionId, hash, new Date(Date.now() + SESSION_DAYS * 24 * HOUR));
      return token;
    },

    async signOut(actor: Actor, meta: RequestMeta): Promise<void> {
      if (!actor.sessionId) return;
      await db.transaction().execute(async (trx) => {
        await deleteSession(trx, actor.sessionId!);
        await recordAudit(trx, { action: 'auth.signed_out', actorAccountId: actor.accountId, ip: meta.ip });
      });
    },

    async requestPasswordReset(email: string, lang: Lang, meta: RequestMeta): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const account = await findAccountByEmail(trx, email);
        if (!account) return;
        const { token, hash } = newToken();
        await expireTokensOf(trx, account.id, 'password_reset');
        await insertToken(trx, { id: newId(), accountId: account.id, purpose: 'password_reset', tokenHash: hash, expiresAt: new Date(Date.now() + HOUR) });
        const t = i18n.t(account.locale ?? lang);
        await mailer.enqueue(trx, {
          to: account.email,
          subject: t('auth.mail.reset.subject'),
          text: t('auth.mail.reset.body', { link: link(`/password/reset?token=${token}`) }),
          purpose: 'transactional',
        });
        await recordAudit(trx, { action: 'auth.password_reset_requested', actorAccountId: account.id, ip: meta.ip });
      });
    },

    async isResetTokenLive(token: string): Promise<boolean> {
      return db.transaction().execute(async (trx) => (await findLiveToken(trx, 'password_reset', hashToken(token))) !== undefined);
    },

    async resetPassword(token: string, password: string, meta: RequestMeta): Promise<void> {
      const row = await db.transaction().execute((trx) => findLiveToken(trx, 'password_reset', hashToken(token)));
      if (!row?.accountId) throw new ValidationError('token', 'token_invalid');
      const account = await findAccountById(db, row.accountId);
      if (!account) throw new ValidationError('token', 'token_invalid');
      const verdict = await judgePassword(password, [account.email]);
      if (!verdict.ok) throw new ValidationError('password', verdict.code, { min: 10 });
      const passwordHash = await hashPassword(password);
      await db.transaction().execute(async (trx) => {
        const again = await findLiveToken(trx, 'password_reset', hashToken(token));
        if (!again) throw new ValidationError('token', 'token_invalid');
        await markTokenUsed(trx, again.id);
        // Following the link proves the mailbox too.
        await updateAccount(trx, account.id, { passwordHash, emailVerifiedAt: account.emailVerifiedAt ?? new Date() });
        await deleteSessionsOfAccount(trx, account.id);
        await recordAudit(trx, { action: 'auth.password_reset', actorAccountId: account.id, targetType: 'account', targetId: account.id, ip: meta.ip });
      });
    },

    /** The session cookie → who is asking. Pending (second factor owed) sessions are not signed in. */
    async resolveSession(token: string): Promise<Actor | null> {
      const row = await findSignedInByTokenHash(db, hashToken(token));
      if (!row || row.secondFactorPending || row.disabledAt) return null;
      if (Date.now() - row.lastSeenAt.getTime() > 5 * 60_000) await touchSession(db, row.sessionId);
      return accountActor({
        accountId: row.accountId,
        sessionId: row.sessionId,
        email: row.email,
        displayName: row.displayName ?? row.email,
        locale: row.locale,
        isPlatformAdmin: row.isPlatformAdmin,
        memberships: row.memberships.map((m) => ({
          organizationId: m.organizationId,
          organizationSlug: m.slug,
          organizationName: { en: m.nameEn, fr: m.nameFr },
          roles: m.roles,
          staffVerified: m.staffVerified,
        })),
      });
    },
  };
}
export type AuthService = ReturnType<typeof createAuthService>;
