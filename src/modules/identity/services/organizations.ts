import sharp from 'sharp';
import type { Actor } from '../../../platform/auth/actor.js';
import { authorize, can } from '../../../platform/auth/policy.js';
import { recordAudit } from '../../../platform/audit/audit.js';
import { newId } from '../../../platform/db/ids.js';
import { isUniqueViolation } from '../../../platform/db/pg-errors.js';
import type { Executor } from '../../../platform/db/types.js';
import { ConflictError, NotFoundError, ValidationError, type FieldErrors } from '../../../platform/http/errors.js';
import { deleteObject, putObject } from '../../../platform/storage/storage.js';
import type { CreateOrganizationBody, OrganizationSettingsBody } from '../admin-schemas.js';
import { checkBrandColour, ratioForDisplay } from '../contrast.js';
import type { IdentityDeps, RequestMeta } from '../deps.js';
import { insertMembership } from '../db/queries/memberships.js';
import {
  findOrganizationById,
  findOrganizationBySlug,
  findOrganizationForUpdate,
  insertOrganization,
  listFoundationsOf,
  listOrganizations,
  updateOrganization,
} from '../db/queries/organizations.js';
import { requireOrganizationBySlug } from '../db/queries/organizations.js';
import type { OrganizationRow } from '../db/schema.js';
import { identityPolicy } from '../policy.js';

export const LOGO_MAX_WIDTH = 512;
// Refuses decompression bombs before sharp allocates them; a logo never needs more.
const LOGO_MAX_INPUT_PIXELS = 40_000_000;
const LOGO_FORMATS = new Set(['jpeg', 'png', 'webp', 'gif']);

export type PublicOrganization = {
  org: OrganizationRow;
  foundationOf: OrganizationRow | null;
  foundations: OrganizationRow[];
  canAdminister: boolean;
};

type SettingsColumns = Pick<OrganizationRow, 'nameEn' | 'nameFr' | 'kind' | 'foundationOfId' | 'craRegistrationNumber' | 'brandColour'>;

/**
 * The rules that need the database or several fields together. Every failure is reported at
 * once, on its own field, before anything is written.
 */
async function checkSettings(ex: Executor, input: OrganizationSettingsBody, selfId: string | null): Promise<SettingsColumns> {
  const errors: FieldErrors = {};
  if (input.kind === 'foundation' && !input.craNumber) errors.craNumber = { code: 'cra_number_required' };
  if (input.brandColour) {
    const verdict = checkBrandColour(input.brandColour);
    if (!verdict.ok) errors.brandColour = { code: 'colour_contrast', params: { ratio: ratioForDisplay(verdict.ratio) } };
  }
  if (input.foundationOf) {
    if (input.kind !== 'foundation') errors.foundationOf = { code: 'foundation_of_kind' };
    else {
      const target = await findOrganizationById(ex, input.foundationOf);
      if (!target || target.id === selfId) errors.foundationOf = { code: 'not_found' };
      else if (target.kind !== 'hospital') errors.foundationOf = { code: 'foundation_of_hospital' };
    }
  }
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
  return {
    nameEn: input.nameEn,
    nameFr: input.nameFr,
    kind: input.kind,
    foundationOfId: input.foundationOf ?? null,
    craRegistrationNumber: input.craNumber ?? null,
    brandColour: input.brandColour ?? null,
  };
}

const changedFields = (before: SettingsColumns, after: SettingsColumns): string[] =>
  (Object.keys(after) as (keyof SettingsColumns)[]).filter((k) => before[k] !== after[k]);

/** Any accepted image → at most 512 px wide, PNG when the source is lossless, WebP otherwise. */
async function toLogoImage(data: Buffer): Promise<{ data: Buffer; contentType: string }> {
  try {
    const meta = await sharp(data, { limitInputPixels: LOGO_MAX_INPUT_PIXELS }).metadata();
    if (!meta.format || !LOGO_FORMATS.has(meta.format)) throw new ValidationError('logo', 'image_invalid');
    const pipeline = sharp(data, { limitInputPixels: LOGO_MAX_INPUT_PIXELS }).rotate().resize({ width: LOGO_MAX_WIDTH, withoutEnlargement: true });
    if (meta.format === 'png' || meta.format === 'gif') return { data: await pipeline.png({ compressionLevel: 9 }).toBuffer(), contentType: 'image/png' };
    return { data: await pipeline.webp({ quality: 85 }).toBuffer(), contentType: 'image/webp' };
  } catch (error) {
    if (error instanceof ValidationError) throw error;
    throw new ValidationError('logo', 'image_invalid');
  }
}

