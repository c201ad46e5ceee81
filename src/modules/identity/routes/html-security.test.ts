import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { isoCBOR } from '@simplewebauthn/server/helpers';
import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../test/support/build-test-app.js';
import { TestClient } from '../../../../test/support/client.js';
import { createAccount } from '../../../../test/support/factories/identity.js';
import { signIn } from '../../../../test/support/sign-in.js';

let t: TestApp;
// TOTP codes depend on the clock: only Date is faked, and moved forward one 30-second step at a time.
let clock = 0;
const tick = (steps = 1) => {
  clock += steps * 30_000;
  vi.setSystemTime(clock);
};

beforeAll(async () => {
  t = await buildTestApp();
  vi.useFakeTimers({ toFake: ['Date'] });
  clock = Math.floor(Date.now() / 30_000) * 30_000 + 5_000;
  vi.setSystemTime(clock);
});
afterAll(async () => {
  vi.useRealTimers();
  await t.close();
});

/** Every secret or code handed out in this file, to prove none reaches the audit log. */
const secretsSeen: string[] = [];

const codeNow = (secret: string) => generate({ secret });
const secretOf = (body: string) => body.match(/id="totp-secret"[^>]*>([A-Z2-7 ]+)</)?.[1]?.replace(/ /g, '');
const recoveryCodesOf = (body: string) => [...body.matchAll(/<code>([a-z0-9]{5}-[a-z0-9]{5})<\/code>/g)].map((m) => m[1]!);

async function enrol(c: TestClient): Promise<{ secret: string; codes: string[] }> {
  const page = await c.get('/account/two-factor/setup');
  expect(page.statusCode).toBe(200);
  const secret = secretOf(page.body);
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  const res = await c.post('/account/two-factor/setup', { code: await codeNow(secret!) });
  expect(res.statusCode).toBe(200);
  const codes = recoveryCodesOf(res.body);
  expect(codes).toHaveLength(10);
  secretsSeen.push(secret!, ...codes);
  // The enrolment code's step is now spent; the next code comes from the next step.
  tick();
  return { secret: secret!, codes };
}

/** An account with two-step verification on, and a client signed in as it. */
async function enrolledAccount() {
  const account = await createAccount(t.db);
  const c = await signIn(t.app, account);
  return { account, c, ...(await enrol(c)) };
}

/** A client whose password was accepted and who now owes the second step. */
async function passwordOnly(account: { email: string; password: string }, next?: string): Promise<TestClient> {
  const c = new TestClient(t.app);
  const res = await c.post('/sign-in', { email: account.email, password: account.password, ...(next ? { next } : {}) });
  expect(res.statusCode).toBe(303);
  expect(res.headers.location).toMatch(/^\/sign-in\/two-factor\?next=/);
  return c;
}

const isSignedIn = async (c: TestClient) => (await c.get('/account/security')).statusCode === 200;

const auditOf = (accountId: string, action: string) =>
  t.db.selectFrom('auditEvents').selectAll().where('actorAccountId', '=', accountId).where('action', '=', action).execute();

/** Everything a security form could write for one account, to prove a refused form wrote nothing. */
async function stateOf(accountId: string) {
  const [account, codes, passkeys, tokens, sessions, audit] = await Promise.all([
    t.db.selectFrom('identityAccounts').select(['totpSecretSealed', 'totpEnabledAt', 'totpLastUsedStep', 'passwordHash']).where('id', '=', accountId).executeTakeFirstOrThrow(),
    t.db.selectFrom('identityRecoveryCodes').select(['codeHash', 'usedAt']).where('accountId', '=', accountId).orderBy('codeHash').execute(),
    t.db.selectFrom('identityPasskeys').select(['id', 'counter']).where('accountId', '=', accountId).orderBy('id').execute(),
    t.db.selectFrom('identityTokens').select(['id', 'purpose', 'usedAt']).where('accountId', '=', accountId).orderBy('id').execute(),
    t.db.selectFrom('identitySessions').select(['id', 'secondFactorPending']).where('accountId', '=', accountId).orderBy('id').execute(),
    t.db.selectFrom('auditEvents').select('id').where('actorAccountId', '=', accountId).execute(),
  ]);
  return { account, codes, passkeys, tokens, sessions, audit: audit.length };
}

