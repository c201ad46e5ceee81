import sharp from 'sharp';
import { isSignedIn, type Actor, type Role, type SignedInActor } from '../../../platform/auth/actor.js';
import { authorize } from '../../../platform/auth/policy.js';
import { recordAudit } from '../../../platform/audit/audit.js';
import { NotFoundError, UnauthenticatedError, ValidationError } from '../../../platform/http/errors.js';
import type { Lang } from '../../../platform/i18n/i18n.js';
import { deleteObject, putObject } from '../../../platform/storage/storage.js';
import { updateAccount } from '../db/queries/accounts.js';
import { listMembershipsOfAccount } from '../db/queries/memberships.js';
import { findActiveProfile, findProfileForUpdate, updateProfile } from '../db/queries/profiles.js';
import type { ProfileVisibility } from '../db/schema.js';
import type { IdentityDeps, RequestMeta } from '../deps.js';
import { identityPolicy } from '../policy.js';
import type { UpdateProfileBody } from '../profile-schemas.js';

const AVATAR_SIZE = 256;
/** Upper bound on decoded pixels, so a small file cannot expand into a huge bitmap. */
const AVATAR_MAX_INPUT_PIXELS = 40_000_000;
const AVATAR_FORMATS = new Set(['jpeg', 'png', 'webp', 'gif']);

export type OwnProfile = {
  accountId: string;
  displayName: string;
  pronouns: string | null;
  bioEn: string | null;
  bioFr: string | null;
  visibility: ProfileVisibility;
  locale: Lang | null;
  avatarObjectId: string | null;
};

export type ProfileOrganization = {
  slug: string;
  name: { en: string; fr: string };
  roles: Role[];
  staffVerified: boolean;
};

export type PublicProfile = Omit<OwnProfile, 'visibility' | 'locale'> & { isSelf: boolean; organizations: ProfileOrganization[] };

const signedIn = (actor: Actor): SignedInActor => {
  if (!isSignedIn(actor)) throw new UnauthenticatedError();
  return actor;
};

/**
 * Re-encodes an uploaded picture as a small square WebP. Only the pixels survive: sharp writes
 * no EXIF, XMP or IPTC unless asked, so camera GPS positions and serial numbers are dropped.
 * The orientation tag is applied to the pixels first, since it is dropped too.
 */
export async function toAvatarImage(input: Buffer): Promise<Buffer> {
  if (input.byteLength === 0) throw new ValidationError('avatar', 'required');
  try {
    const image = sharp(input, { limitInputPixels: AVATAR_MAX_INPUT_PIXELS, failOn: 'error' });
    const { format } = await image.metadata();
    if (!AVATAR_FORMATS.has(format)) throw new ValidationError('avatar', 'image_invalid');
    return await image.rotate().resize(AVATAR_SIZE, AVATAR_SIZE, { fit: 'cover' }).webp({ quality: 82 }).toBuffer();
  } catch (error) {
    if (error instanceof ValidationError) throw error;
    throw new ValidationError('avatar', 'image_invalid');
  }
}

