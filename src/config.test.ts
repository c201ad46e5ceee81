import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

function errorLines(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.lines;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

const STRIPE = { FOYER_STRIPE_SECRET_KEY: 'sk_live_abc123', FOYER_STRIPE_WEBHOOK_SECRET: 'whsec_abc123' };
const PRODUCTION = { NODE_ENV: 'production', FOYER_SECRET: 'x'.repeat(40), FOYER_PUBLIC_URL: 'https://foyer.example.ca', ...STRIPE };

describe('loadConfig', () => {
  it('gives working defaults for development with an empty environment', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      env: 'development',
      port: 3000,
      host: '0.0.0.0',
      databaseUrl: undefined,
      redisUrl: undefined,
      dataDir: './data',
      smtpUrl: undefined,
      mailFrom: 'Foyer <no-reply@foyer.localhost>',
      seedDemo: true,
      logLevel: 'info',
      jobsPollMs: 500,
      trustProxy: false,
    });
    expect(c.publicUrl.href).toBe('http://localhost:3000/');
    expect(c.secret.length).toBeGreaterThanOrEqual(32);
  });

  it('treats empty strings as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '' })).toMatchObject({ port: 3000, databaseUrl: undefined });
  });

  it('reads every variable it knows', () => {
    const c = loadConfig({
      NODE_ENV: 'test',
      PORT: '8080',
      HOST: '127.0.0.1',
      DATABASE_URL: 'postgres://u@db:5432/foyer',
      REDIS_URL: 'redis://cache:6379',
      FOYER_DATA_DIR: '/var/lib/foyer',
      FOYER_PUBLIC_URL: 'https://foyer.example.ca',
      FOYER_SECRET: 's'.repeat(32),
      FOYER_SMTP_URL: 'smtp://mail:25',
      FOYER_MAIL_FROM: 'Hospital <news@example.ca>',
      FOYER_COOKIE_SECURE: 'false',
      FOYER_SEED_DEMO: 'yes',
      FOYER_LOG_LEVEL: 'warn',
      FOYER_JOBS_POLL_MS: '250',
      FOYER_TRUST_PROXY: '1',
    });
    expect(c).toMatchObject({
      env: 'test',
      port: 8080,
      host: '127.0.0.1',
      databaseUrl: 'postgres://u@db:5432/foyer',
      redisUrl: 'redis://cache:6379',
      dataDir: '/var/lib/foyer',
      secret: 's'.repeat(32),
      smtpUrl: 'smtp://mail:25',
      mailFrom: 'Hospital <news@example.ca>',
      cookieSecure: false,
      seedDemo: true,
      logLevel: 'warn',
      jobsPollMs: 250,
      trustProxy: true,
    });
    expect(c.publicUrl.origin).toBe('https://foyer.example.ca');
  });

  it('does not seed demo data outside development unless asked', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).seedDemo).toBe(false);
    expect(loadConfig(PRODUCTION).seedDemo).toBe(false);
  });

  it.each([
    ['NODE_ENV', 'staging'],
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['PORT', '80.5'],
    ['DATABASE_URL', 'mysql://db/foyer'],
    ['REDIS_URL', 'http://cache'],
    ['FOYER_PUBLIC_URL', 'ftp://foyer.example.ca'],
    ['FOYER_SECRET', 'too-short'],
    ['FOYER_SMTP_URL', 'http://mail'],
    ['FOYER_MAIL_FROM', 'x'],
    ['FOYER_COOKIE_SECURE', 'maybe'],
    ['FOYER_SEED_DEMO', 'sure'],
    ['FOYER_LOG_LEVEL', 'loud'],
    ['FOYER_JOBS_POLL_MS', '1'],
    ['FOYER_TRUST_PROXY', 'perhaps'],
  ])('refuses a bad %s (%j) with one line naming it', (name, value) => {
    const lines = errorLines({ [name]: value });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^${name}: `));
  });

  it('names every bad variable, one line each', () => {
    const lines = errorLines({ PORT: 'abc', FOYER_LOG_LEVEL: 'loud', DATABASE_URL: 'nope' });
    expect(lines.map((l) => l.split(':')[0]).sort()).toEqual(['DATABASE_URL', 'FOYER_LOG_LEVEL', 'PORT']);
    expect(lines.find((l) => l.startsWith('PORT'))).toBe('PORT: expected a number, got "abc"');
  });

  it('never echoes a secret or a URL that may hold a password', () => {
    const lines = errorLines({ FOYER_SECRET: 'hunter2-short', DATABASE_URL: 'mysql://user:pa55word@db/x' });
    expect(lines.join('\n')).not.toContain('hunter2');
    expect(lines.join('\n')).not.toContain('pa55word');
  });

  it('requires FOYER_SECRET and FOYER_PUBLIC_URL in production', () => {
    expect(errorLines({ NODE_ENV: 'production', ...STRIPE }).map((l) => l.split(':')[0]).sort()).toEqual(['FOYER_PUBLIC_URL', 'FOYER_SECRET']);
    expect(errorLines({ ...PRODUCTION, FOYER_SECRET: '' })).toEqual(['FOYER_SECRET: required when NODE_ENV=production']);
    const c = loadConfig(PRODUCTION);
    expect(c.env).toBe('production');
    expect(c.cookieSecure).toBe(true);
  });

  it('refuses demo data in production', () => {
    const lines = errorLines({ ...PRODUCTION, FOYER_SEED_DEMO: 'true' });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^FOYER_SEED_DEMO: /);
    expect(loadConfig({ ...PRODUCTION, FOYER_SEED_DEMO: 'false' }).seedDemo).toBe(false);
  });

  it('uses the test gateway without Stripe keys, and refuses it in production', () => {
    expect(loadConfig({}).stripe).toBeUndefined();
    expect(loadConfig({ ...STRIPE, FOYER_STRIPE_PUBLISHABLE_KEY: 'pk_live_x1' }).stripe).toEqual({ secretKey: 'sk_live_abc123', webhookSecret: 'whsec_abc123', publishableKey: 'pk_live_x1', apiUrl: undefined });
    const { FOYER_STRIPE_SECRET_KEY: _s, FOYER_STRIPE_WEBHOOK_SECRET: _w, ...noStripe } = PRODUCTION;
    expect(errorLines(noStripe)).toEqual([expect.stringMatching(/^FOYER_STRIPE_SECRET_KEY: required when NODE_ENV=production/)]);
  });

  it('checks the shape of Stripe keys and wants both secrets together, never echoing them', () => {
    expect(errorLines({ FOYER_STRIPE_SECRET_KEY: 'sk_test_abc' })).toEqual(['FOYER_STRIPE_WEBHOOK_SECRET: required when FOYER_STRIPE_SECRET_KEY is set']);
    const lines = errorLines({ FOYER_STRIPE_SECRET_KEY: 'hunter2', FOYER_STRIPE_WEBHOOK_SECRET: 'nope', FOYER_STRIPE_PUBLISHABLE_KEY: 'sk_test_x' });
    expect(lines.map((l) => l.split(':')[0]).sort()).toEqual(['FOYER_STRIPE_PUBLISHABLE_KEY', 'FOYER_STRIPE_SECRET_KEY', 'FOYER_STRIPE_WEBHOOK_SECRET']);
    expect(lines.join('\n')).not.toContain('hunter2');
    expect(lines.join('\n')).not.toContain('sk_test_x');
  });
});
