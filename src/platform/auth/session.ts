import type { FastifyReply } from 'fastify';
import type { Actor } from './actor.js';

export const SESSION_COOKIE = 'foyer_session';
export const SESSION_DAYS = 30;

/** Given the raw session cookie, the identity module answers who is asking (or null). */
export type SessionResolver = (token: string) => Promise<Actor | null>;

export function setSessionCookie(reply: FastifyReply, token: string, secure: boolean): void {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure,
    maxAge: SESSION_DAYS * 24 * 3600,
  });
}

export function clearSessionCookie(reply: FastifyReply, secure: boolean): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure });
}
