import type { Executor } from '../../../../platform/db/types.js';

/**
 * What a member's export reads: only what they wrote or chose in one organization's community,
 * each list oldest first. Nothing another person wrote is read, beyond the names of groups and
 * people that give the member's own content its meaning.
 */

/** The member's display name (identity's profile). */
export const findExportDisplayName = (ex: Executor, accountId: string) => ex.selectFrom('identityProfiles').select(['displayName']).where('accountId', '=', accountId).executeTakeFirst();

/** Their posts and replies in any state but deleted, with the group each is in. */
export const listPostsByAuthor = (ex: Executor, organizationId: string, authorId: string) =>
  ex
    .selectFrom('communityPosts as p')
    .innerJoin('communityGroups as g', 'g.id', 'p.groupId')
    .select(['p.id', 'p.parentId', 'p.bodyMd', 'p.status', 'p.moderationReason', 'p.createdAt', 'p.editedAt', 'g.slug as groupSlug', 'g.nameEn as groupNameEn', 'g.nameFr as groupNameFr'])
    .where('p.organizationId', '=', organizationId)
    .where('p.authorId', '=', authorId)
    .where('p.status', '!=', 'deleted')
    .orderBy('p.createdAt')
    .orderBy('p.id')
    .execute();

/** The earlier versions of their posts. */
export const listRevisionsByAuthor = (ex: Executor, organizationId: string, authorId: string) =>
  ex
    .selectFrom('communityPostRevisions as r')
    .innerJoin('communityPosts as p', 'p.id', 'r.postId')
    .select(['r.postId', 'r.bodyMd', 'r.createdAt'])
    .where('r.organizationId', '=', organizationId)
    .where('p.authorId', '=', authorId)
    .orderBy('r.createdAt')
    .execute();

/** The images of their posts (alt text and size, not the bytes). */
export const listImagesByAuthor = (ex: Executor, organizationId: string, authorId: string) =>
  ex
    .selectFrom('communityPostImages as i')
    .innerJoin('communityPosts as p', 'p.id', 'i.postId')
    .select(['i.id', 'i.postId', 'i.alt', 'i.width', 'i.height'])
    .where('i.organizationId', '=', organizationId)
    .where('p.authorId', '=', authorId)
    .orderBy('i.position')
    .execute();

/** The reactions they gave. */
export const listReactionsBy = (ex: Executor, organizationId: string, accountId: string) =>
  ex.selectFrom('communityReactions').select(['postId', 'reaction', 'createdAt']).where('organizationId', '=', organizationId).where('accountId', '=', accountId).orderBy('createdAt').execute();

/** Their group memberships in every status, with each group's name. */
export const listGroupMembershipsOf = (ex: Executor, organizationId: string, accountId: string) =>
  ex
    .selectFrom('communityGroupMembers as m')
    .innerJoin('communityGroups as g', 'g.id', 'm.groupId')
    .select(['g.slug as groupSlug', 'g.nameEn as groupNameEn', 'g.nameFr as groupNameFr', 'm.role', 'm.status', 'm.createdAt'])
    .where('m.organizationId', '=', organizationId)
    .where('m.accountId', '=', accountId)
    .orderBy('m.createdAt')
    .execute();

/** The people they follow, by name. */
export const listFolloweesOf = (ex: Executor, organizationId: string, followerId: string) =>
  ex
    .selectFrom('communityFollows as f')
    .innerJoin('identityProfiles as p', 'p.accountId', 'f.followeeId')
    .select(['f.followeeId', 'p.displayName', 'f.createdAt'])
    .where('f.organizationId', '=', organizationId)
    .where('f.followerId', '=', followerId)
    .orderBy('f.createdAt')
    .execute();

/** Only the direct messages they wrote (the other person's side of a conversation is theirs), with whom each went to. */
export const listMessagesSentBy = (ex: Executor, organizationId: string, authorId: string) =>
  ex
    .selectFrom('communityMessages as m')
    .innerJoin('communityConversations as c', 'c.id', 'm.conversationId')
    .innerJoin('identityProfiles as p', (j) => j.on((eb) => eb('p.accountId', '=', eb.case().when('c.accountA', '=', authorId).then(eb.ref('c.accountB')).else(eb.ref('c.accountA')).end())))
    .select(['m.id', 'm.conversationId', 'm.bodyMd', 'm.createdAt', 'p.accountId as toId', 'p.displayName as toName'])
    .where('m.organizationId', '=', organizationId)
    .where('m.authorId', '=', authorId)
    .orderBy('m.createdAt')
    .orderBy('m.id')
    .execute();

/** The people they block. */
export const listBlocksBy = (ex: Executor, organizationId: string, blockerId: string) =>
  ex.selectFrom('communityBlocks').select(['blockedId', 'createdAt']).where('organizationId', '=', organizationId).where('blockerId', '=', blockerId).orderBy('createdAt').execute();