/** JSON over the HTML surface, as passkey.js sends it. */
async function postJson(c: TestClient, url: string, body: unknown, opts: { csrf?: boolean } = {}) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (opts.csrf !== false) headers['x-csrf-token'] = await c.csrfToken();
  const res = await c.request({ method: 'POST', url, payload: JSON.stringify(body), headers });
  return { status: res.statusCode, json: res.json() as Record<string, any>, res };
}

// ---- A software authenticator (ES256, "none" attestation), standing in for a browser's ----

const b64url = (b: Uint8Array) => Buffer.from(b).toString('base64url');
const sha256 = (b: Uint8Array | string) => createHash('sha256').update(b).digest();
const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
};

function softAuthenticator(origin = 'http://localhost:3000', rpId = 'localhost') {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' }) as { privateKey: KeyObject; publicKey: KeyObject };
  const jwk = publicKey.export({ format: 'jwk' });
  const credentialId = randomBytes(16);
  let counter = 0;
  let userHandle: string | undefined;
  const coseKey = new Map<number, number | Uint8Array>([
    [1, 2],
    [3, -7],
    [-1, 1],
    [-2, new Uint8Array(Buffer.from(jwk.x!, 'base64url'))],
    [-3, new Uint8Array(Buffer.from(jwk.y!, 'base64url'))],
  ]);
  const clientData = (type: string, challenge: string) => Buffer.from(JSON.stringify({ type, challenge, origin, crossOrigin: false }));
  return {
    credentialId: b64url(credentialId),
    register(options: { challenge: string; user: { id: string } }) {
      userHandle = options.user.id;
      const credLen = Buffer.alloc(2);
      credLen.writeUInt16BE(credentialId.length);
      // Flags: user present, user verified, attested credential data included.
      const authData = Buffer.concat([sha256(rpId), Buffer.from([0x45]), u32(counter), Buffer.alloc(16), credLen, credentialId, Buffer.from(isoCBOR.encode(coseKey))]);
      const attestationObject = isoCBOR.encode(new Map<string, string | Map<string, string> | Uint8Array>([['fmt', 'none'], ['attStmt', new Map<string, string>()], ['authData', new Uint8Array(authData)]]));
      return {
        id: b64url(credentialId),
        rawId: b64url(credentialId),
        type: 'public-key',
        response: { clientDataJSON: b64url(clientData('webauthn.create', options.challenge)), attestationObject: b64url(attestationObject), transports: ['internal'] },
        clientExtensionResults: {},
        authenticatorAttachment: 'platform',
      };
    },
    authenticate(options: { challenge: string }) {
      counter += 1;
      const authData = Buffer.concat([sha256(rpId), Buffer.from([0x05]), u32(counter)]);
      const cd = clientData('webauthn.get', options.challenge);
      const signature = sign('sha256', Buffer.concat([authData, sha256(cd)]), privateKey);
      return {
        id: b64url(credentialId),
        rawId: b64url(credentialId),
        type: 'public-key',
        response: { clientDataJSON: b64url(cd), authenticatorData: b64url(authData), signature: b64url(signature), ...(userHandle ? { userHandle } : {}) },
        clientExtensionResults: {},
        authenticatorAttachment: 'platform',
      };
    },
  };
}

async function addPasskey(c: TestClient, authenticator: ReturnType<typeof softAuthenticator>, name = 'Work laptop') {
  const start = await postJson(c, '/account/passkeys/options', { name });
  expect(start.status).toBe(200);
  const done = await postJson(c, '/account/passkeys', { name, response: authenticator.register(start.json.options) });
  expect(done.status).toBe(201);
  return done.json.passkey as { id: string; name: string };
}

async function signInWithPasskey(c: TestClient, authenticator: ReturnType<typeof softAuthenticator>, next?: string) {
  const start = await postJson(c, '/sign-in/passkey/options', {});
  expect(start.status).toBe(200);
  const response = authenticator.authenticate(start.json.options);
  return { ...(await postJson(c, '/sign-in/passkey', { response, ...(next ? { next } : {}) })), response };
}

