import type { Actor } from '../../platform/auth/actor.js';
import type { Decision, Policy } from '../../platform/auth/policy.js';
import type { GroupKind, GroupRole, MemberStatus } from './db/schema.js';

/** A group as the policy sees it: its kind, and the asking person's membership of it (if any). */
export type GroupResource = {
  organizationId: string;
  kind: GroupKind;
  membership: { role: GroupRole; status: MemberStatus; muted?: boolean | undefined } | null;
};
export type PostResource = { group: GroupResource; isAuthor: boolean };
export type OrgResource = { organizationId: string };
/** Another member of the organization, with their profile's visibility (identity). */
export type PersonResource = { organizationId: string; visibility: 'public' | 'organizations' | 'private'; isSelf: boolean };
/** Two people and the blocks between them, seen from the one asking ("me") towards the other ("them"). */
export type PairResource = { organizationId: string; isSelf: boolean; blockedByMe: boolean; blockedByThem: boolean };
/** Messaging someone: the pair, the other person's profile visibility, and the organization's switch. */
export type MessageTarget = PairResource & { visibility: PersonResource['visibility']; directMessages: boolean };
/** A conversation: whether the asking person takes part, and (to send) the pair and the organization's switch. */
export type ConversationResource = PairResource & { isParticipant: boolean; directMessages: boolean };

const inOrg = (actor: Actor, orgId: string) => actor.kind === 'account' && actor.isMemberOf(orgId);
const hasRole = (actor: Actor, orgId: string, role: string) => actor.rolesIn(orgId).some((r) => r === role);
const isAdmin = (actor: Actor, orgId: string) => hasRole(actor, orgId, 'admin');
const isOrgModerator = (actor: Actor, orgId: string) => hasRole(actor, orgId, 'moderator') || isAdmin(actor, orgId);
const isVerifiedStaff = (actor: Actor, orgId: string) => actor.memberships.some((m) => m.organizationId === orgId && m.staffVerified);
const isActive = (g: GroupResource) => g.membership?.status === 'active';
const isGroupModerator = (g: GroupResource) => isActive(g) && (g.membership?.role === 'owner' || g.membership?.role === 'moderator');

/**
 * How far a person reaches into a group: 0 nothing (and `miss` says whether that is a refusal
 * or a group that does not exist for them), 1 the group's page (name, description, rules), 2
 * its posts too. Every rule below starts from here, so lists, search, feeds and notifications
 * can never disagree with the group page.
 */
export function reach(actor: Actor, g: GroupResource): { level: 0 | 1 | 2; miss: 'deny' | 'hide' } {
  const hidden = g.kind === 'secret' || g.kind === 'staff';
  const miss = hidden ? 'hide' : 'deny';
  if (!inOrg(actor, g.organizationId)) return { level: 0, miss };
  const status = g.membership?.status;
  const overseer = isOrgModerator(actor, g.organizationId);
  switch (g.kind) {
    case 'public':
      return { level: status === 'banned' ? 1 : 2, miss };
    case 'private':
      return { level: status === 'active' || overseer ? 2 : 1, miss };
    case 'secret':
      if (status === 'active' || overseer) return { level: 2, miss };
      return { level: status === 'invited' ? 1 : 0, miss };
    case 'staff':
      // Only verified staff see a staff network; administrators govern every group of theirs.
      if (isAdmin(actor, g.organizationId)) return { level: 2, miss };
      if (!isVerifiedStaff(actor, g.organizationId)) return { level: 0, miss };
      return { level: status === 'banned' ? 1 : 2, miss };
  }
}

