import { randomBytes } from 'node:crypto';
import { newId } from '../../../src/platform/db/ids.js';
import type { Db } from '../../../src/platform/db/types.js';
import { renderMarkdown } from '../../../src/modules/blog/markdown.js';

export async function createBlog(
  db: Db,
  b: { organizationId: string } & Partial<{ slug: string; titleEn: string; titleFr: string; allowGuestComments: boolean; authors: { accountId: string; role: 'editor' | 'author' | 'guest' }[] }>,
) {
  const id = newId();
  const slug = b.slug ?? `blog-${randomBytes(3).toString('hex')}`;
  await db
    .insertInto('blogBlogs')
    .values({ id, organizationId: b.organizationId, slug, titleEn: b.titleEn ?? 'Test blog', titleFr: b.titleFr ?? 'Blogue test', descriptionEn: null, descriptionFr: null, allowGuestComments: b.allowGuestComments ?? false })
    .execute();
  for (const a of b.authors ?? []) await db.insertInto('blogAuthors').values({ blogId: id, accountId: a.accountId, role: a.role }).execute();
  return { id, slug, organizationId: b.organizationId };
}

export async function createPost(
  db: Db,
  p: { blog: { id: string; organizationId: string }; createdBy: string } & Partial<{
    slug: string; lang: 'en' | 'fr'; title: string; excerpt: string | null; bodyMd: string; status: 'draft' | 'scheduled' | 'published' | 'archived';
    publishedAt: Date | null; publishAt: Date | null; translationGroupId: string; tags: { tag: string; label: string }[]; authors: string[];
  }>,
) {
  const id = newId();
  const slug = p.slug ?? `post-${randomBytes(3).toString('hex')}`;
  const bodyMd = p.bodyMd ?? 'Hello **world**.';
  const status = p.status ?? 'published';
  await db
    .insertInto('blogPosts')
    .values({
      id, organizationId: p.blog.organizationId, blogId: p.blog.id, slug, lang: p.lang ?? 'en', translationGroupId: p.translationGroupId ?? newId(),
      title: p.title ?? 'A test post', excerpt: p.excerpt ?? null, bodyMd, bodyHtml: renderMarkdown(bodyMd), status,
      publishedAt: p.publishedAt !== undefined ? p.publishedAt : status === 'published' ? new Date() : null, publishAt: p.publishAt ?? null,
      coverObjectId: null, coverAlt: null, createdBy: p.createdBy,
    })
    .execute();
  for (const [position, accountId] of (p.authors ?? [p.createdBy]).entries()) await db.insertInto('blogPostAuthors').values({ postId: id, accountId, position }).execute();
  for (const t of p.tags ?? []) await db.insertInto('blogPostTags').values({ postId: id, ...t }).execute();
  return { id, slug, translationGroupId: p.translationGroupId };
}
