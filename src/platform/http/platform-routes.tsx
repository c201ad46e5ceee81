import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { z } from 'zod';
import type { Db } from '../db/types.js';
import type { Mailer } from '../mail/mailer.js';
import { getObject } from '../storage/storage.js';
import { Layout } from '../views/layout.js';
import { NotFoundError } from './errors.js';

/** The folder holding package.json, whether this file runs from src/ (tsx) or dist/src/ (build). */
function projectRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`No package.json above ${from}`);
  }
}
export const PUBLIC_DIR = path.join(projectRoot(path.dirname(fileURLToPath(import.meta.url))), 'public');
const require = createRequire(import.meta.url);

/** Health, readiness, media, and the development mailbox. */
export function platformHtmlRoutes(deps: { db: Db; mailer: Mailer; isShuttingDown: () => boolean }) {
  const webauthnBrowser = readFileSync(path.resolve(path.dirname(require.resolve('@simplewebauthn/browser')), '../dist/bundle/index.umd.min.js'), 'utf8');
  return async (app: FastifyInstance) => {
    app.get('/healthz', { config: { access: 'public' } }, async () => ({ status: 'ok' }));
    app.get('/readyz', { config: { access: 'public' } }, async (_request, reply) => {
      if (deps.isShuttingDown()) return reply.code(503).send({ status: 'shutting_down' });
      try {
        await sql`select 1`.execute(deps.db);
        return { status: 'ready' };
      } catch {
        return reply.code(503).send({ status: 'database_unavailable' });
      }
    });

    app.get('/assets/vendor/simplewebauthn-browser.js', { config: { access: 'public' } }, async (_request, reply) =>
      reply.type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=86400').send(webauthnBrowser),
    );

    app.get('/media/:id', { config: { access: 'public' }, schema: { params: z.object({ id: z.uuid() }) } }, async (request, reply) => {
      const object = await getObject(deps.db, (request.params as { id: string }).id);
      if (!object || object.private) throw new NotFoundError();
      return reply
        .type(object.contentType)
        .header('cache-control', 'public, max-age=31536000, immutable')
        .header('x-content-type-options', 'nosniff')
        .send(object.data);
    });

    app.get('/dev/mail', { config: { access: 'dev-only' } }, async (request, reply) => {
      const messages = await deps.mailer.listStored();
      const ctx = request.viewCtx();
      const t = ctx.t;
      return reply.page(
        <Layout ctx={ctx} title={t('devMail.title')}>
          <h1 safe>{t('devMail.title')}</h1>
          <p class="hint" safe>{t('devMail.lead')}</p>
          {messages.length === 0 ? <p safe>{t('devMail.empty')}</p> : ''}
          {messages.map((m) => (
            <article class="card mail">
              <h2 safe>{m.subject}</h2>
              <p class="hint" safe>{`${t('devMail.to')}: ${m.toAddress} · ${ctx.fmt.dateTime(m.createdAt)}`}</p>
              <pre safe>{m.textBody ?? ''}</pre>
            </article>
          ))}
        </Layout>,
      );
    });
  };
}
