import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import type { Actor } from '../../../platform/auth/actor.js';
import { authorize } from '../../../platform/auth/policy.js';
import { recordAudit } from '../../../platform/audit/audit.js';
import { newId } from '../../../platform/db/ids.js';
import { NotFoundError, UnauthenticatedError, ValidationError } from '../../../platform/http/errors.js';
import { hashToken } from '../crypto.js';
import type { IdentityDeps, RequestMeta } from '../deps.js';
import { identityPolicy } from '../policy.js';
import { findAccountById } from '../db/queries/accounts.js';
import {
  deletePasskey,
  findPasskeyByCredentialId,
  findPasskeyOfAccount,
  insertPasskey,
  listPasskeysOfAccount,
  recordPasskeyUse,
} from '../db/queries/passkeys.js';
import { expireTokensOf, findLiveToken, insertToken, markTokenUsed } from '../db/queries/tokens.js';
import type { RegisterPasskeyBody, PasskeySignInBody } from '../security-schemas.js';
import type { AuthService } from './auth.js';

const RP_NAME = 'Foyer';
const CEREMONY_MS = 2 * 60_000;
/** The challenge outlives the browser's own timeout a little, for a slow network. */
const CHALLENGE_MS = CEREMONY_MS + 60_000;

export type PasskeyView = { id: string; name: string; createdAt: Date; lastUsedAt: Date | null };

/** The WebAuthn user handle: the account id's 16 bytes, so nothing personal is stored on the authenticator. */
const userHandleOf = (accountId: string): Uint8Array<ArrayBuffer> => new Uint8Array(Buffer.from(accountId.replace(/-/g, ''), 'hex'));

/** The challenge the browser signed, read from its client data; null for anything malformed. */
function challengeOf(clientDataJSON: string): string | null {
  try {
    const data = JSON.parse(Buffer.from(clientDataJSON, 'base64url').toString('utf8')) as { challenge?: unknown };
    return typeof data.challenge === 'string' && /^[A-Za-z0-9_-]{16,200}$/.test(data.challenge) ? data.challenge : null;
  } catch {
    return null;
  }
}

/**
 * Passkeys (WebAuthn discoverable credentials). A passkey proves possession of the device and,
 * with user verification required, its unlocking: it stands for both factors at sign-in.
 */
