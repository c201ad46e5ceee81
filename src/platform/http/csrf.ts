import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import './fastify-types.js';
import { ForbiddenError } from './errors.js';

export const CSRF_COOKIE = 'foyer_csrf';
// @fastify/csrf is CommonJS with a callable-class export that TypeScript's ESM view misreads.
const Tokens = createRequire(import.meta.url)('@fastify/csrf') as new () => { create(secret: string): string; verify(secret: string, token: string): boolean };
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const SECRET_BYTES = 18;

/**
 * New per-browser secrets, as @fastify/csrf's secretSync makes them (18 random bytes, base64url),
 * cut from a block of random bytes drawn 256 secrets at a time: a first visit (every anonymous
 * reader without cookies) then costs no system call for randomness.
 */
function secretSource(): () => string {
  let block = Buffer.alloc(0);
  let at = 0;
  return () => {
    if (at + SECRET_BYTES > block.length) {
      block = randomBytes(SECRET_BYTES * 256);
      at = 0;
    }
    const secret = block.subarray(at, at + SECRET_BYTES).toString('base64url');
    block.fill(0, at, at + SECRET_BYTES);
    at += SECRET_BYTES;
    return secret;
  };
}

function submittedToken(request: FastifyRequest): string | undefined {
  const body = request.body as Record<string, unknown> | undefined;
  const fromBody = body && typeof body === 'object' ? body._csrf : undefined;
  const fromQuery = (request.query as Record<string, unknown> | undefined)?._csrf;
  const header = request.headers['x-csrf-token'];
  const value = fromBody ?? fromQuery ?? header;
  return typeof value === 'string' ? value : undefined;
}

/**
 * Synchronizer tokens made by @fastify/csrf from a per-browser secret kept in an HttpOnly
 * cookie. Every form carries the token; every state-changing request must present it.
 */
export function registerCsrf(app: FastifyInstance, opts: { secure: boolean }): void {
  const tokens = new Tokens();
  const newSecret = secretSource();
  app.addHook('onRequest', async (request, reply) => {
    const sent = request.cookies[CSRF_COOKIE];
    const known = sent && sent.length >= 16 ? sent : undefined;
    let token: string | undefined;
    // A browser without a secret gets one with the first form that needs a token: responses
    // without a form (webhooks, feeds, JSON, assets) set no cookie.
    const secret = (): string => {
      if (known) return known;
      const fresh = newSecret();
      reply.setCookie(CSRF_COOKIE, fresh, { path: '/', httpOnly: true, sameSite: 'lax', secure: opts.secure });
      (request.cookies as Record<string, string>)[CSRF_COOKIE] = fresh;
      return fresh;
    };
    Object.defineProperty(request, 'csrfToken', { get: () => (token ??= tokens.create(secret())), configurable: true });
  });
  // Before schema validation, which strips unknown fields such as _csrf from the body.
  app.addHook('preValidation', async (request) => {
    if (!UNSAFE.has(request.method) || request.routeOptions.config.csrf === false) return;
    const secret = request.cookies[CSRF_COOKIE];
    const token = submittedToken(request);
    if (!secret || !token || !tokens.verify(secret, token)) throw new ForbiddenError('csrf_invalid');
  });
}
