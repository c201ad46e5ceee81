import { z } from 'zod';
import type { FieldErrors } from './errors.js';

type IssueLike = { code: string; path: PropertyKey[]; message: string } & Record<string, unknown>;

const valueAt = (input: unknown, path: PropertyKey[]): unknown =>
  path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined), input);

/** One zod issue → our stable field code with its parameters. */
function toFieldError(issue: IssueLike, input: unknown): FieldErrors[string] {
  const raw = valueAt(input, issue.path);
  const missing = raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '');
  switch (issue.code) {
    case 'invalid_type':
      return missing ? { code: 'required' } : { code: 'wrong_type' };
    case 'too_small':
      if (missing) return { code: 'required' };
      if (issue.origin === 'number' || issue.origin === 'bigint') return { code: 'too_small', params: { min: Number(issue.minimum) } };
      return { code: 'too_short', params: { min: Number(issue.minimum) } };
    case 'too_big':
      if (issue.origin === 'number' || issue.origin === 'bigint') return { code: 'too_big', params: { max: Number(issue.maximum) } };
      return { code: 'too_long', params: { max: Number(issue.maximum) } };
    case 'invalid_format':
      return missing ? { code: 'required' } : { code: issue.format === 'email' ? 'invalid_email' : 'invalid_format' };
    case 'invalid_value':
      return missing ? { code: 'required' } : { code: 'invalid_choice' };
    case 'custom':
      if (!/^[a-z_]+$/.test(issue.message)) return { code: 'invalid' };
      // A refinement may pass parameters for its message (e.g. a measured contrast ratio).
      return issue.params && typeof issue.params === 'object' ? { code: issue.message, params: issue.params as Record<string, unknown> } : { code: issue.message };
    default:
      return { code: 'invalid' };
  }
}

/** Every issue is reported, keyed by the input's own field path (no `body.` prefix). */
export function fieldErrorsFromIssues(issues: readonly IssueLike[], input: unknown): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of issues) {
    const key = issue.path.map(String).join('.') || '_';
    out[key] ??= toFieldError(issue, input);
  }
  return out;
}

export function fieldErrorsFromZod(error: z.ZodError, input: unknown): FieldErrors {
  return fieldErrorsFromIssues(error.issues as unknown as IssueLike[], input);
}

/** Fastify's validation array (from fastify-type-provider-zod) → field errors. */
export function fieldErrorsFromFastify(
  validation: { keyword: string; instancePath: string; message?: string; params: Record<string, unknown> }[],
  input: unknown,
): FieldErrors {
  return fieldErrorsFromIssues(
    validation.map((v) => ({
      ...v.params,
      code: v.keyword,
      message: v.message ?? '',
      path: v.instancePath.split('/').filter(Boolean),
    })),
    input,
  );
}

// ---- Reusable field schemas for forms and JSON alike ----

// eslint-disable-next-line no-control-regex -- control characters are exactly what this rejects
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const MARKUP = /[<>]/;

/** Plain text a person types (names, titles): trimmed, no markup, no control characters. */
export function plainText(max: number, min = 1) {
  return z
    .string()
    .transform((s) => s.trim())
    .pipe(
      z
        .string()
        .min(min)
        .max(max)
        .refine((s) => !MARKUP.test(s), 'markup_not_allowed')
        .refine((s) => !CONTROL.test(s), 'invalid_characters'),
    );
}

/** Longer text (a bio): may span lines, still no markup. */
export function multilineText(max: number) {
  return z
    .string()
    .transform((s) => s.replace(/\r\n/g, '\n').trim())
    .pipe(
      z
        .string()
        .max(max)
        .refine((s) => !MARKUP.test(s), 'markup_not_allowed')
        .refine((s) => !CONTROL.test(s), 'invalid_characters'),
    );
}

/** An optional form field: an empty string means "not given". */
export function optional<S extends z.ZodType>(schema: S) {
  return z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema.optional());
}

export const emailField = z
  .string()
  .transform((s) => s.trim().toLowerCase())
  .pipe(z.string().min(1).max(254).pipe(z.email()));

export const passwordField = z.string().min(1).max(256);

/** A checkbox: present ("on" or "true") or absent. */
export const checkbox = z.preprocess((v) => v === 'on' || v === 'true' || v === true, z.boolean());

export const uuidParam = z.uuid();
