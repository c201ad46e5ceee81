import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

export type GiftStatus = 'pending' | 'succeeded' | 'failed' | 'refunded' | 'disputed';
export type GiftChannel = 'web' | 'peer_to_peer' | 'text' | 'offline';
export type GiftMethod = 'card' | 'cheque' | 'cash' | 'etransfer' | 'in_kind' | 'text';
export type GiftFrequency = 'one_time' | 'monthly';
export type GiftKind = 'cash' | 'in_kind';
export type WallDisplay = 'name' | 'anonymous' | 'hidden';
export type TributeKind = 'honour' | 'memory';
export type GatewayKind = 'stripe' | 'test';
export type DonorLanguage = 'en' | 'fr';
type Created = Generated<Date>;
/** A `date` column: read as a Date at midnight, written as 'yyyy-mm-dd'. */
type Day = ColumnType<Date, string, string>;

export interface FundraisingCampaignsTable {
  id: string;
  organizationId: string;
  slug: string;
  titleEn: string;
  titleFr: string;
  storyEn: Generated<string>;
  storyFr: Generated<string>;
  goalCents: number;
  currency: Generated<string>;
  /** Calendar dates (yyyy-mm-dd) in the foundation's time zone. */
  startsOn: Day;
  endsOn: ColumnType<Date | null, string | null, string | null>;
  coverObjectId: string | null;
  coverAltEn: string | null;
  coverAltFr: string | null;
  /** Null while the campaign is a draft: only its fundraisers see it (and its cover). */
  publishedAt: ColumnType<Date | null, Date | null | undefined, Date | null>;
  /** Amounts offered as buttons on the gift form, in cents (a JSON array). */
  suggestedAmountsCents: ColumnType<number[], string | undefined, string>;
  /** What a donor receives in return by default (a gala dinner), for receipts. */
  defaultAdvantageCents: Generated<number>;
  defaultAdvantageDescription: string | null;
  createdBy: string | null;
  createdAt: Created;
  updatedAt: Created;
}

/**
 * A campaign's succeeded gifts, in a few slots whose sum is its total: each change adds to one slot
 * in the transaction that records it (see db/queries.ts, addToCampaignTotal).
 */
export interface FundraisingCampaignTalliesTable {
  campaignId: string;
  slot: number;
  raisedCents: Generated<number>;
  giftCount: Generated<number>;
}

export interface FundraisingDonorsTable {
  id: string;
  organizationId: string;
  accountId: string | null;
  email: string;
  firstName: string;
  middleInitial: string | null;
  lastName: string;
  addressLine1: string | null;
  addressLine2: string | null;
  city: string | null;
  province: string | null;
  postalCode: string | null;
  country: Generated<string>;
  language: Generated<DonorLanguage>;
  createdAt: Created;
  updatedAt: Created;
}

/** A gift keeps a snapshot of the donor as given, which is what a receipt must show. */
export interface FundraisingGiftsTable {
  id: string;
  organizationId: string;
  campaignId: string;
  donorId: string | null;
  accountId: string | null;
  status: GiftStatus;
  channel: GiftChannel;
  method: GiftMethod;
  frequency: Generated<GiftFrequency>;
  kind: Generated<GiftKind>;
  /** For a gift in kind, its fair market value. */
  amountCents: number;
  currency: Generated<string>;
  advantageCents: Generated<number>;
  advantageDescription: string | null;
  advantageNearCash: Generated<boolean>;
  propertyDescription: string | null;
  appraiserName: string | null;
  appraiserAddress: string | null;
  donorEmail: string;
  donorFirstName: string;
  donorMiddleInitial: string | null;
  donorLastName: string;
  donorAddressLine1: string | null;
  donorAddressLine2: string | null;
  donorCity: string | null;
  donorProvince: string | null;
  donorPostalCode: string | null;
  donorCountry: Generated<string>;
  donorLanguage: Generated<DonorLanguage>;
  wallDisplay: Generated<WallDisplay>;
  wallName: string | null;
  wallMessage: string | null;
  tributeKind: TributeKind | null;
  tributeName: string | null;
  gateway: GatewayKind | null;
  /** Checkout session (Stripe) or test payment id. */
  gatewayPaymentId: string | null;
  /** The PaymentIntent behind it, named by refund and dispute events. */
  gatewayIntentId: string | null;
  idempotencyKey: string | null;
  /** Cheque number, e-Transfer reference… */
  reference: string | null;
  receivedOn: Day;
  succeededAt: Date | null;
  recordedBy: string | null;
  /** The peer-to-peer page the gift was given through. */
  pageId: string | null;
  /** The share link's channel the donor came by. */
  attributionChannel: string | null;
  /** The monthly gift this month's payment belongs to. */
  monthlyGiftId: string | null;
  /** The donor asked for one annual receipt instead of one per month. */
  receiptAnnually: Generated<boolean>;
  createdAt: Created;
  updatedAt: Created;
}

