import type { Executor } from '../../../../platform/db/types.js';
import type { PostLang, PostStatus } from '../schema.js';
import type { SenderDetailsRow, SubscriptionFrequency, SubscriptionRow, SubscriptionStatus } from '../subscription-schema.js';

export const findSenderDetails = (ex: Executor, organizationId: string): Promise<SenderDetailsRow | undefined> =>
  ex.selectFrom('blogSenderDetails').selectAll().where('organizationId', '=', organizationId).executeTakeFirst();

export function findSubscriptionByEmail(ex: Executor, organizationId: string, blogId: string, email: string, opts: { forUpdate?: boolean } = {}): Promise<SubscriptionRow | undefined> {
  const q = ex.selectFrom('blogSubscriptions').selectAll().where('organizationId', '=', organizationId).where('blogId', '=', blogId).where('email', '=', email);
  return (opts.forUpdate ? q.forUpdate() : q).executeTakeFirst();
}

/**
 * By id alone: an unsubscribe link and a queued job carry only the subscription id (the link's
 * HMAC, or the job row, is what vouches for it), and the row gives the organization.
 */
export function findSubscriptionById(ex: Executor, id: string, opts: { forUpdate?: boolean } = {}): Promise<SubscriptionRow | undefined> {
  const q = ex.selectFrom('blogSubscriptions').selectAll().where('id', '=', id);
  return (opts.forUpdate ? q.forUpdate() : q).executeTakeFirst();
}

/** By the hash of a confirmation token, which names one subscription across organizations. */
export const findSubscriptionByConfirmHash = (ex: Executor, hash: string): Promise<SubscriptionRow | undefined> =>
  ex.selectFrom('blogSubscriptions').selectAll().where('confirmTokenHash', '=', hash).forUpdate().executeTakeFirst();

export async function insertSubscription(
  ex: Executor,
  s: Pick<
    SubscriptionRow,
    | 'id' | 'organizationId' | 'blogId' | 'email' | 'lang' | 'frequency' | 'status' | 'confirmTokenHash' | 'confirmExpiresAt'
    | 'consentWording' | 'consentLang' | 'consentPageUrl' | 'consentIpHash' | 'consentedAt'
  >,
): Promise<void> {
  await ex.insertInto('blogSubscriptions').values({ ...s, confirmedAt: null, unsubscribedAt: null }).execute();
}

export async function updateSubscription(
  ex: Executor,
  organizationId: string,
  id: string,
  set: Partial<Omit<SubscriptionRow, 'id' | 'organizationId' | 'blogId' | 'email' | 'createdAt' | 'updatedAt'>>,
): Promise<void> {
  await ex.updateTable('blogSubscriptions').set({ ...set, updatedAt: new Date() }).where('organizationId', '=', organizationId).where('id', '=', id).execute();
}

export async function listActiveSubscriptionIds(ex: Executor, organizationId: string, blogId: string, frequency: SubscriptionFrequency): Promise<string[]> {
  const rows = await ex
    .selectFrom('blogSubscriptions')
    .select('id')
    .where('organizationId', '=', organizationId)
    .where('blogId', '=', blogId)
    .where('frequency', '=', frequency)
    .where('status', '=', 'active' satisfies SubscriptionStatus)
    .orderBy('id')
    .execute();
  return rows.map((r) => r.id);
}

/** Every active weekly subscription of every organization: the digest is one job for the deployment. */
export async function listActiveWeeklySubscriptionIds(ex: Executor): Promise<string[]> {
  const rows = await ex.selectFrom('blogSubscriptions').select('id').where('frequency', '=', 'weekly').where('status', '=', 'active').orderBy('id').execute();
  return rows.map((r) => r.id);
}

