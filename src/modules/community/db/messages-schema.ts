import type { Generated, Selectable } from 'kysely';

/** Tables of direct messages, blocks and the organization's community settings. */
export interface CommunitySettingsTable {
  organizationId: string;
  directMessages: boolean;
  updatedBy: string | null;
  updatedAt: Generated<Date>;
}

/** One per pair of people in an organization; accountA is the smaller id. */
export interface CommunityConversationsTable {
  id: string;
  organizationId: string;
  accountA: string;
  accountB: string;
  createdAt: Generated<Date>;
  lastMessageAt: Generated<Date>;
}

export interface CommunityConversationReadsTable {
  conversationId: string;
  accountId: string;
  lastReadAt: Date;
}

export interface CommunityMessagesTable {
  id: string;
  organizationId: string;
  conversationId: string;
  authorId: string;
  bodyMd: string;
  bodyHtml: string;
  createdAt: Generated<Date>;
}

export interface CommunityBlocksTable {
  organizationId: string;
  blockerId: string;
  blockedId: string;
  createdAt: Generated<Date>;
}

export type MessagingTables = {
  communitySettings: CommunitySettingsTable;
  communityConversations: CommunityConversationsTable;
  communityConversationReads: CommunityConversationReadsTable;
  communityMessages: CommunityMessagesTable;
  communityBlocks: CommunityBlocksTable;
};

export type ConversationRow = Selectable<CommunityConversationsTable>;
export type MessageRow = Selectable<CommunityMessagesTable>;
