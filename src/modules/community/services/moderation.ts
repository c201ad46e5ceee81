import type { Actor } from '../../../platform/auth/actor.js';
import { authorize } from '../../../platform/auth/policy.js';
import { recordAudit } from '../../../platform/audit/audit.js';
import { newId } from '../../../platform/db/ids.js';
import { NotFoundError, ValidationError } from '../../../platform/http/errors.js';
import { findMembership } from '../db/queries/groups.js';
import { listHeldPosts, listOpenReports, listOpenReportsInReach, resolveReportsOfPost } from '../db/queries/moderation.js';
import { moderatorReach } from './reach.js';
import { findPost } from '../db/queries/posts.js';
import type { CommunityDeps } from '../deps.js';
import { communityPolicy } from '../policy.js';
import { loadGroup, loadOrg } from './context.js';

export type ReportAction = 'hide' | 'remove' | 'dismiss';
export type MemberAction = 'mute' | 'unmute' | 'ban' | 'unban';
const MUTE_DAYS = 7;

/** Reports, the moderation queues, and what moderators do about posts and people. Every action is audited. */
export function createModerationService(deps: CommunityDeps) {
  const { db } = deps;

  return {
    async report(actor: Actor, orgSlug: string, groupSlug: string, postId: string, reason: string): Promise<{ topId: string }> {
      return db.transaction().execute(async (trx) => {
        const ctx = await loadGroup(trx, actor, orgSlug, groupSlug);
        authorize(communityPolicy, actor, 'post.report', ctx.resource);
        if (actor.kind !== 'account') throw new NotFoundError();
        const post = await findPost(trx, ctx.org.id, postId);
        if (!post || post.groupId !== ctx.group.id || post.status !== 'visible') throw new NotFoundError();
        await trx.insertInto('communityReports').values({ id: newId(), organizationId: ctx.org.id, groupId: ctx.group.id, postId: post.id, reporterId: actor.accountId, reason, resolution: null, resolvedBy: null, resolvedAt: null }).execute();
        return { topId: post.parentId ?? post.id };
      });
    },

    /** The group's queue: open reports and posts held for health information. */
    async groupQueue(actor: Actor, orgSlug: string, groupSlug: string) {
      const ctx = await loadGroup(db, actor, orgSlug, groupSlug);
      authorize(communityPolicy, actor, 'post.moderate', ctx.resource);
      const [reports, held] = await Promise.all([listOpenReports(db, ctx.org.id, [ctx.group.id]), listHeldPosts(db, ctx.org.id, ctx.group.id)]);
      return { reports, held };
    },

    /**
     * The organization's queue: open reports of every group the person may moderate (org
     * moderators see all theirs). Decided by the policy through the moderator's reach, so it
     * reads the person's own membership rows and the open reports, never every group.
     */
    async orgQueue(actor: Actor, orgSlug: string) {
      const org = await loadOrg(db, orgSlug, actor);
      authorize(communityPolicy, actor, 'community.browse', { organizationId: org.id });
      return { org, reports: await listOpenReportsInReach(db, await moderatorReach(db, actor, org.id)) };
    },

    /** Hides or removes a reported (or any) post with a reason shown to its author, or dismisses its reports. */
    async resolve(actor: Actor, orgSlug: string, groupSlug: string, postId: string, action: ReportAction | 'approve', reason: string | undefined, meta: { ip: string | null }): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const ctx = await loadGroup(trx, actor, orgSlug, groupSlug);
        authorize(communityPolicy, actor, 'post.moderate', ctx.resource);
        const post = await findPost(trx, ctx.org.id, postId);
        if (!post || post.groupId !== ctx.group.id || post.status === 'deleted') throw new NotFoundError();
        if ((action === 'hide' || action === 'remove') && !reason) throw new ValidationError('reason', 'required');
        if (action === 'approve' && post.status !== 'held') throw new ValidationError('action', 'invalid_choice');
        if (action === 'hide' || action === 'remove') await trx.updateTable('communityPosts').set({ status: action === 'hide' ? 'hidden' : 'removed', moderationReason: reason! }).where('id', '=', post.id).execute();
        if (action === 'approve') await trx.updateTable('communityPosts').set({ status: 'visible', holdReasons: [] }).where('id', '=', post.id).execute();
        const resolution = action === 'hide' ? 'hidden' : action === 'remove' ? 'removed' : action === 'approve' ? 'approved' : 'dismissed';
        await resolveReportsOfPost(trx, ctx.org.id, post.id, resolution, actor.accountId!);
        await recordAudit(trx, { action: `community.post.${resolution}`, organizationId: ctx.org.id, actorAccountId: actor.accountId, targetType: 'community_post', targetId: post.id, ip: meta.ip, data: { groupId: ctx.group.id, authorId: post.authorId } });
      });
    },

    /** Mutes (a week without writing), bans from the group, or lifts either. */
    async moderateMember(actor: Actor, orgSlug: string, groupSlug: string, accountId: string, action: MemberAction, meta: { ip: string | null }): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const ctx = await loadGroup(trx, actor, orgSlug, groupSlug);
        authorize(communityPolicy, actor, 'member.moderate', ctx.resource);
        if (accountId === actor.accountId) throw new ValidationError('account', 'invalid');
        const target = await findMembership(trx, ctx.group.id, accountId);
        if (target?.role === 'owner') throw new ValidationError('account', 'invalid');
        const isMember = await trx.selectFrom('identityMemberships').select('id').where('organizationId', '=', ctx.org.id).where('accountId', '=', accountId).executeTakeFirst();
        if (!isMember) throw new ValidationError('account', 'invalid');
        const q = trx.updateTable('communityGroupMembers').where('groupId', '=', ctx.group.id).where('accountId', '=', accountId);
        if (action === 'mute' || action === 'unmute') {
          if (!target) throw new ValidationError('account', 'invalid');
          await q.set({ mutedUntil: action === 'mute' ? new Date(Date.now() + MUTE_DAYS * 86_400_000) : null, updatedAt: new Date() }).execute();
        } else if (action === 'ban') {
          await trx
            .insertInto('communityGroupMembers')
            .values({ groupId: ctx.group.id, accountId, organizationId: ctx.org.id, status: 'banned', invitedBy: null, decidedBy: actor.accountId })
            .onConflict((oc) => oc.columns(['groupId', 'accountId']).doUpdateSet({ status: 'banned', role: 'member', decidedBy: actor.accountId, updatedAt: new Date() }))
            .execute();
        } else {
          if (target?.status !== 'banned') throw new ValidationError('account', 'invalid');
          await trx.deleteFrom('communityGroupMembers').where('groupId', '=', ctx.group.id).where('accountId', '=', accountId).execute();
        }
        await recordAudit(trx, { action: `community.member.${action === 'mute' ? 'muted' : action === 'unmute' ? 'unmuted' : action === 'ban' ? 'banned' : 'unbanned'}`, organizationId: ctx.org.id, actorAccountId: actor.accountId, targetType: 'community_group', targetId: ctx.group.id, ip: meta.ip, data: { accountId } });
      });
    },
  };
}
export type ModerationService = ReturnType<typeof createModerationService>;
