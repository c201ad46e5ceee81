import { z } from 'zod';

/**
 * The only reader of process.env. Parsed once at start-up; a bad value stops the
 * process with one line per variable (see main.ts).
 */

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const port = z.coerce
  .number({ error: 'expected a number' })
  .int('expected a whole number')
  .min(0, 'expected a port between 0 and 65535')
  .max(65535, 'expected a port between 0 and 65535');

const RawEnv = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: port.default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: z
    .url({ protocol: /^postgres(ql)?$/, error: 'expected a postgres:// URL' })
    .optional(),
  REDIS_URL: z.url({ protocol: /^rediss?$/, error: 'expected a redis:// URL' }).optional(),
  FOYER_DATA_DIR: z.string().min(1).default('./data'),
  FOYER_PUBLIC_URL: z.url({ protocol: /^https?$/, error: 'expected an http(s):// URL' }).optional(),
  FOYER_SECRET: z.string().min(32, 'expected at least 32 characters').optional(),
  FOYER_SMTP_URL: z.url({ protocol: /^smtps?$/, error: 'expected an smtp:// or smtps:// URL' }).optional(),
  FOYER_MAIL_FROM: z.string().min(3).default('Foyer <no-reply@foyer.localhost>'),
  FOYER_COOKIE_SECURE: bool.optional(),
  FOYER_SEED_DEMO: bool.optional(),
  FOYER_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  FOYER_JOBS_POLL_MS: z.coerce.number({ error: 'expected a number' }).int().min(10).max(60_000).default(500),
  FOYER_TRUST_PROXY: bool.default(false),
  FOYER_STRIPE_SECRET_KEY: z.string().regex(/^(sk|rk)_(test|live)_[A-Za-z0-9]+$/, 'expected a Stripe secret key (sk_test_… or sk_live_…)').optional(),
  FOYER_STRIPE_WEBHOOK_SECRET: z.string().regex(/^whsec_[A-Za-z0-9]+$/, 'expected a Stripe webhook signing secret (whsec_…)').optional(),
  FOYER_STRIPE_API_URL: z.url({ protocol: /^https?$/, error: 'expected an http(s):// URL' }).optional(),
  FOYER_STRIPE_PUBLISHABLE_KEY: z.string().regex(/^pk_(test|live)_[A-Za-z0-9]+$/, 'expected a Stripe publishable key (pk_test_… or pk_live_…)').optional(),
  FOYER_TWILIO_API_BASE_URL: z.url({ protocol: /^https?$/, error: 'expected an http(s):// URL' }).optional(),
});

export type Config = {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  databaseUrl: string | undefined;
  redisUrl: string | undefined;
  dataDir: string;
  publicUrl: URL;
  secret: string;
  smtpUrl: string | undefined;
  mailFrom: string;
  cookieSecure: boolean;
  seedDemo: boolean;
  logLevel: z.infer<typeof RawEnv>['FOYER_LOG_LEVEL'];
  jobsPollMs: number;
  trustProxy: boolean;
  /** Stripe for online gifts; when absent the test gateway ("TEST — no money moves") is used, never in production. */
  stripe: { secretKey: string; webhookSecret: string; publishableKey: string | undefined; apiUrl: URL | undefined } | undefined;
  /** Where Twilio's REST API is reached; unset means Twilio itself (set for a local stand-in or an egress proxy). */
  twilioApiBaseUrl: URL | undefined;
};

export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(readonly lines: string[]) {
    super(lines.join('\n'));
  }
}

const DEV_SECRET = 'foyer-development-secret-not-for-production-use';

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // Empty strings count as unset, as shells and .env files often leave them so.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = RawEnv.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? 'environment');
      const got = cleaned[name];
      return got === undefined || /SECRET|URL|KEY/.test(name)
        ? `${name}: ${issue.message}`
        : `${name}: ${issue.message}, got ${JSON.stringify(got)}`;
    });
    throw new ConfigError(lines);
  }
  const raw = parsed.data;
  const production = raw.NODE_ENV === 'production';
  const lines: string[] = [];
  if (production && !raw.FOYER_SECRET) lines.push('FOYER_SECRET: required when NODE_ENV=production');
  if (production && !raw.FOYER_PUBLIC_URL) lines.push('FOYER_PUBLIC_URL: required when NODE_ENV=production');
  if (production && raw.FOYER_SEED_DEMO) lines.push('FOYER_SEED_DEMO: demo data is refused when NODE_ENV=production');
  const stripeSet = [raw.FOYER_STRIPE_SECRET_KEY, raw.FOYER_STRIPE_WEBHOOK_SECRET].filter(Boolean).length;
  if (stripeSet === 1) lines.push(raw.FOYER_STRIPE_SECRET_KEY ? 'FOYER_STRIPE_WEBHOOK_SECRET: required when FOYER_STRIPE_SECRET_KEY is set' : 'FOYER_STRIPE_SECRET_KEY: required when FOYER_STRIPE_WEBHOOK_SECRET is set');
  if (production && stripeSet === 0) lines.push('FOYER_STRIPE_SECRET_KEY: required when NODE_ENV=production (the test gateway is refused in production)');
  if (lines.length > 0) throw new ConfigError(lines);

  const publicUrl = new URL(raw.FOYER_PUBLIC_URL ?? `http://localhost:${raw.PORT}`);
  return {
    env: raw.NODE_ENV,
    port: raw.PORT,
    host: raw.HOST,
    databaseUrl: raw.DATABASE_URL,
    redisUrl: raw.REDIS_URL,
    dataDir: raw.FOYER_DATA_DIR,
    publicUrl,
    secret: raw.FOYER_SECRET ?? DEV_SECRET,
    smtpUrl: raw.FOYER_SMTP_URL,
    mailFrom: raw.FOYER_MAIL_FROM,
    // Browsers drop Secure cookies sent over plain http, so they follow the public URL's scheme.
    cookieSecure: raw.FOYER_COOKIE_SECURE ?? publicUrl.protocol === 'https:',
    seedDemo: raw.FOYER_SEED_DEMO ?? (raw.NODE_ENV === 'development'),
    logLevel: raw.FOYER_LOG_LEVEL,
    jobsPollMs: raw.FOYER_JOBS_POLL_MS,
    trustProxy: raw.FOYER_TRUST_PROXY,
    stripe:
      raw.FOYER_STRIPE_SECRET_KEY && raw.FOYER_STRIPE_WEBHOOK_SECRET
        ? { secretKey: raw.FOYER_STRIPE_SECRET_KEY, webhookSecret: raw.FOYER_STRIPE_WEBHOOK_SECRET, publishableKey: raw.FOYER_STRIPE_PUBLISHABLE_KEY, apiUrl: raw.FOYER_STRIPE_API_URL ? new URL(raw.FOYER_STRIPE_API_URL) : undefined }
        : undefined,
    twilioApiBaseUrl: raw.FOYER_TWILIO_API_BASE_URL ? new URL(raw.FOYER_TWILIO_API_BASE_URL) : undefined,
  };
}