export type MonthlyStatus = 'pending' | 'active' | 'paused' | 'past_due' | 'cancelled';
/** A monthly gift: the donor's standing promise; each month's payment is a gift of its own. */
export interface FundraisingMonthlyGiftsTable {
  id: string;
  organizationId: string;
  campaignId: string;
  pageId: string | null;
  attributionChannel: string | null;
  accountId: string | null;
  status: MonthlyStatus;
  amountCents: number;
  currency: Generated<string>;
  receiptAnnually: Generated<boolean>;
  donorEmail: string;
  donorFirstName: string;
  donorMiddleInitial: string | null;
  donorLastName: string;
  donorAddressLine1: string;
  donorAddressLine2: string | null;
  donorCity: string;
  donorProvince: string;
  donorPostalCode: string;
  donorCountry: Generated<string>;
  donorLanguage: Generated<DonorLanguage>;
  wallDisplay: Generated<WallDisplay>;
  wallName: string | null;
  wallMessage: string | null;
  gateway: GatewayKind;
  gatewaySessionId: string | null;
  gatewaySubscriptionId: string | null;
  gatewayCustomerId: string | null;
  idempotencyKey: string;
  chargeCount: Generated<number>;
  lastChargedAt: Date | null;
  activatedAt: Date | null;
  cancelledAt: Date | null;
  createdAt: Created;
  updatedAt: Created;
}

export type MonthlyChangeKind = 'created' | 'activated' | 'charged' | 'payment_failed' | 'amount_changed' | 'paused' | 'resumed' | 'cancelled' | 'receipt_preference' | 'synced';
export interface FundraisingMonthlyGiftChangesTable {
  id: string;
  organizationId: string;
  monthlyGiftId: string;
  kind: MonthlyChangeKind;
  /** The donor who asked; null when a verified gateway event made the change. */
  actorAccountId: string | null;
  eventId: string | null;
  fromStatus: string | null;
  toStatus: string | null;
  fromAmountCents: number | null;
  toAmountCents: number | null;
  createdAt: Created;
}
export type MonthlyGiftRow = Selectable<FundraisingMonthlyGiftsTable>;
export type NewMonthlyGiftRow = Insertable<FundraisingMonthlyGiftsTable>;
export type MonthlyChangeRow = Selectable<FundraisingMonthlyGiftChangesTable>;

export type PageKind = 'personal' | 'team';
export interface FundraisingPagesTable {
  id: string;
  organizationId: string;
  campaignId: string;
  ownerAccountId: string | null;
  kind: PageKind;
  teamId: string | null;
  slug: string;
  title: string;
  story: Generated<string>;
  goalCents: number;
  photoObjectId: ColumnType<string | null, string | null | undefined, string | null>;
  photoAlt: ColumnType<string | null, string | null | undefined, string | null>;
  raisedCents: Generated<number>;
  giftCount: Generated<number>;
  createdAt: Created;
  updatedAt: Created;
}

