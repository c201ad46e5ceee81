import { NotFoundError } from '../../../../platform/http/errors.js';
import type { Executor } from '../../../../platform/db/types.js';
import type { NewOrganizationRow, OrganizationRow } from '../schema.js';

export const findOrganizationBySlug = (ex: Executor, slug: string): Promise<OrganizationRow | undefined> =>
  ex.selectFrom('identityOrganizations').selectAll().where('slug', '=', slug).executeTakeFirst();

export const findOrganizationById = (ex: Executor, id: string): Promise<OrganizationRow | undefined> =>
  ex.selectFrom('identityOrganizations').selectAll().where('id', '=', id).executeTakeFirst();

export const listOrganizations = (ex: Executor): Promise<OrganizationRow[]> =>
  ex.selectFrom('identityOrganizations').selectAll().orderBy('nameEn').execute();

export async function insertOrganization(ex: Executor, o: NewOrganizationRow): Promise<void> {
  await ex.insertInto('identityOrganizations').values(o).execute();
}

export async function updateOrganization(
  ex: Executor,
  id: string,
  set: Partial<Pick<OrganizationRow, 'nameEn' | 'nameFr' | 'kind' | 'foundationOfId' | 'craRegistrationNumber' | 'brandColour' | 'logoObjectId'>>,
): Promise<void> {
  await ex.updateTable('identityOrganizations').set({ ...set, updatedAt: new Date() }).where('id', '=', id).execute();
}

/** The organization row locked for the caller's transaction, so concurrent admin changes queue up. */
export const findOrganizationForUpdate = (ex: Executor, id: string): Promise<OrganizationRow | undefined> =>
  ex.selectFrom('identityOrganizations').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();

/** Foundations that support this hospital. */
export const listFoundationsOf = (ex: Executor, hospitalId: string): Promise<OrganizationRow[]> =>
  ex.selectFrom('identityOrganizations').selectAll().where('foundationOfId', '=', hospitalId).orderBy('nameEn').execute();

/** The organization a URL names, or 404: every organization-scoped use case starts here. */
export async function requireOrganizationBySlug(ex: Executor, slug: string): Promise<OrganizationRow> {
  const org = await findOrganizationBySlug(ex, slug);
  if (!org) throw new NotFoundError();
  return org;
}
