import type { Executor } from '../../../../platform/db/types.js';
import type { AttachmentRow, ImageRow } from '../schema.js';

export async function insertImage(ex: Executor, row: Omit<ImageRow, 'createdAt'>): Promise<void> {
  await ex.insertInto('blogImages').values(row).execute();
}

export const findImage = (ex: Executor, organizationId: string, blogId: string, id: string): Promise<ImageRow | undefined> =>
  ex.selectFrom('blogImages').selectAll().where('organizationId', '=', organizationId).where('blogId', '=', blogId).where('id', '=', id).executeTakeFirst();

/** The blog's latest inline images, to copy a snippet again. */
export const listRecentImages = (ex: Executor, organizationId: string, blogId: string, limit: number): Promise<ImageRow[]> =>
  ex.selectFrom('blogImages').selectAll().where('organizationId', '=', organizationId).where('blogId', '=', blogId).orderBy('createdAt', 'desc').orderBy('id', 'desc').limit(limit).execute();

export async function insertAttachment(ex: Executor, row: Omit<AttachmentRow, 'createdAt'>): Promise<void> {
  await ex.insertInto('blogPostAttachments').values(row).execute();
}

export const findAttachment = (ex: Executor, organizationId: string, postId: string, id: string): Promise<AttachmentRow | undefined> =>
  ex.selectFrom('blogPostAttachments').selectAll().where('organizationId', '=', organizationId).where('postId', '=', postId).where('id', '=', id).executeTakeFirst();

export const listAttachments = (ex: Executor, organizationId: string, postId: string): Promise<AttachmentRow[]> =>
  ex.selectFrom('blogPostAttachments').selectAll().where('organizationId', '=', organizationId).where('postId', '=', postId).orderBy('createdAt').orderBy('id').execute();

export async function deleteAttachment(ex: Executor, organizationId: string, id: string): Promise<void> {
  await ex.deleteFrom('blogPostAttachments').where('organizationId', '=', organizationId).where('id', '=', id).execute();
}
