import { randomInt } from 'node:crypto';
import { generateSecret, generateURI, verify } from 'otplib';
import QRCode from 'qrcode';
import type { Actor } from '../../../platform/auth/actor.js';
import { authorize } from '../../../platform/auth/policy.js';
import { recordAudit } from '../../../platform/audit/audit.js';
import { newId } from '../../../platform/db/ids.js';
import type { Executor } from '../../../platform/db/types.js';
import { UnauthenticatedError, ValidationError } from '../../../platform/http/errors.js';
import { hashToken, newToken } from '../crypto.js';
import type { IdentityDeps, RequestMeta } from '../deps.js';
import { verifyPassword } from '../password.js';
import { identityPolicy } from '../policy.js';
import { findAccountById } from '../db/queries/accounts.js';
import { deleteSession, deleteSessionsOfAccount } from '../db/queries/sessions.js';
import { expireTokensOf, insertToken, markTokenUsed } from '../db/queries/tokens.js';
import {
  claimTotpStep,
  countRecentSecondFactorFailures,
  countUnusedRecoveryCodes,
  deleteRecoveryCodes,
  findLiveEnrolment,
  findTotpState,
  replaceRecoveryCodes,
  updateTotpState,
  useRecoveryCode,
} from '../db/queries/two-factor.js';
import type { AuthService } from './auth.js';

const ISSUER = 'Foyer';
const PERIOD_SECONDS = 30;
const ENROLMENT_MINUTES = 15;
const RECOVERY_CODE_COUNT = 10;
/** Wrong codes allowed per account within the window before the half-signed-in session is ended. */
const MAX_FAILURES = 5;
const FAILURE_WINDOW_MINUTES = 15;
// No 0/o, 1/l/i: recovery codes are often copied by hand.
const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

export type TwoFactorStatus = { enabled: boolean; enabledAt: Date | null; recoveryCodesLeft: number };
export type Enrolment = { secret: string; qrDataUrl: string };
export type SecondFactorMethod = 'totp' | 'recovery_code';
/** done; wrong_code (try again); locked (too many wrong codes: password again); no_session (expired or never started). */
export type SecondFactorOutcome = { kind: 'done'; sessionToken: string } | { kind: 'wrong_code' | 'locked' | 'no_session' };

function newRecoveryCode(): string {
  let s = '';
  for (let i = 0; i < 10; i++) s += RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)];
  return `${s.slice(0, 5)}-${s.slice(5)}`;
}

/** Recovery codes are compared without case, spaces or hyphens, however they were typed. */
const hashRecoveryCode = (code: string): string => hashToken(code.toLowerCase().replace(/[\s-]/g, ''));

/**
 * The time step a code belongs to, within one step either side of now; null when it matches
 * none, or only steps already used.
 */
async function matchTotp(secret: string, code: string, lastUsedStep: number | null): Promise<number | null> {
  const currentStep = Math.floor(Date.now() / 1000 / PERIOD_SECONDS);
  // Every step of the window already spent (or a clock that went backwards): nothing can match.
  if (lastUsedStep !== null && lastUsedStep > currentStep + 1) return null;
  const result = await verify({
    secret,
    token: code,
    epochTolerance: PERIOD_SECONDS,
    ...(lastUsedStep !== null && lastUsedStep >= 0 ? { afterTimeStep: lastUsedStep } : {}),
  });
  return result.valid && 'timeStep' in result ? result.timeStep : null;
}

