import { recordAudit } from '../../../platform/audit/audit.js';
import { newId } from '../../../platform/db/ids.js';
import type { Executor } from '../../../platform/db/types.js';
import { NotFoundError, ValidationError } from '../../../platform/http/errors.js';
import { formatters, type Lang, type T } from '../../../platform/i18n/i18n.js';
import { enqueueJob } from '../../../platform/jobs/queue.js';
import type { BlogDeps } from '../deps.js';
import { digestDueAt, isDigestWeek, nextDigestWeek } from '../digest-schedule.js';
import { findBlogBySlug, findOrganizationBySlug, type OrgRef } from '../db/queries/blogs.js';
import {
  findDeliverablePost,
  findLastDigestEnd,
  findSenderDetails,
  findSubscriptionByConfirmHash,
  findSubscriptionByEmail,
  findSubscriptionById,
  findSubscriptionContext,
  insertDelivery,
  insertSubscription,
  listActiveSubscriptionIds,
  listActiveWeeklySubscriptionIds,
  listDeliveryMailIdsSince,
  listPublishedBetween,
  listPublishedInGroups,
  setDeliveryMail,
  updateSubscription,
  type DeliverablePost,
  type SubscriptionContext,
} from '../db/queries/subscriptions.js';
import type { BlogRow } from '../db/schema.js';
import type { SenderDetailsRow, SubscriptionFrequency, SubscriptionRow } from '../db/subscription-schema.js';
import { createSubscriptionTokens, hashConfirmToken } from '../subscription-tokens.js';
import { blogUrl, confirmSubscriptionUrl, postUrl, subscribeUrl, unsubscribeUrl } from '../views/urls.js';

export const POST_PUBLISHED_JOB = 'blog.post.published';
export const SEND_POST_JOB = 'blog.subscription.send-post';
export const WEEKLY_DIGEST_JOB = 'blog.subscription.weekly-digest';
export const SEND_DIGEST_JOB = 'blog.subscription.send-digest';

const DAY = 86_400_000;
const CONFIRM_DAYS = 7;

export type ConfirmOutcome = 'confirmed' | 'used' | 'expired' | 'invalid';
export type LinkContext = { orgSlug: string; blogSlug: string; blogTitleEn: string; blogTitleFr: string };
export type UnsubscribeView = LinkContext & { maskedEmail: string; unsubscribed: boolean };

/** What the subscribe form shows: where it posts, and the consent wording in the page's language. */
export type SubscribeFormModel = { action: string; lang: Lang; source: string; blogTitle: string; consentWording: string };

const pick = (lang: Lang, en: string, fr: string) => (lang === 'fr' ? fr : en);
const linkOf = (ctx: SubscriptionContext): LinkContext => ({ orgSlug: ctx.orgSlug, blogSlug: ctx.blogSlug, blogTitleEn: ctx.blogTitleEn, blogTitleFr: ctx.blogTitleFr });

/** "j…@example.ca": enough for people to recognize their address, not enough to give it away. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  return at <= 0 ? '…' : `${email[0]}…${email.slice(at)}`;
}

/**
 * The express-consent wording (CASL): purpose, who asks, how to reach them, and that consent can
 * be withdrawn. The exact text shown is what gets recorded.
 */
export function consentWording(t: T, p: { orgName: string; blogTitle: string; contact: string }): string {
  return t('blogSubscriptions.consent', { org: p.orgName, blog: p.blogTitle, contact: p.contact });
}

