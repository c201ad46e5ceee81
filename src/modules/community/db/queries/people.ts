import { sql } from 'kysely';
import { accountActor, type Actor } from '../../../../platform/auth/actor.js';
import type { Executor } from '../../../../platform/db/types.js';

/**
 * Other people of the organization as the policy sees them (roles, staff verification), so a
 * mention or a notice can be checked against what they may read. Only this organization's
 * membership is loaded: that is all the community policy looks at.
 */
export async function actorsInOrg(ex: Executor, organizationId: string, accountIds: string[]): Promise<Map<string, Actor>> {
  if (accountIds.length === 0) return new Map();
  const rows = await ex
    .selectFrom('identityMemberships as m')
    .innerJoin('identityAccounts as a', 'a.id', 'm.accountId')
    .innerJoin('identityProfiles as p', 'p.accountId', 'm.accountId')
    .innerJoin('identityOrganizations as o', 'o.id', 'm.organizationId')
    .select(['m.accountId', 'm.roles', 'm.staffVerifiedAt', 'a.email', 'a.locale', 'p.displayName', 'o.slug', 'o.nameEn', 'o.nameFr'])
    .where('m.organizationId', '=', organizationId)
    .where('m.accountId', 'in', accountIds)
    .where('a.disabledAt', 'is', null)
    .execute();
  return new Map(
    rows.map((r) => [
      r.accountId,
      accountActor({
        accountId: r.accountId,
        sessionId: '',
        email: r.email,
        displayName: r.displayName,
        locale: r.locale,
        isPlatformAdmin: false,
        memberships: [{ organizationId, organizationSlug: r.slug, organizationName: { en: r.nameEn, fr: r.nameFr }, roles: r.roles, staffVerified: r.staffVerifiedAt !== null }],
      }),
    ]),
  );
}

// The accents of French and other Latin-script names, folded as mentionKey() does.
const ACCENTED = 'àâäáãåçéèêëíìîïñóòôöõúùûüýÿ';
const PLAIN = 'aaaaaaceeeeiiiinooooouuuuyy';

/** Members of the organization whose display name, without spaces, case or accents, is one of `keys`. */
export async function findMembersByMentionKey(ex: Executor, organizationId: string, keys: string[]): Promise<{ accountId: string; key: string }[]> {
  if (keys.length === 0) return [];
  const rows = await ex
    .selectFrom('identityMemberships as m')
    .innerJoin('identityProfiles as p', 'p.accountId', 'm.accountId')
    .select(['m.accountId', 'p.displayName'])
    .where('m.organizationId', '=', organizationId)
    .where(sql<string>`regexp_replace(translate(lower(p.display_name), ${ACCENTED}, ${PLAIN}), '[^[:alnum:]]', '', 'g')`, 'in', keys)
    .execute();
  return rows.map((r) => ({ accountId: r.accountId, key: r.displayName }));
}
