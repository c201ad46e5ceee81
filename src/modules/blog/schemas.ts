import { z } from 'zod';

const slug = z.string().min(1).max(120).regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'slug_format');

export const OrgParams = z.object({ org: slug });
export const BlogParams = z.object({ org: slug, blog: slug });
export const PostParams = z.object({ org: slug, blog: slug, post: slug });
export const TagParams = z.object({ org: slug, blog: slug, tag: z.string().min(1).max(60).regex(/^[^\s/?#]+$/, 'invalid_format') });

/** Keyset cursor of the blog index: the last post's publication time and id. */
export const IndexQuery = z.object({
  before: z.iso.datetime({ offset: true }).optional(),
  beforeId: z.uuid().optional(),
});
export type IndexQuery = z.infer<typeof IndexQuery>;