/** Records a delivery unless one with the same key exists; returns its id only when it is new. */
export async function insertDelivery(
  ex: Executor,
  d: { id: string; subscriptionId: string; deliveryKey: string; postId: string | null; periodEnd: Date | null },
): Promise<string | null> {
  const row = await ex
    .insertInto('blogSubscriptionDeliveries')
    .values({ ...d, mailMessageId: null })
    .onConflict((oc) => oc.columns(['subscriptionId', 'deliveryKey']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? null;
}

export async function setDeliveryMail(ex: Executor, id: string, mailMessageId: string): Promise<void> {
  await ex.updateTable('blogSubscriptionDeliveries').set({ mailMessageId }).where('id', '=', id).execute();
}

export async function findLastDigestEnd(ex: Executor, subscriptionId: string): Promise<Date | null> {
  const row = await ex
    .selectFrom('blogSubscriptionDeliveries')
    .select('periodEnd')
    .where('subscriptionId', '=', subscriptionId)
    .where('periodEnd', 'is not', null)
    .orderBy('periodEnd', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.periodEnd ?? null;
}

export async function listDeliveryMailIdsSince(ex: Executor, subscriptionId: string, since: Date): Promise<string[]> {
  const rows = await ex
    .selectFrom('blogSubscriptionDeliveries')
    .select('mailMessageId')
    .where('subscriptionId', '=', subscriptionId)
    .where('sentAt', '>=', since)
    .where('mailMessageId', 'is not', null)
    .execute();
  return rows.map((r) => r.mailMessageId!);
}

/** What a subscription's mail names: its organization and blog. */
export type SubscriptionContext = {
  orgSlug: string;
  orgNameEn: string;
  orgNameFr: string;
  blogSlug: string;
  blogTitleEn: string;
  blogTitleFr: string;
};

export const findSubscriptionContext = (ex: Executor, organizationId: string, blogId: string): Promise<SubscriptionContext | undefined> =>
  ex
    .selectFrom('blogBlogs as b')
    .innerJoin('identityOrganizations as o', 'o.id', 'b.organizationId')
    .select(['o.slug as orgSlug', 'o.nameEn as orgNameEn', 'o.nameFr as orgNameFr', 'b.slug as blogSlug', 'b.titleEn as blogTitleEn', 'b.titleFr as blogTitleFr'])
    .where('b.organizationId', '=', organizationId)
    .where('b.id', '=', blogId)
    .executeTakeFirst();

export type DeliverablePost = {
  id: string;
  organizationId: string;
  blogId: string;
  blogSlug: string;
  slug: string;
  lang: PostLang;
  translationGroupId: string;
  title: string;
  excerpt: string | null;
  status: PostStatus;
  publishedAt: Date | null;
};

const deliverable = (ex: Executor) =>
  ex
    .selectFrom('blogPosts as p')
    .innerJoin('blogBlogs as b', 'b.id', 'p.blogId')
    .select(['p.id', 'p.organizationId', 'p.blogId', 'b.slug as blogSlug', 'p.slug', 'p.lang', 'p.translationGroupId', 'p.title', 'p.excerpt', 'p.status', 'p.publishedAt']);

/** By id alone: the `blog.post.published` job carries only the post id. */
export const findDeliverablePost = (ex: Executor, postId: string): Promise<DeliverablePost | undefined> =>
  deliverable(ex).where('p.id', '=', postId).executeTakeFirst();

/** The published posts of these translation groups, in any blog of the organization. */
export function listPublishedInGroups(ex: Executor, organizationId: string, groupIds: string[]): Promise<DeliverablePost[]> {
  if (groupIds.length === 0) return Promise.resolve([]);
  return deliverable(ex)
    .where('p.organizationId', '=', organizationId)
    .where('p.translationGroupId', 'in', groupIds)
    .where('p.status', '=', 'published')
    .orderBy('p.publishedAt')
    .execute();
}

/** Posts of a blog published in (since, until], newest first. */
export const listPublishedBetween = (ex: Executor, organizationId: string, blogId: string, since: Date, until: Date): Promise<DeliverablePost[]> =>
  deliverable(ex)
    .where('p.organizationId', '=', organizationId)
    .where('p.blogId', '=', blogId)
    .where('p.status', '=', 'published')
    .where('p.publishedAt', '>', since)
    .where('p.publishedAt', '<=', until)
    .orderBy('p.publishedAt', 'desc')
    .limit(100)
    .execute();
