import type { Actor } from '../../../platform/auth/actor.js';
import { authorize, can } from '../../../platform/auth/policy.js';
import { recordAudit } from '../../../platform/audit/audit.js';
import { newId } from '../../../platform/db/ids.js';
import { NotFoundError } from '../../../platform/http/errors.js';
import { getObject, putObject } from '../../../platform/storage/storage.js';
import { toWebImage } from '../../../platform/images/web-image.js';
import { findGroupById, findMembership } from '../db/queries/groups.js';
import { findPostImage, insertPostImage } from '../db/queries/images.js';
import { findPost } from '../db/queries/posts.js';
import type { CommunityDeps } from '../deps.js';
import { communityPolicy } from '../policy.js';
import { groupResource, loadGroup, loadOrg } from './context.js';
import type { PostService } from './posts.js';

/** Images of community posts: written with their post, served only to people who may read it. */
export function createImageService(deps: CommunityDeps, posts: PostService) {
  const { db } = deps;

  /** The form, and the check made before a multipart body is read: only someone who may post in the group. */
  async function form(actor: Actor, orgSlug: string, groupSlug: string) {
    const ctx = await loadGroup(db, actor, orgSlug, groupSlug);
    authorize(communityPolicy, actor, 'post.create', ctx.resource);
    return ctx;
  }

  return {
    form,

    /**
     * A post with one image. The picture is checked and re-encoded (metadata dropped) before
     * anything is written; then the post, the private object and the image row are written in
     * one transaction.
     */
    async createImagePost(actor: Actor, orgSlug: string, groupSlug: string, input: { body: string; confirmPhi: boolean; alt: string; data: Buffer }): Promise<{ id: string; held: boolean }> {
      await form(actor, orgSlug, groupSlug);
      const image = await toWebImage(input.data, 'image');
      return posts.createPost(actor, orgSlug, groupSlug, input.body, input.confirmPhi, async (trx, post) => {
        const objectId = await putObject(trx, { contentType: image.contentType, data: image.data, ownerAccountId: actor.accountId, private: true });
        const id = newId();
        await insertPostImage(trx, { id, organizationId: post.organizationId, postId: post.id, objectId, alt: input.alt, width: image.width, height: image.height });
        await recordAudit(trx, { organizationId: post.organizationId, actorAccountId: actor.accountId, action: 'community.image.uploaded', targetType: 'community_post', targetId: post.id, data: { imageId: id, bytes: image.data.byteLength } });
      });
    },

    /**
     * The bytes of an image, for someone who may read its post (post.view, and the post open to
     * them as on its page). Anyone else, signed in or not, gets a 404: the image does not exist
     * for them.
     */
    async serve(actor: Actor, orgSlug: string, imageId: string): Promise<{ contentType: string; data: Buffer }> {
      const org = await loadOrg(db, orgSlug, actor);
      const image = await findPostImage(db, org.id, imageId);
      if (!image) throw new NotFoundError();
      const post = await findPost(db, org.id, image.postId);
      const group = post ? await findGroupById(db, org.id, post.groupId) : undefined;
      if (!post || !group) throw new NotFoundError();
      const resource = groupResource(group, await findMembership(db, group.id, actor.accountId));
      if (!can(communityPolicy, actor, 'post.view', resource)) throw new NotFoundError();
      const open = post.status === 'visible' || (post.status !== 'deleted' && (post.authorId === actor.accountId || can(communityPolicy, actor, 'post.moderate', resource)));
      if (!open) throw new NotFoundError();
      const object = await getObject(db, image.objectId);
      if (!object) throw new NotFoundError();
      return { contentType: object.contentType, data: object.data };
    },
  };
}
export type ImageService = ReturnType<typeof createImageService>;
