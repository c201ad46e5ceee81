import type { FastifyInstance, FastifyRequest } from 'fastify';
import { clearSessionCookie, setSessionCookie } from '../../../platform/auth/session.js';
import { formRoute } from '../../../platform/http/form-route.js';
import { safeNext } from '../../../platform/http/request-context.js';
import type { RequestMeta } from '../deps.js';
import { EmailBody, NextQuery, ResetPasswordBody, SignInBody, SignUpBody, TokenQuery } from '../schemas.js';
import type { AuthService } from '../services/auth.js';
import { CheckEmailPage, ForgotPasswordPage, ResetPasswordPage, SignInPage, SignUpPage, VerifyResultPage } from '../views/auth-pages.js';

export const requestMeta = (request: FastifyRequest): RequestMeta => ({
  ip: request.ip ?? null,
  userAgent: typeof request.headers['user-agent'] === 'string' ? request.headers['user-agent'] : null,
});

export function authHtmlRoutes(deps: { auth: AuthService; secureCookies: boolean; authRateLimit: number }) {
  const { auth } = deps;
  const rateLimit = { max: deps.authRateLimit, timeWindow: '1 minute' };
  return async (app: FastifyInstance) => {
    app.get('/sign-up', { config: { access: 'public' } }, async (request, reply) =>
      reply.page(SignUpPage({ ctx: request.viewCtx(), input: { values: {} } })),
    );
    formRoute(app, {
      url: '/sign-up',
      access: 'public',
      body: SignUpBody,
      rateLimit,
      render: (request, input) => SignUpPage({ ctx: request.viewCtx(), input }),
      async handle(request, reply, body) {
        await auth.signUp({ ...body, lang: request.lang }, requestMeta(request));
        return reply.seeOther(`/sign-up/check-email?email=${encodeURIComponent(body.email)}`);
      },
    });
    app.get('/sign-up/check-email', { config: { access: 'public' }, schema: { querystring: EmailBody.partial() } }, async (request, reply) =>
      reply.page(CheckEmailPage({ ctx: request.viewCtx(), email: (request.query as { email?: string }).email })),
    );
    app.get('/verify-email', { config: { access: 'public', rateLimit }, schema: { querystring: TokenQuery } }, async (request, reply) => {
      const ok = await auth.verifyEmail((request.query as TokenQuery).token);
      return reply.page(VerifyResultPage({ ctx: request.viewCtx(), ok }), ok ? 200 : 400);
    });
    app.get('/verify-email/resend', { config: { access: 'public' } }, async (request, reply) =>
      reply.page(CheckEmailPage({ ctx: request.viewCtx() })),
    );
    formRoute(app, {
      url: '/verify-email/resend',
      access: 'public',
      body: EmailBody,
      rateLimit,
      render: (request, input) => CheckEmailPage({ ctx: request.viewCtx(), email: String(input.values.email ?? '') }),
      async handle(request, reply, body) {
        await auth.resendVerification(body.email, request.lang);
        return reply.seeOther(`/sign-up/check-email?email=${encodeURIComponent(body.email)}`, 'notices.verificationResent');
      },
    });

    app.get('/sign-in', { config: { access: 'public' }, schema: { querystring: NextQuery } }, async (request, reply) => {
      const next = (request.query as { next?: string }).next;
      if (request.actor.kind === 'account') return reply.redirect(safeNext(next), 303);
      return reply.page(SignInPage({ ctx: request.viewCtx(), input: { values: {} }, next: next ? safeNext(next) : undefined }));
    });
    formRoute(app, {
      url: '/sign-in',
      access: 'public',
      body: SignInBody,
      rateLimit,
      render: (request, input) => SignInPage({ ctx: request.viewCtx(), input, next: typeof input.values.next === 'string' ? safeNext(input.values.next) : undefined }),
      async handle(request, reply, body) {
        const result = await auth.signIn(body, requestMeta(request));
        setSessionCookie(reply, result.sessionToken, deps.secureCookies);
        const next = safeNext(body.next);
        if (result.secondFactorPending) return reply.seeOther(`/sign-in/two-factor?next=${encodeURIComponent(next)}`);
        return reply.seeOther(next, 'notices.signedIn');
      },
    });

    app.post('/sign-out', { config: { access: 'public' } }, async (request, reply) => {
      await auth.signOut(request.actor, requestMeta(request));
      clearSessionCookie(reply, deps.secureCookies);
      return reply.seeOther('/', 'notices.signedOut');
    });

    app.get('/password/forgot', { config: { access: 'public' } }, async (request, reply) =>
      reply.page(ForgotPasswordPage({ ctx: request.viewCtx(), input: { values: {} } })),
    );
    formRoute(app, {
      url: '/password/forgot',
      access: 'public',
      body: EmailBody,
      rateLimit,
      render: (request, input) => ForgotPasswordPage({ ctx: request.viewCtx(), input }),
      async handle(request, reply, body) {
        await auth.requestPasswordReset(body.email, request.lang, requestMeta(request));
        return reply.page(ForgotPasswordPage({ ctx: request.viewCtx(), input: { values: {} }, sent: true }));
      },
    });
    app.get('/password/reset', { config: { access: 'public', rateLimit }, schema: { querystring: TokenQuery } }, async (request, reply) => {
      const { token } = request.query as TokenQuery;
      if (!(await auth.isResetTokenLive(token))) return reply.page(VerifyResultPage({ ctx: request.viewCtx(), ok: false }), 400);
      return reply.page(ResetPasswordPage({ ctx: request.viewCtx(), input: { values: {} }, token }));
    });
    formRoute(app, {
      url: '/password/reset',
      access: 'public',
      body: ResetPasswordBody,
      rateLimit,
      render: (request, input) => ResetPasswordPage({ ctx: request.viewCtx(), input, token: String(input.values.token ?? '') }),
      async handle(request, reply, body) {
        await auth.resetPassword(body.token, body.password, requestMeta(request));
        clearSessionCookie(reply, deps.secureCookies);
        return reply.seeOther('/sign-in', 'notices.passwordReset');
      },
    });
  };
}
