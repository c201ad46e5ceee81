import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

export type Lang = 'en' | 'fr';
export type GivingFlow = 'link' | 'confirm';
export type PledgeStatus = 'awaiting_confirmation' | 'confirmed' | 'cancelled' | 'expired' | 'link_sent' | 'link_used' | 'paid' | 'failed' | 'refunded';
export type OutboundStatus = 'queued' | 'sending' | 'sent' | 'failed' | 'cancelled';
export type ConsentKind = 'opt_out' | 'opt_in' | 'follow_up';
type Created = Generated<Date>;

export interface TextGivingNumbersTable {
  id: string;
  organizationId: string;
  label: string;
  /** The Twilio number (E.164), its account SID and auth token, sealed at rest. */
  phoneNumberSealed: string;
  phoneNumberLast4: string;
  accountSidSealed: string;
  authTokenSealed: string;
  /** The foundation's toll-free support line, given in HELP answers. */
  supportNumber: string;
  programLang: Lang;
  sendsPerSecond: Generated<number>;
  /** The earliest moment the next reply may leave this number (per-number rate limit). */
  nextSendAt: Generated<Date>;
  createdAt: Created;
  updatedAt: Created;
}

export interface TextGivingKeywordsTable {
  id: string;
  organizationId: string;
  numberId: string;
  campaignId: string;
  keyword: string;
  lang: Lang;
  flow: GivingFlow;
  amountsCents: number[];
  defaultAmountCents: number;
  confirmWindowMinutes: Generated<number>;
  createdAt: Created;
}

export interface TextGivingContactsTable {
  id: string;
  organizationId: string;
  numberId: string;
  /** HMAC of the phone number: finds the contact without keeping the number in clear. */
  phoneHash: string;
  phoneSealed: string | null;
  phoneLast4: string | null;
  lang: Lang;
  optedOutAt: Date | null;
  erasedAt: Date | null;
  createdAt: Created;
  updatedAt: Created;
}

export interface TextGivingInboundMessagesTable {
  id: string;
  organizationId: string;
  numberId: string;
  messageSid: string;
  fromHash: string;
  fromSealed: string | null;
  body: string;
  receivedAt: Created;
  processedAt: Date | null;
  outcome: string | null;
}

export interface TextGivingConsentsTable {
  id: string;
  organizationId: string;
  contactId: string;
  kind: ConsentKind;
  inboundMessageId: string | null;
  evidence: ColumnType<unknown, string, string>;
  createdAt: Created;
}

export interface TextGivingPledgesTable {
  id: string;
  organizationId: string;
  numberId: string;
  contactId: string;
  keywordId: string | null;
  campaignId: string;
  flow: GivingFlow;
  amountCents: number;
  lang: Lang;
  status: PledgeStatus;
  linkTokenHash: string | null;
  expiresAt: Date;
  inboundMessageId: string;
  confirmedMessageId: string | null;
  giftId: string | null;
  /** The fundraising gift's receipt form link (hash only), sent in the thank-you once paid. */
  receiptTokenHash: Generated<string | null>;
  receiptCompletedAt: Generated<Date | null>;
  createdAt: Created;
  updatedAt: Created;
}

export interface TextGivingOutboundMessagesTable {
  id: string;
  organizationId: string;
  numberId: string;
  contactId: string;
  kind: string;
  lang: Lang;
  body: string;
  status: Generated<OutboundStatus>;
  attempts: Generated<number>;
  twilioSid: string | null;
  lastError: string | null;
  dedupeKey: string;
  /** The send slot taken under the number's rate limit. */
  sendAfter: Date | null;
  createdAt: Created;
  sendingStartedAt: Date | null;
  sentAt: Date | null;
}

export type NumberRow = Selectable<TextGivingNumbersTable>;
export type KeywordRow = Selectable<TextGivingKeywordsTable>;
export type ContactRow = Selectable<TextGivingContactsTable>;
export type InboundMessageRow = Selectable<TextGivingInboundMessagesTable>;
export type PledgeRow = Selectable<TextGivingPledgesTable>;
export type OutboundMessageRow = Selectable<TextGivingOutboundMessagesTable>;
export type NewOutboundMessageRow = Insertable<TextGivingOutboundMessagesTable>;

export type TextGivingTables = {
  textGivingNumbers: TextGivingNumbersTable;
  textGivingKeywords: TextGivingKeywordsTable;
  textGivingContacts: TextGivingContactsTable;
  textGivingInboundMessages: TextGivingInboundMessagesTable;
  textGivingConsents: TextGivingConsentsTable;
  textGivingPledges: TextGivingPledgesTable;
  textGivingOutboundMessages: TextGivingOutboundMessagesTable;
};
