import type { Actor } from '../../../platform/auth/actor.js';
import { authorize, can } from '../../../platform/auth/policy.js';
import { newId } from '../../../platform/db/ids.js';
import { NotFoundError } from '../../../platform/http/errors.js';
import { renderMarkdown } from '../../blog/index.js';
import { countReplies, findPost, insertPost, listGroupPosts, listReplies, reactionsFor, toggleReaction, type Cursor, type PostWithAuthor, type ReactionCounts } from '../db/queries/posts.js';
import type { Reaction } from '../db/schema.js';
import type { Executor } from '../../../platform/db/types.js';
import type { CommunityDeps } from '../deps.js';
import { communityPolicy } from '../policy.js';
import { findMembership } from '../db/queries/groups.js';
import { actorsInOrg, findMembersByMentionKey } from '../db/queries/people.js';
import { extractHashtags, extractMentions } from '../text.js';
import { groupResource, loadGroup, type GroupContext } from './context.js';
import type { NoticeService } from './notices.js';

export const PAGE_SIZE = 20;

export type PostAbilities = { reply: boolean; react: boolean };
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
    const tags = extractHashtags(post.body);
    if (tags.length) await trx.insertInto('communityHashtags').values(tags.map((tag) => ({ postId: post.id, tag, organizationId: ctx.org.id, groupId: ctx.group.id, createdAt: post.createdAt }))).execute();
    const found = (await findMembersByMentionKey(trx, ctx.org.id, extractMentions(post.body))).filter((m) => m.accountId !== post.authorId);
    const people = await actorsInOrg(trx, ctx.org.id, found.map((m) => m.accountId));
    const memberships = await Promise.all(found.map((m) => findMembership(trx, ctx.group.id, m.accountId)));
    const mentioned = found.filter((m, i) => {
      const person = people.get(m.accountId);
      return person !== undefined && can(communityPolicy, person, 'post.mention', groupResource(ctx.group, memberships[i] ?? null));
    });
    if (mentioned.length) await trx.insertInto('communityMentions').values(mentioned.map((m) => ({ postId: post.id, accountId: m.accountId, organizationId: ctx.org.id }))).onConflict((oc) => oc.doNothing()).execute();
    const base = { organizationId: ctx.org.id, actorId: post.authorId, groupId: ctx.group.id, postId: post.id };
    const mentionIds = new Set(mentioned.map((m) => m.accountId));
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

  return {
    /** The group's page: who may do what, and its posts (newest first, one keyset page) when the reader may read them. */
    async groupPage(actor: Actor, orgSlug: string, groupSlug: string, before?: string, mustPost = false) {
      const ctx = await loadGroup(db, actor, orgSlug, groupSlug);
      authorize(communityPolicy, actor, mustPost ? 'post.create' : 'group.view', ctx.resource);
      const can_ = abilities(actor, ctx);
      let posts: PostWithAuthor[] = [];
      let replyCounts = new Map<string, number>();
      let reactions: { counts: ReactionCounts; mine: Set<string> } = { counts: new Map(), mine: new Set() };
      let next: string | null = null;
      if (can_.viewPosts) {
        const page = await listGroupPosts(db, ctx.org.id, ctx.group.id, { before: decodeCursor(before), limit: PAGE_SIZE + 1 });
        posts = page.slice(0, PAGE_SIZE);
        if (page.length > PAGE_SIZE) next = encodeCursor(posts[posts.length - 1]!);
        const ids = posts.map((p) => p.id);
        [replyCounts, reactions] = await Promise.all([countReplies(db, ids), reactionsFor(db, ids, actor.accountId)]);
      }
      return { ...ctx, abilities: can_, posts, replyCounts, reactions, next };
    },

    /** One post with its replies (one level) and reactions. */
    async postPage(actor: Actor, orgSlug: string, groupSlug: string, postId: string, mustReply = false) {
      const ctx = await loadGroup(db, actor, orgSlug, groupSlug);
      authorize(communityPolicy, actor, mustReply ? 'post.reply' : 'post.view', ctx.resource);
      const post = await topPost(db, ctx, postId);
      const replies = await listReplies(db, ctx.org.id, post.id);
      const reactions = await reactionsFor(db, [post.id, ...replies.map((r) => r.id)], actor.accountId);
      const postAbilities: PostAbilities = { reply: can(communityPolicy, actor, 'post.reply', ctx.resource), react: can(communityPolicy, actor, 'post.react', ctx.resource) };
      return { ...ctx, post, replies, reactions, abilities: postAbilities };
    },

    async createPost(actor: Actor, orgSlug: string, groupSlug: string, body: string): Promise<{ id: string }> {
      const written = await db.transaction().execute(async (trx) => {
        const ctx = await loadGroup(trx, actor, orgSlug, groupSlug);
        authorize(communityPolicy, actor, 'post.create', ctx.resource);
        const id = newId();
        const createdAt = new Date();
        await insertPost(trx, { id, organizationId: ctx.org.id, groupId: ctx.group.id, authorId: actor.accountId!, parentId: null, bodyMd: body, bodyHtml: renderMarkdown(body), createdAt, editedAt: null });
        const told = await afterWrite(trx, ctx, { id, body, authorId: actor.accountId!, createdAt, parentAuthorId: null });
        return { id, told };
      });
      notices.ring(written.told);
      return { id: written.id };
    },

    /** Replies are one level deep: they attach to a top-level post. */
    async reply(actor: Actor, orgSlug: string, groupSlug: string, postId: string, body: string): Promise<{ id: string }> {
      const written = await db.transaction().execute(async (trx) => {
        const ctx = await loadGroup(trx, actor, orgSlug, groupSlug);
        authorize(communityPolicy, actor, 'post.reply', ctx.resource);
        const post = await topPost(trx, ctx, postId);
        const id = newId();
        const createdAt = new Date();
        await insertPost(trx, { id, organizationId: ctx.org.id, groupId: ctx.group.id, authorId: actor.accountId!, parentId: post.id, bodyMd: body, bodyHtml: renderMarkdown(body), createdAt, editedAt: null });
        const told = await afterWrite(trx, ctx, { id, body, authorId: actor.accountId!, createdAt, parentAuthorId: post.authorId });
        return { id, told };
      });
      notices.ring(written.told);
      return { id: written.id };
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