export function createTwoFactorService(deps: IdentityDeps, auth: AuthService) {
  const { db, sealer } = deps;

  async function issueRecoveryCodes(ex: Executor, accountId: string): Promise<string[]> {
    const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
    await replaceRecoveryCodes(ex, accountId, codes.map((c) => ({ id: newId(), codeHash: hashRecoveryCode(c) })));
    return codes;
  }

  async function toEnrolment(secret: string, label: string): Promise<Enrolment> {
    const uri = generateURI({ issuer: ISSUER, label, secret });
    return { secret, qrDataUrl: await QRCode.toDataURL(uri, { errorCorrectionLevel: 'M', margin: 2, width: 240 }) };
  }

  const accountIdOf = (actor: Actor): string => {
    if (!actor.accountId) throw new UnauthenticatedError();
    authorize(identityPolicy, actor, 'account.manageSecurity', { accountId: actor.accountId });
    return actor.accountId;
  };

  return {
    async status(actor: Actor): Promise<TwoFactorStatus> {
      const accountId = accountIdOf(actor);
      const state = await findTotpState(db, accountId);
      const enabled = Boolean(state?.totpEnabledAt && state.totpSecretSealed);
      return { enabled, enabledAt: state?.totpEnabledAt ?? null, recoveryCodesLeft: enabled ? await countUnusedRecoveryCodes(db, accountId) : 0 };
    },

    /**
     * The secret being set up: the pending one if still fresh (so a reload or a mistyped code
     * keeps the same QR code), otherwise a new one. Null when two-step verification is already on.
     */
    async enrolment(actor: Actor): Promise<Enrolment | null> {
      const accountId = accountIdOf(actor);
      const secret = await db.transaction().execute(async (trx) => {
        const state = await findTotpState(trx, accountId);
        if (state?.totpEnabledAt) return null;
        const pending = await findLiveEnrolment(trx, accountId);
        if (pending && typeof pending.data.sealed === 'string') return sealer.open(pending.data.sealed);
        const fresh = generateSecret();
        await expireTokensOf(trx, accountId, 'totp_enrolment');
        await insertToken(trx, {
          id: newId(),
          accountId,
          purpose: 'totp_enrolment',
          tokenHash: newToken().hash,
          expiresAt: new Date(Date.now() + ENROLMENT_MINUTES * 60_000),
          data: { sealed: sealer.seal(fresh) },
        });
        return fresh;
      });
      return secret === null ? null : toEnrolment(secret, actor.email ?? accountId);
    },

    /** Turns two-step verification on once the app proves it holds the secret; returns the recovery codes, shown once. */
    async confirmEnrolment(actor: Actor, code: string, meta: RequestMeta): Promise<string[] | null> {
      const accountId = accountIdOf(actor);
      return db.transaction().execute(async (trx) => {
        const state = await findTotpState(trx, accountId);
        if (state?.totpEnabledAt) return null;
        const pending = await findLiveEnrolment(trx, accountId);
        const sealed = pending && typeof pending.data.sealed === 'string' ? pending.data.sealed : null;
        if (!pending || !sealed) throw new ValidationError('code', 'code_invalid');
        const step = await matchTotp(sealer.open(sealed), code, null);
        if (step === null) throw new ValidationError('code', 'code_invalid');
        await markTokenUsed(trx, pending.id);
        await updateTotpState(trx, accountId, { totpSecretSealed: sealed, totpEnabledAt: new Date(), totpLastUsedStep: step });
        const codes = await issueRecoveryCodes(trx, accountId);
        // Sessions opened elsewhere with the password alone end here.
        await deleteSessionsOfAccount(trx, accountId, actor.sessionId ?? undefined);
        await recordAudit(trx, { action: 'auth.two_factor_enabled', actorAccountId: accountId, targetType: 'account', targetId: accountId, ip: meta.ip });
        return codes;
      });
    },

    async disable(actor: Actor, password: string, meta: RequestMeta): Promise<void> {
      const accountId = accountIdOf(actor);
      const account = await findAccountById(db, accountId);
      if (!account || !(await verifyPassword(account.passwordHash, password))) throw new ValidationError('password', 'password_incorrect');
      await db.transaction().execute(async (trx) => {
        const state = await findTotpState(trx, accountId);
        if (!state?.totpEnabledAt) return;
        await updateTotpState(trx, accountId, { totpSecretSealed: null, totpEnabledAt: null, totpLastUsedStep: null });
        await deleteRecoveryCodes(trx, accountId);
        await expireTokensOf(trx, accountId, 'totp_enrolment');
        await recordAudit(trx, { action: 'auth.two_factor_disabled', actorAccountId: accountId, targetType: 'account', targetId: accountId, ip: meta.ip });
      });
    },

    /** New recovery codes replace all old ones; a current app code proves the person still holds the second factor. */
    async regenerateRecoveryCodes(actor: Actor, code: string, meta: RequestMeta): Promise<string[]> {
      const accountId = accountIdOf(actor);
      return db.transaction().execute(async (trx) => {
        const state = await findTotpState(trx, accountId);
        if (!state?.totpEnabledAt || !state.totpSecretSealed) throw new ValidationError('code', 'code_invalid');
        const step = await matchTotp(sealer.open(state.totpSecretSealed), code, state.totpLastUsedStep);
        if (step === null || !(await claimTotpStep(trx, accountId, step))) throw new ValidationError('code', 'code_invalid');
        const codes = await issueRecoveryCodes(trx, accountId);
        await recordAudit(trx, { action: 'auth.recovery_codes_regenerated', actorAccountId: accountId, targetType: 'account', targetId: accountId, ip: meta.ip, data: { count: codes.length } });
        return codes;
      });
    },

    /** Whether this cookie belongs to a sign-in that still owes its second factor. */
    async hasPendingSignIn(sessionToken: string | undefined): Promise<boolean> {
      return sessionToken ? (await auth.findPendingSession(sessionToken)) !== null : false;
    },

    /**
     * The second step of signing in, with an app code or a recovery code. Too many wrong codes
     * end the half-signed-in session, so guessing needs the password again.
     */
    async completeSignIn(sessionToken: string | undefined, code: string, meta: RequestMeta): Promise<SecondFactorOutcome> {
      const pending = sessionToken ? await auth.findPendingSession(sessionToken) : null;
      if (!pending) return { kind: 'no_session' };
      const { accountId, sessionId } = pending;
      const method: SecondFactorMethod = /^[0-9]{6}$/.test(code) ? 'totp' : 'recovery_code';
      const newToken = await db.transaction().execute(async (trx) => {
        const state = await findTotpState(trx, accountId);
        if (!state?.totpEnabledAt || !state.totpSecretSealed) return null;
        if (method === 'totp') {
          const step = await matchTotp(sealer.open(state.totpSecretSealed), code, state.totpLastUsedStep);
          if (step === null || !(await claimTotpStep(trx, accountId, step))) return null;
        } else if (!(await useRecoveryCode(trx, accountId, hashRecoveryCode(code)))) {
          return null;
        }
        const token = await auth.markSecondFactorDone(trx, sessionId);
        await recordAudit(trx, { action: 'auth.signed_in', actorAccountId: accountId, targetType: 'account', targetId: accountId, ip: meta.ip, data: { method } });
        return token;
      });
      if (newToken) return { kind: 'done', sessionToken: newToken };
      return db.transaction().execute(async (trx) => {
        await recordAudit(trx, { action: 'auth.second_factor_failed', actorAccountId: accountId, targetType: 'account', targetId: accountId, ip: meta.ip, data: { method } });
        if ((await countRecentSecondFactorFailures(trx, accountId, FAILURE_WINDOW_MINUTES)) < MAX_FAILURES) return { kind: 'wrong_code' } as const;
        await deleteSession(trx, sessionId);
        return { kind: 'locked' } as const;
      });
    },
  };
}
export type TwoFactorService = ReturnType<typeof createTwoFactorService>;
