import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Actor } from '../../../platform/auth/actor.js';
import { SESSION_COOKIE, clearSessionCookie, setSessionCookie } from '../../../platform/auth/session.js';
import { mapError } from '../../../platform/http/error-mapping.js';
import { ValidationError } from '../../../platform/http/errors.js';
import { formRoute } from '../../../platform/http/form-route.js';
import { safeNext } from '../../../platform/http/request-context.js';
import { fieldErrorsFromZod } from '../../../platform/http/validation.js';
import type { T } from '../../../platform/i18n/i18n.js';
import { NextQuery } from '../schemas.js';
import {
  DisableTwoFactorBody,
  EmptyBody,
  PasskeyNameBody,
  PasskeyParams,
  PasskeySignInBody,
  RegisterPasskeyBody,
  SecondFactorBody,
  TotpCodeBody,
} from '../security-schemas.js';
import type { PasskeyService } from '../services/passkeys.js';
import type { TwoFactorService } from '../services/two-factor.js';
import { RecoveryCodesPage, SecurityPage, TwoFactorChallengePage, TwoFactorSetupPage, type SecurityForms } from '../views/security-pages.js';
import { requestMeta } from './html-auth.js';

export type SecurityRouteDeps = {
  twoFactor: TwoFactorService;
  passkeys: PasskeyService;
  secureCookies: boolean;
  authRateLimit: number;
};

/** JSON bodies are parsed after access and CSRF checks, by the same schemas as forms. */
function parseJson<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const raw = body ?? {};
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new ValidationError(fieldErrorsFromZod(parsed.error, raw));
  return parsed.data;
}

/** What passkey.js announces during a ceremony, in the page's language. */
const ceremonyMessages = (t: T) => ({
  waiting: t('security.passkeys.messages.waiting'),
  cancelled: t('security.passkeys.messages.cancelled'),
  failed: t('security.passkeys.messages.failed'),
});

/**
 * Account security: two-step verification with an authenticator app and recovery codes,
 * passkeys, and the second step of signing in.
 */
