import type { Generated, Selectable } from 'kysely';

export type SubscriptionFrequency = 'per_post' | 'weekly';
export type SubscriptionStatus = 'pending' | 'active' | 'unsubscribed';
export type SubscriptionLang = 'en' | 'fr';

/** An e-mail address that receives a blog's new posts, with the CASL consent it gave. */
export interface BlogSubscriptionsTable {
  id: string;
  organizationId: string;
  blogId: string;
  /** Lower-cased. */
  email: string;
  /** The language mail is written in: the language the form was shown in. */
  lang: SubscriptionLang;
  frequency: SubscriptionFrequency;
  status: SubscriptionStatus;
  /** SHA-256 of the double opt-in link's token; kept after use so a second use is recognized. */
  confirmTokenHash: string | null;
  confirmExpiresAt: Date | null;
  /** The exact consent text the person ticked, in the language it was shown in. */
  consentWording: string;
  consentLang: SubscriptionLang;
  /** Absolute URL of the page the form was on. */
  consentPageUrl: string;
  /** HMAC-SHA256 of the client address under the deployment secret; never the address. */
  consentIpHash: string | null;
  consentedAt: Date;
  confirmedAt: Date | null;
  unsubscribedAt: Date | null;
  createdAt: Generated<Date>;
  updatedAt: Generated<Date>;
}

/** One message a subscription received: `post:<translationGroupId>` or `digest:<week>`. */
export interface BlogSubscriptionDeliveriesTable {
  id: string;
  subscriptionId: string;
  deliveryKey: string;
  postId: string | null;
  /** For a digest: the end of the period it covered, where the next one starts. */
  periodEnd: Date | null;
  mailMessageId: string | null;
  sentAt: Generated<Date>;
}

/** CASL sender identification an organization's subscription mail carries. */
export interface BlogSenderDetailsTable {
  organizationId: string;
  mailingAddress: string | null;
  contactEmail: string | null;
  contactPhone: string | null;
  updatedAt: Generated<Date>;
}

export type SubscriptionTables = {
  blogSubscriptions: BlogSubscriptionsTable;
  blogSubscriptionDeliveries: BlogSubscriptionDeliveriesTable;
  blogSenderDetails: BlogSenderDetailsTable;
};

export type SubscriptionRow = Selectable<BlogSubscriptionsTable>;
export type SenderDetailsRow = Selectable<BlogSenderDetailsTable>;
