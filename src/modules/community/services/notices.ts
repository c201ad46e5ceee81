import { EventEmitter } from 'node:events';
import type { Actor } from '../../../platform/auth/actor.js';
import { authorize, can } from '../../../platform/auth/policy.js';
import { newId } from '../../../platform/db/ids.js';
import type { Executor } from '../../../platform/db/types.js';
import { membershipsInGroup, membershipsOf } from '../db/queries/groups.js';
import { insertNotifications, listNotifications, markNotificationsRead, noticeEmailModes, type NewMessageNotice, type NewNotice, type NoticeRow } from '../db/queries/notifications.js';
import { blocksAmong, blocksBetween } from '../db/queries/blocks.js';
import { actorsInOrg } from '../db/queries/people.js';
import type { EmailMode, GroupRow } from '../db/schema.js';
import { enqueueJobs, type NewJob } from '../../../platform/jobs/queue.js';
import { formatters } from '../../../platform/i18n/i18n.js';
import { toNoticeView, UNREAD_SHOWN } from '../presenters.js';
import type { CommunityDeps } from '../deps.js';
import { communityPolicy } from '../policy.js';
import { groupResource, loadOrg } from './context.js';

/** Unread notices are counted up to one more than the page shows; past what it shows, the count reads "99+". */
const UNREAD_CAP = UNREAD_SHOWN + 1;
/** How many notices the page lists. */
const LIST_SIZE = 50;
/** How many notices each step of a scan reads. */
const SCAN_PAGE = 100;
export const NOTICE_EMAIL_JOB = 'community.notice.email';
export const NOTICE_DIGEST_JOB = 'community.notice.digest';

/** The next 7:00 in Toronto (digests leave once a day, in the morning). */
export function nextDigestTime(now: Date): Date {
  const local = new Date(now.toLocaleString('en-US', { timeZone: 'America/Toronto' }));
  // Whole minutes: the local time string has no milliseconds, and time zones are whole minutes.
  const offset = Math.round((now.getTime() - local.getTime()) / 60_000) * 60_000;
  const target = new Date(local);
  target.setHours(7, 0, 0, 0);
  if (target <= local) target.setDate(target.getDate() + 1);
  return new Date(target.getTime() + offset);
}

/**
 * In-app notices. Written in the change's transaction, only to people the policy lets see what
 * they are about; checked again when shown or counted (delivery), so a notice about a group one
 * has since left, or been banned from, is never shown.
 */
