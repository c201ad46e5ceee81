import type { Generated, Insertable, Selectable } from 'kysely';
import type { MessagingTables } from './messages-schema.js';
import type { CommunityPostImagesTable } from './media-schema.js';

export const GROUP_KINDS = ['public', 'private', 'secret', 'staff'] as const;
export type GroupKind = (typeof GROUP_KINDS)[number];
export const GROUP_ROLES = ['owner', 'moderator', 'member'] as const;
export type GroupRole = (typeof GROUP_ROLES)[number];
export const MEMBER_STATUSES = ['active', 'requested', 'invited', 'banned'] as const;
export type MemberStatus = (typeof MEMBER_STATUSES)[number];
export const REACTIONS = ['like', 'heart', 'support', 'thanks'] as const;
export type Reaction = (typeof REACTIONS)[number];
export type PostStatus = 'visible' | 'held' | 'hidden' | 'removed' | 'deleted';

type Created = Generated<Date>;

export interface CommunityGroupsTable {
  id: string;
  organizationId: string;
  slug: string;
  kind: GroupKind;
  nameEn: string;
  nameFr: string;
  descriptionEn: Generated<string>;
  descriptionFr: Generated<string>;
  rulesEn: Generated<string>;
  rulesFr: Generated<string>;
  noPhi: Generated<boolean>;
  createdBy: string | null;
  createdAt: Created;
  updatedAt: Created;
  /** The newest visible top-level post's time, kept by triggers (see the group-posted migration). */
  postedAt: Generated<Date | null>;
}

export interface CommunityGroupMembersTable {
  groupId: string;
  accountId: string;
  organizationId: string;
  role: Generated<GroupRole>;
  status: MemberStatus;
  invitedBy: string | null;
  decidedBy: string | null;
  mutedUntil: Generated<Date | null>;
  createdAt: Created;
  updatedAt: Created;
}

export interface CommunityPostsTable {
  id: string;
  organizationId: string;
  groupId: string;
  authorId: string;
  parentId: string | null;
  bodyMd: string;
  bodyHtml: string;
  status: Generated<PostStatus>;
  createdAt: Created;
  editedAt: Date | null;
  /** Shown to the author when a moderator hid or removed the post. */
  moderationReason: Generated<string | null>;
  holdReasons: Generated<string[]>;
}

export interface CommunityReactionsTable {
  postId: string;
  accountId: string;
  organizationId: string;
  reaction: Reaction;
  createdAt: Created;
}

export const NOTIFICATION_KINDS = ['mention', 'reply', 'reaction', 'join_request', 'approved', 'message'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export interface CommunityMentionsTable {
  postId: string;
  accountId: string;
  organizationId: string;
}

export interface CommunityHashtagsTable {
  postId: string;
  tag: string;
  organizationId: string;
  groupId: string;
  createdAt: Date;
}

export interface CommunityPostRevisionsTable {
  id: string;
  organizationId: string;
  postId: string;
  bodyMd: string;
  createdAt: Date;
}

export interface CommunityNotificationsTable {
  id: string;
  organizationId: string;
  recipientId: string;
  kind: NotificationKind;
  actorId: string | null;
  /** Null for a notice about a conversation (kind `message`). */
  groupId: string | null;
  postId: string | null;
  conversationId: Generated<string | null>;
  createdAt: Created;
  readAt: Date | null;
  emailedAt: Generated<Date | null>;
}

export const EMAIL_MODES = ['off', 'each', 'daily'] as const;
export type EmailMode = (typeof EMAIL_MODES)[number];

export interface CommunityNoticePreferencesTable {
  organizationId: string;
  accountId: string;
  email: EmailMode;
  updatedAt: Generated<Date>;
}

export interface CommunityFollowsTable {
  organizationId: string;
  followerId: string;
  followeeId: string;
  /** The followee's newest top-level post in the organization, or later; null: not known (kept by triggers). */
  followeePostedAt: Generated<Date | null>;
  createdAt: Created;
}

export interface CommunityFeedViewsTable {
  organizationId: string;
  accountId: string;
  lastSeenAt: Date;
}

export interface CommunityReportsTable {
  id: string;
  organizationId: string;
  groupId: string;
  postId: string;
  reporterId: string | null;
  reason: string;
  status: Generated<'open' | 'resolved'>;
  resolution: 'hidden' | 'removed' | 'dismissed' | 'approved' | null;
  resolvedBy: string | null;
  createdAt: Created;
  resolvedAt: Date | null;
}

export type CommunityTables = MessagingTables & {
  communityReports: CommunityReportsTable;
  communityNoticePreferences: CommunityNoticePreferencesTable;
  communityFollows: CommunityFollowsTable;
  communityFeedViews: CommunityFeedViewsTable;
  communityMentions: CommunityMentionsTable;
  communityHashtags: CommunityHashtagsTable;
  communityPostRevisions: CommunityPostRevisionsTable;
  communityNotifications: CommunityNotificationsTable;
  communityGroups: CommunityGroupsTable;
  communityGroupMembers: CommunityGroupMembersTable;
  communityPosts: CommunityPostsTable;
  communityReactions: CommunityReactionsTable;
  communityPostImages: CommunityPostImagesTable;
};

export type GroupRow = Selectable<CommunityGroupsTable>;
export type NewGroupRow = Insertable<CommunityGroupsTable>;
export type GroupMemberRow = Selectable<CommunityGroupMembersTable>;
export type PostRow = Selectable<CommunityPostsTable>;
export type NewPostRow = Insertable<CommunityPostsTable>;