export type ConsentChannel = 'email' | 'sms' | 'mail';
export type ConsentBasis = 'express' | 'implied_gift' | 'unsubscribe' | 'sms_stop' | 'withdrawn';
export interface FundraisingConsentsTable {
  id: string;
  organizationId: string;
  channel: ConsentChannel;
  /** Lower-case e-mail address, E.164 phone number, or a mailing-address key. */
  address: string;
  basis: ConsentBasis;
  granted: boolean;
  expiresAt: Date | null;
  /** Where it was given or withdrawn (gift form, unsubscribe link, SMS keyword…). */
  source: string;
  /** What the person saw or sent: the wording, the page, the message id. */
  evidence: ColumnType<Record<string, string>, string | undefined, string>;
  giftId: string | null;
  createdAt: Created;
}

export interface FundraisingPaymentEventsTable {
  eventId: string;
  gateway: GatewayKind;
  type: string;
  giftId: string | null;
  outcome: string;
  receivedAt: Created;
}

/** Which PaymentIntent paid which invoice (a month of a monthly gift), from verified `invoice_payment.paid` events. */
export interface FundraisingInvoicePaymentsTable {
  gateway: GatewayKind;
  intentId: string;
  invoiceId: string;
  eventId: string;
  createdAt: Created;
}

/** Grateful-patient contact (PHIPA s.32): name and mailing address only, never health information. */
export interface FundraisingPatientContactsTable {
  id: string;
  /** The foundation. */
  organizationId: string;
  sourceHospitalId: string;
  firstName: string;
  lastName: string;
  addressLine1: string;
  addressLine2: string | null;
  city: string;
  province: string;
  postalCode: string;
  noticeGivenOn: Day;
  transferredAt: Created;
}
export interface FundraisingPatientOptOutsTable {
  id: string;
  /** The hospital. */
  organizationId: string;
  personKey: string;
  method: 'link' | 'phone';
  createdAt: Created;
}
export type PatientContactRow = Selectable<FundraisingPatientContactsTable>;

/** A tribute e-card for a gift: to whom, in which language, with what words; never the amount. */
export interface FundraisingEcardsTable {
  id: string;
  organizationId: string;
  giftId: string;
  recipientName: string;
  recipientEmail: string;
  recipientLanguage: 'en' | 'fr';
  message: string | null;
  showSender: boolean;
  sentAt: Date | null;
  createdAt: Created;
}

/** A campaign with its total (the sum of its tallies). */
export type CampaignRow = Selectable<FundraisingCampaignsTable> & { raisedCents: number; giftCount: number };
export type NewCampaignRow = Insertable<FundraisingCampaignsTable>;
export type DonorRow = Selectable<FundraisingDonorsTable>;
export type GiftRow = Selectable<FundraisingGiftsTable>;
export type NewGiftRow = Insertable<FundraisingGiftsTable>;
export type PageRow = Selectable<FundraisingPagesTable>;

export type FundraisingTables = {
  fundraisingCampaigns: FundraisingCampaignsTable;
  fundraisingCampaignTallies: FundraisingCampaignTalliesTable;
  fundraisingDonors: FundraisingDonorsTable;
  fundraisingGifts: FundraisingGiftsTable;
  fundraisingPaymentEvents: FundraisingPaymentEventsTable;
  fundraisingInvoicePayments: FundraisingInvoicePaymentsTable;
  fundraisingPages: FundraisingPagesTable;
  fundraisingConsents: FundraisingConsentsTable;
  fundraisingPatientContacts: FundraisingPatientContactsTable;
  fundraisingPatientOptOuts: FundraisingPatientOptOutsTable;
  fundraisingEcards: FundraisingEcardsTable;
  fundraisingMonthlyGifts: FundraisingMonthlyGiftsTable;
  fundraisingMonthlyGiftChanges: FundraisingMonthlyGiftChangesTable;
};
