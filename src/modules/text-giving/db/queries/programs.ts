import type { Executor } from '../../../../platform/db/types.js';
import type { KeywordRow, NumberRow, TextGivingKeywordsTable, TextGivingNumbersTable } from '../schema.js';
import type { Insertable } from 'kysely';

export type OrgRef = { id: string; slug: string; nameEn: string; nameFr: string };

/** The organization (shared kernel) a URL names. */
export const findOrganizationBySlug = (ex: Executor, slug: string): Promise<OrgRef | undefined> =>
  ex.selectFrom('identityOrganizations').select(['id', 'slug', 'nameEn', 'nameFr']).where('slug', '=', slug).executeTakeFirst();

export const findOrganizationById = (ex: Executor, id: string): Promise<OrgRef | undefined> =>
  ex.selectFrom('identityOrganizations').select(['id', 'slug', 'nameEn', 'nameFr']).where('id', '=', id).executeTakeFirst();

export const listNumbers = (ex: Executor, organizationId: string): Promise<NumberRow[]> =>
  ex.selectFrom('textGivingNumbers').selectAll().where('organizationId', '=', organizationId).orderBy('createdAt').execute();

export const findNumber = (ex: Executor, organizationId: string, id: string): Promise<NumberRow | undefined> =>
  ex.selectFrom('textGivingNumbers').selectAll().where('organizationId', '=', organizationId).where('id', '=', id).executeTakeFirst();

/** For the webhook, which knows only the number's id from its URL. */
export const findNumberById = (ex: Executor, id: string): Promise<NumberRow | undefined> =>
  ex.selectFrom('textGivingNumbers').selectAll().where('id', '=', id).executeTakeFirst();

export async function insertNumber(ex: Executor, row: Insertable<TextGivingNumbersTable>): Promise<void> {
  await ex.insertInto('textGivingNumbers').values(row).execute();
}

export async function deleteNumber(ex: Executor, organizationId: string, id: string): Promise<number> {
  const r = await ex.deleteFrom('textGivingNumbers').where('organizationId', '=', organizationId).where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows);
}

export const listKeywords = (ex: Executor, organizationId: string, numberId: string): Promise<KeywordRow[]> =>
  ex.selectFrom('textGivingKeywords').selectAll().where('organizationId', '=', organizationId).where('numberId', '=', numberId).orderBy('keyword').execute();

export const findKeywordByWord = (ex: Executor, numberId: string, keyword: string): Promise<KeywordRow | undefined> =>
  ex.selectFrom('textGivingKeywords').selectAll().where('numberId', '=', numberId).where('keyword', '=', keyword).executeTakeFirst();

export const findKeyword = (ex: Executor, organizationId: string, id: string): Promise<KeywordRow | undefined> =>
  ex.selectFrom('textGivingKeywords').selectAll().where('organizationId', '=', organizationId).where('id', '=', id).executeTakeFirst();

export async function insertKeyword(ex: Executor, row: Insertable<TextGivingKeywordsTable>): Promise<void> {
  await ex.insertInto('textGivingKeywords').values(row).execute();
}

export async function deleteKeyword(ex: Executor, organizationId: string, numberId: string, id: string): Promise<number> {
  const r = await ex.deleteFrom('textGivingKeywords').where('organizationId', '=', organizationId).where('numberId', '=', numberId).where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows);
}
