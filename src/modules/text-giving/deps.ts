import type { Config } from '../../config.js';
import type { Db } from '../../platform/db/types.js';
import type { I18n } from '../../platform/i18n/i18n.js';
import type { createSealer } from '../identity/index.js';
import type { TwilioGateway } from './twilio-gateway.js';

/** A campaign as this module needs it, read through the fundraising module's service. */
export type CampaignRef = { id: string; organizationId: string; slug: string; titleEn: string; titleFr: string; raisedCents: number; giftCount: number };

/** What the fundraising module lends (its GivingApi): finding the campaign a keyword points at. */
export type CampaignDirectory = {
  findCampaign(organizationId: string, campaignId: string): Promise<CampaignRef | null>;
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
