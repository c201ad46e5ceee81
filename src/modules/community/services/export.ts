import type { Actor } from '../../../platform/auth/actor.js';
import { authorize } from '../../../platform/auth/policy.js';
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
        db.selectFrom('identityProfiles').select(['displayName']).where('accountId', '=', me).executeTakeFirst(),
        db
          .selectFrom('communityPosts as p')
          .innerJoin('communityGroups as g', 'g.id', 'p.groupId')
          .select(['p.id', 'p.parentId', 'p.bodyMd', 'p.status', 'p.moderationReason', 'p.createdAt', 'p.editedAt', 'g.slug as groupSlug', 'g.nameEn as groupNameEn', 'g.nameFr as groupNameFr'])
          .where('p.organizationId', '=', org.id)
          .where('p.authorId', '=', me)
          .where('p.status', '!=', 'deleted')
          .orderBy('p.createdAt')
          .orderBy('p.id')
          .execute(),
        db
          .selectFrom('communityPostRevisions as r')
          .innerJoin('communityPosts as p', 'p.id', 'r.postId')
          .select(['r.postId', 'r.bodyMd', 'r.createdAt'])
          .where('r.organizationId', '=', org.id)
          .where('p.authorId', '=', me)
          .orderBy('r.createdAt')
          .execute(),
        db
          .selectFrom('communityPostImages as i')
          .innerJoin('communityPosts as p', 'p.id', 'i.postId')
          .select(['i.id', 'i.postId', 'i.alt', 'i.width', 'i.height'])
          .where('i.organizationId', '=', org.id)
          .where('p.authorId', '=', me)
          .orderBy('i.position')
          .execute(),
        db.selectFrom('communityReactions').select(['postId', 'reaction', 'createdAt']).where('organizationId', '=', org.id).where('accountId', '=', me).orderBy('createdAt').execute(),
        db
          .selectFrom('communityGroupMembers as m')
          .innerJoin('communityGroups as g', 'g.id', 'm.groupId')
          .select(['g.slug as groupSlug', 'g.nameEn as groupNameEn', 'g.nameFr as groupNameFr', 'm.role', 'm.status', 'm.createdAt'])
          .where('m.organizationId', '=', org.id)
          .where('m.accountId', '=', me)
          .orderBy('m.createdAt')
          .execute(),
        db
          .selectFrom('communityFollows as f')
          .innerJoin('identityProfiles as p', 'p.accountId', 'f.followeeId')
          .select(['f.followeeId', 'p.displayName', 'f.createdAt'])
          .where('f.organizationId', '=', org.id)
          .where('f.followerId', '=', me)
          .orderBy('f.createdAt')
          .execute(),
        // Only the messages I wrote: the other person's side of a conversation is theirs.
        db
          .selectFrom('communityMessages as m')
          .innerJoin('communityConversations as c', 'c.id', 'm.conversationId')
          .innerJoin('identityProfiles as p', (j) => j.on((eb) => eb('p.accountId', '=', eb.case().when('c.accountA', '=', me).then(eb.ref('c.accountB')).else(eb.ref('c.accountA')).end())))
          .select(['m.id', 'm.conversationId', 'm.bodyMd', 'm.createdAt', 'p.accountId as toId', 'p.displayName as toName'])
          .where('m.organizationId', '=', org.id)
          .where('m.authorId', '=', me)
          .orderBy('m.createdAt')
          .orderBy('m.id')
          .execute(),
        db.selectFrom('communityBlocks').select(['blockedId', 'createdAt']).where('organizationId', '=', org.id).where('blockerId', '=', me).orderBy('createdAt').execute(),
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
