import { ConflictError, ValidationError } from '../http/errors.js';

type PgError = { code?: string; constraint?: string; detail?: string };

/**
 * Turns a unique or foreign-key violation into a typed 409/400 naming the field, using a map
 * from constraint name to the input field it guards. Anything else is rethrown.
 */
export function mapPgError(error: unknown, fields: Record<string, string>): never {
  const e = error as PgError;
  const field = e.constraint ? fields[e.constraint] : undefined;
  if (e.code === '23505' && field) throw new ConflictError('already_exists', field);
  if (e.code === '23503' && field) throw new ValidationError(field, 'not_found');
  throw error;
}

export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = error as PgError;
  return e.code === '23505' && (constraint === undefined || e.constraint === constraint);
}
