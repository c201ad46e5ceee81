import type { Actor } from '../../../platform/auth/actor.js';
import { authorize, can, decide } from '../../../platform/auth/policy.js';
import { recordAudit } from '../../../platform/audit/audit.js';
import { newId } from '../../../platform/db/ids.js';
import type { Executor } from '../../../platform/db/types.js';
import { AppError, ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../../platform/http/errors.js';
import { detectPhi, phiKinds, renderMarkdown } from '../../blog/index.js';
import { blocksBetween, listBlocked, setBlock } from '../db/queries/blocks.js';
import { findOrgPerson } from '../db/queries/feeds.js';
import type { OrgRef } from '../db/queries/groups.js';
import { directMessagesOn, ensureConversation, findConversation, findConversationBetween, insertMessage, listConversations, listMessages, markConversationRead, otherOf, setDirectMessages, type MessageWithAuthor } from '../db/queries/messages.js';
import { markConversationNotificationsRead } from '../db/queries/notifications.js';
import type { ConversationRow } from '../db/messages-schema.js';
import type { CommunityDeps } from '../deps.js';
import { communityPolicy, messageRefusal, type ConversationResource, type MessageTarget, type PairResource } from '../policy.js';
import { loadOrg } from './context.js';
import type { NoticeService } from './notices.js';
import { decodeCursor, encodeCursor } from './posts.js';

export const MESSAGES_PAGE = 50;
const INBOX_SIZE = 100;

/** A message that may not be sent, tied to the form's body field so the text is kept. */
class MessageRefusedError extends AppError {
  override name = 'MessageRefusedError';
  override readonly status = 403;
  constructor(code: 'message_refused' | 'message_you_blocked') {
    super('forbidden', { body: { code } });
  }
}

/** Why the form refuses: messages switched off is a 409 with its explanation; a block, a 403 on the field (neutral when the other person blocks). */
function refuse(reason: ReturnType<typeof messageRefusal>): never {
  if (reason === 'messages_off') throw new ConflictError('messages_off');
  if (reason === 'you_blocked') throw new MessageRefusedError('message_you_blocked');
  throw new MessageRefusedError('message_refused');
}

export type SendRefusal = ReturnType<typeof messageRefusal>;

/** Direct messages between two members of an organization, blocks between members, and the organization's switch. */
export function createMessageService(deps: CommunityDeps, notices: NoticeService) {
  const { db } = deps;

  async function pairWith(ex: Executor, organizationId: string, me: string | null, other: string): Promise<PairResource> {
    const b = await blocksBetween(ex, organizationId, me, [other]);
    return { organizationId, isSelf: me === other, blockedByMe: b.byMe.has(other), blockedByThem: b.byThem.has(other) };
  }

  /** The conversation a URL names, as the policy sees it; unknown, or not one's own, is a 404. */
  async function loadConversation(ex: Executor, actor: Actor, orgSlug: string, id: string) {
    const org = await loadOrg(ex, orgSlug, actor);
    const conversation = await findConversation(ex, org.id, id);
    const isParticipant = conversation !== undefined && actor.accountId !== null && (conversation.accountA === actor.accountId || conversation.accountB === actor.accountId);
    const otherId = conversation && actor.accountId ? otherOf(conversation, actor.accountId) : null;
    const pair = otherId ? await pairWith(ex, org.id, actor.accountId, otherId) : { organizationId: org.id, isSelf: false, blockedByMe: false, blockedByThem: false };
    const resource: ConversationResource = { ...pair, isParticipant, directMessages: await directMessagesOn(ex, org.id) };
    authorize(communityPolicy, actor, 'conversation.view', resource);
    return { org, conversation: conversation!, otherId: otherId!, resource };
  }

  /** The person a "message" URL names and how the policy answers; a private profile or a stranger is a 404. */
  async function target(ex: Executor, actor: Actor, org: OrgRef, accountId: string) {
    const found = await findOrgPerson(ex, org.id, accountId);
    if (!found) throw new NotFoundError();
    const resource: MessageTarget = { ...(await pairWith(ex, org.id, actor.accountId, accountId)), visibility: found.visibility, directMessages: await directMessagesOn(ex, org.id) };
    return { person: { accountId, displayName: found.displayName }, resource };
  }

  /** Health information is refused once with a warning, as in posts; once confirmed it is sent (a conversation has no moderators to hold it for). */
  function phiCheck(body: string, confirmed: boolean) {
    if (phiKinds(detectPhi(body)).length > 0 && !confirmed) throw new ValidationError('body', 'phi_warning');
  }

  async function write(trx: Executor, actor: Actor, org: OrgRef, conversation: ConversationRow, body: string): Promise<string[]> {
    const createdAt = new Date();
    await insertMessage(trx, { id: newId(), organizationId: org.id, conversationId: conversation.id, authorId: actor.accountId!, bodyMd: body, bodyHtml: renderMarkdown(body), createdAt });
    await markConversationRead(trx, conversation.id, actor.accountId!, createdAt);
    return notices.notifyMessage(trx, { organizationId: org.id, conversationId: conversation.id, recipientId: otherOf(conversation, actor.accountId!), actorId: actor.accountId! });
  }

  return {
    /** My conversations, most recent first, unread ones marked. */
    async inbox(actor: Actor, orgSlug: string) {
      const org = await loadOrg(db, orgSlug, actor);
      authorize(communityPolicy, actor, 'message.inbox', { organizationId: org.id });
      const [conversations, directMessages] = await Promise.all([listConversations(db, org.id, actor.accountId!, INBOX_SIZE), directMessagesOn(db, org.id)]);
      return { org, conversations, directMessages, canConfigure: can(communityPolicy, actor, 'community.configure', { organizationId: org.id }) };
    },

    /** A conversation's latest messages (oldest first on the page), marked read for the reader, and whether they may write. */
    async conversation(actor: Actor, orgSlug: string, id: string, before?: string) {
      const ctx = await loadConversation(db, actor, orgSlug, id);
      const rows = await listMessages(db, ctx.conversation.id, { before: decodeCursor(before), limit: MESSAGES_PAGE + 1 });
      const page = rows.slice(0, MESSAGES_PAGE);
      const older = rows.length > MESSAGES_PAGE ? encodeCursor(page[page.length - 1]!) : null;
      const other = await findOrgPerson(db, ctx.org.id, ctx.otherId);
      if (!before) {
        const now = new Date();
        await db.transaction().execute(async (trx) => {
          await markConversationRead(trx, ctx.conversation.id, actor.accountId!, now);
          await markConversationNotificationsRead(trx, ctx.org.id, actor.accountId!, ctx.conversation.id, now);
        });
      }
      const messages: MessageWithAuthor[] = page.reverse();
      return {
        org: ctx.org,
        conversation: ctx.conversation,
        other: { accountId: ctx.otherId, displayName: other?.displayName ?? null },
        messages,
        older,
        // The form stays for a neutral refusal, so a block by the other person is not shown.
        refusal: decide(communityPolicy, actor, 'message.send', ctx.resource) === 'allow' ? null : messageRefusal(ctx.resource),
      };
    },

    async send(actor: Actor, orgSlug: string, id: string, body: string, confirmPhi: boolean): Promise<void> {
      const told = await db.transaction().execute(async (trx) => {
        const ctx = await loadConversation(trx, actor, orgSlug, id);
        const decision = decide(communityPolicy, actor, 'message.send', ctx.resource);
        if (decision === 'hide') throw new NotFoundError();
        if (decision !== 'allow') refuse(messageRefusal(ctx.resource));
        phiCheck(body, confirmPhi);
        return write(trx, actor, ctx.org, ctx.conversation, body);
      });
      notices.ring(told);
    },

    /**
     * Messaging someone from their page: our conversation if there is one, otherwise what the
     * form to start one needs. Direct messages switched off answer 409 with the reason.
     */
    async startPage(actor: Actor, orgSlug: string, accountId: string) {
      const org = await loadOrg(db, orgSlug, actor);
      authorize(communityPolicy, actor, 'message.inbox', { organizationId: org.id });
      const { person, resource } = await target(db, actor, org, accountId);
      if (resource.isSelf) throw new ForbiddenError();
      const existing = await findConversationBetween(db, org.id, actor.accountId!, accountId);
      if (existing) return { org, person, existingId: existing.id, refusal: null };
      const decision = decide(communityPolicy, actor, 'message.start', resource);
      if (decision === 'hide') throw new NotFoundError();
      const refusal = messageRefusal(resource);
      if (refusal === 'messages_off') throw new ConflictError('messages_off');
      return { org, person, existingId: null, refusal: refusal === 'refused' ? null : refusal };
    },

    /** Sends the first message to someone, creating the pair's conversation; returns its id. */
    async start(actor: Actor, orgSlug: string, accountId: string, body: string, confirmPhi: boolean): Promise<string> {
      const done = await db.transaction().execute(async (trx) => {
        const org = await loadOrg(trx, orgSlug, actor);
        authorize(communityPolicy, actor, 'message.inbox', { organizationId: org.id });
        const { resource } = await target(trx, actor, org, accountId);
        const existing = await findConversationBetween(trx, org.id, actor.accountId!, accountId);
        // Once a conversation exists, the rules of a conversation apply (a private profile does not close it).
        const decision = existing ? decide(communityPolicy, actor, 'message.send', { ...resource, isParticipant: true }) : decide(communityPolicy, actor, 'message.start', resource);
        if (decision === 'hide') throw new NotFoundError();
        if (resource.isSelf) throw new ForbiddenError();
        if (decision !== 'allow') refuse(messageRefusal(resource));
        phiCheck(body, confirmPhi);
        const conversation = existing ?? (await ensureConversation(trx, org.id, newId(), actor.accountId!, accountId));
        return { id: conversation.id, told: await write(trx, actor, org, conversation, body) };
      });
      notices.ring(done.told);
      return done.id;
    },

    /** What someone's community page offers about them: a message link, and blocking. */
    async personActions(actor: Actor, orgSlug: string, accountId: string) {
      const org = await loadOrg(db, orgSlug, actor);
      if (!can(communityPolicy, actor, 'message.inbox', { organizationId: org.id })) return { message: false, block: null };
      const { resource } = await target(db, actor, org, accountId);
      const existing = await findConversationBetween(db, org.id, actor.accountId!, accountId);
      const decision = existing ? decide(communityPolicy, actor, 'message.send', { ...resource, isParticipant: true }) : decide(communityPolicy, actor, 'message.start', resource);
      // A block by the other person leaves the action in place: the refusal comes, neutral, when sending.
      const message = decision === 'allow' || (decision === 'deny' && messageRefusal(resource) === 'refused');
      return { message, block: can(communityPolicy, actor, 'person.block', resource) ? { blocked: resource.blockedByMe } : null };
    },

    async blocks(actor: Actor, orgSlug: string) {
      const org = await loadOrg(db, orgSlug, actor);
      authorize(communityPolicy, actor, 'message.inbox', { organizationId: org.id });
      return { org, blocked: await listBlocked(db, org.id, actor.accountId!) };
    },

    /** Blocks or unblocks another member of the organization (any member, whatever their profile says). */
    async setBlock(actor: Actor, orgSlug: string, accountId: string, block: boolean): Promise<void> {
      const org = await loadOrg(db, orgSlug, actor);
      authorize(communityPolicy, actor, 'message.inbox', { organizationId: org.id });
      if (!(await findOrgPerson(db, org.id, accountId))) throw new NotFoundError();
      authorize(communityPolicy, actor, 'person.block', await pairWith(db, org.id, actor.accountId, accountId));
      await setBlock(db, org.id, actor.accountId!, accountId, block);
    },

    async settings(actor: Actor, orgSlug: string) {
      const org = await loadOrg(db, orgSlug, actor);
      authorize(communityPolicy, actor, 'community.configure', { organizationId: org.id });
      return { org, directMessages: await directMessagesOn(db, org.id) };
    },

    /** Switches direct messages on or off for the organization, in the audit log. */
    async setSettings(actor: Actor, orgSlug: string, directMessages: boolean, meta: { ip: string | null }): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const org = await loadOrg(trx, orgSlug, actor);
        authorize(communityPolicy, actor, 'community.configure', { organizationId: org.id });
        const before = await directMessagesOn(trx, org.id);
        if (before === directMessages) return;
        await setDirectMessages(trx, org.id, directMessages, actor.accountId!);
        await recordAudit(trx, { action: 'community.settings.updated', organizationId: org.id, actorAccountId: actor.accountId, targetType: 'organization', targetId: org.id, ip: meta.ip, data: { directMessages } });
      });
    },
  };
}
export type MessageService = ReturnType<typeof createMessageService>;
