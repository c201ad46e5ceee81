import type { Actor } from '../../../platform/auth/actor.js';
import { authorize, can } from '../../../platform/auth/policy.js';
import { recordAudit } from '../../../platform/audit/audit.js';
import { newId } from '../../../platform/db/ids.js';
import { NotFoundError, ValidationError } from '../../../platform/http/errors.js';
import { detectPhi, phiKinds, renderMarkdown } from '../../blog/index.js';
import { countReplies, findPost, insertPost, listGroupPosts, listReplies, reactionsFor, toggleReaction, type Cursor, type PostWithAuthor, type ReactionCounts } from '../db/queries/posts.js';
import type { Reaction } from '../db/schema.js';
import type { Executor } from '../../../platform/db/types.js';
import type { CommunityDeps } from '../deps.js';
import { communityPolicy } from '../policy.js';
import { membershipsInGroup } from '../db/queries/groups.js';
import { listImagesForPosts, listPostImages } from '../db/queries/images.js';
import type { PostImageRow } from '../db/media-schema.js';
import { actorsInOrg, findMembersByMentionKey } from '../db/queries/people.js';
import { blocksBetween } from '../db/queries/blocks.js';
import { extractHashtags, extractMentions } from '../text.js';
import { groupResource, loadGroup, type GroupContext } from './context.js';
import type { NoticeService } from './notices.js';

export const PAGE_SIZE = 20;

export type PostAbilities = { reply: boolean; react: boolean; report: boolean; edit: Set<string>; delete: Set<string> };
export type GroupAbilities = { viewPosts: boolean; post: boolean; join: boolean; leave: boolean; moderate: boolean };

export const encodeCursor = (c: Cursor) => `${c.createdAt.toISOString()}_${c.id}`;
export function decodeCursor(s: string | undefined): Cursor | undefined {
  if (!s) return undefined;
  const [at, id] = s.split('_');
  const createdAt = new Date(at!);
  return Number.isNaN(createdAt.getTime()) ? undefined : { createdAt, id: id! };
}

