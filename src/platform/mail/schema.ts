import type { ColumnType, Generated, Selectable } from 'kysely';

/** CASL: each message records its purpose. */
export type MailPurpose = 'transactional' | 'informational' | 'fundraising' | 'commercial';
export type MailAttachment = { filename: string; contentType: string; storageObjectId: string };
export type MailStatus = 'queued' | 'sent' | 'stored' | 'failed';

export interface MailMessagesTable {
  id: string;
  organizationId: string | null;
  toAddress: string;
  subject: string;
  textBody: string | null;
  htmlBody: string | null;
  purpose: MailPurpose;
  /** Extra header lines, e.g. List-Unsubscribe (RFC 8058); null for most messages. */
  headers: ColumnType<Record<string, string> | null, string | null | undefined, string | null>;
  /** Files attached by reference to storage objects, which the sender keeps; null for most messages. */
  attachments: ColumnType<MailAttachment[] | null, string | null | undefined, string | null>;
  status: Generated<MailStatus>;
  error: string | null;
  createdAt: Generated<Date>;
  sentAt: Date | null;
}
export type MailMessageRow = Selectable<MailMessagesTable>;
export type MailTables = { mailMessages: MailMessagesTable };
