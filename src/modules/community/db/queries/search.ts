import { sql } from 'kysely';
import type { Executor } from '../../../../platform/db/types.js';
import type { GroupRow } from '../schema.js';
import type { Cursor } from './posts.js';
import { groupRowInReach, isEmptyReach, type GroupReach } from './reach.js';

/** The searcher's words, stemmed with both dictionaries: "hospitals" finds "hospital", "hôpitaux" finds "hôpital". */
const tsQuery = (q: string) => sql`(websearch_to_tsquery('english'::regconfig, ${q}) || websearch_to_tsquery('french'::regconfig, ${q}))`;
// The expressions of the indexes in 20261201T2200-community-search, repeated exactly.
const POST_VECTOR = sql`(to_tsvector('english'::regconfig, p.body_md) || to_tsvector('french'::regconfig, p.body_md))`;
const GROUP_VECTOR = sql`(to_tsvector('english'::regconfig, g.name_en || ' ' || g.description_en) || to_tsvector('french'::regconfig, g.name_fr || ' ' || g.description_fr))`;
// The expression of identity's 20261202T0500-identity-profile-bio-search index, repeated exactly.
const BIO_VECTOR = sql`(to_tsvector('english'::regconfig, coalesce(p.bio_en, '')) || to_tsvector('french'::regconfig, coalesce(p.bio_fr, '')))`;

export type PostHit = {
  id: string;
  parentId: string | null;
  groupId: string;
  authorId: string;
  bodyMd: string;
  createdAt: Date;
  authorName: string;
  groupSlug: string;
  groupNameEn: string;
  groupNameFr: string;
};

/**
 * Visible posts and replies matching the words in the groups of the searcher's reach (the groups
 * whose posts the policy lets them read, see services/reach.ts), newest first after the keyset
 * cursor, in one statement whatever the number of groups. A reply counts only while the post it
 * answers is visible too.
 */
export function searchPosts(ex: Executor, organizationId: string, q: string, opts: { reach: GroupReach; before?: Cursor | undefined; limit: number }): Promise<PostHit[]> {
  if (isEmptyReach(opts.reach)) return Promise.resolve([]);
  let query = ex
    .selectFrom('communityPosts as p')
    .innerJoin('identityProfiles as a', 'a.accountId', 'p.authorId')
    .innerJoin('communityGroups as g', 'g.id', 'p.groupId')
    .leftJoin('communityPosts as parent', 'parent.id', 'p.parentId')
    .select(['p.id', 'p.parentId', 'p.groupId', 'p.authorId', 'p.bodyMd', 'p.createdAt', 'a.displayName as authorName', 'g.slug as groupSlug', 'g.nameEn as groupNameEn', 'g.nameFr as groupNameFr'])
    .where('p.organizationId', '=', organizationId)
    .where(groupRowInReach(opts.reach, 'g'))
    .where('p.status', '=', 'visible')
    .where((eb) => eb.or([eb('p.parentId', 'is', null), eb('parent.status', '=', 'visible')]))
    .where(sql<boolean>`${POST_VECTOR} @@ ${tsQuery(q)}`);
  if (opts.before) query = query.where(sql<boolean>`(p.created_at, p.id) < (${opts.before.createdAt}, ${opts.before.id})`);
  return query.orderBy('p.createdAt', 'desc').orderBy('p.id', 'desc').limit(opts.limit).execute();
}

/** `q` as typed, for ILIKE: its own %, _ and \ taken literally. */
export const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * Groups of the searcher's reach (the groups the policy lets them find, see services/reach.ts)
 * whose name or description matches the words (stemmed, in their language) or holds them as
 * typed, best first. A group outside the reach (a secret group for a non-member, a staff network
 * for anyone but verified staff) is never read, so it cannot be named or counted.
 */
export function searchGroups(ex: Executor, organizationId: string, q: string, opts: { reach: GroupReach; limit: number }): Promise<GroupRow[]> {
  if (isEmptyReach(opts.reach)) return Promise.resolve([]);
  const like = likePattern(q);
  return ex
    .selectFrom('communityGroups as g')
    .selectAll('g')
    .where('g.organizationId', '=', organizationId)
    .where(groupRowInReach(opts.reach, 'g'))
    .where((eb) => eb.or([eb(sql<boolean>`${GROUP_VECTOR} @@ ${tsQuery(q)}`, '=', true), eb('g.nameEn', 'ilike', like), eb('g.nameFr', 'ilike', like)]))
    .orderBy(sql`ts_rank(${GROUP_VECTOR}, ${tsQuery(q)})`, 'desc')
    .orderBy('g.nameEn')
    .orderBy('g.id')
    .limit(opts.limit)
    .execute();
}

// The accents of French and other Latin-script names, folded on both sides of the comparison.
const ACCENTED = 'àâäáãåçéèêëíìîïñóòôöõúùûüýÿ';
const PLAIN = 'aaaaaaceeeeiiiinooooouuuuyy';
const fold = (s: string) => [...s.toLowerCase()].map((c) => (ACCENTED.includes(c) ? PLAIN[ACCENTED.indexOf(c)] : c)).join('');

const NAME_MATCH = (q: string) => sql<boolean>`(translate(lower(p.display_name), ${ACCENTED}, ${PLAIN}) like ${likePattern(fold(q))})`;

export type PersonHit = { accountId: string; displayName: string; pronouns: string | null; visibility: 'public' | 'organizations' | 'private' };

/**
 * Members of the organization whose display name holds the words, without case or accents, or
 * whose bio matches them (English bio stemmed in English, French bio in French); name matches first.
 * Private profiles other than the searcher's own are left out here already (they do not exist
 * for others); the caller still asks the policy about each.
 */
export function searchPeople(ex: Executor, organizationId: string, q: string, opts: { selfId: string | null; limit: number }): Promise<PersonHit[]> {
  return ex
    .selectFrom('identityMemberships as m')
    .innerJoin('identityProfiles as p', 'p.accountId', 'm.accountId')
    .innerJoin('identityAccounts as a', 'a.id', 'm.accountId')
    .select(['m.accountId', 'p.displayName', 'p.pronouns', 'p.visibility'])
    .where('m.organizationId', '=', organizationId)
    .where('a.disabledAt', 'is', null)
    .where((eb) => eb.or([eb(NAME_MATCH(q), '=', true), eb(sql<boolean>`${BIO_VECTOR} @@ ${tsQuery(q)}`, '=', true)]))
    .where((eb) => eb.or([eb('p.visibility', '!=', 'private'), ...(opts.selfId ? [eb('m.accountId', '=', opts.selfId)] : [])]))
    .orderBy(sql`${NAME_MATCH(q)}`, 'desc')
    .orderBy('p.displayName')
    .orderBy('m.accountId')
    .limit(opts.limit)
    .execute();
}
