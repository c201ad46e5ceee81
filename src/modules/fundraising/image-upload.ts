import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ValidationError, type FieldErrors } from '../../platform/http/errors.js';
import { readMultipartForm } from '../../platform/http/multipart.js';
import { plainText } from '../../platform/http/validation.js';
import { toWebImage } from '../../platform/images/web-image.js';

/** Campaign covers and page photos: the same checks as the blog's cover images. */
export const IMAGE_ALT_MAX = 300;
export const IMAGE_MAX_BYTES = 5 * 1024 * 1024;
export const CoverFields = z.object({ coverAltEn: plainText(IMAGE_ALT_MAX), coverAltFr: plainText(IMAGE_ALT_MAX) });
export const PhotoFields = z.object({ photoAlt: plainText(IMAGE_ALT_MAX) });
/** A multipart form's CSRF token travels in its action URL, as the body is a stream. */
export const UploadQuery = z.object({ _csrf: z.string().max(200).optional() });

export type WebImage = { data: Buffer; contentType: string };
export type ImageForm<T> = { ok: true; fields: T; image: WebImage; raw: Record<string, string> } | { ok: false; errors: FieldErrors; raw: Record<string, string> };

/**
 * Reads a multipart form with one image and its text fields, in any order, and validates the
 * fields and the image's type together, so every problem is reported at once before anything is stored.
 */
export async function readImageForm<S extends z.ZodType>(request: FastifyRequest, fileField: string, fields: S): Promise<ImageForm<z.output<S>>> {
  const form = await readMultipartForm(request, { fileField, fields, maxBytes: IMAGE_MAX_BYTES });
  const errors: FieldErrors = form.ok ? {} : { ...form.errors };
  let image: WebImage | undefined;
  if (form.file && !errors[fileField]) {
    try {
      image = await toWebImage(form.file.data, fileField);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      Object.assign(errors, error.fields);
    }
  }
  if (!form.ok || Object.keys(errors).length > 0 || !image) return { ok: false, errors, raw: form.raw };
  return { ok: true, fields: form.fields, image, raw: form.raw };
}
