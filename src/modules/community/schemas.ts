import { z } from 'zod';
import { ValidationError } from '../../platform/http/errors.js';
import { checkbox, emailField, fieldErrorsFromZod, multilineText, optional, plainText } from '../../platform/http/validation.js';
import { EMAIL_MODES, GROUP_KINDS, REACTIONS } from './db/schema.js';

export const POST_MAX = 10000;
// eslint-disable-next-line no-control-regex -- control characters are exactly what this rejects
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const slug = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/).max(60);

export const OrgParams = z.object({ org: slug });
export type OrgParams = z.infer<typeof OrgParams>;
export const GroupParams = OrgParams.extend({ group: slug });
export type GroupParams = z.infer<typeof GroupParams>;
/** A post id; anything that is not one is simply a post that does not exist (404). */
export const PostParams = GroupParams.extend({ post: z.string().min(1).max(64) });
export type PostParams = z.infer<typeof PostParams>;
export const MemberParams = GroupParams.extend({ account: z.uuid() });
export type MemberParams = z.infer<typeof MemberParams>;

/**
 * The group list's search words and its keyset cursor (`after`: the last group of the previous
 * page, "<id>.<its English name, base64url>", as the page's own link writes it).
 */
export const GroupListQuery = z.object({
  q: optional(plainText(100)),
  after: z
    .string()
    .max(700)
    .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.[A-Za-z0-9_-]+$/)
    .optional(),
});
export type GroupListQuery = z.infer<typeof GroupListQuery>;

/** The keyset cursor of a feed page: the last post shown, as "<ISO time>_<id>". */
export const FeedQuery = z.object({
  before: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}T[\d:.]+Z_[0-9a-f-]{36}$/)
    .optional(),
});
export type FeedQuery = z.infer<typeof FeedQuery>;

export const CreateGroupBody = z.object({
  kind: z.enum(GROUP_KINDS),
  nameEn: plainText(120),
  nameFr: plainText(120),
  descriptionEn: multilineText(2000),
  descriptionFr: multilineText(2000),
  rulesEn: z.preprocess((v) => v ?? '', multilineText(4000)),
  rulesFr: z.preprocess((v) => v ?? '', multilineText(4000)),
  noPhi: checkbox,
});
export type CreateGroupBody = z.infer<typeof CreateGroupBody>;

/** A post or reply is Markdown: markup is allowed as text, rendered safely (raw HTML off, then sanitized). */
export const postBody = z
  .string()
  .transform((s) => s.replace(/\r\n?/g, '\n').trim())
  .pipe(z.string().min(1).max(POST_MAX).refine((s) => !CONTROL.test(s), 'invalid_characters'));

/** `confirmPhi`: the author saw the health-information warning and posts anyway. */
export const WritePostBody = z.object({ body: postBody, confirmPhi: checkbox });
export type WritePostBody = z.infer<typeof WritePostBody>;

export const ReactBody = z.object({ reaction: z.enum(REACTIONS) });
export type ReactBody = z.infer<typeof ReactBody>;

export const InviteBody = z.object({ email: emailField });
export type InviteBody = z.infer<typeof InviteBody>;

export const DecideBody = z.object({ decision: z.enum(['approve', 'decline']) });
export type DecideBody = z.infer<typeof DecideBody>;

export const EmptyBody = z.object({});

export const PreferencesBody = z.object({ email: z.enum(EMAIL_MODES) });
export type PreferencesBody = z.infer<typeof PreferencesBody>;

export const ReportBody = z.object({ reason: multilineText(500).pipe(z.string().min(1)) });
export type ReportBody = z.infer<typeof ReportBody>;

export const ModeratePostBody = z.object({ action: z.enum(['hide', 'remove', 'dismiss', 'approve']), reason: optional(multilineText(500)) });
export type ModeratePostBody = z.infer<typeof ModeratePostBody>;

export const ModerateMemberBody = z.object({ action: z.enum(['mute', 'unmute', 'ban', 'unban']) });
export type ModerateMemberBody = z.infer<typeof ModerateMemberBody>;

/**
 * Parses a body inside the handler, for signed-in routes: Fastify validates a declared body
 * before the access check runs, which would answer an anonymous visitor 400 instead of 401.
 */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const parsed = schema.safeParse(body ?? {});
  if (!parsed.success) throw new ValidationError(fieldErrorsFromZod(parsed.error, body));
  return parsed.data;
}
