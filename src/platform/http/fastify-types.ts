import type { Actor } from '../auth/actor.js';
import type { Lang, T } from '../i18n/i18n.js';
import type { ViewCtx } from '../views/view-context.js';

/** Who may reach a route; authentication only (authorization lives in policies). */
export type Access = 'public' | 'signed-in' | 'dev-only';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor;
    lang: Lang;
    t: T;
    csrfToken: string;
    viewCtx(): ViewCtx;
  }
  interface FastifyReply {
    /** Sends a rendered page (a string from a JSX view) as HTML. */
    page(html: string | Promise<string>, status?: number): FastifyReply;
    /** Redirect after a successful form post, with an optional one-time notice (an i18n key). */
    seeOther(location: string, notice?: string): FastifyReply;
  }
  interface FastifyContextConfig {
    access?: Access;
    /** Set to false only for endpoints authenticated otherwise (signed webhooks). */
    csrf?: boolean;
  }
}
