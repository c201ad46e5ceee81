import accepts from '@fastify/accepts';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { Redis } from 'ioredis';
import type { Config } from './config.js';
import type { Db } from './platform/db/types.js';
import { registerAccessControl, type RouteEntry } from './platform/http/access.js';
import { apiSurface } from './platform/http/api-surface.js';
import { registerCsrf } from './platform/http/csrf.js';
import { registerSecurityHeaders } from './platform/http/security-headers.js';
import { createPageCache, invalidatingDb, type PageCache } from './platform/http/page-cache.js';
import { htmlSurface } from './platform/http/html-surface.js';
import { platformHtmlRoutes, PUBLIC_DIR } from './platform/http/platform-routes.js';
import { registerRequestContext } from './platform/http/request-context.js';
import { createI18n } from './platform/i18n/i18n.js';
import { createWorker, type Worker } from './platform/jobs/queue.js';
import { createRequestRate } from './platform/http/request-rate.js';
import { loggerOptions } from './platform/logger.js';
import { createMailer, type Mailer } from './platform/mail/mailer.js';
import { createIdentityModule, createSealer } from './modules/identity/index.js';
import { createBlogModule } from './modules/blog/index.js';
import { createFundraisingModule, type FundraisingModule } from './modules/fundraising/index.js';
import { createReceiptingModule, type ReceiptingModule } from './modules/receipting/index.js';
import { createTextGivingModule, createTwilioGateway, liveTotalsUrl } from './modules/text-giving/index.js';
import { createCommunityModule } from './modules/community/index.js';

export type AppDeps = {
  config: Config;
  db: Db;
  /** Pass false in tests to keep the output quiet. */
  logger?: FastifyServerOptions['logger'];
  /** Sign-in, sign-up and other auth endpoints: requests per minute per client. */
  authRateLimit?: number;
};

export type BuiltApp = {
  app: FastifyInstance;
  /** The app's own database handle: a write through it to content that public pages show drops the cached pages. */
  db: Db;
  pageCache: PageCache;
  /** The receipting service, for other modules and tests. */
  receipting: ReceiptingModule['service'];
  /** The fundraising service (campaigns, text gifts), for other modules and tests. */
  fundraising: FundraisingModule['service'];
  worker: Worker;
  mailer: Mailer;
  routes: RouteEntry[];
  shutdown(): void;
  /** Modules' start-up work that needs the migrated database (queueing recurring jobs); idempotent. */
  startup(): Promise<void>;
};

/** The composition root: builds platform services and modules, and registers their routes. Never listens. */
/**
 * Requests a second above which the job worker gives way to answering them: a telethon's normal
 * peak (tens of texts a second) is processed at once, a surge's texts are stored first and
 * worked through at a fifth of the worker's pace until it passes.
 */
const JOBS_GIVE_WAY_ABOVE_REQUESTS_PER_SECOND = 200;

export async function buildApp(deps: AppDeps): Promise<BuiltApp> {
  const { config } = deps;
  const pageCache = createPageCache({ redisUrl: config.redisUrl });
  const db = invalidatingDb(deps.db, pageCache);
  let shuttingDown = false;
  const app = Fastify({
    logger: deps.logger ?? loggerOptions(config.logLevel),
    trustProxy: config.trustProxy,
    bodyLimit: 1024 * 1024,
    requestIdHeader: false,
    genReqId: () => crypto.randomUUID(),
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const i18n = await createI18n();
  const mailer = createMailer({ db, smtpUrl: config.smtpUrl, from: config.mailFrom });
  const sealer = createSealer(config.secret);
  const identity = createIdentityModule({ db, config, mailer, i18n, sealer, authRateLimit: deps.authRateLimit ?? 10 });

  const blog = createBlogModule({ db, config, mailer, i18n, pageCache });
  const receipting = createReceiptingModule({ db, config, mailer, i18n, sealer });
  const fundraising = createFundraisingModule({ db, config, mailer, i18n, receipting: receipting.service, liveTotals: { url: liveTotalsUrl } });
  const community = createCommunityModule({ db, config, mailer, i18n });
  const textGiving = createTextGivingModule({ db, config, i18n, sealer, twilio: createTwilioGateway({ apiBaseUrl: config.twilioApiBaseUrl }), campaigns: fundraising.service, log: app.log });

  const requestRate = createRequestRate(JOBS_GIVE_WAY_ABOVE_REQUESTS_PER_SECOND);
  app.addHook('onRequest', (_request, _reply, done) => {
    requestRate.hit();
    done();
  });
  const worker = createWorker({
    db,
    handlers: { ...mailer.jobs, ...identity.jobs, ...blog.jobs, ...receipting.jobs, ...fundraising.jobs, ...textGiving.jobs, ...community.jobs },
    pollMs: config.jobsPollMs,
    log: app.log,
    busy: requestRate.busy,
  });

  await app.register(cookie, { secret: config.secret });
  await app.register(formbody);
  await app.register(accepts);
  await app.register(multipart, { limits: { fileSize: 5 * 1024 * 1024, files: 1, fields: 20 } });
  registerSecurityHeaders(app, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        ...(config.publicUrl.protocol === 'https:' ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    strictTransportSecurity: config.publicUrl.protocol === 'https:' ? { maxAge: 31536000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    crossOriginEmbedderPolicy: false,
  });
  await app.register(rateLimit, {
    global: false,
    ...(config.redisUrl ? { redis: new Redis(config.redisUrl, { lazyConnect: false, maxRetriesPerRequest: 1 }) } : {}),
    errorResponseBuilder: (_request, context) => Object.assign(new Error('rate_limited'), { statusCode: context.statusCode }),
  });
  await app.register(fastifyStatic, { root: `${PUBLIC_DIR}/assets`, prefix: '/assets/', decorateReply: false, maxAge: '1h', serve: true, allowedPath: () => true });

  const routes = registerAccessControl(app, { devRoutes: config.env === 'development' });
  registerRequestContext(app, { i18n, resolveSession: identity.resolveSession, secureCookies: config.cookieSecure, devMail: config.env === 'development' && !config.smtpUrl });
  registerCsrf(app, { secure: config.cookieSecure });

  await app.register(
    htmlSurface([
      platformHtmlRoutes({ db, mailer, isShuttingDown: () => shuttingDown }),
      ...identity.htmlRoutes,
      ...blog.htmlRoutes,
      ...receipting.htmlRoutes,
      ...fundraising.htmlRoutes,
      ...textGiving.htmlRoutes,
      ...community.htmlRoutes,
    ]),
  );
  await app.register(apiSurface([...identity.apiRoutes, ...blog.apiRoutes, ...receipting.apiRoutes, ...fundraising.apiRoutes, ...textGiving.apiRoutes, ...community.apiRoutes]), { prefix: '/api/v1' });

  app.addHook('onClose', async () => {
    await worker.stop();
    mailer.close();
    await pageCache.close();
  });
  return { app, db, pageCache, worker, mailer, receipting: receipting.service, fundraising: fundraising.service, routes, shutdown: () => (shuttingDown = true), startup: () => blog.startup() };
}