export function createOrganizationService(deps: IdentityDeps) {
  const { db } = deps;

  const bySlug = requireOrganizationBySlug;

  return {
    listPublic: (): Promise<OrganizationRow[]> => listOrganizations(db),

    /** What a foundation may be linked to. */
    listHospitals: async (): Promise<OrganizationRow[]> => (await listOrganizations(db)).filter((o) => o.kind === 'hospital'),

    getBySlug: (slug: string): Promise<OrganizationRow> => bySlug(db, slug),

    /** The public page: the organization, the hospital it supports or the foundations supporting it. */
    async getPublicPage(actor: Actor, slug: string): Promise<PublicOrganization> {
      const org = await bySlug(db, slug);
      const [foundationOf, foundations] = await Promise.all([
        org.foundationOfId ? findOrganizationById(db, org.foundationOfId) : Promise.resolve(undefined),
        listFoundationsOf(db, org.id),
      ]);
      return { org, foundationOf: foundationOf ?? null, foundations, canAdminister: can(identityPolicy, actor, 'organization.administer', org) };
    },

    /** Every organization, for the deployment's operators. */
    async listForPlatform(actor: Actor): Promise<OrganizationRow[]> {
      authorize(identityPolicy, actor, 'organization.create', undefined);
      return listOrganizations(db);
    },

    /** The organization, once the actor is allowed the named administrative action on it. */
    async getForAdministration(actor: Actor, slug: string, action: 'organization.administer' | 'organization.update' = 'organization.administer') {
      const org = await bySlug(db, slug);
      authorize(identityPolicy, actor, action, org);
      const abilities = {
        settings: can(identityPolicy, actor, 'organization.update', org),
        members: can(identityPolicy, actor, 'membership.list', org),
        invitations: can(identityPolicy, actor, 'invitation.list', org),
        audit: can(identityPolicy, actor, 'audit.read', org),
      };
      return { org, abilities };
    },

    /** Creates an organization; its creator becomes its first administrator. */
    async createOrganization(actor: Actor, input: CreateOrganizationBody, meta: RequestMeta): Promise<OrganizationRow> {
      authorize(identityPolicy, actor, 'organization.create', undefined);
      try {
        return await db.transaction().execute(async (trx) => {
          if (await findOrganizationBySlug(trx, input.slug)) throw new ConflictError('already_exists', 'slug');
          const columns = await checkSettings(trx, input, null);
          const id = newId();
          await insertOrganization(trx, { id, slug: input.slug, logoObjectId: null, ...columns });
          await insertMembership(trx, { id: newId(), organizationId: id, accountId: actor.accountId!, roles: ['admin', 'member'] });
          await recordAudit(trx, {
            action: 'organization.created',
            organizationId: id,
            actorAccountId: actor.accountId,
            targetType: 'organization',
            targetId: id,
            ip: meta.ip,
            data: { slug: input.slug, kind: input.kind },
          });
          return (await findOrganizationById(trx, id))!;
        });
      } catch (error) {
        // Two operators choosing the same slug at once: the second gets the same answer as a plain duplicate.
        if (isUniqueViolation(error, 'identity_organizations_slug_key')) throw new ConflictError('already_exists', 'slug');
        throw error;
      }
    },

    async updateSettings(actor: Actor, slug: string, input: OrganizationSettingsBody, meta: RequestMeta): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const found = await bySlug(trx, slug);
        authorize(identityPolicy, actor, 'organization.update', found);
        const org = (await findOrganizationForUpdate(trx, found.id))!;
        const columns = await checkSettings(trx, input, org.id);
        const fields = changedFields(org, columns);
        if (fields.length === 0) return;
        await updateOrganization(trx, org.id, columns);
        await recordAudit(trx, {
          action: 'organization.updated',
          organizationId: org.id,
          actorAccountId: actor.accountId,
          targetType: 'organization',
          targetId: org.id,
          ip: meta.ip,
          data: { fields },
        });
      });
    },

    /** Resizes the uploaded image and makes it the organization's logo, replacing any previous one. */
    async setLogo(actor: Actor, slug: string, upload: { data: Buffer }, meta: RequestMeta): Promise<void> {
      const found = await bySlug(db, slug);
      authorize(identityPolicy, actor, 'organization.update', found);
      const image = await toLogoImage(upload.data);
      await db.transaction().execute(async (trx) => {
        const org = await findOrganizationForUpdate(trx, found.id);
        if (!org) throw new NotFoundError();
        const objectId = await putObject(trx, { contentType: image.contentType, data: image.data, ownerAccountId: actor.accountId });
        await updateOrganization(trx, org.id, { logoObjectId: objectId });
        if (org.logoObjectId) await deleteObject(trx, org.logoObjectId);
        await recordAudit(trx, {
          action: 'organization.updated',
          organizationId: org.id,
          actorAccountId: actor.accountId,
          targetType: 'organization',
          targetId: org.id,
          ip: meta.ip,
          data: { fields: ['logo'] },
        });
      });
    },
  };
}
export type OrganizationService = ReturnType<typeof createOrganizationService>;
