import type { Actor } from '../../../platform/auth/actor.js';
import { authorize } from '../../../platform/auth/policy.js';
import { recordAudit } from '../../../platform/audit/audit.js';
import { newId } from '../../../platform/db/ids.js';
import type { Executor } from '../../../platform/db/types.js';
import { NotFoundError } from '../../../platform/http/errors.js';
import { deleteObject, getObject, putObject } from '../../../platform/storage/storage.js';
import { toWebImage } from '../../../platform/images/web-image.js';
import type { BlogDeps } from '../deps.js';
import { findAuthorRole, findBlogBySlug, findOrganizationBySlug, type OrgRef } from '../db/queries/blogs.js';
import { deleteAttachment, findAttachment, findImage, insertAttachment, insertImage, listAttachments, listRecentImages } from '../db/queries/media.js';
import { findPostBySlug, listAuthorsForPosts, updatePost } from '../db/queries/posts.js';
import type { AttachmentRow, BlogRow, ImageRow, PostRow } from '../db/schema.js';
import { blogPolicy, type BlogResource, type PostResource } from '../policy.js';
import { inspectPdf } from './pdf-preview.js';

export type RequestMeta = { ip: string | null };
export type Upload = { data: Buffer; filename: string };

const RECENT_IMAGES = 12;

