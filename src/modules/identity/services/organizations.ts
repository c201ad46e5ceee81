import type { IdentityDeps } from '../deps.js';
import { findOrganizationBySlug, listOrganizations } from '../db/queries/organizations.js';
import { NotFoundError } from '../../../platform/http/errors.js';
import type { OrganizationRow } from '../db/schema.js';

export function createOrganizationService(deps: IdentityDeps) {
  const { db } = deps;
  return {
    listPublic: (): Promise<OrganizationRow[]> => listOrganizations(db),
    async getBySlug(slug: string): Promise<OrganizationRow> {
      const org = await findOrganizationBySlug(db, slug);
      if (!org) throw new NotFoundError();
      return org;
    },
  };
}
export type OrganizationService = ReturnType<typeof createOrganizationService>;
