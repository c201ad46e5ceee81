import { randomBytes } from 'node:crypto';
import type { Actor } from '../../../platform/auth/actor.js';
import { authorize, can } from '../../../platform/auth/policy.js';
import { recordAudit } from '../../../platform/audit/audit.js';
import { newId } from '../../../platform/db/ids.js';
import { ConflictError, ValidationError } from '../../../platform/http/errors.js';
import {
  countOwners,
  deleteMembership,
  findMembership,
  findOrgMemberByEmail,
  insertGroup,
  listGroupsInReach,
  listMembers,
  upsertMembership,
  type GroupCursor,
  type Membership,
  type OrgRef,
} from '../db/queries/groups.js';
import type { GroupKind, GroupRow } from '../db/schema.js';
import type { CommunityDeps } from '../deps.js';
import { listGroupModerators } from '../db/queries/notifications.js';
import { communityPolicy } from '../policy.js';
import type { NoticeService } from './notices.js';
import type { CreateGroupBody } from '../schemas.js';
import { loadGroup, loadOrg } from './context.js';
import { listingReach } from './reach.js';

export type GroupListing = { group: GroupRow; membership: Membership | null; memberCount: number };
export type GroupListPage = { org: OrgRef; groups: GroupListing[]; creatableKinds: GroupKind[]; next: string | null };

/** How many groups one page of the list shows. */
export const GROUPS_PAGE = 30;

/** The keyset cursor of the group list: the last group shown, as "<id>.<its English name, base64url>". */
export const encodeGroupCursor = (c: GroupCursor): string => `${c.id}.${Buffer.from(c.nameEn, 'utf8').toString('base64url')}`;
export function decodeGroupCursor(s: string | undefined): GroupCursor | undefined {
  if (!s) return undefined;
  const dot = s.indexOf('.');
  return { id: s.slice(0, dot), nameEn: Buffer.from(s.slice(dot + 1), 'base64url').toString('utf8') };
}

const creatableKinds = (actor: Actor, organizationId: string): GroupKind[] => (['public', 'private', 'secret', 'staff'] as const).filter((k) => can(communityPolicy, actor, 'group.create', { organizationId }, k));

/**
 * The organization's group list and its search: the groups this person may list (or find, with
 * `q`), a page at a time by name, with member counts; nothing else is named or counted. The
 * policy's answers come as the person's reach (their own membership rows and the kinds open to
 * them, read once), which the list's statement takes as its filter, so the page costs the same
 * two statements however many groups the organization has.
 */
export function createGroupListing(deps: Pick<CommunityDeps, 'db'>) {
  const { db } = deps;
  return {
    async listGroups(actor: Actor, orgSlug: string, input: { q?: string | undefined; after?: string | undefined } = {}): Promise<GroupListPage> {
      const org = await loadOrg(db, orgSlug, actor);
      authorize(communityPolicy, actor, 'community.browse', { organizationId: org.id });
      const { reach, memberships } = await listingReach(db, actor, org.id, input.q ? 'group.search' : 'group.list');
      const rows = await listGroupsInReach(db, org.id, { reach, q: input.q, after: decodeGroupCursor(input.after), limit: GROUPS_PAGE + 1 });
      const groups: GroupListing[] = rows.slice(0, GROUPS_PAGE).map(({ memberCount, ...group }) => ({ group, membership: memberships.get(group.id) ?? null, memberCount }));
      const last = groups[groups.length - 1]?.group;
      const next = rows.length > GROUPS_PAGE && last ? encodeGroupCursor({ nameEn: last.nameEn, id: last.id }) : null;
      return { org, groups, creatableKinds: creatableKinds(actor, org.id), next };
    },
  };
}

const slugify = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 50) || 'group';
/** Words the group URLs use for themselves. */
const RESERVED = new Set(['new']);

