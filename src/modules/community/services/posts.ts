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
import { loadGroup, type GroupContext } from './context.js';

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
export function createPostService(deps: CommunityDeps) {
  const { db } = deps;

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
      return db.transaction().execute(async (trx) => {
        const ctx = await loadGroup(trx, actor, orgSlug, groupSlug);
        authorize(communityPolicy, actor, 'post.create', ctx.resource);
        const id = newId();
        await insertPost(trx, { id, organizationId: ctx.org.id, groupId: ctx.group.id, authorId: actor.accountId!, parentId: null, bodyMd: body, bodyHtml: renderMarkdown(body), editedAt: null });
        return { id };
      });
    },

    /** Replies are one level deep: they attach to a top-level post. */
    async reply(actor: Actor, orgSlug: string, groupSlug: string, postId: string, body: string): Promise<{ id: string }> {
      return db.transaction().execute(async (trx) => {
        const ctx = await loadGroup(trx, actor, orgSlug, groupSlug);
        authorize(communityPolicy, actor, 'post.reply', ctx.resource);
        const post = await topPost(trx, ctx, postId);
        const id = newId();
        await insertPost(trx, { id, organizationId: ctx.org.id, groupId: ctx.group.id, authorId: actor.accountId!, parentId: post.id, bodyMd: body, bodyHtml: renderMarkdown(body), editedAt: null });
        return { id };
      });
    },

    /** Gives or takes back a reaction on a post or a reply of the group. */
    async react(actor: Actor, orgSlug: string, groupSlug: string, postId: string, reaction: Reaction): Promise<{ given: boolean; topId: string }> {
      return db.transaction().execute(async (trx) => {
        const ctx = await loadGroup(trx, actor, orgSlug, groupSlug);
        authorize(communityPolicy, actor, 'post.react', ctx.resource);
        const post = await findPost(trx, ctx.org.id, postId);
        if (!post || post.groupId !== ctx.group.id || post.status !== 'visible') throw new NotFoundError();
        const given = await toggleReaction(trx, { postId: post.id, accountId: actor.accountId!, organizationId: ctx.org.id, reaction });
        return { given, topId: post.parentId ?? post.id };
      });
    },
  };
}
export type PostService = ReturnType<typeof createPostService>;