/** Posts and replies in groups, and reactions to them. */
export function createPostService(deps: CommunityDeps, notices: NoticeService) {
  const { db } = deps;

  /**
   * Hashtags and mentions of a new post or reply, and its notices (mentioned people, and the
   * author of the post replied to). A mention counts only for someone who may read the post.
   */
  async function afterWrite(trx: Executor, ctx: GroupContext, post: { id: string; body: string; authorId: string; createdAt: Date; parentAuthorId: string | null }): Promise<string[]> {
    await trx.deleteFrom('communityHashtags').where('postId', '=', post.id).execute();
    const tags = extractHashtags(post.body);
    if (tags.length) await trx.insertInto('communityHashtags').values(tags.map((tag) => ({ postId: post.id, tag, organizationId: ctx.org.id, groupId: ctx.group.id, createdAt: post.createdAt }))).execute();
    const found = (await findMembersByMentionKey(trx, ctx.org.id, extractMentions(post.body))).filter((m) => m.accountId !== post.authorId);
    const people = await actorsInOrg(trx, ctx.org.id, found.map((m) => m.accountId));
    const memberships = await membershipsInGroup(trx, ctx.group.id, found.map((m) => m.accountId));
    // A block either way means no mention: seen from the person mentioned, "me" is them.
    const blocks = await blocksBetween(trx, ctx.org.id, post.authorId, found.map((m) => m.accountId));
    const mentioned = found.filter((m) => {
      const person = people.get(m.accountId);
      const pair = { organizationId: ctx.org.id, isSelf: false, blockedByMe: blocks.byThem.has(m.accountId), blockedByThem: blocks.byMe.has(m.accountId) };
      return person !== undefined && can(communityPolicy, person, 'post.mention', groupResource(ctx.group, memberships.get(m.accountId) ?? null)) && can(communityPolicy, person, 'person.mention', pair);
    });
    // On an edit, only people newly mentioned are told.
    const already = new Set((await trx.selectFrom('communityMentions').select('accountId').where('postId', '=', post.id).execute()).map((m) => m.accountId));
    const fresh = mentioned.filter((m) => !already.has(m.accountId));
    if (fresh.length) await trx.insertInto('communityMentions').values(fresh.map((m) => ({ postId: post.id, accountId: m.accountId, organizationId: ctx.org.id }))).onConflict((oc) => oc.doNothing()).execute();
    const base = { organizationId: ctx.org.id, actorId: post.authorId, groupId: ctx.group.id, postId: post.id };
    const mentionIds = new Set(fresh.map((m) => m.accountId));
    return notices.notify(trx, ctx.group, [
      ...[...mentionIds].map((recipientId) => ({ ...base, recipientId, kind: 'mention' as const })),
      ...(post.parentAuthorId && !mentionIds.has(post.parentAuthorId) ? [{ ...base, recipientId: post.parentAuthorId, kind: 'reply' as const }] : []),
    ]);
  }

  const abilities = (actor: Actor, ctx: GroupContext): GroupAbilities => ({
    viewPosts: can(communityPolicy, actor, 'post.view', ctx.resource),
    post: can(communityPolicy, actor, 'post.create', ctx.resource),
    join: can(communityPolicy, actor, 'group.join', ctx.resource),
    leave: can(communityPolicy, actor, 'group.leave', ctx.resource),
    moderate: can(communityPolicy, actor, 'group.moderate', ctx.resource),
  });

  /** A top-level post of the group, or 404 (also for a reply's id: replies live on their post's page). */
  async function topPost(ex: Executor, ctx: GroupContext, postId: string): Promise<PostWithAuthor> {
    const post = await findPost(ex, ctx.org.id, postId);
    if (!post || post.groupId !== ctx.group.id || post.parentId !== null || post.status !== 'visible') throw new NotFoundError();
    return post;
  }

  /** A post or a reply of the group; a post of another group (or none) is a 404. */
  async function anyPost(ex: Executor, ctx: GroupContext, postId: string): Promise<PostWithAuthor> {
    const post = await findPost(ex, ctx.org.id, postId);
    if (!post || post.groupId !== ctx.group.id || post.status !== 'visible') throw new NotFoundError();
    return post;
  }

  /**
   * Text that looks like someone's health information: refused once with a warning the author
   * must confirm; once confirmed, held for a moderator in groups marked "no PHI".
   */
  function phiCheck(ctx: GroupContext, body: string, confirmed: boolean): { status: 'visible' | 'held'; holdReasons: string[] } {
    const kinds = phiKinds(detectPhi(body));
    if (kinds.length === 0) return { status: 'visible', holdReasons: [] };
    if (!confirmed) throw new ValidationError('body', 'phi_warning');
    return ctx.group.noPhi ? { status: 'held', holdReasons: kinds.map((k) => `phi:${k}`) } : { status: 'visible', holdReasons: [] };
  }

  return {
    /** The group's page: who may do what, and its posts (newest first, one keyset page) when the reader may read them. */
    async groupPage(actor: Actor, orgSlug: string, groupSlug: string, before?: string, mustPost = false) {
      const ctx = await loadGroup(db, actor, orgSlug, groupSlug);
      authorize(communityPolicy, actor, mustPost ? 'post.create' : 'group.view', ctx.resource);
      const can_ = abilities(actor, ctx);
      let posts: PostWithAuthor[] = [];
      let replyCounts = new Map<string, number>();
      let images = new Map<string, PostImageRow[]>();
      let reactions: { counts: ReactionCounts; mine: Set<string> } = { counts: new Map(), mine: new Set() };
      let next: string | null = null;
      if (can_.viewPosts) {
        const page = await listGroupPosts(db, ctx.org.id, ctx.group.id, { before: decodeCursor(before), limit: PAGE_SIZE + 1 });
        posts = page.slice(0, PAGE_SIZE);
        if (page.length > PAGE_SIZE) next = encodeCursor(posts[posts.length - 1]!);
        const ids = posts.map((p) => p.id);
        [replyCounts, reactions, images] = await Promise.all([countReplies(db, ids), reactionsFor(db, ids, actor.accountId), listImagesForPosts(db, ctx.org.id, ids)]);
      }
      return { ...ctx, abilities: can_, posts, replyCounts, reactions, images, next };
    },

    /** One post with its replies (one level) and reactions. */
    async postPage(actor: Actor, orgSlug: string, groupSlug: string, postId: string, mustReply = false) {
      const ctx = await loadGroup(db, actor, orgSlug, groupSlug);
      authorize(communityPolicy, actor, mustReply ? 'post.reply' : 'post.view', ctx.resource);
      const found = await findPost(db, ctx.org.id, postId);
      // Its author (to read a moderator's reason) and moderators still open a held, hidden or removed post.
      const mayOpen = (p: PostWithAuthor) => p.status === 'visible' || (p.status !== 'deleted' && (p.authorId === actor.accountId || can(communityPolicy, actor, 'post.moderate', ctx.resource)));
      if (!found || found.groupId !== ctx.group.id || found.parentId !== null || !mayOpen(found)) throw new NotFoundError();
      const post = found;
      const replies = await listReplies(db, ctx.org.id, post.id, actor.accountId);
      const reactions = await reactionsFor(db, [post.id, ...replies.map((r) => r.id)], actor.accountId);
      const all = [post, ...replies];
      const allowed = (action: 'post.edit' | 'post.delete') => new Set(all.filter((p) => can(communityPolicy, actor, action, { group: ctx.resource, isAuthor: p.authorId === actor.accountId })).map((p) => p.id));
      const postAbilities: PostAbilities = { reply: can(communityPolicy, actor, 'post.reply', ctx.resource), react: can(communityPolicy, actor, 'post.react', ctx.resource), report: actor.kind === 'account' && can(communityPolicy, actor, 'post.report', ctx.resource), edit: allowed('post.edit'), delete: allowed('post.delete') };
      return { ...ctx, post, replies, reactions, abilities: postAbilities, images: await listPostImages(db, ctx.org.id, post.id) };
    },

    /** `attach` writes what comes with the post (its images) in the same transaction, so a failure leaves nothing. */
    async createPost(actor: Actor, orgSlug: string, groupSlug: string, body: string, confirmPhi = false, attach?: (trx: Executor, post: { id: string; organizationId: string }) => Promise<void>): Promise<{ id: string; held: boolean }> {
      const written = await db.transaction().execute(async (trx) => {
        const ctx = await loadGroup(trx, actor, orgSlug, groupSlug);
        authorize(communityPolicy, actor, 'post.create', ctx.resource);
        const phi = phiCheck(ctx, body, confirmPhi);
        const id = newId();
        const createdAt = new Date();
        await insertPost(trx, { id, organizationId: ctx.org.id, groupId: ctx.group.id, authorId: actor.accountId!, parentId: null, bodyMd: body, bodyHtml: renderMarkdown(body), createdAt, editedAt: null, ...phi });
        if (attach) await attach(trx, { id, organizationId: ctx.org.id });
        // A held post tells nobody until a moderator lets it through.
        const told = phi.status === 'visible' ? await afterWrite(trx, ctx, { id, body, authorId: actor.accountId!, createdAt, parentAuthorId: null }) : [];
        return { id, told, held: phi.status === 'held' };
      });
      notices.ring(written.told);
      return { id: written.id, held: written.held };
    },

    /** Replies are one level deep: they attach to a top-level post. */
    async reply(actor: Actor, orgSlug: string, groupSlug: string, postId: string, body: string, confirmPhi = false): Promise<{ id: string; held: boolean }> {
      const written = await db.transaction().execute(async (trx) => {
        const ctx = await loadGroup(trx, actor, orgSlug, groupSlug);
        authorize(communityPolicy, actor, 'post.reply', ctx.resource);
        const post = await topPost(trx, ctx, postId);
        const phi = phiCheck(ctx, body, confirmPhi);
        const id = newId();
        const createdAt = new Date();
        await insertPost(trx, { id, organizationId: ctx.org.id, groupId: ctx.group.id, authorId: actor.accountId!, parentId: post.id, bodyMd: body, bodyHtml: renderMarkdown(body), createdAt, editedAt: null, ...phi });
        const told = phi.status === 'visible' ? await afterWrite(trx, ctx, { id, body, authorId: actor.accountId!, createdAt, parentAuthorId: post.authorId }) : [];
        return { id, told, held: phi.status === 'held' };
      });
      notices.ring(written.told);
      return { id: written.id, held: written.held };
    },

    /** The edit form: only the author, while they may still write in the group. */
    async editForm(actor: Actor, orgSlug: string, groupSlug: string, postId: string) {
      const ctx = await loadGroup(db, actor, orgSlug, groupSlug);
      const post = await anyPost(db, ctx, postId);
      authorize(communityPolicy, actor, 'post.edit', { group: ctx.resource, isAuthor: post.authorId === actor.accountId });
      return { ...ctx, post };
    },

    /** Saves a new text; the previous one is kept in the post's history. */
    async editPost(actor: Actor, orgSlug: string, groupSlug: string, postId: string, body: string): Promise<{ topId: string }> {
      const done = await db.transaction().execute(async (trx) => {
        const ctx = await loadGroup(trx, actor, orgSlug, groupSlug);
        const post = await anyPost(trx, ctx, postId);
        authorize(communityPolicy, actor, 'post.edit', { group: ctx.resource, isAuthor: post.authorId === actor.accountId });
        if (body === post.bodyMd) return { topId: post.parentId ?? post.id, told: [] };
        await trx.insertInto('communityPostRevisions').values({ id: newId(), organizationId: ctx.org.id, postId: post.id, bodyMd: post.bodyMd, createdAt: post.editedAt ?? post.createdAt }).execute();
        await trx.updateTable('communityPosts').set({ bodyMd: body, bodyHtml: renderMarkdown(body), editedAt: new Date() }).where('organizationId', '=', ctx.org.id).where('id', '=', post.id).execute();
        const told = await afterWrite(trx, ctx, { id: post.id, body, authorId: post.authorId, createdAt: post.createdAt, parentAuthorId: null });
        return { topId: post.parentId ?? post.id, told };
      });
      notices.ring(done.told);
      return { topId: done.topId };
    },

    /** Earlier versions of a post, for anyone who may read it. */
    async history(actor: Actor, orgSlug: string, groupSlug: string, postId: string) {
      const ctx = await loadGroup(db, actor, orgSlug, groupSlug);
      authorize(communityPolicy, actor, 'post.view', ctx.resource);
      const post = await anyPost(db, ctx, postId);
      const revisions = await db.selectFrom('communityPostRevisions').select(['id', 'bodyMd', 'createdAt']).where('organizationId', '=', ctx.org.id).where('postId', '=', post.id).orderBy('createdAt', 'desc').execute();
      return { ...ctx, post, revisions: revisions.map((r) => ({ ...r, bodyHtml: renderMarkdown(r.bodyMd) })) };
    },

    /**
     * Deletes a post for good, with its replies, reactions, mentions, history and notices: the
     * author's own (even after leaving the group) or a group's moderator's.
     */
    async deletePost(actor: Actor, orgSlug: string, groupSlug: string, postId: string, meta: { ip: string | null }): Promise<{ topId: string | null }> {
      return db.transaction().execute(async (trx) => {
        const ctx = await loadGroup(trx, actor, orgSlug, groupSlug);
        const post = await anyPost(trx, ctx, postId);
        const isAuthor = post.authorId === actor.accountId;
        authorize(communityPolicy, actor, 'post.delete', { group: ctx.resource, isAuthor });
        await trx.deleteFrom('communityPosts').where('organizationId', '=', ctx.org.id).where('id', '=', post.id).execute();
        if (!isAuthor) await recordAudit(trx, { action: 'community.post.deleted', organizationId: ctx.org.id, actorAccountId: actor.accountId, targetType: 'community_post', targetId: post.id, ip: meta.ip, data: { groupId: ctx.group.id, authorId: post.authorId } });
        return { topId: post.parentId };
      });
    },

    /** Gives or takes back a reaction on a post or a reply of the group. */
    async react(actor: Actor, orgSlug: string, groupSlug: string, postId: string, reaction: Reaction): Promise<{ given: boolean; topId: string }> {
      const done = await db.transaction().execute(async (trx) => {
        const ctx = await loadGroup(trx, actor, orgSlug, groupSlug);
        authorize(communityPolicy, actor, 'post.react', ctx.resource);
        const post = await findPost(trx, ctx.org.id, postId);
        if (!post || post.groupId !== ctx.group.id || post.status !== 'visible') throw new NotFoundError();
        const given = await toggleReaction(trx, { postId: post.id, accountId: actor.accountId!, organizationId: ctx.org.id, reaction });
        const told = given ? await notices.notify(trx, ctx.group, [{ organizationId: ctx.org.id, recipientId: post.authorId, actorId: actor.accountId, kind: 'reaction', groupId: ctx.group.id, postId: post.id }]) : [];
        return { given, topId: post.parentId ?? post.id, told };
      });
      notices.ring(done.told);
      return { given: done.given, topId: done.topId };
    },
  };
}
export type PostService = ReturnType<typeof createPostService>;
