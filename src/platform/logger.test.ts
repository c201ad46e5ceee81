import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type BuiltApp } from '../app.js';
import { loadConfig } from '../config.js';
import { TestClient } from '../../test/support/client.js';
import { createAccount, TEST_PASSWORD } from '../../test/support/factories/identity.js';
import { createTestDb } from '../../test/support/test-db.js';
import type { DbHandle } from './db/create-db.js';
import { loggerOptions, redactUrl } from './logger.js';

describe('redactUrl', () => {
  it('hides query values that may be credentials and keeps the rest', () => {
    expect(redactUrl('/verify-email?token=abc123&next=%2Fhome')).toBe('/verify-email?token=%5Bredacted%5D&next=%2Fhome');
    expect(redactUrl('/x?_csrf=t1&code=42&apiKey=k&signature=s&otp=1&password=p')).not.toMatch(/t1|=42|=k&|=s&|otp=1|=p$/);
    expect(redactUrl('/plain/path')).toBe('/plain/path');
    expect(redactUrl('/search?q=maple')).toBe('/search?q=maple');
  });
});

describe('request logging', () => {
  let built: BuiltApp;
  let handle: DbHandle;
  let logged = '';
  beforeAll(async () => {
    handle = await createTestDb();
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logged += chunk.toString();
        done();
      },
    });
    const config = loadConfig({ NODE_ENV: 'test', FOYER_SECRET: 'log-test-secret-log-test-secret-0123456789', FOYER_PUBLIC_URL: 'http://localhost:3000' });
    built = await buildApp({ config, db: handle.db, logger: { ...(loggerOptions('trace') as object), stream }, authRateLimit: 1000 });
    await built.app.ready();
  });
  afterAll(async () => {
    await built.app.close();
    await handle.close();
  });

  it('writes no password, session cookie, CSRF token or URL token', async () => {
    const account = await createAccount(handle.db);
    const client = new TestClient(built.app);
    const csrf = await client.csrfToken();
    const wrong = await client.post('/sign-in', { email: account.email, password: 'wrong-Password-typed-here-99' });
    expect(wrong.statusCode).toBe(400);
    const res = await client.post('/sign-in', { email: account.email, password: TEST_PASSWORD });
    expect(res.statusCode).toBe(303);
    const session = client.cookies.get('foyer_session')!;
    expect(session).toBeTruthy();
    expect((await client.get('/')).statusCode).toBe(200);
    await client.get('/verify-email?token=very-secret-mailed-token-123');

    expect(logged).toContain('/sign-in');
    expect(logged).toContain('/verify-email?token=%5Bredacted%5D');
    for (const secret of [TEST_PASSWORD, 'wrong-Password-typed-here-99', session, csrf, 'very-secret-mailed-token-123']) {
      expect(logged).not.toContain(secret);
    }
    for (const part of session.split('.').filter((p) => p.length >= 16)) expect(logged).not.toContain(part);
  });

  it('redacts credentials that code passes to the logger by mistake', () => {
    built.app.log.warn(
      { body: { email: 'a@example.ca', password: 'body-password-1', totpSecret: 'JBSWY3DPEHPK3PXP' } },
      'probe',
    );
    const line = logged.trim().split('\n').at(-1)!;
    expect(line).toContain('a@example.ca');
    expect(line).not.toContain('body-password-1');
    expect(line).not.toContain('JBSWY3DPEHPK3PXP');
  });
});
