import type { FastifyError } from 'fastify';
import { AppError, type FieldErrors } from './errors.js';
import { fieldErrorsFromFastify } from './validation.js';

export type MappedError = { status: number; code: string; fields: FieldErrors; internal: boolean };

/** One place that decides what any thrown thing means for the client. */
export function mapError(error: unknown, input: unknown): MappedError {
  if (error instanceof AppError) return { status: error.status, code: error.code, fields: error.fields, internal: false };
  const fe = error as FastifyError & { validation?: unknown };
  if (Array.isArray(fe.validation)) {
    return {
      status: 400,
      code: 'validation_failed',
      fields: fieldErrorsFromFastify(fe.validation as Parameters<typeof fieldErrorsFromFastify>[0], input),
      internal: false,
    };
  }
  const status = fe.statusCode ?? 500;
  if (status === 429) return { status, code: 'rate_limited', fields: {}, internal: false };
  if (status >= 400 && status < 500) {
    const code = status === 413 ? 'too_large' : status === 415 ? 'unsupported_media_type' : 'bad_request';
    return { status, code, fields: {}, internal: false };
  }
  return { status: 500, code: 'internal', fields: {}, internal: true };
}
