import type { FastifyRequest } from 'fastify';
import sharp from 'sharp';
import { z } from 'zod';
import { ValidationError, type FieldErrors } from '../../platform/http/errors.js';
import { fieldErrorsFromZod, plainText } from '../../platform/http/validation.js';

/** Campaign covers and page photos: the same checks as the blog's cover images. */
export const IMAGE_ALT_MAX = 300;
export const IMAGE_MAX_BYTES = 5 * 1024 * 1024;
export const IMAGE_MAX_WIDTH = 1600;
const IMAGE_MAX_INPUT_PIXELS = 60_000_000;
const IMAGE_FORMATS = new Set(['jpeg', 'png', 'webp', 'gif']);

export const CoverFields = z.object({ coverAltEn: plainText(IMAGE_ALT_MAX), coverAltFr: plainText(IMAGE_ALT_MAX) });
export const PhotoFields = z.object({ photoAlt: plainText(IMAGE_ALT_MAX) });
/** A multipart form's CSRF token travels in its action URL, as the body is a stream. */
export const UploadQuery = z.object({ _csrf: z.string().max(200).optional() });

/**
 * Re-encodes an uploaded picture at most 1600 px wide, keeping only its pixels (no EXIF or GPS
 * position). Anything that is not a JPEG, PNG, WebP or GIF image is refused on `field`.
 */
export async function toWebImage(input: Buffer, field: string): Promise<WebImage> {
  if (input.byteLength === 0) throw new ValidationError(field, 'required');
  try {
    const { format } = await sharp(input, { limitInputPixels: IMAGE_MAX_INPUT_PIXELS, failOn: 'error' }).metadata();
    if (!format || !IMAGE_FORMATS.has(format)) throw new ValidationError(field, 'image_invalid');
    const pipeline = sharp(input, { limitInputPixels: IMAGE_MAX_INPUT_PIXELS, failOn: 'error' }).rotate().resize({ width: IMAGE_MAX_WIDTH, withoutEnlargement: true });
    const lossless = format === 'png' || format === 'gif';
    const data = await (lossless ? pipeline.png({ compressionLevel: 9 }) : pipeline.webp({ quality: 82 })).toBuffer();
    return { data, contentType: lossless ? 'image/png' : 'image/webp' };
  } catch (error) {
    if (error instanceof ValidationError) throw error;
    throw new ValidationError(field, 'image_invalid');
  }
}

export type WebImage = { data: Buffer; contentType: string };
export type ImageForm<T> = { ok: true; fields: T; image: WebImage; raw: Record<string, string> } | { ok: false; errors: FieldErrors; raw: Record<string, string> };

const UNUSABLE = new Set(['FST_INVALID_MULTIPART_CONTENT_TYPE', 'FST_FILES_LIMIT', 'FST_PARTS_LIMIT', 'FST_FIELDS_LIMIT', 'FST_PROTO_VIOLATION']);

/**
 * Reads a multipart form with one image and its text fields, in any order, and validates the
 * fields and the image's type together, so every problem is reported at once before anything is stored.
 */
export async function readImageForm<S extends z.ZodType>(request: FastifyRequest, fileField: string, fields: S): Promise<ImageForm<z.output<S>>> {
  const raw: Record<string, string> = {};
  let file: Buffer | null = null;
  const errors: FieldErrors = {};
  try {
    for await (const part of request.parts({ limits: { fileSize: IMAGE_MAX_BYTES } })) {
      if (part.type === 'file') {
        const data = await part.toBuffer();
        if (part.fieldname === fileField && !file && (data.byteLength > 0 || part.filename)) file = data;
      } else if (typeof part.value === 'string' && !(part.fieldname in raw)) {
        raw[part.fieldname] = part.value;
      }
    }
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    if (code === 'FST_REQ_FILE_TOO_LARGE') errors[fileField] = { code: 'file_too_large' };
    else if (UNUSABLE.has(code)) errors[fileField] = { code: 'invalid' };
    else throw error;
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors, raw };
  const parsed = fields.safeParse(raw);
  if (!parsed.success) Object.assign(errors, fieldErrorsFromZod(parsed.error, raw));
  let image: WebImage | undefined;
  if (!file || file.byteLength === 0) errors[fileField] = { code: 'required' };
  else {
    try {
      image = await toWebImage(file, fileField);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      Object.assign(errors, error.fields);
    }
  }
  if (Object.keys(errors).length > 0 || !parsed.success || !image) return { ok: false, errors, raw };
  return { ok: true, fields: parsed.data, image, raw };
}
