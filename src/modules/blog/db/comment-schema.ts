import type { ColumnType, Generated, Selectable } from 'kysely';

export type CommentStatus = 'held' | 'approved' | 'rejected' | 'spam';

/**
 * One redaction: the span [start, end) of the stored body that holds the placeholder standing
 * for the removed text. The removed text itself is kept nowhere.
 */
export type Redaction = { start: number; end: number; at: string };

/** The placeholder stored in a redacted body; pages show it in the reader's language. */
export const REDACTION_PLACEHOLDER = '[redacted]';

export interface BlogCommentsTable {
  id: string;
  organizationId: string;
  postId: string;
  /** Always a top-level comment: threads are two levels deep. */
  parentId: string | null;
  accountId: string | null;
  guestName: string | null;
  /** Lower-cased; kept only to tell a guest the outcome of moderation. */
  guestEmail: string | null;
  body: string;
  /** The language the comment was written in, for mail about it. */
  lang: 'en' | 'fr';
  status: CommentStatus;
  holdReasons: ColumnType<string[], string[] | undefined, string[]>;
  redactions: ColumnType<Redaction[], string | undefined, string>;
  /** HMAC-SHA256 of the client address under the deployment secret; never the address. */
  ipHash: string | null;
  createdAt: Generated<Date>;
  moderatedBy: string | null;
  moderatedAt: Date | null;
}

export interface BlogModerationSettingsTable {
  organizationId: string;
  /** A medical record number template (see phi.ts compileMrnTemplate), not a regular expression. */
  mrnPattern: string | null;
  blockedWords: ColumnType<string[], string[] | undefined, string[]>;
  updatedBy: string | null;
  updatedAt: Generated<Date>;
}

export type CommentRow = Selectable<BlogCommentsTable>;
export type ModerationSettingsRow = Selectable<BlogModerationSettingsTable>;
