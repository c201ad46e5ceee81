import type { Executor } from '../../../../platform/db/types.js';

/** The block rows, either way, between any of `people` and any of `others` in the organization. */
const blockRows = (ex: Executor, organizationId: string, people: string[], others: string[]) =>
  ex
    .selectFrom('communityBlocks')
    .select(['blockerId', 'blockedId'])
    .where('organizationId', '=', organizationId)
    .where((eb) => eb.or([eb.and([eb('blockerId', 'in', people), eb('blockedId', 'in', others)]), eb.and([eb('blockedId', 'in', people), eb('blockerId', 'in', others)])]))
    .execute();

/** For one person and some others: whom they block, and who blocks them, in the organization. */
export async function blocksBetween(ex: Executor, organizationId: string, accountId: string | null, others: string[]): Promise<{ byMe: Set<string>; byThem: Set<string> }> {
  const byMe = new Set<string>();
  const byThem = new Set<string>();
  if (!accountId || others.length === 0) return { byMe, byThem };
  for (const r of await blockRows(ex, organizationId, [accountId], others)) {
    if (r.blockerId === accountId) byMe.add(r.blockedId);
    else byThem.add(r.blockerId);
  }
  return { byMe, byThem };
}

/**
 * For many people and many others at once: for each person, the others they block or who block
 * them, in the organization (the same answer as blocksBetween for each person, both ways merged),
 * in one statement.
 */
export async function blocksAmong(ex: Executor, organizationId: string, accountIds: string[], others: string[]): Promise<Map<string, Set<string>>> {
  const out = new Map<string, Set<string>>();
  if (accountIds.length === 0 || others.length === 0) return out;
  const people = new Set(accountIds);
  const other = new Set(others);
  const add = (person: string, them: string) => (out.get(person) ?? out.set(person, new Set()).get(person)!).add(them);
  for (const r of await blockRows(ex, organizationId, accountIds, others)) {
    if (people.has(r.blockerId) && other.has(r.blockedId)) add(r.blockerId, r.blockedId);
    if (people.has(r.blockedId) && other.has(r.blockerId)) add(r.blockedId, r.blockerId);
  }
  return out;
}

export async function setBlock(ex: Executor, organizationId: string, blockerId: string, blockedId: string, block: boolean): Promise<boolean> {
  if (block) {
    const r = await ex.insertInto('communityBlocks').values({ organizationId, blockerId, blockedId }).onConflict((oc) => oc.doNothing()).executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0n) > 0;
  }
  const r = await ex.deleteFrom('communityBlocks').where('organizationId', '=', organizationId).where('blockerId', '=', blockerId).where('blockedId', '=', blockedId).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** The people someone blocks, by name. */
export const listBlocked = (ex: Executor, organizationId: string, blockerId: string) =>
  ex
    .selectFrom('communityBlocks as b')
    .innerJoin('identityProfiles as p', 'p.accountId', 'b.blockedId')
    .select(['b.blockedId as accountId', 'p.displayName', 'b.createdAt'])
    .where('b.organizationId', '=', organizationId)
    .where('b.blockerId', '=', blockerId)
    .orderBy('p.displayName')
    .limit(500)
    .execute();
