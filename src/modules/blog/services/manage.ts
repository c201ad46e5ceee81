import type { Actor } from '../../../platform/auth/actor.js';
import { authorize, can } from '../../../platform/auth/policy.js';
import { recordAudit } from '../../../platform/audit/audit.js';
import { newId } from '../../../platform/db/ids.js';
import { isUniqueViolation } from '../../../platform/db/pg-errors.js';
import type { Executor } from '../../../platform/db/types.js';
import { ConflictError, NotFoundError, ValidationError } from '../../../platform/http/errors.js';
import type { BlogDeps } from '../deps.js';
import { findActiveAccountByEmail, isMemberOf } from '../db/queries/accounts.js';
import { deleteAuthor, findAuthorRole, findBlogBySlug, findOrganizationBySlug, insertBlog, listAuthors, updateBlog, upsertAuthor, type OrgRef } from '../db/queries/blogs.js';
import type { AuthorRole, BlogRow } from '../db/schema.js';
import type { AddAuthorBody, BlogSettingsBody, CreateBlogBody } from '../manage-schemas.js';
import { blogPolicy, type BlogResource } from '../policy.js';
import type { RequestMeta } from './media.js';

type BlogAccess = { org: OrgRef; blog: BlogRow; resource: BlogResource };
export type BlogAbilities = { settings: boolean; authors: boolean };

/** Editors and authors write as members of the organization; a guest (a parent, a partner) need not be one. */
const NEEDS_MEMBERSHIP: ReadonlySet<AuthorRole> = new Set(['editor', 'author']);

async function loadOrg(ex: Executor, orgSlug: string): Promise<OrgRef> {
  const org = await findOrganizationBySlug(ex, orgSlug);
  if (!org) throw new NotFoundError();
  return org;
}

async function loadBlog(ex: Executor, actor: Actor, orgSlug: string, blogSlug: string): Promise<BlogAccess> {
  const org = await loadOrg(ex, orgSlug);
  const blog = await findBlogBySlug(ex, org.id, blogSlug);
  if (!blog) throw new NotFoundError();
  return { org, blog, resource: { organizationId: org.id, authorRole: await findAuthorRole(ex, blog.id, actor.accountId) } };
}

const settingsColumns = (input: BlogSettingsBody) => ({
  titleEn: input.titleEn,
  titleFr: input.titleFr,
  descriptionEn: input.descriptionEn ?? null,
  descriptionFr: input.descriptionFr ?? null,
  allowGuestComments: input.allowGuestComments,
});

