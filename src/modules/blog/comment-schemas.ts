import { z } from 'zod';
import { emailField, multilineText, optional, plainText } from '../../platform/http/validation.js';
import { compileMrnTemplate, MRN_TEMPLATE_MAX } from './phi.js';
import { OrgParams, PostParams } from './schemas.js';

export const COMMENT_MAX = 5000;
export const GUEST_NAME_MAX = 80;

// eslint-disable-next-line no-control-regex -- control characters are exactly what this rejects
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/**
 * A comment body is plain text: markup is kept as typed and always escaped when shown, so a
 * reader writing "x < y" or quoting a tag is not refused.
 */
const commentBody = z
  .string()
  .transform((s) => s.replace(/\r\n?/g, '\n').trim())
  .pipe(z.string().min(1).max(COMMENT_MAX).refine((s) => !CONTROL.test(s), 'invalid_characters'));

export const PostCommentBody = z.object({
  commentBody,
  /** Guests only; members comment under their profile name. */
  commentName: optional(plainText(GUEST_NAME_MAX)),
  commentEmail: optional(emailField),
  /** The comment being answered; replies to replies join the top-level comment's thread. */
  parentId: optional(z.uuid()),
  /** The honeypot: people never see it, so anything in it comes from a robot. */
  website: z.unknown().optional(),
  /**
   * Which form was shown ("guest" asks for a name and an e-mail address), so all missing fields
   * are named at once. The service still decides from who is signed in.
   */
  commenter: z.unknown().optional(),
}).superRefine((v, ctx) => {
  if (v.commenter !== 'guest') return;
  if (v.commentName === undefined) ctx.addIssue({ code: 'custom', path: ['commentName'], message: 'required' });
  if (v.commentEmail === undefined) ctx.addIssue({ code: 'custom', path: ['commentEmail'], message: 'required' });
});
export type PostCommentBody = z.infer<typeof PostCommentBody>;

export const CommentFormQuery = z.object({ replyTo: z.uuid().optional() });
export type CommentFormQuery = z.infer<typeof CommentFormQuery>;
export { PostParams };

export const ModerationQuery = z.object({
  after: z.iso.datetime({ offset: true }).optional(),
  afterId: z.uuid().optional(),
});
export type ModerationQuery = z.infer<typeof ModerationQuery>;
export const ModerationParams = OrgParams;
export const CommentParams = OrgParams.extend({ id: z.uuid() });
export type CommentParams = z.infer<typeof CommentParams>;

export const EmptyBody = z.object({});

const REDACT_MAX_LINES = 20;
export const RedactBody = z.object({
  /** One text per line; each must occur in the comment, and every occurrence is replaced. */
  redact: z
    .string()
    .max(2000)
    .transform((s) =>
      s
        .replace(/\r\n?/g, '\n')
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l !== ''),
    )
    .pipe(
      z
        .array(z.string())
        .min(1)
        .refine((list) => list.every((l) => l.length <= 200), 'line_too_long')
        .refine((list) => list.length <= REDACT_MAX_LINES, 'too_many_lines'),
    ),
});
export type RedactBody = z.infer<typeof RedactBody>;

const BLOCKED_WORDS_MAX = 200;
export const ModerationSettingsBody = z.object({
  mrnPattern: optional(
    z
      .string()
      .transform((s) => s.trim())
      .pipe(z.string().max(MRN_TEMPLATE_MAX).refine((s) => compileMrnTemplate(s) !== null, 'mrn_pattern_format')),
  ),
  /** One word or phrase per line. */
  blockedWords: z
    .preprocess((v) => (v === undefined ? '' : v), multilineText(8000))
    .transform((s) => [...new Set(s.split('\n').map((l) => l.trim()).filter((l) => l !== ''))])
    .pipe(
      z
        .array(z.string())
        .refine((list) => list.every((l) => l.length <= 60), 'line_too_long')
        .refine((list) => list.length <= BLOCKED_WORDS_MAX, 'too_many_lines'),
    ),
});
export type ModerationSettingsBody = z.infer<typeof ModerationSettingsBody>;