/** E-mail subscriptions to a blog: double opt-in, CASL consent records, delivery of new posts and digests. */
export function createSubscriptionService(deps: BlogDeps) {
  const { db, mailer, i18n, config } = deps;
  const tokens = createSubscriptionTokens(config.secret);
  const absolute = (path: string) => new URL(path, config.publicUrl).toString();

  function contactLine(org: { slug: string }, sender: SenderDetailsRow | undefined): string {
    const parts = [sender?.contactEmail, sender?.contactPhone].filter((x): x is string => !!x);
    // Without configured details, the organization's public page is the way to reach it.
    return parts.length > 0 ? parts.join(' · ') : absolute(`/o/${org.slug}`);
  }

  async function formModel(org: OrgRef, blog: BlogRow, lang: Lang, source: string): Promise<SubscribeFormModel> {
    const sender = await findSenderDetails(db, org.id);
    const t = i18n.t(lang);
    const blogTitle = pick(lang, blog.titleEn, blog.titleFr);
    return {
      action: subscribeUrl(org.slug, blog.slug),
      lang,
      source,
      blogTitle,
      consentWording: consentWording(t, { orgName: pick(lang, org.nameEn, org.nameFr), blogTitle, contact: contactLine(org, sender) }),
    };
  }

  async function orgAndBlog(orgSlug: string, blogSlug: string): Promise<{ org: OrgRef; blog: BlogRow }> {
    const org = await findOrganizationBySlug(db, orgSlug);
    const blog = org ? await findBlogBySlug(db, org.id, blogSlug) : undefined;
    if (!org || !blog) throw new NotFoundError();
    return { org, blog };
  }

  /** The identification every subscription message ends with (CASL): who sends, where, how to reach, how to stop. */
  function senderFooter(t: T, lang: Lang, ctx: SubscriptionContext, sender: SenderDetailsRow | undefined, sub?: SubscriptionRow): string {
    const org = pick(lang, ctx.orgNameEn, ctx.orgNameFr);
    const address = sender?.mailingAddress?.trim() || t('blogSubscriptions.mail.addressMissing');
    const contact = contactLine({ slug: ctx.orgSlug }, sender);
    if (!sub) return t('blogSubscriptions.mail.confirmFooter', { org, address, contact });
    return t('blogSubscriptions.mail.footer', {
      org,
      address,
      contact,
      blog: pick(lang, ctx.blogTitleEn, ctx.blogTitleFr),
      date: formatters(lang).date(sub.consentedAt),
      unsubscribe: absolute(unsubscribeUrl(tokens.unsubscribeToken(sub.id))),
    });
  }

  /** RFC 8058 one-click unsubscribe, plus a mailto for clients that only know that form. */
  function listHeaders(sub: SubscriptionRow, sender: SenderDetailsRow | undefined, blogTitle: string): Record<string, string> {
    const links = [`<${absolute(unsubscribeUrl(tokens.unsubscribeToken(sub.id)))}>`];
    if (sender?.contactEmail) links.push(`<mailto:${sender.contactEmail}?subject=${encodeURIComponent(`unsubscribe ${blogTitle}`)}>`);
    return { 'List-Unsubscribe': links.join(', '), 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
  }

  async function sendConfirmation(ex: Executor, sub: SubscriptionRow, token: string, org: OrgRef, blog: BlogRow, sender: SenderDetailsRow | undefined) {
    const t = i18n.t(sub.lang);
    const ctx = contextOf(org, blog);
    const blogTitle = pick(sub.lang, blog.titleEn, blog.titleFr);
    const body = t('blogSubscriptions.mail.confirmBody', {
      blog: blogTitle,
      org: pick(sub.lang, org.nameEn, org.nameFr),
      frequency: t(`blogSubscriptions.mail.frequency.${sub.frequency}`),
      link: absolute(confirmSubscriptionUrl(token)),
    });
    await mailer.enqueue(ex, {
      to: sub.email,
      subject: t('blogSubscriptions.mail.confirmSubject', { blog: blogTitle }),
      text: `${body}\n\n-- \n${senderFooter(t, sub.lang, ctx, sender)}\n`,
      purpose: 'transactional',
      organizationId: sub.organizationId,
    });
  }

  async function sendAlreadySubscribed(ex: Executor, sub: SubscriptionRow, org: OrgRef, blog: BlogRow, sender: SenderDetailsRow | undefined) {
    const t = i18n.t(sub.lang);
    const blogTitle = pick(sub.lang, blog.titleEn, blog.titleFr);
    const body = t('blogSubscriptions.mail.alreadyBody', {
      blog: blogTitle,
      org: pick(sub.lang, org.nameEn, org.nameFr),
      unsubscribe: absolute(unsubscribeUrl(tokens.unsubscribeToken(sub.id))),
    });
    await mailer.enqueue(ex, {
      to: sub.email,
      subject: t('blogSubscriptions.mail.alreadySubject', { blog: blogTitle }),
      text: `${body}\n\n-- \n${senderFooter(t, sub.lang, contextOf(org, blog), sender)}\n`,
      purpose: 'transactional',
      organizationId: sub.organizationId,
      headers: listHeaders(sub, sender, blogTitle),
    });
  }

  const contextOf = (org: OrgRef, blog: BlogRow): SubscriptionContext => ({
    orgSlug: org.slug,
    orgNameEn: org.nameEn,
    orgNameFr: org.nameFr,
    blogSlug: blog.slug,
    blogTitleEn: blog.titleEn,
    blogTitleFr: blog.titleFr,
  });

  /** The subscriber's language version of a post if it is published, else the post itself. */
  function preferred(versions: DeliverablePost[], fallback: DeliverablePost, lang: Lang): DeliverablePost {
    return versions.find((v) => v.lang === lang) ?? fallback;
  }

  /** Queues one informational message to an active subscriber, recorded under its delivery key in the same transaction. */
  async function deliver(
    trx: Executor,
    sub: SubscriptionRow,
    d: { deliveryKey: string; postId: string | null; periodEnd: Date | null },
    compose: (t: T, ctx: SubscriptionContext) => { subject: string; body: string },
  ): Promise<void> {
    const deliveryId = await insertDelivery(trx, { id: newId(), subscriptionId: sub.id, ...d });
    if (!deliveryId) return;
    const ctx = await findSubscriptionContext(trx, sub.organizationId, sub.blogId);
    if (!ctx) return;
    const sender = await findSenderDetails(trx, sub.organizationId);
    const t = i18n.t(sub.lang);
    const { subject, body } = compose(t, ctx);
    const mailId = await mailer.enqueue(trx, {
      to: sub.email,
      subject,
      text: `${body}\n\n-- \n${senderFooter(t, sub.lang, ctx, sender, sub)}\n`,
      purpose: 'informational',
      organizationId: sub.organizationId,
      headers: listHeaders(sub, sender, pick(sub.lang, ctx.blogTitleEn, ctx.blogTitleFr)),
    });
    await setDeliveryMail(trx, deliveryId, mailId);
  }

  return {
    /** The form for a page of this blog (its index, a post, the subscribe page). */
    formFor: (org: OrgRef, blog: BlogRow, lang: Lang, source: string) => formModel(org, blog, lang, source),

    async subscribePage(orgSlug: string, blogSlug: string, lang: Lang) {
      const { org, blog } = await orgAndBlog(orgSlug, blogSlug);
      return { org, blog, form: await formModel(org, blog, lang, subscribeUrl(org.slug, blog.slug)) };
    },

    /**
     * Records the consent and mails a confirmation link (double opt-in). An address already
     * subscribed gets a note instead; the caller answers the same either way, so the form never
     * tells who subscribes.
     */
    async subscribe(
      orgSlug: string,
      blogSlug: string,
      input: { email: string; frequency: SubscriptionFrequency; lang: Lang; source: string },
      meta: { ip: string | null },
    ): Promise<void> {
      const { org, blog } = await orgAndBlog(orgSlug, blogSlug);
      const base = blogUrl(org.slug, blog.slug);
      if (input.source !== base && !input.source.startsWith(`${base}/`)) throw new ValidationError('source', 'invalid');
      const sender = await findSenderDetails(db, org.id);
      const t = i18n.t(input.lang);
      const blogTitle = pick(input.lang, blog.titleEn, blog.titleFr);
      const wording = consentWording(t, { orgName: pick(input.lang, org.nameEn, org.nameFr), blogTitle, contact: contactLine(org, sender) });
      const { token, hash } = tokens.newConfirmToken();
      const now = new Date();
      const fresh = {
        lang: input.lang,
        frequency: input.frequency,
        status: 'pending' as const,
        confirmTokenHash: hash,
        confirmExpiresAt: new Date(now.getTime() + CONFIRM_DAYS * DAY),
        consentWording: wording,
        consentLang: input.lang,
        consentPageUrl: absolute(input.source),
        consentIpHash: meta.ip ? tokens.hashIp(meta.ip) : null,
        consentedAt: now,
      };
      await db.transaction().execute(async (trx) => {
        const existing = await findSubscriptionByEmail(trx, org.id, blog.id, input.email, { forUpdate: true });
        if (existing?.status === 'active') {
          await sendAlreadySubscribed(trx, existing, org, blog, sender);
          return;
        }
        const id = existing?.id ?? newId();
        if (existing) await updateSubscription(trx, org.id, id, fresh);
        else await insertSubscription(trx, { id, organizationId: org.id, blogId: blog.id, email: input.email, ...fresh });
        const sub = (await findSubscriptionById(trx, id))!;
        await recordAudit(trx, { action: 'blog.subscription.requested', organizationId: org.id, targetType: 'blog_subscription', targetId: id, data: { blogId: blog.id, frequency: input.frequency, lang: input.lang } });
        await sendConfirmation(trx, sub, token, org, blog, sender);
      });
    },

    /** Follows a double opt-in link: activates a pending subscription once, and only before it expires. */
    async confirm(token: string): Promise<{ outcome: ConfirmOutcome; link?: LinkContext }> {
      return db.transaction().execute(async (trx) => {
        const sub = await findSubscriptionByConfirmHash(trx, hashConfirmToken(token));
        if (!sub) return { outcome: 'invalid' as const };
        const ctx = await findSubscriptionContext(trx, sub.organizationId, sub.blogId);
        const link = ctx ? linkOf(ctx) : undefined;
        const withLink = <O extends ConfirmOutcome>(outcome: O) => (link ? { outcome, link } : { outcome });
        if (sub.status !== 'pending') return withLink('used');
        if (!sub.confirmExpiresAt || sub.confirmExpiresAt.getTime() <= Date.now()) return withLink('expired');
        await updateSubscription(trx, sub.organizationId, sub.id, { status: 'active', confirmedAt: new Date(), unsubscribedAt: null });
        await recordAudit(trx, { action: 'blog.subscription.confirmed', organizationId: sub.organizationId, targetType: 'blog_subscription', targetId: sub.id });
        return withLink('confirmed');
      });
    },

    /** What an unsubscribe link is about, without changing anything (link scanners follow GETs). */
    async unsubscribeView(token: string): Promise<UnsubscribeView | null> {
      const id = tokens.openUnsubscribeToken(token);
      const sub = id ? await findSubscriptionById(db, id) : undefined;
      if (!sub) return null;
      const ctx = await findSubscriptionContext(db, sub.organizationId, sub.blogId);
      if (!ctx) return null;
      return { ...linkOf(ctx), maskedEmail: maskEmail(sub.email), unsubscribed: sub.status === 'unsubscribed' };
    },

    /**
     * Ends a subscription at once, and withdraws any of its messages still waiting in the queue,
     * so nothing more reaches the person. Idempotent.
     */
    async unsubscribe(token: string): Promise<UnsubscribeView | null> {
      const id = tokens.openUnsubscribeToken(token);
      if (!id) return null;
      return db.transaction().execute(async (trx) => {
        const sub = await findSubscriptionById(trx, id, { forUpdate: true });
        if (!sub) return null;
        const ctx = await findSubscriptionContext(trx, sub.organizationId, sub.blogId);
        if (!ctx) return null;
        if (sub.status !== 'unsubscribed') {
          await updateSubscription(trx, sub.organizationId, sub.id, { status: 'unsubscribed', unsubscribedAt: new Date() });
          await mailer.withdraw(trx, await listDeliveryMailIdsSince(trx, sub.id, new Date(Date.now() - 30 * DAY)));
          await recordAudit(trx, { action: 'blog.subscription.unsubscribed', organizationId: sub.organizationId, targetType: 'blog_subscription', targetId: sub.id });
        }
        return { ...linkOf(ctx), maskedEmail: maskEmail(sub.email), unsubscribed: true };
      });
    },

    /** `blog.post.published`: one send job per active per-post subscriber of the post's blog. */
    async onPostPublished(payload: { postId: string }): Promise<void> {
      const post = await findDeliverablePost(db, payload.postId);
      if (!post || post.status !== 'published') return;
      const ids = await listActiveSubscriptionIds(db, post.organizationId, post.blogId, 'per_post');
      if (ids.length === 0) return;
      await db.transaction().execute(async (trx) => {
        for (const subscriptionId of ids) {
          await enqueueJob(trx, SEND_POST_JOB, { subscriptionId, postId: post.id }, { dedupeKey: `sub:${subscriptionId}:${post.id}` });
        }
      });
    },

    /**
     * One subscriber, one post. The delivery row is keyed by the post's translation group, so a
     * retried job, a second run, or the publication of the post's translation sends nothing more.
     */
    async runSendPost(payload: { subscriptionId: string; postId: string }): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const sub = await findSubscriptionById(trx, payload.subscriptionId, { forUpdate: true });
        if (!sub || sub.status !== 'active' || sub.frequency !== 'per_post') return;
        const post = await findDeliverablePost(trx, payload.postId);
        if (!post || post.status !== 'published' || post.organizationId !== sub.organizationId || post.blogId !== sub.blogId) return;
        const chosen = preferred(await listPublishedInGroups(trx, sub.organizationId, [post.translationGroupId]), post, sub.lang);
        await deliver(trx, sub, { deliveryKey: `post:${post.translationGroupId}`, postId: chosen.id, periodEnd: null }, (t, ctx) => {
          const blogTitle = pick(sub.lang, ctx.blogTitleEn, ctx.blogTitleFr);
          const link = absolute(postUrl(ctx.orgSlug, chosen.blogSlug, chosen.slug));
          return {
            subject: t('blogSubscriptions.mail.postSubject', { blog: blogTitle, title: chosen.title }),
            body: [chosen.title, chosen.excerpt, t('blogSubscriptions.mail.readPost', { link })].filter(Boolean).join('\n\n'),
          };
        });
      });
    },

    /** `blog.subscription.weekly-digest`: one job per weekly subscriber, then next week's run. */
    async runWeeklyDigest(payload: { week: string }): Promise<void> {
      if (!isDigestWeek(payload.week)) throw new Error(`not a digest week: ${payload.week}`);
      const dueAt = digestDueAt(payload.week);
      const ids = await listActiveWeeklySubscriptionIds(db);
      const next = nextDigestWeek(new Date(Math.max(Date.now(), dueAt.getTime())));
      await db.transaction().execute(async (trx) => {
        for (const subscriptionId of ids) {
          await enqueueJob(trx, SEND_DIGEST_JOB, { subscriptionId, week: payload.week }, { dedupeKey: `digest:${subscriptionId}:${payload.week}` });
        }
        await enqueueJob(trx, WEEKLY_DIGEST_JOB, { week: next }, { runAt: digestDueAt(next), dedupeKey: `${WEEKLY_DIGEST_JOB}:${next}` });
      });
    },

    /**
     * One subscriber's digest: the posts first published since the end of their last digest (or
     * in the week before), each in their language when a translation exists. Nothing new, no mail.
     */
    async runSendDigest(payload: { subscriptionId: string; week: string }): Promise<void> {
      if (!isDigestWeek(payload.week)) throw new Error(`not a digest week: ${payload.week}`);
      const until = digestDueAt(payload.week);
      await db.transaction().execute(async (trx) => {
        const sub = await findSubscriptionById(trx, payload.subscriptionId, { forUpdate: true });
        if (!sub || sub.status !== 'active' || sub.frequency !== 'weekly') return;
        const since = (await findLastDigestEnd(trx, sub.id)) ?? new Date(until.getTime() - 7 * DAY);
        if (since.getTime() >= until.getTime()) return;
        const inWindow = await listPublishedBetween(trx, sub.organizationId, sub.blogId, since, until);
        const groups = await listPublishedInGroups(trx, sub.organizationId, [...new Set(inWindow.map((p) => p.translationGroupId))]);
        const announced = new Set(groups.filter((g) => g.publishedAt && g.publishedAt.getTime() <= since.getTime()).map((g) => g.translationGroupId));
        const seen = new Set<string>();
        const posts: DeliverablePost[] = [];
        for (const p of inWindow) {
          if (announced.has(p.translationGroupId) || seen.has(p.translationGroupId)) continue;
          seen.add(p.translationGroupId);
          posts.push(preferred(groups.filter((g) => g.translationGroupId === p.translationGroupId), p, sub.lang));
        }
        if (posts.length === 0) return;
        await deliver(trx, sub, { deliveryKey: `digest:${payload.week}`, postId: null, periodEnd: until }, (t, ctx) => {
          const blogTitle = pick(sub.lang, ctx.blogTitleEn, ctx.blogTitleFr);
          const items = posts.map((p) => [p.title, p.excerpt, absolute(postUrl(ctx.orgSlug, p.blogSlug, p.slug))].filter(Boolean).join('\n'));
          return {
            subject: t('blogSubscriptions.mail.digestSubject', { blog: blogTitle }),
            body: [t('blogSubscriptions.mail.digestIntro', { blog: blogTitle }), ...items].join('\n\n'),
          };
        });
      });
    },

    /** Makes sure the next weekly digest is queued; safe to call at every start-up. */
    async startup(now = new Date()): Promise<void> {
      const week = nextDigestWeek(now);
      await enqueueJob(db, WEEKLY_DIGEST_JOB, { week }, { runAt: digestDueAt(week), dedupeKey: `${WEEKLY_DIGEST_JOB}:${week}` });
    },
  };
}
export type SubscriptionService = ReturnType<typeof createSubscriptionService>;