/** Creating blogs, changing their names and rules, and choosing who writes in them. */
export function createManageService(deps: Pick<BlogDeps, 'db'>) {
  const { db } = deps;

  /** What a blog's pages offer this person, from what those pages already loaded. */
  const blogAbilities = (actor: Actor, blog: BlogResource): BlogAbilities => ({
    settings: can(blogPolicy, actor, 'blog.update', blog),
    authors: can(blogPolicy, actor, 'blog.manageAuthors', blog),
  });

  return {
    blogAbilities,

    /** What the blog list offers this person, for the organization that page already loaded. */
    listAbilities: (actor: Actor, org: { id: string }): { createBlog: boolean } => ({ createBlog: can(blogPolicy, actor, 'blog.create', { id: org.id }) }),

    async newBlogForm(actor: Actor, orgSlug: string): Promise<{ org: OrgRef }> {
      const org = await loadOrg(db, orgSlug);
      authorize(blogPolicy, actor, 'blog.create', { id: org.id });
      return { org };
    },

    async createBlog(actor: Actor, orgSlug: string, input: CreateBlogBody, meta: RequestMeta): Promise<string> {
      try {
        return await db.transaction().execute(async (trx) => {
          const org = await loadOrg(trx, orgSlug);
          authorize(blogPolicy, actor, 'blog.create', { id: org.id });
          if (await findBlogBySlug(trx, org.id, input.slug)) throw new ConflictError('already_exists', 'slug');
          const id = newId();
          await insertBlog(trx, { id, organizationId: org.id, slug: input.slug, ...settingsColumns(input) });
          await recordAudit(trx, { action: 'blog.created', organizationId: org.id, actorAccountId: actor.accountId, targetType: 'blog', targetId: id, ip: meta.ip, data: { slug: input.slug } });
          return input.slug;
        });
      } catch (error) {
        // Two people creating the same address at once: the second meets the unique constraint.
        if (isUniqueViolation(error)) throw new ConflictError('already_exists', 'slug');
        throw error;
      }
    },

    async settingsForm(actor: Actor, orgSlug: string, blogSlug: string): Promise<{ org: OrgRef; blog: BlogRow; abilities: BlogAbilities }> {
      const { org, blog, resource } = await loadBlog(db, actor, orgSlug, blogSlug);
      authorize(blogPolicy, actor, 'blog.update', resource);
      return { org, blog, abilities: blogAbilities(actor, resource) };
    },

    async updateBlog(actor: Actor, orgSlug: string, blogSlug: string, input: BlogSettingsBody, meta: RequestMeta): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const { org, blog, resource } = await loadBlog(trx, actor, orgSlug, blogSlug);
        authorize(blogPolicy, actor, 'blog.update', resource);
        const next = settingsColumns(input);
        const changed = (Object.keys(next) as (keyof typeof next)[]).filter((k) => blog[k] !== next[k]);
        if (changed.length === 0) return;
        await updateBlog(trx, org.id, blog.id, next);
        await recordAudit(trx, { action: 'blog.updated', organizationId: org.id, actorAccountId: actor.accountId, targetType: 'blog', targetId: blog.id, ip: meta.ip, data: { fields: changed } });
      });
    },

    async authorsPage(actor: Actor, orgSlug: string, blogSlug: string) {
      const { org, blog, resource } = await loadBlog(db, actor, orgSlug, blogSlug);
      authorize(blogPolicy, actor, 'blog.manageAuthors', resource);
      return { org, blog, authors: await listAuthors(db, blog.id), abilities: blogAbilities(actor, resource) };
    },

    async addAuthor(actor: Actor, orgSlug: string, blogSlug: string, input: AddAuthorBody, meta: RequestMeta): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const { org, blog, resource } = await loadBlog(trx, actor, orgSlug, blogSlug);
        authorize(blogPolicy, actor, 'blog.manageAuthors', resource);
        const account = await findActiveAccountByEmail(trx, input.email);
        if (!account) throw new ValidationError('email', 'account_not_found');
        if (await findAuthorRole(trx, blog.id, account.id)) throw new ConflictError('already_exists', 'email');
        if (NEEDS_MEMBERSHIP.has(input.role) && !(await isMemberOf(trx, org.id, account.id))) throw new ValidationError('role', 'author_not_member');
        await upsertAuthor(trx, blog.id, account.id, input.role);
        await recordAudit(trx, { action: 'blog.author_added', organizationId: org.id, actorAccountId: actor.accountId, targetType: 'blog', targetId: blog.id, ip: meta.ip, data: { accountId: account.id, role: input.role } });
      });
    },

    async changeAuthorRole(actor: Actor, orgSlug: string, blogSlug: string, accountId: string, role: AuthorRole, meta: RequestMeta): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const { org, blog, resource } = await loadBlog(trx, actor, orgSlug, blogSlug);
        authorize(blogPolicy, actor, 'blog.manageAuthors', resource);
        const before = await findAuthorRole(trx, blog.id, accountId);
        if (!before) throw new NotFoundError();
        if (before === role) return;
        if (NEEDS_MEMBERSHIP.has(role) && !(await isMemberOf(trx, org.id, accountId))) throw new ValidationError('role', 'author_not_member');
        await upsertAuthor(trx, blog.id, accountId, role);
        await recordAudit(trx, { action: 'blog.author_role_changed', organizationId: org.id, actorAccountId: actor.accountId, targetType: 'blog', targetId: blog.id, ip: meta.ip, data: { accountId, from: before, to: role } });
      });
    },

    async removeAuthor(actor: Actor, orgSlug: string, blogSlug: string, accountId: string, meta: RequestMeta): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const { org, blog, resource } = await loadBlog(trx, actor, orgSlug, blogSlug);
        authorize(blogPolicy, actor, 'blog.manageAuthors', resource);
        const before = await findAuthorRole(trx, blog.id, accountId);
        if (!before) throw new NotFoundError();
        await deleteAuthor(trx, blog.id, accountId);
        await recordAudit(trx, { action: 'blog.author_removed', organizationId: org.id, actorAccountId: actor.accountId, targetType: 'blog', targetId: blog.id, ip: meta.ip, data: { accountId, role: before } });
      });
    },
  };
}
export type ManageService = ReturnType<typeof createManageService>;
