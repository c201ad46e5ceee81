import type { Actor } from '../../../platform/auth/actor.js';
import { authorize } from '../../../platform/auth/policy.js';
import { findExportDisplayName, listBlocksBy, listFolloweesOf, listImagesByAuthor, listGroupMembershipsOf, listMessagesSentBy, listPostsByAuthor, listReactionsBy, listRevisionsByAuthor } from '../db/queries/export.js';
import type { CommunityDeps } from '../deps.js';
import { communityPolicy } from '../policy.js';
import { loadOrg } from './context.js';

export const EXPORT_FORMAT = 'foyer.community-export/1';

/**
 * Everything a member wrote or chose in the organization's community, as JSON: their posts and
 * replies (with earlier versions and images' alt text), reactions, group memberships, the
 * people they follow, the direct messages they sent and the people they blocked. Nothing written by anyone else, beyond the names of groups and followed
 * people that give their own content its meaning.
 */
export function createExportService(deps: CommunityDeps) {
  const { db } = deps;

  return {
    async exportMine(actor: Actor, orgSlug: string) {
      const org = await loadOrg(db, orgSlug, actor);
      authorize(communityPolicy, actor, 'community.browse', { organizationId: org.id });
      const me = actor.accountId!;
      const [profile, posts, revisions, images, reactions, memberships, follows, messages, blocks] = await Promise.all([
        findExportDisplayName(db, me),
        listPostsByAuthor(db, org.id, me),
        listRevisionsByAuthor(db, org.id, me),
        listImagesByAuthor(db, org.id, me),
        listReactionsBy(db, org.id, me),
        listGroupMembershipsOf(db, org.id, me),
        listFolloweesOf(db, org.id, me),
        listMessagesSentBy(db, org.id, me),
        listBlocksBy(db, org.id, me),
      ]);
      const byPost = <T extends { postId: string }>(rows: T[]) => {
        const m = new Map<string, Omit<T, 'postId'>[]>();
        for (const { postId, ...rest } of rows) m.set(postId, [...(m.get(postId) ?? []), rest]);
        return m;
      };
      const revisionsOf = byPost(revisions);
      const imagesOf = byPost(images);
      const group = (r: { groupSlug: string; groupNameEn: string; groupNameFr: string }) => ({ slug: r.groupSlug, name: { en: r.groupNameEn, fr: r.groupNameFr } });
      const data = {
        format: EXPORT_FORMAT,
        exportedAt: new Date().toISOString(),
        organization: { slug: org.slug, name: { en: org.nameEn, fr: org.nameFr } },
        account: { id: me, displayName: profile?.displayName ?? null },
        posts: posts.map((p) => ({
          id: p.id,
          kind: p.parentId ? 'reply' : 'post',
          inReplyTo: p.parentId,
          group: group(p),
          body: p.bodyMd,
          status: p.status,
          moderationReason: p.moderationReason,
          createdAt: p.createdAt.toISOString(),
          editedAt: p.editedAt?.toISOString() ?? null,
          earlierVersions: (revisionsOf.get(p.id) ?? []).map((r) => ({ body: r.bodyMd, createdAt: r.createdAt.toISOString() })),
          images: imagesOf.get(p.id) ?? [],
        })),
        reactions: reactions.map((r) => ({ postId: r.postId, reaction: r.reaction, createdAt: r.createdAt.toISOString() })),
        groupMemberships: memberships.map((m) => ({ group: group(m), role: m.role, status: m.status, since: m.createdAt.toISOString() })),
        follows: follows.map((f) => ({ accountId: f.followeeId, displayName: f.displayName, since: f.createdAt.toISOString() })),
        messagesSent: messages.map((m) => ({ id: m.id, conversationId: m.conversationId, to: { accountId: m.toId, displayName: m.toName }, body: m.bodyMd, createdAt: m.createdAt.toISOString() })),
        blocks: blocks.map((b) => ({ accountId: b.blockedId, since: b.createdAt.toISOString() })),
      };
      return { org, data };
    },
  };
}
export type ExportService = ReturnType<typeof createExportService>;
