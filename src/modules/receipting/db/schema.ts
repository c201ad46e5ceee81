import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

export type ReceiptStatus = 'issued' | 'cancelled';
export type ReceiptKind = 'single' | 'annual';
export type GiftKind = 'cash' | 'in_kind';
export type ReceiptLanguage = 'en' | 'fr' | 'both';

/** int8 columns arrive as strings from pg and numbers from PGlite; read them through Number(). */
type Cents = ColumnType<string | number, number, number>;
type DateOnly = ColumnType<string | Date, string, string>;

export interface ReceiptingSettingsTable {
  organizationId: string;
  legalName: string;
  addressLine1: string;
  addressLine2: string | null;
  city: string;
  province: string;
  postalCode: string;
  placeOfIssue: string;
  signatoryName: string;
  signatoryTitle: string;
  signatureObjectId: string | null;
  seriesPrefix: Generated<string>;
  updatedBy: string | null;
  createdAt: Generated<Date>;
  updatedAt: Generated<Date>;
}

export interface ReceiptingSigningKeysTable {
  organizationId: string;
  /** The PKCS#12 bundle and its passphrase, sealed with the deployment secret. */
  p12Sealed: string;
  certificatePem: string;
  selfSigned: boolean;
  createdAt: Generated<Date>;
}

export interface ReceiptingSeriesCountersTable {
  organizationId: string;
  series: string;
  lastNumber: Generated<number>;
}

export interface ReceiptingReceiptsTable {
  id: string;
  organizationId: string;
  series: string;
  number: number;
  serial: string;
  status: Generated<ReceiptStatus>;
  kind: ReceiptKind;
  giftKind: GiftKind;
  language: ReceiptLanguage;
  donorAccountId: string | null;
  donorFullName: string;
  donorAddressLines: string[];
  donorCity: string;
  donorProvince: string;
  donorPostalCode: string;
  donorCountry: string;
  donorEmail: string | null;
  charityName: string;
  charityAddress: string;
  registrationNumber: string;
  placeOfIssue: string;
  signatoryName: string;
  signatoryTitle: string;
  signatureObjectId: string | null;
  receivedOn: DateOnly | null;
  receivedYear: number;
  amountCents: Cents;
  advantageCents: Cents;
  advantageDescription: string | null;
  eligibleAmountCents: Cents;
  propertyDescription: string | null;
  appraiserName: string | null;
  appraiserAddress: string | null;
  currency: Generated<string>;
  issuedAt: Date;
  issuedOn: DateOnly;
  replacesReceiptId: string | null;
  replacesSerial: string | null;
  replacementReason: string | null;
  cancelledAt: Date | null;
  cancelledBy: string | null;
  pdfObjectId: string | null;
  pdfSha256: string | null;
  issuedBy: string | null;
  createdAt: Generated<Date>;
}

export interface ReceiptingReceiptGiftsTable {
  id: string;
  receiptId: string;
  organizationId: string;
  sourceType: string;
  sourceId: string;
  receivedOn: DateOnly;
  amountCents: Cents;
  advantageCents: Cents;
  advantageCountedCents: Cents;
  advantageDescription: string | null;
  advantageNearCash: boolean;
  eligibleAmountCents: Cents;
  createdAt: Generated<Date>;
}

export interface ReceiptingSourceReceiptsTable {
  organizationId: string;
  sourceType: string;
  sourceId: string;
  receiptId: string;
  updatedAt: Generated<Date>;
}

export interface ReceiptingDeliveriesTable {
  id: string;
  receiptId: string;
  organizationId: string;
  mailMessageId: string;
  toAddress: string;
  createdAt: Generated<Date>;
}

export type ReceiptSettingsRow = Selectable<ReceiptingSettingsTable>;
export type ReceiptRow = Selectable<ReceiptingReceiptsTable>;
export type NewReceiptRow = Insertable<ReceiptingReceiptsTable>;
export type ReceiptGiftRow = Selectable<ReceiptingReceiptGiftsTable>;

export type ReceiptingTables = {
  receiptingSettings: ReceiptingSettingsTable;
  receiptingSigningKeys: ReceiptingSigningKeysTable;
  receiptingSeriesCounters: ReceiptingSeriesCountersTable;
  receiptingReceipts: ReceiptingReceiptsTable;
  receiptingReceiptGifts: ReceiptingReceiptGiftsTable;
  receiptingSourceReceipts: ReceiptingSourceReceiptsTable;
  receiptingDeliveries: ReceiptingDeliveriesTable;
};
