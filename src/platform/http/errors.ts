/**
 * The error family. Each error carries a stable snake_case code, an HTTP status, an i18n key
 * (`errors.<code>`) and, for input problems, the fields at fault with their own codes.
 */
export type FieldErrors = Record<string, { code: string; params?: Record<string, unknown> }>;

export class AppError extends Error {
  override name = 'AppError';
  readonly status: number = 500;
  constructor(
    readonly code: string,
    readonly fields: FieldErrors = {},
    options?: { cause?: unknown; params?: Record<string, unknown> },
  ) {
    super(code, options?.cause === undefined ? undefined : { cause: options.cause });
    this.params = options?.params ?? {};
  }
  readonly params: Record<string, unknown>;
}

export class ValidationError extends AppError {
  override name = 'ValidationError';
  override readonly status = 400;
  constructor(field: string | FieldErrors, code = 'invalid', params?: Record<string, unknown>) {
    super(
      'validation_failed',
      typeof field === 'string' ? { [field]: params ? { code, params } : { code } } : field,
    );
  }
}

export class UnauthenticatedError extends AppError {
  override name = 'UnauthenticatedError';
  override readonly status = 401;
  constructor(code = 'unauthenticated') {
    super(code);
  }
}

export class ForbiddenError extends AppError {
  override name = 'ForbiddenError';
  override readonly status = 403;
  constructor(code = 'forbidden') {
    super(code);
  }
}

export class NotFoundError extends AppError {
  override name = 'NotFoundError';
  override readonly status = 404;
  constructor(code = 'not_found') {
    super(code);
  }
}

export class ConflictError extends AppError {
  override name = 'ConflictError';
  override readonly status = 409;
  constructor(code = 'conflict', field?: string) {
    super(code, field ? { [field]: { code } } : {});
  }
}

export class RateLimitedError extends AppError {
  override name = 'RateLimitedError';
  override readonly status = 429;
  constructor() {
    super('rate_limited');
  }
}

export class UnavailableError extends AppError {
  override name = 'UnavailableError';
  override readonly status = 503;
  constructor(code = 'unavailable') {
    super(code);
  }
}
