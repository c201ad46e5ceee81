import type { Generated, Selectable } from 'kysely';

/** CASL: each message records its purpose. */
export type MailPurpose = 'transactional' | 'informational' | 'fundraising' | 'commercial';
export type MailStatus = 'queued' | 'sent' | 'stored' | 'failed';

export interface MailMessagesTable {
  id: string;
  organizationId: string | null;
  toAddress: string;
  subject: string;
  textBody: string | null;
  htmlBody: string | null;
  purpose: MailPurpose;
  status: Generated<MailStatus>;
  error: string | null;
  createdAt: Generated<Date>;
  sentAt: Date | null;
}
export type MailMessageRow = Selectable<MailMessagesTable>;
export type MailTables = { mailMessages: MailMessagesTable };
