import type { Actor } from '../../platform/auth/actor.js';
import type { Decision, Policy } from '../../platform/auth/policy.js';
import type { AuthorRole, PostStatus } from './db/schema.js';

const allowIf = (ok: boolean, otherwise: Decision = 'deny'): Decision => (ok ? 'allow' : otherwise);
const hasAny = (actor: Actor, orgId: string, roles: string[]) => actor.rolesIn(orgId).some((r) => roles.includes(r));
const isCommunicator = (actor: Actor, orgId: string) => hasAny(actor, orgId, ['admin', 'communicator']);

export type BlogResource = { organizationId: string; authorRole: AuthorRole | null };
export type PostResource = BlogResource & { status: PostStatus; isPostAuthor: boolean };
export type CommentContext = { organizationId: string; allowGuestComments: boolean };

/** Every authorization rule of the blog module. Roles are read here and nowhere else. */
export const blogPolicy = {
  'blog.create': (actor: Actor, org: { id: string }) => allowIf(isCommunicator(actor, org.id)),
  'blog.update': (actor: Actor, blog: BlogResource) => allowIf(isCommunicator(actor, blog.organizationId)),
  'blog.manageAuthors': (actor: Actor, blog: BlogResource) => allowIf(isCommunicator(actor, blog.organizationId) || blog.authorRole === 'editor'),
  /** The editor's desk: communicators, and anyone who writes in the blog. */
  'blog.write': (actor: Actor, blog: BlogResource) => allowIf(isCommunicator(actor, blog.organizationId) || blog.authorRole !== null),
  'post.create': (actor: Actor, blog: BlogResource) => allowIf(isCommunicator(actor, blog.organizationId) || blog.authorRole !== null),
  'post.edit': (actor: Actor, post: PostResource) =>
    allowIf(isCommunicator(actor, post.organizationId) || post.authorRole === 'editor' || (post.authorRole !== null && post.isPostAuthor)),
  /** Publishing, scheduling and archiving: communicators and blog editors. */
  'post.publish': (actor: Actor, post: PostResource) => allowIf(isCommunicator(actor, post.organizationId) || post.authorRole === 'editor'),
  /** A draft does not exist for readers. */
  'post.view': (actor: Actor, post: PostResource): Decision => {
    if (post.status === 'published') return 'allow';
    return allowIf(isCommunicator(actor, post.organizationId) || post.authorRole !== null, 'hide');
  },
  'comment.create': (actor: Actor, ctx: CommentContext) => allowIf(actor.kind === 'account' || ctx.allowGuestComments),
  'comment.moderate': (actor: Actor, org: { organizationId: string }) => allowIf(hasAny(actor, org.organizationId, ['admin', 'communicator', 'moderator'])),
  'favourite.manage': (actor: Actor) => allowIf(actor.kind === 'account'),
} satisfies Policy;

export type BlogAction = keyof typeof blogPolicy;