/** A file name safe in a Content-Disposition header and on any disk: no path, no quotes, ends in .pdf. */
export function safePdfFilename(original: string, title: string): string {
  const base = (original.split(/[\\/]/).pop() ?? '')
    .normalize('NFC')
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
    .replace(/[\u0000-\u001f\u007f"*:<>?|;\\]/g, '')
    .replace(/\.pdf$/i, '')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 120);
  const fallback = title.replace(/[^\p{L}\p{N} _.-]+/gu, '').trim().slice(0, 120);
  return `${base || fallback || 'document'}.pdf`;
}

type PostAccess = { org: OrgRef; blog: BlogRow; post: PostRow; resource: PostResource };

async function loadBlog(ex: Executor, actor: Actor, orgSlug: string, blogSlug: string): Promise<{ org: OrgRef; blog: BlogRow; resource: BlogResource }> {
  const org = await findOrganizationBySlug(ex, orgSlug);
  if (!org) throw new NotFoundError();
  const blog = await findBlogBySlug(ex, org.id, blogSlug);
  if (!blog) throw new NotFoundError();
  return { org, blog, resource: { organizationId: org.id, authorRole: await findAuthorRole(ex, blog.id, actor.accountId) } };
}

/** A post and the actor's relation to it; a post the actor may not see does not exist for them. */
async function loadPost(ex: Executor, actor: Actor, orgSlug: string, blogSlug: string, postSlug: string): Promise<PostAccess> {
  const { org, blog, resource } = await loadBlog(ex, actor, orgSlug, blogSlug);
  const post = await findPostBySlug(ex, blog.id, postSlug);
  if (!post) throw new NotFoundError();
  const isPostAuthor = actor.accountId ? ((await listAuthorsForPosts(ex, [post.id])).get(post.id) ?? []).some((a) => a.accountId === actor.accountId) : false;
  const postResource: PostResource = { ...resource, status: post.status, isPostAuthor };
  authorize(blogPolicy, actor, 'post.view', postResource);
  return { org, blog, post, resource: postResource };
}

async function loadPostForEdit(ex: Executor, actor: Actor, orgSlug: string, blogSlug: string, postSlug: string): Promise<PostAccess> {
  const access = await loadPost(ex, actor, orgSlug, blogSlug, postSlug);
  authorize(blogPolicy, actor, 'post.edit', access.resource);
  return access;
}

export type PostRef = { org: string; blog: string; post: string };

/** Cover and inline images of posts, and the documents attached to them. */
export function createMediaService(deps: Pick<BlogDeps, 'db'>) {
  const { db } = deps;

  /** Refuses early, before a large upload is read, anyone who may not write in the blog. */
  async function checkCanUploadImage(actor: Actor, orgSlug: string, blogSlug: string): Promise<void> {
    const { resource } = await loadBlog(db, actor, orgSlug, blogSlug);
    authorize(blogPolicy, actor, 'blog.write', resource);
  }

  return {
    checkCanUploadImage,

    async checkCanEditPost(actor: Actor, ref: PostRef): Promise<void> {
      await loadPostForEdit(db, actor, ref.org, ref.blog, ref.post);
    },

    /** Everything the post's media page shows. */
    async mediaPage(actor: Actor, ref: PostRef) {
      const { org, blog, post } = await loadPostForEdit(db, actor, ref.org, ref.blog, ref.post);
      const [images, attachments] = await Promise.all([listRecentImages(db, org.id, blog.id, RECENT_IMAGES), listAttachments(db, org.id, post.id)]);
      return { org, blog, post, images, attachments };
    },

    /** A blank image form outside any post, and the page it re-renders on error. */
    async imageForm(actor: Actor, orgSlug: string, blogSlug: string) {
      const { org, blog, resource } = await loadBlog(db, actor, orgSlug, blogSlug);
      authorize(blogPolicy, actor, 'blog.write', resource);
      return { org, blog, images: await listRecentImages(db, org.id, blog.id, RECENT_IMAGES) };
    },

    async uploadImage(actor: Actor, orgSlug: string, blogSlug: string, input: { data: Buffer; alt: string }, meta: RequestMeta): Promise<string> {
      await checkCanUploadImage(actor, orgSlug, blogSlug);
      const image = await toWebImage(input.data, 'image');
      return db.transaction().execute(async (trx) => {
        const { org, blog, resource } = await loadBlog(trx, actor, orgSlug, blogSlug);
        authorize(blogPolicy, actor, 'blog.write', resource);
        const objectId = await putObject(trx, { contentType: image.contentType, data: image.data, ownerAccountId: actor.accountId });
        const id = newId();
        await insertImage(trx, { id, organizationId: org.id, blogId: blog.id, objectId, alt: input.alt, width: image.width, height: image.height, uploadedBy: actor.accountId });
        await recordAudit(trx, { action: 'blog.image_uploaded', organizationId: org.id, actorAccountId: actor.accountId, targetType: 'blog_image', targetId: id, ip: meta.ip, data: { blogId: blog.id } });
        return id;
      });
    },

    async imagePage(actor: Actor, orgSlug: string, blogSlug: string, imageId: string): Promise<{ org: OrgRef; blog: BlogRow; image: ImageRow }> {
      const { org, blog, resource } = await loadBlog(db, actor, orgSlug, blogSlug);
      authorize(blogPolicy, actor, 'blog.write', resource);
      const image = await findImage(db, org.id, blog.id, imageId);
      if (!image) throw new NotFoundError();
      return { org, blog, image };
    },

    /** Replaces the cover; the previous picture is deleted in the same transaction. */
    async setCover(actor: Actor, ref: PostRef, input: { data: Buffer; alt: string }, meta: RequestMeta): Promise<void> {
      await loadPostForEdit(db, actor, ref.org, ref.blog, ref.post);
      const image = await toWebImage(input.data, 'cover');
      await db.transaction().execute(async (trx) => {
        const { org, post } = await loadPostForEdit(trx, actor, ref.org, ref.blog, ref.post);
        const objectId = await putObject(trx, { contentType: image.contentType, data: image.data, ownerAccountId: actor.accountId });
        await updatePost(trx, org.id, post.id, { coverObjectId: objectId, coverAlt: input.alt });
        if (post.coverObjectId) await deleteObject(trx, post.coverObjectId);
        await recordAudit(trx, { action: 'blog.post_cover_set', organizationId: org.id, actorAccountId: actor.accountId, targetType: 'blog_post', targetId: post.id, ip: meta.ip });
      });
    },

    async removeCover(actor: Actor, ref: PostRef, meta: RequestMeta): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const { org, post } = await loadPostForEdit(trx, actor, ref.org, ref.blog, ref.post);
        if (!post.coverObjectId) return;
        await updatePost(trx, org.id, post.id, { coverObjectId: null, coverAlt: null });
        await deleteObject(trx, post.coverObjectId);
        await recordAudit(trx, { action: 'blog.post_cover_removed', organizationId: org.id, actorAccountId: actor.accountId, targetType: 'blog_post', targetId: post.id, ip: meta.ip });
      });
    },

    /**
     * Attaches a PDF with a drawing of its first page. The document is stored as opaque bytes,
     * so the public media address never shows it inline; readers get it through `download`,
     * which checks that they may see the post.
     */
    async addAttachment(actor: Actor, ref: PostRef, input: Upload & { title: string }, meta: RequestMeta): Promise<string> {
      await loadPostForEdit(db, actor, ref.org, ref.blog, ref.post);
      const inspection = await inspectPdf(input.data, 'attachment');
      return db.transaction().execute(async (trx) => {
        const { org, post } = await loadPostForEdit(trx, actor, ref.org, ref.blog, ref.post);
        const objectId = await putObject(trx, { contentType: 'application/octet-stream', data: input.data, ownerAccountId: actor.accountId });
        const previewObjectId = inspection.preview ? await putObject(trx, { contentType: 'image/png', data: inspection.preview.data, ownerAccountId: actor.accountId }) : null;
        const id = newId();
        await insertAttachment(trx, {
          id,
          postId: post.id,
          organizationId: org.id,
          objectId,
          title: input.title,
          filename: safePdfFilename(input.filename, input.title),
          contentType: 'application/pdf',
          byteSize: input.data.byteLength,
          pageCount: inspection.pageCount,
          previewObjectId,
        });
        await recordAudit(trx, {
          action: 'blog.attachment_added',
          organizationId: org.id,
          actorAccountId: actor.accountId,
          targetType: 'blog_post',
          targetId: post.id,
          ip: meta.ip,
          data: { attachmentId: id, pageCount: inspection.pageCount, byteSize: input.data.byteLength },
        });
        return id;
      });
    },

    async deleteAttachment(actor: Actor, ref: PostRef, attachmentId: string, meta: RequestMeta): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const { org, post } = await loadPostForEdit(trx, actor, ref.org, ref.blog, ref.post);
        const attachment = await findAttachment(trx, org.id, post.id, attachmentId);
        if (!attachment) throw new NotFoundError();
        await deleteAttachment(trx, org.id, attachment.id);
        await deleteObject(trx, attachment.objectId);
        if (attachment.previewObjectId) await deleteObject(trx, attachment.previewObjectId);
        await recordAudit(trx, { action: 'blog.attachment_deleted', organizationId: org.id, actorAccountId: actor.accountId, targetType: 'blog_post', targetId: post.id, ip: meta.ip, data: { attachmentId } });
      });
    },

    /** The document, for anyone who may see its post; a draft's documents do not exist for readers. */
    async download(actor: Actor, ref: PostRef, attachmentId: string): Promise<{ attachment: AttachmentRow; data: Buffer; published: boolean }> {
      const { org, post } = await loadPost(db, actor, ref.org, ref.blog, ref.post);
      const attachment = await findAttachment(db, org.id, post.id, attachmentId);
      if (!attachment) throw new NotFoundError();
      const object = await getObject(db, attachment.objectId);
      if (!object) throw new NotFoundError();
      return { attachment, data: object.data, published: post.status === 'published' };
    },

    /** The documents of a post already shown to the reader (the post page checked post.view). */
    listForPostPage: (organizationId: string, postId: string): Promise<AttachmentRow[]> => listAttachments(db, organizationId, postId),
  };
}
export type MediaService = ReturnType<typeof createMediaService>;