/** Groups: listing and search, starting one, joining, asking, inviting, approving, leaving. */
export function createGroupService(deps: CommunityDeps, notices: NoticeService) {
  const { db } = deps;

  return {
    ...createGroupListing(deps),

    async newGroupForm(actor: Actor, orgSlug: string) {
      const org = await loadOrg(db, orgSlug, actor);
      authorize(communityPolicy, actor, 'community.browse', { organizationId: org.id });
      return { org, kinds: creatableKinds(actor, org.id) };
    },

    /** Starts a group; its creator is its owner. */
    async createGroup(actor: Actor, orgSlug: string, input: CreateGroupBody, meta: { ip: string | null }): Promise<{ slug: string }> {
      return db.transaction().execute(async (trx) => {
        const org = await loadOrg(trx, orgSlug, actor);
        authorize(communityPolicy, actor, 'community.browse', { organizationId: org.id });
        if (!can(communityPolicy, actor, 'group.create', { organizationId: org.id }, input.kind as GroupKind)) throw new ValidationError('kind', 'invalid_choice');
        const base = RESERVED.has(slugify(input.nameEn)) ? `${slugify(input.nameEn)}-group` : slugify(input.nameEn);
        const taken = await trx.selectFrom('communityGroups').select('slug').where('organizationId', '=', org.id).where('slug', '=', base).executeTakeFirst();
        const slug = taken ? `${base}-${randomBytes(2).toString('hex')}` : base;
        const id = newId();
        await insertGroup(trx, { id, organizationId: org.id, slug, kind: input.kind, nameEn: input.nameEn, nameFr: input.nameFr, descriptionEn: input.descriptionEn, descriptionFr: input.descriptionFr, rulesEn: input.rulesEn, rulesFr: input.rulesFr, noPhi: input.noPhi, createdBy: actor.accountId });
        await upsertMembership(trx, { groupId: id, accountId: actor.accountId!, organizationId: org.id, role: 'owner', status: 'active' });
        await recordAudit(trx, { action: 'community.group.created', organizationId: org.id, actorAccountId: actor.accountId, targetType: 'community_group', targetId: id, ip: meta.ip, data: { kind: input.kind } });
        return { slug };
      });
    },

    /** Joins (public, staff network, invitation) or asks to join (private). */
    async join(actor: Actor, orgSlug: string, groupSlug: string): Promise<'joined' | 'requested'> {
      const done = await db.transaction().execute(async (trx) => {
        const ctx = await loadGroup(trx, actor, orgSlug, groupSlug);
        authorize(communityPolicy, actor, 'group.join', ctx.resource);
        const direct = ctx.membership?.status === 'invited' || ctx.group.kind === 'public' || ctx.group.kind === 'staff';
        const status = direct ? 'active' : 'requested';
        await upsertMembership(trx, { groupId: ctx.group.id, accountId: actor.accountId!, organizationId: ctx.org.id, status });
        const told = direct
          ? []
          : await notices.notify(trx, ctx.group, (await listGroupModerators(trx, ctx.group.id)).map((m) => ({ organizationId: ctx.org.id, recipientId: m.accountId, actorId: actor.accountId, kind: 'join_request' as const, groupId: ctx.group.id, postId: null })));
        return { outcome: direct ? ('joined' as const) : ('requested' as const), told };
      });
      notices.ring(done.told);
      return done.outcome;
    },

    /** Leaves the group (or withdraws a request, or declines an invitation). The last owner must hand over first. */
    async leave(actor: Actor, orgSlug: string, groupSlug: string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const ctx = await loadGroup(trx, actor, orgSlug, groupSlug);
        authorize(communityPolicy, actor, 'group.leave', ctx.resource);
        if (ctx.membership?.role === 'owner' && ctx.membership.status === 'active' && (await countOwners(trx, ctx.group.id)) <= 1) throw new ConflictError('last_owner');
        await deleteMembership(trx, ctx.group.id, actor.accountId!);
      });
    },

    /** The moderation page: requests waiting, invitations, members and bans. */
    async moderationPage(actor: Actor, orgSlug: string, groupSlug: string) {
      const ctx = await loadGroup(db, actor, orgSlug, groupSlug);
      authorize(communityPolicy, actor, 'group.moderate', ctx.resource);
      return { ...ctx, members: await listMembers(db, ctx.group.id) };
    },

    /** A group moderator approves or declines a request to join. */
    async decideRequest(actor: Actor, orgSlug: string, groupSlug: string, accountId: string, decision: 'approve' | 'decline', meta: { ip: string | null }): Promise<void> {
      const told = await db.transaction().execute(async (trx) => {
        const ctx = await loadGroup(trx, actor, orgSlug, groupSlug);
        authorize(communityPolicy, actor, 'group.moderate', ctx.resource);
        const request = await findMembership(trx, ctx.group.id, accountId);
        if (request?.status !== 'requested') throw new ValidationError('account', 'invalid');
        if (decision === 'approve') await upsertMembership(trx, { groupId: ctx.group.id, accountId, organizationId: ctx.org.id, status: 'active', decidedBy: actor.accountId });
        else await deleteMembership(trx, ctx.group.id, accountId);
        await recordAudit(trx, { action: `community.member.${decision === 'approve' ? 'approved' : 'declined'}`, organizationId: ctx.org.id, actorAccountId: actor.accountId, targetType: 'community_group', targetId: ctx.group.id, ip: meta.ip, data: { accountId } });
        return decision === 'approve' ? notices.notify(trx, ctx.group, [{ organizationId: ctx.org.id, recipientId: accountId, actorId: actor.accountId, kind: 'approved', groupId: ctx.group.id, postId: null }]) : [];
      });
      notices.ring(told);
    },

    /** Invites a member of the organization by e-mail; they accept from the group's page. */
    async invite(actor: Actor, orgSlug: string, groupSlug: string, email: string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const ctx = await loadGroup(trx, actor, orgSlug, groupSlug);
        authorize(communityPolicy, actor, 'group.invite', ctx.resource);
        const person = await findOrgMemberByEmail(trx, ctx.org.id, email);
        if (!person) throw new ValidationError('email', 'not_org_member');
        const existing = await findMembership(trx, ctx.group.id, person.id);
        if (existing && existing.status !== 'requested') throw new ValidationError('email', 'already_member');
        // Someone who already asked is let in at once; everyone else still chooses to accept.
        await upsertMembership(trx, { groupId: ctx.group.id, accountId: person.id, organizationId: ctx.org.id, status: existing ? 'active' : 'invited', invitedBy: actor.accountId, decidedBy: existing ? actor.accountId : null });
      });
    },
  };
}
export type GroupService = ReturnType<typeof createGroupService>;
