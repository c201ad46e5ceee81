import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../test/support/build-test-app.js';
import { TestClient } from '../../../../test/support/client.js';
import { createAccount } from '../../../../test/support/factories/identity.js';
import { linkIn } from '../../../../test/support/smtp-inbox.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

const countAccounts = async () => Number((await t.db.selectFrom('identityAccounts').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

describe('sign-up, e-mail verification, sign-in, sign-out', () => {
  it('walks the newcomer path through real mail', async () => {
    const c = new TestClient(t.app);
    const page = await c.get('/sign-up');
    expect(page.statusCode).toBe(200);
    const res = await c.post('/sign-up', { displayName: 'Rosalie Tremblay', email: 'Rosalie@Example.ca', password: 'quiet-river-lantern-88' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toMatch(/^\/sign-up\/check-email/);

    // Not verified yet: sign-in is refused, naming the e-mail field.
    const early = await c.post('/sign-in', { email: 'rosalie@example.ca', password: 'quiet-river-lantern-88' });
    expect(early.statusCode).toBe(400);
    expect(early.body).toContain('id="f-email-error"');

    await t.worker.drain();
    const mail = await t.inbox.waitFor('rosalie@example.ca');
    const link = new URL(linkIn(mail, '/verify-email'));
    const verified = await c.get(link.pathname + link.search);
    expect(verified.statusCode).toBe(200);
    const reused = await c.get(link.pathname + link.search);
    expect(reused.statusCode).toBe(400);

    const signedIn = await c.post('/sign-in', { email: 'rosalie@example.ca', password: 'quiet-river-lantern-88' });
    expect(signedIn.statusCode).toBe(303);
    expect(c.signedIn).toBe(true);
    const home = await c.get('/');
    expect(home.body).toContain('Rosalie Tremblay');

    const audit = await t.db.selectFrom('auditEvents').select('action').execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['account.created', 'account.email_verified', 'auth.signed_in']));

    const out = await c.post('/sign-out');
    expect(out.statusCode).toBe(303);
    expect(c.signedIn).toBe(false);
    expect((await c.get('/')).body).not.toContain('Rosalie Tremblay');
  });

  it('does not reveal that an address already has an account', async () => {
    const existing = await createAccount(t.db, { email: 'taken@example.ca' });
    const before = await countAccounts();
    const c = new TestClient(t.app);
    const res = await c.post('/sign-up', { displayName: 'Someone', email: existing.email, password: 'quiet-river-lantern-88' });
    expect(res.statusCode).toBe(303);
    expect(await countAccounts()).toBe(before);
    await t.worker.drain();
    const mail = await t.inbox.waitFor('taken@example.ca');
    expect(mail.subject).toMatch(/already/i);
  });

  it.each([
    ['empty', { displayName: '', email: '', password: '' }, ['displayName', 'email', 'password']],
    ['too long', { displayName: 'x'.repeat(81), email: `${'a'.repeat(250)}@example.ca`, password: 'p'.repeat(257) }, ['displayName', 'email', 'password']],
    ['markup', { displayName: '<script>alert(1)</script>', email: 'not-an-email', password: 'quiet-river-lantern-88' }, ['displayName', 'email']],
    ['wrong types', { displayName: ['a', 'b'], email: ['x@example.ca', 'y@example.ca'], password: ['1', '2'] }, ['displayName', 'email', 'password']],
  ])('refuses %s input with 400 naming each field, writing nothing', async (_label, form, fields) => {
    const before = await countAccounts();
    const c = new TestClient(t.app);
    const res = await c.post('/sign-up', form as Record<string, string>);
    expect(res.statusCode).toBe(400);
    for (const f of fields) expect(res.body).toContain(`id="f-${f}-error"`);
    // Echoed input stays inside a quoted attribute; nowhere is it live markup.
    expect(res.body.replace(/value="[^"]*"/g, '')).not.toContain('<script>alert(1)</script>');
    expect(await countAccounts()).toBe(before);
  });

  it.each(['password123', 'Password1!', 'qwertyuiop12', 'short'])('refuses the weak password %s with a reason', async (password) => {
    const c = new TestClient(t.app);
    const res = await c.post('/sign-up', { displayName: 'Weak', email: 'weak@example.ca', password });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('id="f-password-error"');
    expect(res.body).toMatch(/common|easy to guess|at least 10/);
  });

  it('refuses a form post without its CSRF token', async () => {
    const c = new TestClient(t.app);
    await c.get('/');
    const res = await c.post('/sign-up', { displayName: 'No Token', email: 'no-token@example.ca', password: 'quiet-river-lantern-88' }, { csrf: false });
    expect(res.statusCode).toBe(403);
    expect(await t.db.selectFrom('identityAccounts').where('email', '=', 'no-token@example.ca').selectAll().execute()).toHaveLength(0);
  });

  it('refuses a wrong password and records the failure', async () => {
    const a = await createAccount(t.db);
    const c = new TestClient(t.app);
    const res = await c.post('/sign-in', { email: a.email, password: 'not-the-right-one-at-all' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('id="f-password-error"');
    expect(c.signedIn).toBe(false);
    const failures = await t.db.selectFrom('auditEvents').selectAll().where('action', '=', 'auth.sign_in_failed').where('actorAccountId', '=', a.id).execute();
    expect(failures).toHaveLength(1);
    expect(JSON.stringify(failures[0]!.data)).not.toContain('not-the-right-one');
  });

  it('resets a forgotten password through the mailed link, ending other sessions', async () => {
    const a = await createAccount(t.db, { email: 'forgetful@example.ca' });
    const other = new TestClient(t.app);
    await other.post('/sign-in', { email: a.email, password: a.password });
    expect(other.signedIn).toBe(true);

    const c = new TestClient(t.app);
    expect((await c.post('/password/forgot', { email: a.email })).statusCode).toBe(200);
    await t.worker.drain();
    const link = new URL(linkIn(await t.inbox.waitFor(a.email, (m) => /reset/i.test(m.subject)), '/password/reset'));
    const token = link.searchParams.get('token')!;
    expect((await c.get(link.pathname + link.search)).statusCode).toBe(200);
    const weak = await c.post('/password/reset', { token, password: 'password123' });
    expect(weak.statusCode).toBe(400);
    const ok = await c.post('/password/reset', { token, password: 'copper-kettle-meadow-51' });
    expect(ok.statusCode).toBe(303);
    expect((await c.post('/sign-in', { email: a.email, password: 'copper-kettle-meadow-51' })).statusCode).toBe(303);
    // The other browser's session ended with the reset.
    expect((await other.get('/')).body).not.toContain('action="/sign-out"');
  });

  it('rate-limits the sign-in endpoint', async () => {
    const limited = await buildTestApp({ authRateLimit: 3 });
    try {
      const c = new TestClient(limited.app);
      const codes: number[] = [];
      for (let i = 0; i < 5; i++) codes.push((await c.post('/sign-in', { email: 'x@example.ca', password: 'whatever-password' })).statusCode);
      expect(codes.slice(0, 3)).toEqual([400, 400, 400]);
      expect(codes[4]).toBe(429);
    } finally {
      await limited.close();
    }
  });
});