export function createNoticeService(deps: CommunityDeps) {
  const { db } = deps;
  /** Tells live streams (server-sent events) of this process that someone has something new. */
  const bell = new EventEmitter();
  bell.setMaxListeners(0);

  /** What the recipient must be allowed, now, for a notice to reach them. */
  const deliverable = (recipient: Actor, kind: NoticeRow['kind'], group: GroupRow, membership: ReturnType<typeof groupResource>['membership']) => {
    const resource = groupResource(group, membership);
    if (kind === 'join_request') return can(communityPolicy, recipient, 'group.moderate', resource);
    if (kind === 'approved') return can(communityPolicy, recipient, 'group.view', resource);
    return can(communityPolicy, recipient, 'post.notify', resource);
  };

  /**
   * Mails the recipient's unread, not-yet-mailed notices that `pick` chooses, after checking
   * each against the policy as it is now: a notice about a group they have left is dropped.
   */
  async function sendMail(organizationId: string, recipientId: string, pick: (n: NoticeRow) => boolean): Promise<void> {
    const person = (await actorsInOrg(db, organizationId, [recipientId])).get(recipientId);
    if (!person?.email) return;
    const org = await db.selectFrom('identityOrganizations').select(['id', 'slug', 'nameEn', 'nameFr']).where('id', '=', organizationId).executeTakeFirstOrThrow();
    const pending = (await listNotifications(db, organizationId, recipientId, { unreadOnly: true, limit: 100 })).filter(pick);
    if (pending.length === 0) return;
    const unmailed = new Set((await db.selectFrom('communityNotifications').select('id').where('id', 'in', pending.map((n) => n.id)).where('emailedAt', 'is', null).execute()).map((r) => r.id));
    const notices = (await visible(person, organizationId, pending)).filter((n) => unmailed.has(n.id));
    if (notices.length === 0) return;
    const lang = person.locale ?? 'en';
    const t = deps.i18n.t(lang);
    const ctx = { t, lang, fmt: formatters(lang) };
    const lines = notices.map((n) => {
      const v = toNoticeView(ctx, org, n);
      return `- ${v.text}\n  ${new URL(v.href, deps.config.publicUrl).toString()}`;
    });
    await db.transaction().execute(async (trx) => {
      await deps.mailer.enqueue(trx, {
        to: person.email!,
        organizationId,
        purpose: 'transactional',
        subject: notices.length === 1 ? toNoticeView(ctx, org, notices[0]!).text : t('community.notices.digestSubject', { count: notices.length }),
        text: `${lines.join('\n\n')}\n\n${t('community.notices.emailFooter', { url: new URL(`/o/${org.slug}/notifications`, deps.config.publicUrl).toString() })}\n`,
      });
      await trx.updateTable('communityNotifications').set({ emailedAt: new Date() }).where('id', 'in', notices.map((n) => n.id)).execute();
    });
  }

  /** Whether a block, either way, stands between the recipient and each of the notices' actors. */
  async function blockedActors(ex: Executor, organizationId: string, recipientId: string | null, actorIds: (string | null)[]): Promise<Set<string>> {
    const { byMe, byThem } = await blocksBetween(ex, organizationId, recipientId, [...new Set(actorIds.filter((a): a is string => a !== null))]);
    return new Set([...byMe, ...byThem]);
  }
  const notifyPair = (recipient: Actor, organizationId: string, actorId: string | null, blocked: Set<string>) =>
    actorId === null || can(communityPolicy, recipient, 'person.notify', { organizationId, isSelf: actorId === recipient.accountId, blockedByMe: blocked.has(actorId), blockedByThem: blocked.has(actorId) });

  async function visible(actor: Actor, organizationId: string, rows: NoticeRow[]): Promise<NoticeRow[]> {
    const groupIds = [...new Set(rows.flatMap((r) => (r.group ? [r.group.id] : [])))];
    const conversationIds = [...new Set(rows.flatMap((r) => (r.conversationId ? [r.conversationId] : [])))];
    const [memberships, blocked, mine] = await Promise.all([
      membershipsOf(db, actor.accountId, groupIds),
      blockedActors(db, organizationId, actor.accountId, rows.map((r) => r.actorId)),
      conversationIds.length && actor.accountId
        ? db.selectFrom('communityConversations').select('id').where('organizationId', '=', organizationId).where('id', 'in', conversationIds).where((eb) => eb.or([eb('accountA', '=', actor.accountId!), eb('accountB', '=', actor.accountId!)])).execute()
        : Promise.resolve([]),
    ]);
    const participant = new Set(mine.map((c) => c.id));
    return rows.filter((r) => {
      if (!notifyPair(actor, organizationId, r.actorId, blocked)) return false;
      if (!r.group) return can(communityPolicy, actor, 'conversation.view', { organizationId, isParticipant: participant.has(r.conversationId ?? ''), isSelf: false, blockedByMe: false, blockedByThem: false, directMessages: true });
      return deliverable(actor, r.kind, r.group, memberships.get(r.group.id) ?? null);
    });
  }

  /**
   * The person's newest notices (unread only, or all) that the policy lets them see now, up to
   * `want` of them: a page at a time, newest first (keyset on created_at and id), until the end
   * or `want`, so notices about groups they can no longer see do not hide older ones they can.
   */
  async function newestVisible(actor: Actor, organizationId: string, opts: { unreadOnly: boolean; want: number }): Promise<NoticeRow[]> {
    const out: NoticeRow[] = [];
    let before: string | undefined;
    for (;;) {
      const page = await listNotifications(db, organizationId, actor.accountId!, { unreadOnly: opts.unreadOnly, limit: SCAN_PAGE, before });
      out.push(...(await visible(actor, organizationId, page)));
      if (out.length >= opts.want || page.length < SCAN_PAGE) return out.slice(0, opts.want);
      before = page[page.length - 1]!.id;
    }
  }

  /**
   * Queues the e-mail each recipient chose (one per notice, or the morning digest), in two
   * statements whatever the number of notices: one read of their preferences, one insert.
   */
  async function queueEmails(trx: Executor, organizationId: string, rows: { id: string; recipientId: string }[]): Promise<void> {
    if (rows.length === 0) return;
    const modes = await noticeEmailModes(trx, organizationId, [...new Set(rows.map((r) => r.recipientId))]);
    const runAt = nextDigestTime(new Date());
    const jobs: NewJob[] = [];
    for (const r of rows) {
      const mode = modes.get(r.recipientId) ?? 'off';
      if (mode === 'each') jobs.push({ name: NOTICE_EMAIL_JOB, payload: { noticeId: r.id } });
      if (mode === 'daily') jobs.push({ name: NOTICE_DIGEST_JOB, payload: { organizationId, accountId: r.recipientId }, runAt, dedupeKey: `community-digest:${organizationId}:${r.recipientId}:${runAt.toISOString()}` });
    }
    await enqueueJobs(trx, jobs);
  }

  return {
    bell,

    /**
     * Queues notices for people who may see their subject; returns who was told. Call inside the
     * change's transaction. The same few statements whatever the number of recipients: the
     * recipients as the policy sees them, their memberships of the group, the blocks between them
     * and the notices' actors, the notices, then their e-mail preferences and jobs.
     */
    async notify(trx: Executor, group: GroupRow, notices: NewNotice[]): Promise<string[]> {
      const candidates = notices.filter((n) => n.recipientId !== n.actorId);
      if (candidates.length === 0) return [];
      const ids = [...new Set(candidates.map((n) => n.recipientId))];
      const actorIds = [...new Set(candidates.flatMap((n) => (n.actorId === null ? [] : [n.actorId])))];
      const [people, membershipOf, blocks] = await Promise.all([actorsInOrg(trx, group.organizationId, ids), membershipsInGroup(trx, group.id, ids), blocksAmong(trx, group.organizationId, ids, actorIds)]);
      const none = new Set<string>();
      const allowed = candidates.filter((n) => {
        const person = people.get(n.recipientId);
        return person !== undefined && notifyPair(person, group.organizationId, n.actorId, blocks.get(n.recipientId) ?? none) && deliverable(person, n.kind, group, membershipOf.get(n.recipientId) ?? null);
      });
      const rows = allowed.map((n) => ({ ...n, id: newId() }));
      await insertNotifications(trx, rows);
      await queueEmails(trx, group.organizationId, rows);
      return allowed.map((n) => n.recipientId);
    },

    /** A notice to the other participant of a conversation about a new message; returns who was told. Call inside the message's transaction. */
    async notifyMessage(trx: Executor, notice: Omit<NewMessageNotice, 'kind' | 'groupId' | 'postId'>): Promise<string[]> {
      const person = (await actorsInOrg(trx, notice.organizationId, [notice.recipientId])).get(notice.recipientId);
      if (!person || notice.recipientId === notice.actorId) return [];
      if (!notifyPair(person, notice.organizationId, notice.actorId, await blockedActors(trx, notice.organizationId, notice.recipientId, [notice.actorId]))) return [];
      const row = { ...notice, kind: 'message' as const, groupId: null, postId: null, id: newId() };
      await insertNotifications(trx, [row]);
      await queueEmails(trx, notice.organizationId, [row]);
      return [notice.recipientId];
    },

    /** After commit: wake the recipients' open pages. */
    ring(accountIds: string[]) {
      for (const id of new Set(accountIds)) bell.emit(id);
    },

    /** Job: one e-mail for one notice, if it is still unread and its recipient may still see what it is about. */
    async runNoticeEmail(payload: { noticeId: string }): Promise<void> {
      const found = await db.selectFrom('communityNotifications').select(['organizationId', 'recipientId', 'emailedAt', 'readAt']).where('id', '=', payload.noticeId).executeTakeFirst();
      if (!found || found.emailedAt || found.readAt) return;
      await sendMail(found.organizationId, found.recipientId, (n) => n.id === payload.noticeId);
    },

    /** Job: the daily digest of a person's unread notices not mailed yet. */
    async runNoticeDigest(payload: { organizationId: string; accountId: string }): Promise<void> {
      await sendMail(payload.organizationId, payload.accountId, () => true);
    },

    async preferences(actor: Actor, orgSlug: string): Promise<EmailMode> {
      const org = await loadOrg(db, orgSlug, actor);
      authorize(communityPolicy, actor, 'community.browse', { organizationId: org.id });
      return (await noticeEmailModes(db, org.id, [actor.accountId!])).get(actor.accountId!) ?? 'off';
    },

    async setPreferences(actor: Actor, orgSlug: string, email: EmailMode): Promise<void> {
      const org = await loadOrg(db, orgSlug, actor);
      authorize(communityPolicy, actor, 'community.browse', { organizationId: org.id });
      await db
        .insertInto('communityNoticePreferences')
        .values({ organizationId: org.id, accountId: actor.accountId!, email })
        .onConflict((oc) => oc.columns(['organizationId', 'accountId']).doUpdateSet({ email, updatedAt: new Date() }))
        .execute();
    },

    async list(actor: Actor, orgSlug: string) {
      const org = await loadOrg(db, orgSlug, actor);
      authorize(communityPolicy, actor, 'community.browse', { organizationId: org.id });
      return { org, notices: await newestVisible(actor, org.id, { unreadOnly: false, want: LIST_SIZE }) };
    },

    /** The person's unread notices that the policy lets them see now, counted up to UNREAD_CAP (past 99 it shows as "99+"). */
    async unreadCount(actor: Actor, orgSlug: string): Promise<number> {
      const org = await loadOrg(db, orgSlug, actor);
      authorize(communityPolicy, actor, 'community.browse', { organizationId: org.id });
      return (await newestVisible(actor, org.id, { unreadOnly: true, want: UNREAD_CAP })).length;
    },

    async markRead(actor: Actor, orgSlug: string): Promise<void> {
      const org = await loadOrg(db, orgSlug, actor);
      authorize(communityPolicy, actor, 'community.browse', { organizationId: org.id });
      await markNotificationsRead(db, org.id, actor.accountId!);
    },
  };
}
export type NoticeService = ReturnType<typeof createNoticeService>;
