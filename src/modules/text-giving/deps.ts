import type { Config } from '../../config.js';
import type { Db } from '../../platform/db/types.js';
import type { I18n } from '../../platform/i18n/i18n.js';
import type { createSealer } from '../identity/index.js';
import type { TwilioGateway } from './twilio-gateway.js';
import type { Lang } from './db/schema.js';

/** A campaign as this module needs it, read through the fundraising module's service. */
export type CampaignRef = {
  id: string; organizationId: string; slug: string; titleEn: string; titleFr: string; goalCents: number; raisedCents: number; giftCount: number;
  /** False for a draft (unpublished) or ended campaign: its keywords take no pledge. */
  open: boolean;
};

/** The name and mailing address a text donor gives for their official receipt. */
export type ReceiptDonor = {
  email: string;
  firstName: string;
  middleInitial?: string | null;
  lastName: string;
  addressLine1: string;
  addressLine2?: string | null;
  city: string;
  province: string;
  postalCode: string;
  language: Lang;
};

/**
 * What the fundraising module lends (its service): the campaigns keywords point at, and the
 * gifts paid text pledges become.
 */
export type CampaignDirectory = {
  findCampaign(organizationId: string, campaignId: string): Promise<CampaignRef | null>;
  listCampaigns(organizationId: string): Promise<CampaignRef[]>;
  /** Idempotent by `externalId` (the pledge id): recording it again returns the same gift. */
  recordTextGift(input: { organizationId: string; campaignId: string; externalId: string; amountCents: number; state: 'paid'; language: Lang; receivedOn?: string }): Promise<{ giftId: string; created: boolean }>;
  /** Names the donor of a text gift recorded without one, and asks for its receipt; once only. */
  completeTextGiftDonor(input: { organizationId: string; giftId: string; donor: ReceiptDonor }): Promise<{ completed: boolean }>;
  /** Where each text gift's official receipt stands: donor named or not, and the receipt if issued. */
  textGiftReceipts(organizationId: string, giftIds: string[]): Promise<{ giftId: string; donorNamed: boolean; receipt: { id: string; serial: string; status: 'issued' | 'cancelled' } | null }[]>;
};

/** What the text-giving module's services are built from. */
export type TextGivingDeps = {
  db: Db;
  config: Pick<Config, 'publicUrl' | 'secret' | 'env'>;
  i18n: I18n;
  sealer: ReturnType<typeof createSealer>;
  twilio: TwilioGateway;
  /** The fundraising module's service; absent, keywords name campaigns by id unchecked (unit setups only). */
  campaigns?: CampaignDirectory | undefined;
};
