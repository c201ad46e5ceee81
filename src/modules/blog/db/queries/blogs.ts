import type { Executor } from '../../../../platform/db/types.js';
import type { AuthorRole, BlogRow } from '../schema.js';

export type OrgRef = { id: string; slug: string; nameEn: string; nameFr: string; brandColour: string | null };

/** The organization (shared kernel) a blog URL names. */
export const findOrganizationBySlug = (ex: Executor, slug: string): Promise<OrgRef | undefined> =>
  ex.selectFrom('identityOrganizations').select(['id', 'slug', 'nameEn', 'nameFr', 'brandColour']).where('slug', '=', slug).executeTakeFirst();

export const findBlogBySlug = (ex: Executor, organizationId: string, slug: string): Promise<BlogRow | undefined> =>
  ex.selectFrom('blogBlogs').selectAll().where('organizationId', '=', organizationId).where('slug', '=', slug).executeTakeFirst();

export const findBlogById = (ex: Executor, organizationId: string, id: string): Promise<BlogRow | undefined> =>
  ex.selectFrom('blogBlogs').selectAll().where('organizationId', '=', organizationId).where('id', '=', id).executeTakeFirst();

export const listBlogs = (ex: Executor, organizationId: string): Promise<BlogRow[]> =>
  ex.selectFrom('blogBlogs').selectAll().where('organizationId', '=', organizationId).orderBy('titleEn').execute();

export async function insertBlog(
  ex: Executor,
  b: { id: string; organizationId: string; slug: string; titleEn: string; titleFr: string; descriptionEn: string | null; descriptionFr: string | null; allowGuestComments: boolean },
): Promise<void> {
  await ex.insertInto('blogBlogs').values(b).execute();
}

export async function updateBlog(
  ex: Executor,
  organizationId: string,
  id: string,
  set: Partial<Pick<BlogRow, 'titleEn' | 'titleFr' | 'descriptionEn' | 'descriptionFr' | 'allowGuestComments'>>,
): Promise<void> {
  await ex.updateTable('blogBlogs').set({ ...set, updatedAt: new Date() }).where('organizationId', '=', organizationId).where('id', '=', id).execute();
}

export async function findAuthorRole(ex: Executor, blogId: string, accountId: string | null): Promise<AuthorRole | null> {
  if (!accountId) return null;
  const row = await ex.selectFrom('blogAuthors').select('role').where('blogId', '=', blogId).where('accountId', '=', accountId).executeTakeFirst();
  return row?.role ?? null;
}

export async function upsertAuthor(ex: Executor, blogId: string, accountId: string, role: AuthorRole): Promise<void> {
  await ex
    .insertInto('blogAuthors')
    .values({ blogId, accountId, role })
    .onConflict((oc) => oc.columns(['blogId', 'accountId']).doUpdateSet({ role }))
    .execute();
}

export async function deleteAuthor(ex: Executor, blogId: string, accountId: string): Promise<void> {
  await ex.deleteFrom('blogAuthors').where('blogId', '=', blogId).where('accountId', '=', accountId).execute();
}

export const listAuthors = (ex: Executor, blogId: string) =>
  ex
    .selectFrom('blogAuthors as a')
    .innerJoin('identityProfiles as p', 'p.accountId', 'a.accountId')
    .innerJoin('identityAccounts as acc', 'acc.id', 'a.accountId')
    .select(['a.accountId', 'a.role', 'p.displayName', 'acc.email'])
    .where('a.blogId', '=', blogId)
    .orderBy('p.displayName')
    .execute();
