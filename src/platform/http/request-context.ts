import type { FastifyInstance } from 'fastify';
import './fastify-types.js';
import { ANONYMOUS } from '../auth/actor.js';
import { administeredMemberships } from '../auth/policy.js';
import { SESSION_COOKIE, type SessionResolver } from '../auth/session.js';
import { formatters, type I18n, type Lang } from '../i18n/i18n.js';

export const LANG_COOKIE = 'foyer_lang';
const NOTICE_COOKIE = 'foyer_notice';

/** Only same-site paths may be redirected to; anything else goes home. */
export function safeNext(next: unknown, fallback = '/'): string {
  return typeof next === 'string' && /^\/(?![/\\])[^\s]*$/.test(next) ? next : fallback;
}

/**
 * The one community link of the navigation, whatever the number of memberships: the community
 * of the organization in view (when the person belongs to it), of their only organization, or
 * the page that lists their organizations' communities.
 */
export function communityHref(memberOf: readonly string[], url: string): string | undefined {
  if (memberOf.length === 0) return undefined;
  const inView = /^\/o\/([a-z0-9-]+)(?:[/?#]|$)/.exec(url)?.[1];
  if (inView && memberOf.includes(inView)) return `/o/${inView}/community`;
  return memberOf.length === 1 ? `/o/${memberOf[0]}/community` : '/community';
}

/**
 * Decorates each request with who is asking (actor), in which language (lang, t), and what a
 * page needs (viewCtx); and replies with `page` and `seeOther`.
 */
export function registerRequestContext(
  app: FastifyInstance,
  deps: { i18n: I18n; resolveSession: SessionResolver; secureCookies: boolean; devMail: boolean },
): void {
  app.decorateRequest('actor', null as never);
  app.decorateRequest('lang', 'en');
  app.decorateRequest('t', null as never);
  app.decorateRequest('csrfToken', '');
  app.decorateRequest('viewCtx', null as never);

  app.addHook('onRequest', async (request, reply) => {
    request.actor = ANONYMOUS;
    const token = request.cookies[SESSION_COOKIE];
    if (token) request.actor = (await deps.resolveSession(token)) ?? ANONYMOUS;
    const chosen = request.cookies[LANG_COOKIE];
    const fromHeader = (request as unknown as { languages(l: string[]): string | false }).languages(['en', 'fr']);
    const lang: Lang = deps.i18n.isLang(chosen)
      ? chosen
      : (request.actor.locale ?? (deps.i18n.isLang(fromHeader) ? fromHeader : 'en'));
    request.lang = lang;
    request.t = deps.i18n.t(lang);
    const notice = request.cookies[NOTICE_COOKIE];
    if (notice && request.method === 'GET') reply.clearCookie(NOTICE_COOKIE, { path: '/' });
    request.viewCtx = () => {
      const a = request.actor;
      return {
        t: request.t,
        lang,
        fmt: formatters(lang),
        path: request.url.split('?')[0] ?? '/',
        csrfToken: request.csrfToken,
        devMail: deps.devMail,
        notice: notice && /^notices\.[a-zA-Z.]+$/.test(notice) ? request.t(notice) : undefined,
        actor:
          a.kind === 'account' && a.accountId
            ? {
                accountId: a.accountId,
                displayName: a.displayName,
                isPlatformAdmin: a.isPlatformAdmin,
                adminOf: administeredMemberships(a).map((m) => ({ slug: m.organizationSlug, name: m.organizationName[lang] })),
                communityHref: communityHref(a.memberships.map((m) => m.organizationSlug), request.url),
              }
            : null,
      };
    };
  });

  app.decorateReply('page', function (this: import('fastify').FastifyReply, html: string | Promise<string>, status = 200) {
    this.code(status).type('text/html; charset=utf-8');
    return this.send(html);
  });
  app.decorateReply('seeOther', function (this: import('fastify').FastifyReply, location: string, notice?: string) {
    if (notice) this.setCookie(NOTICE_COOKIE, notice, { path: '/', httpOnly: true, sameSite: 'lax', secure: deps.secureCookies, maxAge: 60 });
    return this.redirect(location, 303);
  });
}