export function createProfileService(deps: Pick<IdentityDeps, 'db'>) {
  const { db } = deps;

  return {
    async getOwnProfile(actor: Actor): Promise<OwnProfile> {
      const me = signedIn(actor);
      const p = await findActiveProfile(db, me.accountId);
      if (!p) throw new NotFoundError();
      authorize(identityPolicy, me, 'profile.update', { accountId: p.accountId });
      return {
        accountId: p.accountId,
        displayName: p.displayName,
        pronouns: p.pronouns,
        bioEn: p.bioEn,
        bioFr: p.bioFr,
        visibility: p.visibility,
        locale: p.locale,
        avatarObjectId: p.avatarObjectId,
      };
    },

    /** Saves the signed-in person's own profile and language; a visibility change is audited on its own. */
    async updateProfile(actor: Actor, input: UpdateProfileBody, meta: RequestMeta): Promise<void> {
      const me = signedIn(actor);
      await db.transaction().execute(async (trx) => {
        const before = await findProfileForUpdate(trx, me.accountId);
        if (!before) throw new NotFoundError();
        authorize(identityPolicy, me, 'profile.update', { accountId: before.accountId });
        const next = {
          displayName: input.displayName,
          pronouns: input.pronouns ?? null,
          bioEn: input.bioEn ?? null,
          bioFr: input.bioFr ?? null,
          visibility: input.visibility,
        };
        await updateProfile(trx, me.accountId, next);
        await updateAccount(trx, me.accountId, { locale: input.locale });
        const changed: string[] = (['displayName', 'pronouns', 'bioEn', 'bioFr'] as const).filter((k) => before[k] !== next[k]);
        if (me.locale !== input.locale) changed.push('locale');
        const base = { actorAccountId: me.accountId, targetType: 'profile', targetId: me.accountId, ip: meta.ip };
        if (before.visibility !== next.visibility) {
          await recordAudit(trx, { ...base, action: 'profile.visibility_changed', data: { from: before.visibility, to: next.visibility } });
        }
        if (changed.length > 0) await recordAudit(trx, { ...base, action: 'profile.updated', data: { fields: changed } });
      });
    },

    /** Replaces the avatar with the processed image; the previous object is deleted in the same transaction. */
    async replaceAvatar(actor: Actor, upload: Buffer, meta: RequestMeta): Promise<void> {
      const me = signedIn(actor);
      const image = await toAvatarImage(upload);
      await db.transaction().execute(async (trx) => {
        const before = await findProfileForUpdate(trx, me.accountId);
        if (!before) throw new NotFoundError();
        authorize(identityPolicy, me, 'profile.update', { accountId: before.accountId });
        const objectId = await putObject(trx, { contentType: 'image/webp', data: image, ownerAccountId: me.accountId });
        await updateProfile(trx, me.accountId, { avatarObjectId: objectId });
        if (before.avatarObjectId) await deleteObject(trx, before.avatarObjectId);
        await recordAudit(trx, { action: 'profile.updated', actorAccountId: me.accountId, targetType: 'profile', targetId: me.accountId, ip: meta.ip, data: { fields: ['avatar'] } });
      });
    },

    async removeAvatar(actor: Actor, meta: RequestMeta): Promise<void> {
      const me = signedIn(actor);
      await db.transaction().execute(async (trx) => {
        const before = await findProfileForUpdate(trx, me.accountId);
        if (!before) throw new NotFoundError();
        authorize(identityPolicy, me, 'profile.update', { accountId: before.accountId });
        if (!before.avatarObjectId) return;
        await updateProfile(trx, me.accountId, { avatarObjectId: null });
        await deleteObject(trx, before.avatarObjectId);
        await recordAudit(trx, { action: 'profile.updated', actorAccountId: me.accountId, targetType: 'profile', targetId: me.accountId, ip: meta.ip, data: { fields: ['avatar'] } });
      });
    },

    /** A profile as the viewer may see it; one they may not see answers as if it did not exist. */
    async viewProfile(actor: Actor, accountId: string): Promise<PublicProfile> {
      const [p, memberships] = await Promise.all([findActiveProfile(db, accountId), listMembershipsOfAccount(db, accountId)]);
      if (!p) throw new NotFoundError();
      authorize(identityPolicy, actor, 'profile.view', {
        accountId: p.accountId,
        visibility: p.visibility,
        organizationIds: memberships.map((m) => m.organizationId),
      });
      return {
        accountId: p.accountId,
        displayName: p.displayName,
        pronouns: p.pronouns,
        bioEn: p.bioEn,
        bioFr: p.bioFr,
        avatarObjectId: p.avatarObjectId,
        isSelf: actor.accountId === p.accountId,
        organizations: memberships.map((m) => ({
          slug: m.org.slug,
          name: { en: m.org.nameEn, fr: m.org.nameFr },
          roles: m.roles,
          staffVerified: m.staffVerifiedAt !== null,
        })),
      };
    },

    /** Remembers the language on the account, so the person's other devices use it too. */
    async rememberLanguage(actor: Actor, lang: Lang): Promise<void> {
      if (!isSignedIn(actor) || actor.locale === lang) return;
      await db.transaction().execute(async (trx) => {
        await updateAccount(trx, actor.accountId, { locale: lang });
      });
    },
  };
}
export type ProfileService = ReturnType<typeof createProfileService>;