export function securityHtmlRoutes(deps: SecurityRouteDeps) {
  const { twoFactor, passkeys } = deps;
  const rateLimit = { max: deps.authRateLimit, timeWindow: '1 minute' };

  const loadView = async (actor: Actor) => ({ twoFactor: await twoFactor.status(actor), passkeys: await passkeys.list(actor) });
  const securityPage = async (request: FastifyRequest, forms: SecurityForms = {}) =>
    SecurityPage({ ctx: request.viewCtx(), view: await loadView(request.actor), forms });

  /** The passkey ceremonies' JSON endpoints, with JSON errors instead of the HTML error page. */
  const jsonRoutes = async (app: FastifyInstance) => {
    app.setErrorHandler(async (error, request, reply) => {
      const mapped = mapError(error, request.body);
      if (mapped.internal) request.log.error({ err: error }, 'request failed');
      const t = request.t;
      const fields = Object.fromEntries(
        Object.entries(mapped.fields).map(([k, v]) => [k, t(`validation.${v.code}`, { ...v.params, defaultValue: t('validation.invalid') })]),
      );
      const message = t(`errors.${mapped.code}`, { defaultValue: t('errors.generic') });
      return reply.code(mapped.status).send({ error: { code: mapped.code, message, fields, ...(mapped.internal ? { requestId: request.id } : {}) } });
    });

    app.post('/account/passkeys/options', { config: { access: 'signed-in', rateLimit } }, async (request) => {
      parseJson(PasskeyNameBody, request.body);
      return { options: await passkeys.registrationOptions(request.actor), messages: ceremonyMessages(request.t) };
    });
    app.post('/account/passkeys', { config: { access: 'signed-in', rateLimit } }, async (request, reply) => {
      const passkey = await passkeys.register(request.actor, parseJson(RegisterPasskeyBody, request.body), requestMeta(request));
      return reply.code(201).send({ passkey: { id: passkey.id, name: passkey.name }, message: request.t('security.passkeys.messages.added', { name: passkey.name }), redirect: '/account/security#passkeys' });
    });
    app.post('/sign-in/passkey/options', { config: { access: 'public', rateLimit } }, async (request) => ({
      options: await passkeys.authenticationOptions(),
      messages: ceremonyMessages(request.t),
    }));
    app.post('/sign-in/passkey', { config: { access: 'public', rateLimit } }, async (request, reply) => {
      const body = parseJson(PasskeySignInBody, request.body);
      const sessionToken = await passkeys.signIn(body, requestMeta(request));
      setSessionCookie(reply, sessionToken, deps.secureCookies);
      return { message: request.t('security.passkeys.messages.signedIn'), redirect: safeNext(body.next) };
    });
  };

  return async (app: FastifyInstance) => {
    // Secrets and recovery codes must not linger in a browser or proxy cache.
    app.addHook('onSend', async (_request, reply) => {
      reply.header('cache-control', 'no-store');
    });

    app.get('/account/security', { config: { access: 'signed-in' } }, async (request, reply) => reply.page(await securityPage(request)));

    app.get('/account/two-factor/setup', { config: { access: 'signed-in' } }, async (request, reply) => {
      const enrolment = await twoFactor.enrolment(request.actor);
      if (!enrolment) return reply.seeOther('/account/security');
      return reply.page(TwoFactorSetupPage({ ctx: request.viewCtx(), enrolment, input: { values: {} } }));
    });
    formRoute(app, {
      url: '/account/two-factor/setup',
      access: 'signed-in',
      body: TotpCodeBody,
      rateLimit,
      async render(request, input) {
        const enrolment = await twoFactor.enrolment(request.actor);
        return enrolment ? TwoFactorSetupPage({ ctx: request.viewCtx(), enrolment, input }) : securityPage(request);
      },
      async handle(request, reply, body) {
        const codes = await twoFactor.confirmEnrolment(request.actor, body.code, requestMeta(request));
        if (!codes) return reply.seeOther('/account/security');
        return reply.page(RecoveryCodesPage({ ctx: request.viewCtx(), codes, reason: 'enabled' }));
      },
    });
    formRoute(app, {
      url: '/account/two-factor/disable',
      access: 'signed-in',
      body: DisableTwoFactorBody,
      rateLimit,
      render: (request, input) => securityPage(request, { disable: input }),
      async handle(request, reply, body) {
        await twoFactor.disable(request.actor, body.password, requestMeta(request));
        return reply.seeOther('/account/security', 'notices.twoFactorDisabled');
      },
    });
    formRoute(app, {
      url: '/account/two-factor/recovery-codes',
      access: 'signed-in',
      body: TotpCodeBody,
      rateLimit,
      render: (request, input) => securityPage(request, { regenerate: input }),
      async handle(request, reply, body) {
        const codes = await twoFactor.regenerateRecoveryCodes(request.actor, body.code, requestMeta(request));
        return reply.page(RecoveryCodesPage({ ctx: request.viewCtx(), codes, reason: 'regenerated' }));
      },
    });
    formRoute(app, {
      url: '/account/passkeys/:id/delete',
      access: 'signed-in',
      params: PasskeyParams,
      body: EmptyBody,
      rateLimit,
      render: (request) => securityPage(request),
      async handle(request, reply, _body, params) {
        await passkeys.remove(request.actor, params.id, requestMeta(request));
        return reply.seeOther('/account/security#passkeys', 'notices.passkeyRemoved');
      },
    });

    app.get('/sign-in/two-factor', { config: { access: 'public' }, schema: { querystring: NextQuery } }, async (request, reply) => {
      const next = safeNext((request.query as { next?: string }).next);
      if (request.actor.kind === 'account') return reply.redirect(next, 303);
      if (!(await twoFactor.hasPendingSignIn(request.cookies[SESSION_COOKIE]))) return reply.redirect('/sign-in', 303);
      return reply.page(TwoFactorChallengePage({ ctx: request.viewCtx(), input: { values: {} }, next }));
    });
    formRoute(app, {
      url: '/sign-in/two-factor',
      access: 'public',
      body: SecondFactorBody,
      rateLimit,
      render: (request, input) => TwoFactorChallengePage({ ctx: request.viewCtx(), input, next: safeNext(input.values.next) }),
      async handle(request, reply, body) {
        // A second submission after the first one succeeded: already signed in.
        if (request.actor.kind === 'account') return reply.seeOther(safeNext(body.next));
        const outcome = await twoFactor.completeSignIn(request.cookies[SESSION_COOKIE], body.code, requestMeta(request));
        if (outcome.kind === 'done') {
          setSessionCookie(reply, outcome.sessionToken, deps.secureCookies);
          return reply.seeOther(safeNext(body.next), 'notices.signedIn');
        }
        if (outcome.kind === 'wrong_code') throw new ValidationError('code', 'code_invalid');
        clearSessionCookie(reply, deps.secureCookies);
        return reply.seeOther('/sign-in', outcome.kind === 'locked' ? 'notices.tooManyCodes' : 'notices.signInAgain');
      },
    });

    await app.register(jsonRoutes);
  };
}
