import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { FieldErrors } from './errors.js';
import { fieldErrorsFromZod } from './validation.js';

export type UploadedFile = { filename: string; mimetype: string; data: Buffer };
/** On failure `file` is the file as read (when the stream was whole), so a caller may check it too and report every problem at once. */
export type MultipartForm<T> = { ok: true; fields: T; file: UploadedFile; raw: Record<string, string> } | { ok: false; errors: FieldErrors; raw: Record<string, string>; file: UploadedFile | null };

const UNUSABLE = new Set(['FST_INVALID_MULTIPART_CONTENT_TYPE', 'FST_FILES_LIMIT', 'FST_PARTS_LIMIT', 'FST_FIELDS_LIMIT', 'FST_PROTO_VIOLATION']);

/**
 * Reads a multipart form with one file and a few text fields, whatever their order, and
 * validates the text fields with the route's schema. Every problem is reported at once, on
 * its own field (the file's own problems on the file field), before anything is written.
 * `maxBytes` raises or lowers the app-wide file size limit for this form only.
 */
export async function readMultipartForm<S extends z.ZodType>(
  request: FastifyRequest,
  opts: { fileField: string; fields: S; maxBytes?: number },
): Promise<MultipartForm<z.output<S>>> {
  const raw: Record<string, string> = {};
  let file: UploadedFile | null = null;
  const errors: FieldErrors = {};
  try {
    for await (const part of request.parts(opts.maxBytes ? { limits: { fileSize: opts.maxBytes } } : undefined)) {
      if (part.type === 'file') {
        const data = await part.toBuffer();
        // A browser sends an empty, nameless part when no file was chosen.
        if (part.fieldname === opts.fileField && !file && (data.byteLength > 0 || part.filename)) file = { filename: part.filename, mimetype: part.mimetype, data };
      } else if (typeof part.value === 'string' && !(part.fieldname in raw)) {
        raw[part.fieldname] = part.value;
      }
    }
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    if (code === 'FST_REQ_FILE_TOO_LARGE') errors[opts.fileField] = { code: 'file_too_large' };
    else if (UNUSABLE.has(code)) errors[opts.fileField] = { code: 'invalid' };
    else throw error;
  }
  // After a broken or oversized stream the later fields were never read, so only the file is blamed.
  if (Object.keys(errors).length > 0) return { ok: false, errors, raw, file: null };
  const parsed = opts.fields.safeParse(raw);
  if (!parsed.success) Object.assign(errors, fieldErrorsFromZod(parsed.error, raw));
  if ((!file || file.data.byteLength === 0) && !errors[opts.fileField]) errors[opts.fileField] = { code: 'required' };
  if (Object.keys(errors).length > 0 || !file || !parsed.success) return { ok: false, errors, raw, file };
  return { ok: true, fields: parsed.data, file, raw };
}
