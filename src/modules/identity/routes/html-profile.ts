import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ValidationError, type FieldErrors } from '../../../platform/http/errors.js';
import { formRoute } from '../../../platform/http/form-route.js';
import { LANG_COOKIE, safeNext } from '../../../platform/http/request-context.js';
import type { Lang } from '../../../platform/i18n/i18n.js';
import { AvatarQuery, LanguageBody, ProfileParams, UpdateProfileBody } from '../profile-schemas.js';
import type { ProfileService } from '../services/profiles.js';
import { ProfileEditPage, profileFormValues, PublicProfilePage } from '../views/profile-pages.js';
import { requestMeta } from './html-auth.js';

const YEAR_SECONDS = 365 * 24 * 3600;

function setLanguageCookie(reply: FastifyReply, lang: Lang, secure: boolean): void {
  reply.setCookie(LANG_COOKIE, lang, { path: '/', httpOnly: true, sameSite: 'lax', secure, maxAge: YEAR_SECONDS });
}

/** What went wrong reading the upload, as the field error the form shows. */
function uploadError(error: unknown): ValidationError {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'FST_REQ_FILE_TOO_LARGE') return new ValidationError('avatar', 'file_too_large');
  if (code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') return new ValidationError('avatar', 'required');
  return new ValidationError('avatar', 'image_invalid');
}

/** The one file part named `avatar`, read whole; @fastify/multipart enforces the size limit while reading. */
async function readAvatarUpload(request: FastifyRequest): Promise<Buffer> {
  try {
    const part = await request.file();
    if (!part || part.fieldname !== 'avatar') {
      part?.file.resume();
      throw new ValidationError('avatar', 'required');
    }
    return await part.toBuffer();
  } catch (error) {
    throw error instanceof ValidationError ? error : uploadError(error);
  }
}

export function profileHtmlRoutes(deps: { profiles: ProfileService; secureCookies: boolean }) {
  const { profiles } = deps;

  async function renderEdit(request: FastifyRequest, input?: { values?: Record<string, unknown>; errors?: FieldErrors }): Promise<string> {
    const profile = await profiles.getOwnProfile(request.actor);
    const values = input?.values ?? profileFormValues(profile, request.lang);
    return ProfileEditPage({ ctx: request.viewCtx(), profile, input: { values, errors: input?.errors } });
  }

  return async (app: FastifyInstance) => {
    app.get('/account/profile', { config: { access: 'signed-in' } }, async (request, reply) => reply.page(await renderEdit(request)));
    formRoute(app, {
      url: '/account/profile',
      access: 'signed-in',
      body: UpdateProfileBody,
      render: (request, input) => renderEdit(request, input),
      async handle(request, reply, body) {
        await profiles.updateProfile(request.actor, body, requestMeta(request));
        // This device follows the new choice at once; the cookie would otherwise win over the account.
        setLanguageCookie(reply, body.locale, deps.secureCookies);
        return reply.seeOther('/account/profile', 'notices.saved');
      },
    });

    app.post('/account/avatar', { config: { access: 'signed-in' }, schema: { querystring: AvatarQuery } }, async (request, reply) => {
      try {
        await profiles.replaceAvatar(request.actor, await readAvatarUpload(request), requestMeta(request));
      } catch (error) {
        if (error instanceof ValidationError) return reply.page(await renderEdit(request, { errors: error.fields }), error.status);
        throw error;
      }
      return reply.seeOther('/account/profile', 'notices.saved');
    });
    app.post('/account/avatar/remove', { config: { access: 'signed-in' } }, async (request, reply) => {
      await profiles.removeAvatar(request.actor, requestMeta(request));
      return reply.seeOther('/account/profile', 'notices.saved');
    });

    app.get('/people/:accountId', { config: { access: 'public' }, schema: { params: ProfileParams } }, async (request, reply) => {
      const profile = await profiles.viewProfile(request.actor, (request.params as ProfileParams).accountId);
      return reply.page(PublicProfilePage({ ctx: request.viewCtx(), profile }));
    });

    /** The language switch: remembered on this device, and on the account when signed in. */
    app.post('/language', { config: { access: 'public' }, schema: { body: LanguageBody } }, async (request, reply) => {
      const body = request.body as LanguageBody;
      await profiles.rememberLanguage(request.actor, body.lang);
      setLanguageCookie(reply, body.lang, deps.secureCookies);
      return reply.redirect(safeNext(body.next), 303);
    });
  };
}
