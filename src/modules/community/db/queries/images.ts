import type { Executor } from '../../../../platform/db/types.js';
import type { PostImageRow } from '../media-schema.js';
import { UUID_PATTERN as UUID } from '../../../../platform/db/ids.js';


/** A post's images, in the order they were given. */
export const listPostImages = (ex: Executor, organizationId: string, postId: string): Promise<PostImageRow[]> =>
  ex.selectFrom('communityPostImages').selectAll().where('organizationId', '=', organizationId).where('postId', '=', postId).orderBy('position').orderBy('id').execute();

/** The images of many posts in one read (a feed page, search results), each post's in order. */
export async function listImagesForPosts(ex: Executor, organizationId: string, postIds: string[]): Promise<Map<string, PostImageRow[]>> {
  const byPost = new Map<string, PostImageRow[]>();
  if (postIds.length === 0) return byPost;
  const rows = await ex.selectFrom('communityPostImages').selectAll().where('organizationId', '=', organizationId).where('postId', 'in', postIds).orderBy('postId').orderBy('position').orderBy('id').execute();
  for (const r of rows) {
    const list = byPost.get(r.postId);
    if (list) list.push(r);
    else byPost.set(r.postId, [r]);
  }
  return byPost;
}

/** An image by id; a string that is no uuid finds nothing. */
export const findPostImage = async (ex: Executor, organizationId: string, id: string): Promise<PostImageRow | undefined> =>
  UUID.test(id) ? ex.selectFrom('communityPostImages').selectAll().where('organizationId', '=', organizationId).where('id', '=', id).executeTakeFirst() : undefined;

export async function insertPostImage(ex: Executor, row: Omit<PostImageRow, 'createdAt' | 'position'> & { position?: number }): Promise<void> {
  await ex.insertInto('communityPostImages').values(row).execute();
}
