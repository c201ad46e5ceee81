import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { AppError, type FieldErrors } from '../../../platform/http/errors.js';
import { formRoute } from '../../../platform/http/form-route.js';
import { AttachmentFields, AttachmentParams, CoverFields, EmptyBody, ImageFields, ImageParams, ImageQuery, UploadQuery } from '../manage-schemas.js';
import { BlogParams, PostParams } from '../schemas.js';
import type { MediaService, PostRef } from '../services/media.js';
import { AttachmentsSection, ImagePage, ImageUploadPage, PostMediaPage, type MediaFormErrors, type MediaFormValues } from '../views/media-pages.js';
import { imageUrl, newImageUrl, postMediaUrl } from '../views/manage-urls.js';
import type { PostPageContributor } from './html-reading.js';
import { requestMeta } from './html-manage.js';
import { readMultipartForm } from '../../../platform/http/multipart.js';

type BlogP = z.infer<typeof BlogParams>;
type PostP = z.infer<typeof PostParams>;

/** A slide deck may be large; every other upload keeps the app-wide limit. */
export const ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024;

/** A service's verdict on an upload (bad image, not a PDF) as errors on the form's fields. */
const uploadErrors = (error: unknown): FieldErrors | null => (error instanceof AppError && Object.keys(error.fields).length > 0 ? error.fields : null);

