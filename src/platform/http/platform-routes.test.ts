import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/support/build-test-app.js';
import { registerAccessControl } from './access.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

describe('platform routes', () => {
  it('answers /healthz without touching anything else', async () => {
    const res = await t.app.inject('/healthz');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('answers /readyz when the database answers', async () => {
    const res = await t.app.inject('/readyz');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ready' });
  });

  it('sends security headers and a CSP that allows no inline script or style', async () => {
    const res = await t.app.inject('/');
    expect(res.statusCode).toBe(200);
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('serves the stylesheet and the browser helpers from /assets/', async () => {
    const css = await t.app.inject('/assets/app.css');
    expect(css.statusCode).toBe(200);
    expect(css.headers['content-type']).toMatch(/^text\/css/);
    const js = await t.app.inject('/assets/vendor/simplewebauthn-browser.js');
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-type']).toMatch(/^text\/javascript/);
  });

  it('answers an unknown address with the HTML not-found page', async () => {
    const res = await t.app.inject('/no/such/page');
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toMatch(/^<!doctype html>/);
    expect(res.body.match(/<h1[ >]/g)).toHaveLength(1);
  });

  it('hides the development mailbox outside development', async () => {
    const res = await t.app.inject('/dev/mail');
    expect(res.statusCode).toBe(404);
  });

  it('answers /readyz with 503 once shutting down, while /healthz stays up', async () => {
    t.shutdown();
    const res = await t.app.inject('/readyz');
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({ status: 'shutting_down' });
    expect((await t.app.inject('/healthz')).statusCode).toBe(200);
  });
});

describe('the development mailbox', () => {
  it('lists stored mail in development', { timeout: 60_000 }, async () => {
    const dev = await buildTestApp({ env: { NODE_ENV: 'development', FOYER_SMTP_URL: '' } });
    try {
      const res = await dev.app.inject('/dev/mail');
      expect(res.statusCode).toBe(200);
      expect(res.body.match(/<h1[ >]/g)).toHaveLength(1);
    } finally {
      await dev.close();
    }
  });
});

describe('route access modes', () => {
  it('refuses to boot when a route declares no access mode', async () => {
    const app = Fastify({ logger: false });
    registerAccessControl(app, { devRoutes: false });
    const boot = async () => {
      await app.register(async (scope) => {
        scope.get('/forgot-to-say', async () => 'open?');
      });
      await app.ready();
    };
    await expect(boot()).rejects.toThrow('Route GET /forgot-to-say declares no config.access');
    await app.close().catch(() => undefined);
  });

  it('boots when every route declares one', async () => {
    const app = Fastify({ logger: false });
    registerAccessControl(app, { devRoutes: false });
    app.get('/fine', { config: { access: 'public' } }, async () => 'ok');
    await app.ready();
    expect((await app.inject('/fine')).body).toBe('ok');
    await app.close();
  });
});
