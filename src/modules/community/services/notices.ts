import { EventEmitter } from 'node:events';
import type { Actor } from '../../../platform/auth/actor.js';
import { authorize, can } from '../../../platform/auth/policy.js';
import { newId } from '../../../platform/db/ids.js';
import type { Executor } from '../../../platform/db/types.js';
import { membershipsOf } from '../db/queries/groups.js';
import { insertNotifications, listNotifications, markNotificationsRead, type NewNotice, type NoticeRow } from '../db/queries/notifications.js';
import { actorsInOrg } from '../db/queries/people.js';
import type { GroupRow } from '../db/schema.js';
import type { CommunityDeps } from '../deps.js';
import { communityPolicy } from '../policy.js';
import { groupResource, loadOrg } from './context.js';

const UNREAD_SCAN = 100;

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

  async function visible(actor: Actor, rows: NoticeRow[]): Promise<NoticeRow[]> {
    const memberships = await membershipsOf(db, actor.accountId, [...new Set(rows.map((r) => r.group.id))]);
    return rows.filter((r) => deliverable(actor, r.kind, r.group, memberships.get(r.group.id) ?? null));
  }

  return {
    bell,

    /** Queues notices for people who may see their subject; returns who was told. Call inside the change's transaction. */
    async notify(trx: Executor, group: GroupRow, notices: NewNotice[]): Promise<string[]> {
      const candidates = notices.filter((n) => n.recipientId !== n.actorId);
      if (candidates.length === 0) return [];
      const ids = [...new Set(candidates.map((n) => n.recipientId))];
      const [people, memberships] = await Promise.all([actorsInOrg(trx, group.organizationId, ids), Promise.all(ids.map(async (id) => [id, (await membershipsOf(trx, id, [group.id])).get(group.id) ?? null] as const))]);
      const membershipOf = new Map(memberships);
      const allowed = candidates.filter((n) => {
        const person = people.get(n.recipientId);
        return person !== undefined && deliverable(person, n.kind, group, membershipOf.get(n.recipientId) ?? null);
      });
      await insertNotifications(trx, allowed.map((n) => ({ ...n, id: newId() })));
      return allowed.map((n) => n.recipientId);
    },

    /** After commit: wake the recipients' open pages. */
    ring(accountIds: string[]) {
      for (const id of new Set(accountIds)) bell.emit(id);
    },

    async list(actor: Actor, orgSlug: string) {
      const org = await loadOrg(db, orgSlug);
      authorize(communityPolicy, actor, 'community.browse', { organizationId: org.id });
      const rows = await visible(actor, await listNotifications(db, org.id, actor.accountId!, { limit: 50 }));
      return { org, notices: rows };
    },

    async unreadCount(actor: Actor, orgSlug: string): Promise<number> {
      const org = await loadOrg(db, orgSlug);
      authorize(communityPolicy, actor, 'community.browse', { organizationId: org.id });
      return (await visible(actor, await listNotifications(db, org.id, actor.accountId!, { unreadOnly: true, limit: UNREAD_SCAN }))).length;
    },

    async markRead(actor: Actor, orgSlug: string): Promise<void> {
      const org = await loadOrg(db, orgSlug);
      authorize(communityPolicy, actor, 'community.browse', { organizationId: org.id });
      await markNotificationsRead(db, org.id, actor.accountId!);
    },
  };
}
export type NoticeService = ReturnType<typeof createNoticeService>;
