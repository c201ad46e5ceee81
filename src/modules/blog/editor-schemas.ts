import { z } from 'zod';
import { multilineText, optional, plainText } from '../../platform/http/validation.js';
import { PostParams } from './schemas.js';
import { parseTagLabels, RESERVED_POST_SLUGS, SLUG_MAX, SLUG_PATTERN, torontoLocalToDate, type TagInput } from './post-fields.js';
import { UUID_PATTERN as UUID } from '../../platform/db/ids.js';

export const EDITOR_ACTIONS = ['save', 'preview', 'publish', 'schedule', 'unpublish', 'archive'] as const;
export type EditorAction = (typeof EDITOR_ACTIONS)[number];

export const TITLE_MAX = 200;
export const EXCERPT_MAX = 500;
export const BODY_MAX = 100_000;
export const TAGS_MAX = 10;
export const TAG_LABEL_MAX = 40;
export const COVER_ALT_MAX = 300;

// Tabs and line breaks are text; other control characters (and NUL, which PostgreSQL refuses) are not.
// eslint-disable-next-line no-control-regex -- control characters are exactly what this rejects
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const MARKUP = /[<>]/;

const asList = (v: unknown) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

const TagsField = z
  .string()
  .max(600)
  .transform((text, ctx): TagInput[] => {
    const { labels, tags } = parseTagLabels(text);
    const fail = (message: string, params?: Record<string, unknown>) => {
      ctx.addIssue({ code: 'custom', message, ...(params ? { params } : {}) });
      return z.NEVER;
    };
    if (labels.some((l) => MARKUP.test(l))) return fail('markup_not_allowed');
    if (labels.some((l) => CONTROL.test(l))) return fail('invalid_characters');
    if (labels.some((l) => l.length > TAG_LABEL_MAX)) return fail('too_long', { max: TAG_LABEL_MAX });
    // A label with no letter or digit would make an empty tag address.
    if (tags.length < labels.length && labels.some((l) => parseTagLabels(l).tags.length === 0)) return fail('invalid_format');
    if (tags.length > TAGS_MAX) return fail('too_many_tags', { max: TAGS_MAX });
    return tags;
  });

const PublishAtField = z
  .string()
  .trim()
  .transform((value, ctx) => {
    const date = torontoLocalToDate(value);
    if (!date) {
      ctx.addIssue({ code: 'custom', message: 'invalid_format' });
      return z.NEVER;
    }
    return date;
  });

/** The post editor's form: one schema for every button, the button being `action`. */
export const EditPostBody = z.object({
  action: z.preprocess((v) => (v === undefined || v === '' ? 'save' : v), z.enum(EDITOR_ACTIONS)),
  title: plainText(TITLE_MAX),
  slug: optional(
    z
      .string()
      .trim()
      .max(SLUG_MAX)
      .regex(SLUG_PATTERN, 'slug_format')
      .refine((s) => !RESERVED_POST_SLUGS.has(s), 'slug_reserved'),
  ),
  lang: z.enum(['en', 'fr']),
  translationOf: optional(z.uuid()),
  excerpt: optional(multilineText(EXCERPT_MAX)),
  body: z.preprocess(
    (v) => (v === undefined ? '' : v),
    z
      .string()
      .max(BODY_MAX)
      .transform((s) => s.replace(/\r\n?/g, '\n'))
      .refine((s) => !CONTROL.test(s), 'invalid_characters'),
  ),
  tags: z.preprocess((v) => (v === undefined ? '' : v), TagsField),
  authors: z.preprocess(
    asList,
    z
      .array(z.string())
      .max(50)
      .refine((ids) => ids.every((id) => UUID.test(id)), 'invalid_choice'),
  ),
  publishAt: optional(PublishAtField),
  coverAlt: optional(plainText(COVER_ALT_MAX)),
});
export type EditPostBody = z.infer<typeof EditPostBody>;

export const RevisionParams = PostParams.extend({ revisionId: z.uuid() });
export type RevisionParams = z.infer<typeof RevisionParams>;
