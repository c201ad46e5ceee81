import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AppError, NotFoundError, type FieldErrors } from '../../../platform/http/errors.js';
import { checkbox, plainText } from '../../../platform/http/validation.js';
import { readMultipartForm } from '../../../platform/http/multipart.js';
import { GroupParams, OrgParams, postBody } from '../schemas.js';
import type { ImageService } from '../services/images.js';
import { IMAGE_ALT_MAX, ImagePostPage } from '../views/image-pages.js';
import { postUrl } from '../views/urls.js';

/** The text fields of a post with an image; the image itself is the multipart form's `image` file. */
export const ImagePostFields = z.object({ body: postBody, alt: plainText(IMAGE_ALT_MAX), confirmPhi: checkbox });
const ImageParams = OrgParams.extend({ image: z.string().min(1).max(64) });

const fieldsOf = (error: unknown): FieldErrors | null => (error instanceof AppError && Object.keys(error.fields).length > 0 ? error.fields : null);

/** Posts with an image (required alt text), and the images themselves, served to the post's readers only. */
export function imageHtmlRoutes(deps: { images: ImageService }) {
  const { images } = deps;
  return async (app: FastifyInstance) => {
    // Group routes answer through the policy (a secret group is a 404 for anonymous visitors too).
    app.get('/o/:org/groups/:group/image-posts', { config: { access: 'public' }, schema: { params: GroupParams } }, async (request, reply) => {
      const p = request.params as GroupParams;
      const ctx = await images.form(request.actor, p.org, p.group);
      return reply.page(ImagePostPage({ ctx: request.viewCtx(), org: ctx.org, group: ctx.group, values: {} }));
    });

    // Multipart, so the CSRF token travels in the action URL (?_csrf=).
    app.post('/o/:org/groups/:group/image-posts', { config: { access: 'public' }, schema: { params: GroupParams } }, async (request, reply) => {
      const p = request.params as GroupParams;
      const ctx = await images.form(request.actor, p.org, p.group);
      const render = (errors: FieldErrors, raw: Record<string, string>) => reply.page(ImagePostPage({ ctx: request.viewCtx(), org: ctx.org, group: ctx.group, values: { body: raw.body, alt: raw.alt }, errors }), 400);
      const form = await readMultipartForm(request, { fileField: 'image', fields: ImagePostFields });
      if (!form.ok) return render(form.errors, form.raw);
      let post: { id: string; held: boolean };
      try {
        post = await images.createImagePost(request.actor, p.org, p.group, { body: form.fields.body, confirmPhi: form.fields.confirmPhi, alt: form.fields.alt, data: form.file.data });
      } catch (error) {
        const fields = fieldsOf(error);
        if (!fields) throw error;
        return render(fields, form.raw);
      }
      return reply.seeOther(postUrl(p.org, p.group, post.id), post.held ? 'notices.communityHeld' : 'notices.communityPosted');
    });

    app.get('/o/:org/community/images/:image', { config: { access: 'public' } }, async (request, reply) => {
      const p = ImageParams.safeParse(request.params);
      if (!p.success) throw new NotFoundError();
      const image = await images.serve(request.actor, p.data.org, p.data.image);
      return reply.type(image.contentType).header('x-content-type-options', 'nosniff').header('cache-control', 'private, no-cache').header('content-disposition', 'inline').send(image.data);
    });
  };
}
