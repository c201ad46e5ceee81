import { z } from 'zod';
import { checkbox, emailField, multilineText, optional, plainText } from '../../platform/http/validation.js';
import { BlogParams, PostParams } from './schemas.js';

export const BLOG_TITLE_MAX = 120;
export const BLOG_DESCRIPTION_MAX = 500;
export const BLOG_SLUG_MAX = 60;
export const ALT_MAX = 300;
export const ATTACHMENT_TITLE_MAX = 200;
export const AUTHOR_ROLES = ['editor', 'author', 'guest'] as const;

/** Addresses under /o/:org/blogs/ that are pages, not blogs. */
export const RESERVED_BLOG_SLUGS: ReadonlySet<string> = new Set(['new', 'search', 'favourites', 'subscriptions', 'subscribe', 'tags', 'feeds']);
const BLOG_SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

const blogSlugField = z
  .string()
  .transform((s) => s.trim())
  .pipe(
    z
      .string()
      .min(2)
      .max(BLOG_SLUG_MAX)
      .refine((s) => BLOG_SLUG.test(s), 'slug_format')
      .refine((s) => !RESERVED_BLOG_SLUGS.has(s), 'slug_reserved'),
  );

/** A blog's names and rules; both languages' titles are required, descriptions are not. */
export const BlogSettingsBody = z.object({
  titleEn: plainText(BLOG_TITLE_MAX),
  titleFr: plainText(BLOG_TITLE_MAX),
  descriptionEn: optional(multilineText(BLOG_DESCRIPTION_MAX)),
  descriptionFr: optional(multilineText(BLOG_DESCRIPTION_MAX)),
  allowGuestComments: checkbox,
});
export type BlogSettingsBody = z.infer<typeof BlogSettingsBody>;

export const CreateBlogBody = BlogSettingsBody.extend({ slug: blogSlugField });
export type CreateBlogBody = z.infer<typeof CreateBlogBody>;

export const AddAuthorBody = z.object({ email: emailField, role: z.enum(AUTHOR_ROLES) });
export type AddAuthorBody = z.infer<typeof AddAuthorBody>;

export const ChangeAuthorBody = z.object({ role: z.enum(AUTHOR_ROLES) });
export type ChangeAuthorBody = z.infer<typeof ChangeAuthorBody>;

export const EmptyBody = z.object({});

export const AuthorParams = BlogParams.extend({ accountId: z.uuid() });
export type AuthorParams = z.infer<typeof AuthorParams>;

// ---- Images and attachments (multipart forms: the CSRF token travels in the action URL) ----

export const ImageParams = BlogParams.extend({ image: z.uuid() });
export type ImageParams = z.infer<typeof ImageParams>;
export const AttachmentParams = PostParams.extend({ id: z.uuid() });
export type AttachmentParams = z.infer<typeof AttachmentParams>;

const postSlugRef = z.string().min(1).max(120).regex(BLOG_SLUG);
export const UploadQuery = z.object({ _csrf: z.string().max(200).optional(), post: postSlugRef.optional() });
export type UploadQuery = z.infer<typeof UploadQuery>;
export const ImageQuery = z.object({ post: postSlugRef.optional() });
export type ImageQuery = z.infer<typeof ImageQuery>;

export const ImageFields = z.object({ alt: plainText(ALT_MAX) });
export const CoverFields = z.object({ coverAlt: plainText(ALT_MAX) });
export const AttachmentFields = z.object({ title: plainText(ATTACHMENT_TITLE_MAX) });

// ---- Search ----

export const SEARCH_PAGE_SIZE = 20;
export const SearchQuery = z.object({
  q: plainText(200),
  lang: optional(z.enum(['en', 'fr'])),
  page: optional(z.coerce.number().int().min(1).max(50)),
});
export type SearchQuery = z.infer<typeof SearchQuery>;