export function createPasskeyService(deps: IdentityDeps, auth: AuthService) {
  const { db } = deps;
  const rpID = deps.config.publicUrl.hostname;
  const expectedOrigin = deps.config.publicUrl.origin;

  const accountIdOf = (actor: Actor): string => {
    if (!actor.accountId) throw new UnauthenticatedError();
    authorize(identityPolicy, actor, 'account.manageSecurity', { accountId: actor.accountId });
    return actor.accountId;
  };

  return {
    async list(actor: Actor): Promise<PasskeyView[]> {
      const rows = await listPasskeysOfAccount(db, accountIdOf(actor));
      return rows.map((p) => ({ id: p.id, name: p.name, createdAt: p.createdAt, lastUsedAt: p.lastUsedAt }));
    },

    async registrationOptions(actor: Actor): Promise<PublicKeyCredentialCreationOptionsJSON> {
      const accountId = accountIdOf(actor);
      const existing = await listPasskeysOfAccount(db, accountId);
      const options = await generateRegistrationOptions({
        rpName: RP_NAME,
        rpID,
        userName: actor.email ?? accountId,
        userID: userHandleOf(accountId),
        userDisplayName: actor.displayName,
        timeout: CEREMONY_MS,
        attestationType: 'none',
        excludeCredentials: existing.map((p) => ({ id: p.credentialId, transports: p.transports })),
        authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
      });
      await db.transaction().execute(async (trx) => {
        await expireTokensOf(trx, accountId, 'webauthn_registration');
        await insertToken(trx, { id: newId(), accountId, purpose: 'webauthn_registration', tokenHash: hashToken(options.challenge), expiresAt: new Date(Date.now() + CHALLENGE_MS) });
      });
      return options;
    },

    /** Verifies the browser's answer to the latest challenge (used once, pass or fail) and keeps the new passkey. */
    async register(actor: Actor, input: RegisterPasskeyBody, meta: RequestMeta): Promise<PasskeyView> {
      const accountId = accountIdOf(actor);
      const challenge = challengeOf(input.response.response.clientDataJSON);
      const added = await db.transaction().execute(async (trx) => {
        const token = challenge ? await findLiveToken(trx, 'webauthn_registration', hashToken(challenge)) : undefined;
        if (!challenge || !token || token.accountId !== accountId) return null;
        await markTokenUsed(trx, token.id);
        const verification = await verifyRegistrationResponse({
          response: input.response as RegistrationResponseJSON,
          expectedChallenge: challenge,
          expectedOrigin,
          expectedRPID: rpID,
          requireUserVerification: true,
        }).catch(() => null);
        if (!verification?.verified) return null;
        const { credential } = verification.registrationInfo;
        if (await findPasskeyByCredentialId(trx, credential.id)) return null;
        const view: PasskeyView = { id: newId(), name: input.name, createdAt: new Date(), lastUsedAt: null };
        await insertPasskey(trx, {
          id: view.id,
          accountId,
          credentialId: credential.id,
          publicKey: Buffer.from(credential.publicKey),
          counter: credential.counter,
          transports: credential.transports ?? input.response.response.transports ?? [],
          name: input.name,
        });
        await recordAudit(trx, { action: 'auth.passkey_added', actorAccountId: accountId, targetType: 'passkey', targetId: view.id, ip: meta.ip, data: { name: input.name } });
        return view;
      });
      if (!added) throw new ValidationError('response', 'passkey_invalid');
      return added;
    },

    async remove(actor: Actor, passkeyId: string, meta: RequestMeta): Promise<void> {
      const accountId = accountIdOf(actor);
      await db.transaction().execute(async (trx) => {
        // Scoped by account: someone else's passkey is simply not found.
        const passkey = await findPasskeyOfAccount(trx, passkeyId, accountId);
        if (!passkey) throw new NotFoundError();
        await deletePasskey(trx, passkey.id, accountId);
        await recordAudit(trx, { action: 'auth.passkey_removed', actorAccountId: accountId, targetType: 'passkey', targetId: passkey.id, ip: meta.ip, data: { name: passkey.name } });
      });
    },

    /** Options for signing in with any passkey of this site: the browser offers the ones it holds. */
    async authenticationOptions(): Promise<PublicKeyCredentialRequestOptionsJSON> {
      const options = await generateAuthenticationOptions({ rpID, timeout: CEREMONY_MS, userVerification: 'required' });
      await db.transaction().execute((trx) =>
        insertToken(trx, { id: newId(), accountId: null, purpose: 'webauthn_authentication', tokenHash: hashToken(options.challenge), expiresAt: new Date(Date.now() + CHALLENGE_MS) }),
      );
      return options;
    },

    /** Verifies a passkey assertion and opens a full session; returns the session token. */
    async signIn(input: PasskeySignInBody, meta: RequestMeta): Promise<string> {
      const { response } = input;
      const challenge = challengeOf(response.response.clientDataJSON);
      const seen: { accountId: string | null } = { accountId: null };
      const sessionToken = await db.transaction().execute(async (trx) => {
        const token = challenge ? await findLiveToken(trx, 'webauthn_authentication', hashToken(challenge)) : undefined;
        if (!challenge || !token) return null;
        await markTokenUsed(trx, token.id);
        const passkey = await findPasskeyByCredentialId(trx, response.id);
        if (!passkey) return null;
        seen.accountId = passkey.accountId;
        const handle = response.response.userHandle;
        if (handle && handle !== Buffer.from(userHandleOf(passkey.accountId)).toString('base64url')) return null;
        const account = await findAccountById(trx, passkey.accountId);
        if (!account || account.disabledAt) return null;
        const verification = await verifyAuthenticationResponse({
          response: response as AuthenticationResponseJSON,
          expectedChallenge: challenge,
          expectedOrigin,
          expectedRPID: rpID,
          credential: { id: passkey.credentialId, publicKey: new Uint8Array(passkey.publicKey), counter: passkey.counter, transports: passkey.transports },
          requireUserVerification: true,
        }).catch(() => null);
        if (!verification?.verified) return null;
        await recordPasskeyUse(trx, passkey.id, verification.authenticationInfo.newCounter);
        const opened = await auth.openVerifiedSession(trx, passkey.accountId, meta);
        await recordAudit(trx, { action: 'auth.signed_in', actorAccountId: passkey.accountId, targetType: 'account', targetId: passkey.accountId, ip: meta.ip, data: { method: 'passkey' } });
        return opened;
      });
      if (sessionToken) return sessionToken;
      await db.transaction().execute((trx) =>
        recordAudit(trx, { action: 'auth.sign_in_failed', actorAccountId: seen.accountId, targetType: seen.accountId ? 'account' : null, targetId: seen.accountId, ip: meta.ip, data: { reason: 'passkey_invalid' } }),
      );
      throw new ValidationError('response', 'passkey_invalid');
    },
  };
}
export type PasskeyService = ReturnType<typeof createPasskeyService>;