/** Content-Disposition with an ASCII fallback and the exact UTF-8 name (RFC 6266, RFC 8187). */
export function contentDisposition(filename: string): string {
  const ascii = filename.normalize('NFKD').replace(/\p{M}+/gu, '').replace(/[^A-Za-z0-9._ -]+/g, '_');
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** The documents of a post, after its body. */
export const attachmentsContributor =
  (media: MediaService): PostPageContributor =>
  async (request, page) => {
    const attachments = await media.listForPostPage(page.org.id, page.post.id);
    const mediaHref = page.canEdit ? postMediaUrl(page.org.slug, page.blog.slug, page.post.slug) : undefined;
    if (attachments.length === 0 && !mediaHref) return {};
    return { afterBody: AttachmentsSection({ ctx: request.viewCtx(), org: page.org, blog: page.blog, post: page.post, attachments, mediaHref }) };
  };

/** The post's media page, cover and inline images, and documents attached to posts. */
export function mediaHtmlRoutes(deps: { media: MediaService }) {
  const { media } = deps;

  async function renderMedia(request: FastifyRequest, ref: PostRef, errors?: MediaFormErrors, values?: MediaFormValues): Promise<string> {
    const page = await media.mediaPage(request.actor, ref);
    return PostMediaPage({ ctx: request.viewCtx(), ...page, errors, values });
  }

  /** Where an image form's errors are shown: the post's media page it came from, or the blog's image page. */
  async function renderImageForm(request: FastifyRequest, p: BlogP, post: string | undefined, errors: FieldErrors, alt: string | undefined): Promise<string> {
    if (post) return renderMedia(request, { org: p.org, blog: p.blog, post }, { image: errors }, { alt });
    const page = await media.imageForm(request.actor, p.org, p.blog);
    return ImageUploadPage({ ctx: request.viewCtx(), ...page, errors, values: { alt } });
  }

  const refOf = (p: PostP): PostRef => ({ org: p.org, blog: p.blog, post: p.post });

  return async (app: FastifyInstance) => {
    app.get('/o/:org/blogs/:blog/:post/media', { config: { access: 'signed-in' }, schema: { params: PostParams } }, async (request, reply) =>
      reply.page(await renderMedia(request, refOf(request.params as PostP))),
    );

    app.get('/o/:org/blogs/:blog/images/new', { config: { access: 'signed-in' }, schema: { params: BlogParams } }, async (request, reply) => {
      const p = request.params as BlogP;
      return reply.page(ImageUploadPage({ ctx: request.viewCtx(), ...(await media.imageForm(request.actor, p.org, p.blog)) }));
    });

    app.get('/o/:org/blogs/:blog/images/:image', { config: { access: 'signed-in' }, schema: { params: ImageParams, querystring: ImageQuery } }, async (request, reply) => {
      const p = request.params as z.infer<typeof ImageParams>;
      const { post } = request.query as ImageQuery;
      const page = await media.imagePage(request.actor, p.org, p.blog, p.image);
      const backHref = post ? postMediaUrl(p.org, p.blog, post) : newImageUrl(p.org, p.blog);
      return reply.page(ImagePage({ ctx: request.viewCtx(), ...page, backHref }));
    });

    // Multipart, so the CSRF token travels in the action URL (?_csrf=).
    app.post('/o/:org/blogs/:blog/images', { config: { access: 'signed-in' }, schema: { params: BlogParams, querystring: UploadQuery } }, async (request, reply) => {
      const p = request.params as BlogP;
      const { post } = request.query as UploadQuery;
      await media.checkCanUploadImage(request.actor, p.org, p.blog);
      const form = await readMultipartForm(request, { fileField: 'image', fields: ImageFields });
      if (!form.ok) return reply.page(await renderImageForm(request, p, post, form.errors, form.raw.alt), 400);
      let id: string;
      try {
        id = await media.uploadImage(request.actor, p.org, p.blog, { data: form.file.data, alt: form.fields.alt }, requestMeta(request));
      } catch (error) {
        const fields = uploadErrors(error);
        if (!fields) throw error;
        return reply.page(await renderImageForm(request, p, post, fields, form.raw.alt), 400);
      }
      const target = imageUrl(p.org, p.blog, id);
      return reply.seeOther(post ? `${target}?${new URLSearchParams({ post }).toString()}` : target, 'notices.blogImageUploaded');
    });

    app.post('/o/:org/blogs/:blog/:post/cover', { config: { access: 'signed-in' }, schema: { params: PostParams, querystring: UploadQuery } }, async (request, reply) => {
      const ref = refOf(request.params as PostP);
      await media.checkCanEditPost(request.actor, ref);
      const form = await readMultipartForm(request, { fileField: 'cover', fields: CoverFields });
      if (!form.ok) return reply.page(await renderMedia(request, ref, { cover: form.errors }, { coverAlt: form.raw.coverAlt }), 400);
      try {
        await media.setCover(request.actor, ref, { data: form.file.data, alt: form.fields.coverAlt }, requestMeta(request));
      } catch (error) {
        const fields = uploadErrors(error);
        if (!fields) throw error;
        return reply.page(await renderMedia(request, ref, { cover: fields }, { coverAlt: form.raw.coverAlt }), 400);
      }
      return reply.seeOther(postMediaUrl(ref.org, ref.blog, ref.post), 'notices.blogCoverSet');
    });

    formRoute(app, {
      url: '/o/:org/blogs/:blog/:post/cover/remove',
      access: 'signed-in',
      params: PostParams,
      body: EmptyBody,
      render: (request, _input, params) => renderMedia(request, refOf(params)),
      async handle(request, reply, _body, params) {
        await media.removeCover(request.actor, refOf(params), requestMeta(request));
        return reply.seeOther(postMediaUrl(params.org, params.blog, params.post), 'notices.blogCoverRemoved');
      },
    });

    app.post('/o/:org/blogs/:blog/:post/attachments', { config: { access: 'signed-in' }, schema: { params: PostParams, querystring: UploadQuery } }, async (request, reply) => {
      const ref = refOf(request.params as PostP);
      await media.checkCanEditPost(request.actor, ref);
      const form = await readMultipartForm(request, { fileField: 'attachment', fields: AttachmentFields, maxBytes: ATTACHMENT_MAX_BYTES });
      if (!form.ok) return reply.page(await renderMedia(request, ref, { attachment: form.errors }, { title: form.raw.title }), 400);
      try {
        await media.addAttachment(request.actor, ref, { data: form.file.data, filename: form.file.filename, title: form.fields.title }, requestMeta(request));
      } catch (error) {
        const fields = uploadErrors(error);
        if (!fields) throw error;
        return reply.page(await renderMedia(request, ref, { attachment: fields }, { title: form.raw.title }), 400);
      }
      return reply.seeOther(postMediaUrl(ref.org, ref.blog, ref.post), 'notices.blogAttachmentAdded');
    });

    formRoute(app, {
      url: '/o/:org/blogs/:blog/:post/attachments/:id/delete',
      access: 'signed-in',
      params: AttachmentParams,
      body: EmptyBody,
      render: (request, _input, params) => renderMedia(request, refOf(params)),
      async handle(request, reply, _body, params) {
        await media.deleteAttachment(request.actor, refOf(params), params.id, requestMeta(request));
        return reply.seeOther(postMediaUrl(params.org, params.blog, params.post), 'notices.blogAttachmentDeleted');
      },
    });

    app.get('/o/:org/blogs/:blog/:post/attachments/:id', { config: { access: 'public' }, schema: { params: AttachmentParams } }, async (request, reply: FastifyReply) => {
      const p = request.params as z.infer<typeof AttachmentParams>;
      const { attachment, data } = await media.download(request.actor, refOf(p), p.id);
      return reply
        .type(attachment.contentType)
        .header('content-disposition', contentDisposition(attachment.filename))
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-cache')
        .send(data);
    });
  };
}