const seeGroup = (actor: Actor, g: GroupResource): Decision => {
  const r = reach(actor, g);
  return r.level >= 1 ? 'allow' : r.miss;
};
const seePosts = (actor: Actor, g: GroupResource): Decision => {
  const r = reach(actor, g);
  if (r.level === 2) return 'allow';
  return r.level === 1 ? 'deny' : r.miss;
};
/** Writing in a group (posting, replying, reacting): its content in reach, and an active member. */
const participate = (actor: Actor, g: GroupResource): Decision => {
  const r = reach(actor, g);
  if (r.level === 0) return r.miss;
  return r.level === 2 && isActive(g) && !g.membership?.muted ? 'allow' : 'deny';
};
const moderate = (actor: Actor, g: GroupResource): Decision => {
  const r = reach(actor, g);
  if (r.level === 0) return r.miss;
  return isGroupModerator(g) || isOrgModerator(actor, g.organizationId) ? 'allow' : 'deny';
};

/**
 * Why a message cannot be sent (null: it can). `messages_off`: the organization switched direct
 * messages off; `you_blocked`: the sender blocks the other person; `refused`: the other person
 * blocks the sender, which the sender is never told in so many words.
 */
export function messageRefusal(r: PairResource & { directMessages: boolean }): 'messages_off' | 'you_blocked' | 'refused' | null {
  if (!r.directMessages) return 'messages_off';
  if (r.blockedByThem) return 'refused';
  if (r.blockedByMe) return 'you_blocked';
  return null;
}
const blocked = (p: PairResource) => p.blockedByMe || p.blockedByThem;