describe('two-step verification with an authenticator app', () => {
  it('enrols, then signs in with the password and an app code', async () => {
    const account = await createAccount(t.db);
    const c = await signIn(t.app, account);
    const security = await c.get('/account/security');
    expect(security.statusCode).toBe(200);
    expect(security.headers['cache-control']).toBe('no-store');
    expect(security.body).toContain('href="/account/two-factor/setup"');

    const setup = await c.get('/account/two-factor/setup');
    expect(setup.statusCode).toBe(200);
    expect(setup.headers['cache-control']).toBe('no-store');
    expect(setup.body).toMatch(/<img src="data:image\/png;base64,[A-Za-z0-9+/=]+" alt="[^"]{20,}"/);
    const secret = secretOf(setup.body)!;
    // A reload shows the same pending secret, kept sealed and never in a cookie.
    expect(secretOf((await c.get('/account/two-factor/setup')).body)).toBe(secret);
    expect(JSON.stringify([...c.cookies.values()])).not.toContain(secret);
    const pending = await t.db.selectFrom('identityTokens').selectAll().where('accountId', '=', account.id).where('purpose', '=', 'totp_enrolment').execute();
    expect(pending).toHaveLength(1);
    expect(JSON.stringify(pending)).not.toContain(secret);

    const res = await c.post('/account/two-factor/setup', { code: await codeNow(secret) });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const codes = recoveryCodesOf(res.body);
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    secretsSeen.push(secret, ...codes);

    const row = await t.db.selectFrom('identityAccounts').selectAll().where('id', '=', account.id).executeTakeFirstOrThrow();
    expect(row.totpEnabledAt).not.toBeNull();
    expect(row.totpSecretSealed).toMatch(/^v1\./);
    expect(row.totpSecretSealed).not.toContain(secret);
    const stored = await t.db.selectFrom('identityRecoveryCodes').selectAll().where('accountId', '=', account.id).execute();
    expect(stored).toHaveLength(10);
    for (const s of stored) expect(s.codeHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(stored)).not.toMatch(new RegExp(codes.join('|')));
    expect(await auditOf(account.id, 'auth.two_factor_enabled')).toHaveLength(1);
    // Shown once: the setup page now sends an enrolled account back to the security page.
    expect((await c.get('/account/two-factor/setup')).headers.location).toBe('/account/security');
    expect((await c.get('/account/security')).body).toContain('action="/account/two-factor/disable"');

    await c.post('/sign-out');
    tick();
    const d = await passwordOnly(account, '/account/security');
    // The password alone does not sign in.
    expect((await d.get('/account/security')).statusCode).toBe(303);
    const challenge = await d.get('/sign-in/two-factor?next=%2Faccount%2Fsecurity');
    expect(challenge.statusCode).toBe(200);
    expect(challenge.body).toContain('name="code"');
    const ok = await d.post('/sign-in/two-factor', { code: await codeNow(secret), next: '/account/security' });
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe('/account/security');
    expect(await isSignedIn(d)).toBe(true);
    const signedIn = await auditOf(account.id, 'auth.signed_in');
    expect(signedIn.map((a) => a.data)).toContainEqual({ method: 'totp' });
  });

  it('refuses a wrong code and a code already used', async () => {
    const { account, secret } = await enrolledAccount();
    const c = await passwordOnly(account);
    const right = await codeNow(secret);
    const wrong = String((Number(right) + 500_000) % 1_000_000).padStart(6, '0');
    const bad = await c.post('/sign-in/two-factor', { code: wrong });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('id="f-code-error"');
    expect(await isSignedIn(c)).toBe(false);
    expect(await auditOf(account.id, 'auth.second_factor_failed')).toHaveLength(1);

    expect((await c.post('/sign-in/two-factor', { code: right })).statusCode).toBe(303);
    expect(await isSignedIn(c)).toBe(true);

    // Same code, same 30-second step, another browser: refused.
    const replay = await passwordOnly(account);
    const again = await replay.post('/sign-in/two-factor', { code: right });
    expect(again.statusCode).toBe(400);
    expect(again.body).toContain('id="f-code-error"');
    expect(await isSignedIn(replay)).toBe(false);
    // Still refused in the next step, while the code is inside the ±1 step window.
    tick();
    expect((await replay.post('/sign-in/two-factor', { code: right })).statusCode).toBe(400);
    expect((await replay.post('/sign-in/two-factor', { code: await codeNow(secret) })).statusCode).toBe(303);
    expect(await isSignedIn(replay)).toBe(true);
  });

  it('accepts a code from the step before or after, not further', async () => {
    const { account, secret } = await enrolledAccount();
    tick(2);
    const now = Math.floor(Date.now() / 1000);
    const c = await passwordOnly(account);
    expect((await c.post('/sign-in/two-factor', { code: await generate({ secret, epoch: now - 60 }) })).statusCode).toBe(400);
    expect((await c.post('/sign-in/two-factor', { code: await generate({ secret, epoch: now + 60 }) })).statusCode).toBe(400);
    expect((await c.post('/sign-in/two-factor', { code: await generate({ secret, epoch: now - 30 }) })).statusCode).toBe(303);
    const d = await passwordOnly(account);
    expect((await d.post('/sign-in/two-factor', { code: await generate({ secret, epoch: now + 30 }) })).statusCode).toBe(303);
  });

  it('accepts each recovery code once', async () => {
    const { account, codes } = await enrolledAccount();
    const c = await passwordOnly(account);
    // Typed in capitals with spaces: still the same code.
    const res = await c.post('/sign-in/two-factor', { code: ` ${codes[0]!.toUpperCase()} ` });
    expect(res.statusCode).toBe(303);
    expect(await isSignedIn(c)).toBe(true);
    const used = await t.db.selectFrom('identityRecoveryCodes').select('usedAt').where('accountId', '=', account.id).where('usedAt', 'is not', null).execute();
    expect(used).toHaveLength(1);
    expect((await auditOf(account.id, 'auth.signed_in')).map((a) => a.data)).toContainEqual({ method: 'recovery_code' });
    expect((await c.get('/account/security')).body).toContain('Unused recovery codes: 9');

    const d = await passwordOnly(account);
    const again = await d.post('/sign-in/two-factor', { code: codes[0]! });
    expect(again.statusCode).toBe(400);
    expect(again.body).toContain('id="f-code-error"');
    expect(await isSignedIn(d)).toBe(false);
    expect((await d.post('/sign-in/two-factor', { code: codes[1]! })).statusCode).toBe(303);
  });

  it('ends the half-signed-in session after too many wrong codes', async () => {
    const { account, secret } = await enrolledAccount();
    const c = await passwordOnly(account);
    const right = await codeNow(secret);
    const wrong = String((Number(right) + 1) % 1_000_000).padStart(6, '0');
    for (let i = 0; i < 4; i++) expect((await c.post('/sign-in/two-factor', { code: wrong })).statusCode).toBe(400);
    const fifth = await c.post('/sign-in/two-factor', { code: wrong });
    expect(fifth.statusCode).toBe(303);
    expect(fifth.headers.location).toBe('/sign-in');
    expect(c.signedIn).toBe(false);
    // The right code no longer helps that session.
    expect((await c.post('/sign-in/two-factor', { code: right })).headers.location).toBe('/sign-in');
    expect(await isSignedIn(c)).toBe(false);
  });

  it('turns two-step verification off with the current password', async () => {
    const { account, c, codes } = await enrolledAccount();
    const wrong = await c.post('/account/two-factor/disable', { password: 'not-my-password-at-all' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('id="f-password-error"');
    expect((await t.db.selectFrom('identityAccounts').select('totpEnabledAt').where('id', '=', account.id).executeTakeFirstOrThrow()).totpEnabledAt).not.toBeNull();

    const ok = await c.post('/account/two-factor/disable', { password: account.password });
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe('/account/security');
    const row = await t.db.selectFrom('identityAccounts').selectAll().where('id', '=', account.id).executeTakeFirstOrThrow();
    expect(row.totpEnabledAt).toBeNull();
    expect(row.totpSecretSealed).toBeNull();
    expect(await t.db.selectFrom('identityRecoveryCodes').selectAll().where('accountId', '=', account.id).execute()).toHaveLength(0);
    expect(await auditOf(account.id, 'auth.two_factor_disabled')).toHaveLength(1);

    // The password alone signs in again; old recovery codes are gone with it.
    await c.post('/sign-out');
    const d = new TestClient(t.app);
    const res = await d.post('/sign-in', { email: account.email, password: account.password });
    expect(res.headers.location).toBe('/');
    expect(await isSignedIn(d)).toBe(true);
    expect(codes).toHaveLength(10);
  });

  it('makes new recovery codes with a current app code, cancelling the old ones', async () => {
    const { account, c, secret, codes } = await enrolledAccount();
    const before = await stateOf(account.id);
    const wrong = await c.post('/account/two-factor/recovery-codes', { code: '000000' === (await codeNow(secret)) ? '111111' : '000000' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('id="f-code-error"');
    expect((await stateOf(account.id)).codes).toEqual(before.codes);

    const code = await codeNow(secret);
    const res = await c.post('/account/two-factor/recovery-codes', { code });
    expect(res.statusCode).toBe(200);
    const fresh = recoveryCodesOf(res.body);
    expect(fresh).toHaveLength(10);
    expect(fresh.filter((x) => codes.includes(x))).toHaveLength(0);
    secretsSeen.push(...fresh);
    expect(await auditOf(account.id, 'auth.recovery_codes_regenerated')).toHaveLength(1);
    // The code just used cannot be used again, here or at sign-in.
    expect((await c.post('/account/two-factor/recovery-codes', { code })).statusCode).toBe(400);

    const d = await passwordOnly(account);
    expect((await d.post('/sign-in/two-factor', { code: codes[0]! })).statusCode).toBe(400);
    expect((await d.post('/sign-in/two-factor', { code: fresh[0]! })).statusCode).toBe(303);
  });
});

describe('passkeys', () => {
  it('offers well-formed registration options and keeps only a hash of the challenge', async () => {
    const account = await createAccount(t.db, { displayName: 'Léa Passkey' });
    const c = await signIn(t.app, account);
    const { status, json } = await postJson(c, '/account/passkeys/options', { name: 'Phone' });
    expect(status).toBe(200);
    const o = json.options;
    expect(o.challenge).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(o.rp).toEqual({ name: 'Foyer', id: 'localhost' });
    expect(o.user).toMatchObject({ name: account.email, displayName: 'Léa Passkey' });
    expect(Buffer.from(o.user.id, 'base64url').toString('hex')).toBe(account.id.replace(/-/g, ''));
    expect(o.pubKeyCredParams.map((p: { alg: number }) => p.alg)).toContain(-7);
    expect(o.authenticatorSelection).toMatchObject({ residentKey: 'required', userVerification: 'required' });
    expect(o.attestation).toBe('none');
    expect(json.messages.waiting).toEqual(expect.any(String));
    const tokens = await t.db.selectFrom('identityTokens').selectAll().where('accountId', '=', account.id).where('purpose', '=', 'webauthn_registration').execute();
    expect(tokens).toHaveLength(1);
    expect(JSON.stringify(tokens)).not.toContain(o.challenge);
  });

  it('adds a passkey, signs in with it as both factors, and removes it', async () => {
    const { account, c } = await enrolledAccount();
    const authenticator = softAuthenticator();
    const passkey = await addPasskey(c, authenticator, 'Work laptop');
    const rows = await t.db.selectFrom('identityPasskeys').selectAll().where('accountId', '=', account.id).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: passkey.id, name: 'Work laptop', credentialId: authenticator.credentialId, transports: ['internal'] });
    expect((await auditOf(account.id, 'auth.passkey_added')).map((a) => a.data)).toEqual([{ name: 'Work laptop' }]);
    const page = await c.get('/account/security');
    expect(page.body).toContain('Work laptop');
    expect(page.body).toContain(`action="/account/passkeys/${passkey.id}/delete"`);
    // The same authenticator cannot be registered twice: it is excluded from new options.
    const again = await postJson(c, '/account/passkeys/options', { name: 'Again' });
    expect(again.json.options.excludeCredentials).toEqual([{ id: authenticator.credentialId, type: 'public-key', transports: ['internal'] }]);

    // Two-step verification is on, yet a passkey alone signs in.
    const d = new TestClient(t.app);
    const result = await signInWithPasskey(d, authenticator, '/account/security');
    expect(result.status).toBe(200);
    expect(result.json.redirect).toBe('/account/security');
    expect(await isSignedIn(d)).toBe(true);
    const used = await t.db.selectFrom('identityPasskeys').selectAll().where('id', '=', passkey.id).executeTakeFirstOrThrow();
    expect(Number(used.counter)).toBe(1);
    expect(used.lastUsedAt).not.toBeNull();
    expect((await auditOf(account.id, 'auth.signed_in')).map((a) => a.data)).toContainEqual({ method: 'passkey' });

    // An assertion is good for one challenge only.
    const e = new TestClient(t.app);
    const replay = await postJson(e, '/sign-in/passkey', { response: result.response });
    expect(replay.status).toBe(400);
    expect(Object.keys(replay.json.error.fields)).toEqual(['response']);
    expect(e.signedIn).toBe(false);

    // Someone else cannot remove it: to them it does not exist.
    const stranger = await signIn(t.app, await createAccount(t.db));
    expect((await stranger.post(`/account/passkeys/${passkey.id}/delete`)).statusCode).toBe(404);
    expect(await t.db.selectFrom('identityPasskeys').selectAll().where('id', '=', passkey.id).execute()).toHaveLength(1);

    const removed = await c.post(`/account/passkeys/${passkey.id}/delete`);
    expect(removed.statusCode).toBe(303);
    expect(await t.db.selectFrom('identityPasskeys').selectAll().where('id', '=', passkey.id).execute()).toHaveLength(0);
    expect(await auditOf(account.id, 'auth.passkey_removed')).toHaveLength(1);
    const f = new TestClient(t.app);
    expect((await signInWithPasskey(f, authenticator)).status).toBe(400);
    expect(f.signedIn).toBe(false);
  });

  it('refuses a forged registration with 400 naming the response, storing nothing, and spends the challenge', async () => {
    const account = await createAccount(t.db);
    const c = await signIn(t.app, account);
    const start = await postJson(c, '/account/passkeys/options', { name: 'Forged' });
    const challenge = start.json.options.challenge as string;
    const clientDataJSON = b64url(Buffer.from(JSON.stringify({ type: 'webauthn.create', challenge, origin: 'http://localhost:3000' })));
    const forged = { id: 'AAAA', rawId: 'AAAA', type: 'public-key', response: { clientDataJSON, attestationObject: b64url(randomBytes(64)) }, clientExtensionResults: {} };
    const res = await postJson(c, '/account/passkeys', { name: 'Forged', response: forged });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('validation_failed');
    expect(Object.keys(res.json.error.fields)).toEqual(['response']);
    expect(await t.db.selectFrom('identityPasskeys').selectAll().where('accountId', '=', account.id).execute()).toHaveLength(0);

    // A genuine answer to the spent challenge is refused too.
    const genuine = softAuthenticator().register(start.json.options);
    expect((await postJson(c, '/account/passkeys', { name: 'Late', response: genuine })).status).toBe(400);
    // And so is one signed for another origin.
    const next = await postJson(c, '/account/passkeys/options', { name: 'Elsewhere' });
    const phishing = softAuthenticator('https://evil.example', 'localhost').register(next.json.options);
    expect((await postJson(c, '/account/passkeys', { name: 'Elsewhere', response: phishing })).status).toBe(400);
    expect(await t.db.selectFrom('identityPasskeys').selectAll().where('accountId', '=', account.id).execute()).toHaveLength(0);
  });

  it('offers sign-in options and refuses a garbage assertion', async () => {
    const c = new TestClient(t.app);
    const { status, json } = await postJson(c, '/sign-in/passkey/options', {});
    expect(status).toBe(200);
    expect(json.options).toMatchObject({ rpId: 'localhost', userVerification: 'required' });
    expect(json.options.challenge).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(json.options.allowCredentials ?? []).toEqual([]);
    const sessionsBefore = (await t.db.selectFrom('identitySessions').select('id').execute()).length;

    const clientDataJSON = b64url(Buffer.from(JSON.stringify({ type: 'webauthn.get', challenge: json.options.challenge, origin: 'http://localhost:3000' })));
    const garbage = { id: 'AAAA', rawId: 'AAAA', type: 'public-key', response: { clientDataJSON, authenticatorData: 'AAAA', signature: 'AAAA' }, clientExtensionResults: {} };
    const res = await postJson(c, '/sign-in/passkey', { response: garbage });
    expect(res.status).toBe(400);
    expect(Object.keys(res.json.error.fields)).toEqual(['response']);
    expect(c.signedIn).toBe(false);
    expect((await t.db.selectFrom('identitySessions').select('id').execute()).length).toBe(sessionsBefore);
  });
});

describe('access', () => {
  it('sends the signed-out to sign in, and refuses their posts', async () => {
    const c = new TestClient(t.app);
    for (const url of ['/account/security', '/account/two-factor/setup']) {
      const res = await c.get(url);
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe(`/sign-in?next=${encodeURIComponent(url)}`);
    }
    for (const url of ['/account/two-factor/setup', '/account/two-factor/disable', '/account/two-factor/recovery-codes', `/account/passkeys/${'0'.repeat(8)}-0000-7000-8000-${'0'.repeat(12)}/delete`]) {
      expect((await c.post(url, { code: '123456', password: 'whatever-it-is' })).statusCode).toBe(401);
    }
    for (const url of ['/account/passkeys/options', '/account/passkeys']) {
      const res = await postJson(c, url, { name: 'x' });
      expect(res.status).toBe(401);
      expect(res.json.error.code).toBe('unauthenticated');
    }
  });

  it('sends the second step back to sign-in when no password was accepted', async () => {
    const c = new TestClient(t.app);
    expect((await c.get('/sign-in/two-factor')).headers.location).toBe('/sign-in');
    const res = await c.post('/sign-in/two-factor', { code: '123456' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/sign-in');
  });

  it('does not let a half-signed-in session reach account pages', async () => {
    const { account } = await enrolledAccount();
    const c = await passwordOnly(account);
    expect((await c.get('/account/security')).statusCode).toBe(303);
    expect((await c.post('/account/two-factor/disable', { password: account.password })).statusCode).toBe(401);
    expect((await postJson(c, '/account/passkeys/options', { name: 'Sneaky' })).status).toBe(401);
  });

  it('refuses JSON calls without the CSRF header', async () => {
    const account = await createAccount(t.db);
    const c = await signIn(t.app, account);
    const res = await postJson(c, '/account/passkeys/options', { name: 'Phone' }, { csrf: false });
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe('csrf_invalid');
    expect((await postJson(new TestClient(t.app), '/sign-in/passkey/options', {}, { csrf: false })).status).toBe(403);
    expect(await t.db.selectFrom('identityTokens').selectAll().where('accountId', '=', account.id).execute()).toHaveLength(0);
  });
});

describe('bad input', () => {
  const variants: [string, Record<string, unknown>][] = [
    ['empty', { v: '' }],
    ['too long', { v: '1'.repeat(300) }],
    ['of the wrong type', { v: ['123456', '654321'] }],
    ['with markup', { v: '<b>12</b>' }],
  ];

  it.each(variants)('refuses an enrolment code %s, turning nothing on', async (_label, { v }) => {
    const account = await createAccount(t.db);
    const c = await signIn(t.app, account);
    await c.get('/account/two-factor/setup');
    const before = await stateOf(account.id);
    const res = await c.post('/account/two-factor/setup', { code: v as string });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('id="f-code-error"');
    expect(res.body).toContain('id="totp-secret"');
    expect(res.body.replace(/value="[^"]*"/g, '')).not.toContain('<b>12</b>');
    expect(await stateOf(account.id)).toEqual(before);
  });

  it.each(variants)('refuses a sign-in code %s, writing nothing', async (_label, { v }) => {
    const { account } = await enrolledAccount();
    const c = await passwordOnly(account);
    const before = await stateOf(account.id);
    const res = await c.post('/sign-in/two-factor', { code: v as string });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('id="f-code-error"');
    expect(res.body.replace(/value="[^"]*"/g, '')).not.toContain('<b>12</b>');
    expect(await stateOf(account.id)).toEqual(before);
  });

  it.each(variants)('refuses a recovery-codes request with a code %s, writing nothing', async (_label, { v }) => {
    const { account, c } = await enrolledAccount();
    const before = await stateOf(account.id);
    const res = await c.post('/account/two-factor/recovery-codes', { code: v as string });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('id="f-code-error"');
    expect(await stateOf(account.id)).toEqual(before);
  });

  it.each([
    ['empty', ''],
    ['too long', 'p'.repeat(257)],
    ['of the wrong type', ['a', 'b']],
    ['with markup', '<script>alert(1)</script>'],
  ] as [string, string | string[]][])('refuses a password %s when turning verification off, writing nothing', async (_label, v) => {
    const { account, c } = await enrolledAccount();
    const before = await stateOf(account.id);
    const res = await c.post('/account/two-factor/disable', { password: v });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('id="f-password-error"');
    expect(res.body).not.toContain('<script>alert(1)</script>');
    expect(await stateOf(account.id)).toEqual(before);
  });

  it.each([
    ['empty', ''],
    ['too long', 'n'.repeat(61)],
    ['of the wrong type', 42],
    ['a list', ['a', 'b']],
    ['with markup', '<img src=x onerror=alert(1)>'],
    ['missing', undefined],
  ] as [string, unknown][])('refuses a passkey name %s with 400 JSON naming it, writing nothing', async (_label, v) => {
    const account = await createAccount(t.db);
    const c = await signIn(t.app, account);
    const before = await stateOf(account.id);
    const options = await postJson(c, '/account/passkeys/options', { name: v });
    expect(options.status).toBe(400);
    expect(Object.keys(options.json.error.fields)).toContain('name');
    const register = await postJson(c, '/account/passkeys', { name: v, response: softAuthenticator().register({ challenge: 'A'.repeat(43), user: { id: 'AAAA' } }) });
    expect(register.status).toBe(400);
    expect(Object.keys(register.json.error.fields)).toEqual(['name']);
    expect(await stateOf(account.id)).toEqual(before);
  });

  it.each([
    ['missing', {}],
    ['not an object', { response: 'nope' }],
    ['of the wrong shape', { response: { id: 'AAAA', rawId: 'AAAA', type: 'public-key', response: {} } }],
    ['with markup', { response: { id: '<script>', rawId: 'AAAA', type: 'public-key', response: { clientDataJSON: 'AAAA', attestationObject: 'AAAA' }, clientExtensionResults: {} } }],
    ['too long', { response: { id: 'A'.repeat(2000), rawId: 'AAAA', type: 'public-key', response: { clientDataJSON: 'AAAA', attestationObject: 'AAAA' }, clientExtensionResults: {} } }],
  ] as [string, Record<string, unknown>][])('refuses a passkey response %s with 400 JSON naming it, storing nothing', async (_label, body) => {
    const account = await createAccount(t.db);
    const c = await signIn(t.app, account);
    await postJson(c, '/account/passkeys/options', { name: 'Phone' });
    const before = await stateOf(account.id);
    const res = await postJson(c, '/account/passkeys', { name: 'Phone', ...body });
    expect(res.status).toBe(400);
    expect(Object.keys(res.json.error.fields).every((k) => k.startsWith('response'))).toBe(true);
    expect(await stateOf(account.id)).toEqual(before);

    const signInRes = await postJson(new TestClient(t.app), '/sign-in/passkey', body);
    expect(signInRes.status).toBe(400);
    expect(Object.keys(signInRes.json.error.fields).every((k) => k.startsWith('response'))).toBe(true);
  });

  it('refuses a passkey id that is not an id', async () => {
    const c = await signIn(t.app, await createAccount(t.db));
    expect((await c.post('/account/passkeys/not-an-id/delete')).statusCode).toBe(400);
  });
});

describe('the audit log', () => {
  it('never holds a secret or a code', async () => {
    expect(secretsSeen.length).toBeGreaterThan(20);
    const rows = await t.db.selectFrom('auditEvents').selectAll().execute();
    const text = JSON.stringify(rows).toLowerCase();
    for (const s of secretsSeen) expect(text).not.toContain(s.toLowerCase());
    for (const r of rows.filter((x) => x.action.startsWith('auth.'))) {
      expect(Object.keys(r.data).every((k) => ['method', 'reason', 'count', 'name'].includes(k))).toBe(true);
    }
  });
});

describe('session token after the second factor', () => {
  it('is replaced, so the half-signed-in token no longer works', async () => {
    const { account, c, secret } = await enrolledAccount();
    await c.post('/sign-out');
    const pending = await passwordOnly(account);
    const halfToken = pending.cookies.get('foyer_session')!;
    const res = await pending.post('/sign-in/two-factor', { code: await codeNow(secret) });
    expect(res.statusCode).toBe(303);
    const fullToken = pending.cookies.get('foyer_session')!;
    expect(fullToken).not.toBe(halfToken);
    expect((await pending.get('/account/security')).statusCode).toBe(200);
    const stale = new TestClient(t.app);
    stale.cookies.set('foyer_session', halfToken);
    expect((await stale.get('/account/security')).statusCode).toBe(303);
  });
});