/** Every authorization rule of the community module. Roles are read here and nowhere else. */
export const communityPolicy = {
  /** The organization's community pages (group list, search, new group). */
  'community.browse': (actor: Actor, org: OrgResource): Decision => (inOrg(actor, org.organizationId) ? 'allow' : 'deny'),
  /** Starting a group: any member; a staff network only verified staff or an administrator. */
  'group.create': (actor: Actor, org: OrgResource, kind: GroupKind): Decision => {
    if (!inOrg(actor, org.organizationId)) return 'deny';
    if (kind !== 'staff') return 'allow';
    return isVerifiedStaff(actor, org.organizationId) || isAdmin(actor, org.organizationId) ? 'allow' : 'deny';
  },
  'group.view': seeGroup,
  /** Appearing in the organization's group list. */
  'group.list': seeGroup,
  /** Appearing in search results and name completion. */
  'group.search': seeGroup,
  'group.edit': (actor: Actor, g: GroupResource): Decision => {
    const r = reach(actor, g);
    if (r.level === 0) return r.miss;
    return (isActive(g) && g.membership?.role === 'owner') || isAdmin(actor, g.organizationId) ? 'allow' : 'deny';
  },
  /** Joining (public, staff network), asking to join (private) or accepting an invitation (secret, private). */
  'group.join': (actor: Actor, g: GroupResource): Decision => {
    const r = reach(actor, g);
    if (r.level === 0) return r.miss;
    const status = g.membership?.status;
    if (status === 'active' || status === 'requested' || status === 'banned') return 'deny';
    if (status === 'invited') return 'allow';
    switch (g.kind) {
      case 'public':
      case 'private':
        return 'allow';
      case 'secret':
        return 'deny';
      case 'staff':
        return isVerifiedStaff(actor, g.organizationId) ? 'allow' : 'deny';
    }
  },
  'group.leave': (actor: Actor, g: GroupResource): Decision => {
    const r = reach(actor, g);
    if (r.level === 0) return r.miss;
    const status = g.membership?.status;
    return status === 'active' || status === 'requested' || status === 'invited' ? 'allow' : 'deny';
  },
  /** The group's moderation page: join requests, invitations, members. */
  'group.moderate': moderate,
  'group.invite': moderate,
  'post.view': (actor: Actor, g: GroupResource): Decision => seePosts(actor, g),
  'post.create': participate,
  'post.reply': participate,
  'post.react': participate,
  /** May this person be mentioned in a post of the group? Only if they can read it. */
  'post.mention': (person: Actor, g: GroupResource): Decision => seePosts(person, g),
  /** May this person be told about a post of the group? Checked again when the notice is delivered. */
  'post.notify': (recipient: Actor, g: GroupResource): Decision => seePosts(recipient, g),
  'post.edit': (actor: Actor, p: PostResource): Decision => {
    const d = participate(actor, p.group);
    return d === 'allow' && !p.isAuthor ? 'deny' : d;
  },
  /** Authors may always delete their own posts (even after leaving); moderators remove others'. */
  'post.delete': (actor: Actor, p: PostResource): Decision => {
    const r = reach(actor, p.group);
    if (p.isAuthor && inOrg(actor, p.group.organizationId)) return 'allow';
    if (r.level === 0) return r.miss;
    return r.level === 2 && moderate(actor, p.group) === 'allow' ? 'allow' : 'deny';
  },
  /** Reporting a post or reply: anyone who may read it. */
  'post.report': (actor: Actor, g: GroupResource): Decision => seePosts(actor, g),
  /** Hiding, removing, approving held posts, muting and banning: the group's moderators and the organization's. */
  'post.moderate': moderate,
  'member.moderate': moderate,
  /** A person's community page (their posts in groups the reader may read); a private profile does not exist for others. */
  'person.view': (actor: Actor, p: PersonResource): Decision => {
    if (!inOrg(actor, p.organizationId)) return 'deny';
    return p.isSelf || p.visibility !== 'private' ? 'allow' : 'hide';
  },
  /** Following someone: only when their profile is not private, and never oneself. */
  'person.follow': (actor: Actor, p: PersonResource): Decision => {
    if (!inOrg(actor, p.organizationId)) return 'deny';
    if (p.visibility === 'private' && !p.isSelf) return 'hide';
    return p.isSelf ? 'deny' : 'allow';
  },
  /** The organization's community settings (direct messages on or off): its administrators. */
  'community.configure': (actor: Actor, org: OrgResource): Decision => (isAdmin(actor, org.organizationId) ? 'allow' : 'deny'),
  /** My conversations and whom I block: any member of the organization. */
  'message.inbox': (actor: Actor, org: OrgResource): Decision => (inOrg(actor, org.organizationId) ? 'allow' : 'deny'),
  /** Starting a conversation with someone (or reopening ours): a member of the same organization whose profile is not private. */
  'message.start': (actor: Actor, p: MessageTarget): Decision => {
    if (!inOrg(actor, p.organizationId)) return 'deny';
    if (p.isSelf) return 'deny';
    if (p.visibility === 'private') return 'hide';
    return messageRefusal(p) === null ? 'allow' : 'deny';
  },
  /** Reading a conversation: only its two participants, while members; to anyone else it does not exist. Switching messages off or blocking keeps it readable. */
  'conversation.view': (actor: Actor, c: ConversationResource): Decision => (inOrg(actor, c.organizationId) && c.isParticipant ? 'allow' : 'hide'),
  /** Writing in a conversation: a participant, messages on, and no block either way. */
  'message.send': (actor: Actor, c: ConversationResource): Decision => {
    if (!inOrg(actor, c.organizationId) || !c.isParticipant) return 'hide';
    return messageRefusal(c) === null ? 'allow' : 'deny';
  },
  /** Blocking (and unblocking) another member of the organization, whatever their profile says. */
  'person.block': (actor: Actor, p: PairResource): Decision => {
    if (!inOrg(actor, p.organizationId)) return 'deny';
    return p.isSelf ? 'deny' : 'allow';
  },
  /** May this person be mentioned by the author? Not when either blocks the other (the pair is seen from the person mentioned). */
  'person.mention': (person: Actor, p: PairResource): Decision => (inOrg(person, p.organizationId) && !p.isSelf && !blocked(p) ? 'allow' : 'deny'),
  /** May this person be told about something the other one did? Never across a block, in either direction (seen from the recipient). */
  'person.notify': (recipient: Actor, p: PairResource): Decision => (inOrg(recipient, p.organizationId) && !blocked(p) ? 'allow' : 'deny'),
} satisfies Policy;

export type CommunityAction = keyof typeof communityPolicy;
