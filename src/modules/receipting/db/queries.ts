import { sql } from 'kysely';
import type { Executor } from '../../../platform/db/types.js';
import type { NewReceiptRow, ReceiptRow, ReceiptSettingsRow, ReceiptStatus } from './schema.js';

export type OrgRef = { id: string; slug: string; nameEn: string; nameFr: string; craRegistrationNumber: string | null };

// identity_* is the shared kernel: read for the organization's names and CRA registration number.
const orgColumns = ['id', 'slug', 'nameEn', 'nameFr', 'craRegistrationNumber'] as const;

export const findOrganizationBySlug = (ex: Executor, slug: string): Promise<OrgRef | undefined> =>
  ex.selectFrom('identityOrganizations').select(orgColumns).where('slug', '=', slug).executeTakeFirst();

export const findOrganizationById = (ex: Executor, id: string): Promise<OrgRef | undefined> =>
  ex.selectFrom('identityOrganizations').select(orgColumns).where('id', '=', id).executeTakeFirst();

export const findSettings = (ex: Executor, organizationId: string): Promise<ReceiptSettingsRow | undefined> =>
  ex.selectFrom('receiptingSettings').selectAll().where('organizationId', '=', organizationId).executeTakeFirst();

export async function upsertSettings(ex: Executor, organizationId: string, values: Omit<ReceiptSettingsRow, 'organizationId' | 'createdAt' | 'updatedAt' | 'signatureObjectId'> & { signatureObjectId?: string | null }): Promise<void> {
  await ex
    .insertInto('receiptingSettings')
    .values({ organizationId, ...values })
    .onConflict((oc) => oc.column('organizationId').doUpdateSet({ ...values, updatedAt: new Date() }))
    .execute();
}

export async function setSignatureObject(ex: Executor, organizationId: string, signatureObjectId: string | null, updatedBy: string | null): Promise<void> {
  await ex.updateTable('receiptingSettings').set({ signatureObjectId, updatedBy, updatedAt: new Date() }).where('organizationId', '=', organizationId).execute();
}

export const findSigningKey = (ex: Executor, organizationId: string) =>
  ex.selectFrom('receiptingSigningKeys').selectAll().where('organizationId', '=', organizationId).executeTakeFirst();

export async function insertSigningKeyIfAbsent(ex: Executor, row: { organizationId: string; p12Sealed: string; certificatePem: string; selfSigned: boolean }): Promise<void> {
  await ex.insertInto('receiptingSigningKeys').values(row).onConflict((oc) => oc.column('organizationId').doNothing()).execute();
}

/** Installs a signing identity in place of the organization's current one (a CA-issued certificate replacing the self-signed one). */
export async function replaceSigningKey(ex: Executor, row: { organizationId: string; p12Sealed: string; certificatePem: string; selfSigned: boolean }): Promise<void> {
  await ex
    .insertInto('receiptingSigningKeys')
    .values(row)
    .onConflict((oc) => oc.column('organizationId').doUpdateSet({ p12Sealed: row.p12Sealed, certificatePem: row.certificatePem, selfSigned: row.selfSigned, createdAt: sql<Date>`now()` }))
    .execute();
}

/**
 * Takes the next number of a series: the upsert locks the counter row until the caller's
 * transaction ends, so every issuer in the series waits here and numbers are handed out one at
 * a time; a transaction that rolls back gives its number back.
 */
export async function takeNextNumber(trx: Executor, organizationId: string, series: string): Promise<number> {
  const row = await trx
    .insertInto('receiptingSeriesCounters')
    .values({ organizationId, series, lastNumber: 1 })
    .onConflict((oc) => oc.columns(['organizationId', 'series']).doUpdateSet({ lastNumber: sql<number>`receipting_series_counters.last_number + 1` }))
    .returning('lastNumber')
    .executeTakeFirstOrThrow();
  return row.lastNumber;
}

/** Gives back the number just taken (still under the row lock): nothing was issued with it. */
export async function giveBackNumber(trx: Executor, organizationId: string, series: string): Promise<void> {
  await trx.updateTable('receiptingSeriesCounters').set({ lastNumber: sql<number>`last_number - 1` }).where('organizationId', '=', organizationId).where('series', '=', series).execute();
}

/** Date-only columns are read as text: drivers otherwise turn them into local-time Dates. */
const RECEIPT_COLUMNS = [
  'id', 'organizationId', 'series', 'number', 'serial', 'status', 'kind', 'giftKind', 'language', 'donorAccountId', 'donorFullName',
  'donorAddressLines', 'donorCity', 'donorProvince', 'donorPostalCode', 'donorCountry', 'donorEmail', 'charityName', 'charityAddress',
  'registrationNumber', 'placeOfIssue', 'signatoryName', 'signatoryTitle', 'signatureObjectId', 'receivedYear', 'amountCents',
  'advantageCents', 'advantageDescription', 'eligibleAmountCents', 'propertyDescription', 'appraiserName', 'appraiserAddress', 'currency',
  'issuedAt', 'replacesReceiptId', 'replacesSerial', 'replacementReason', 'cancelledAt', 'cancelledBy', 'pdfObjectId', 'pdfSha256', 'issuedBy', 'createdAt',
] as const;
const receiptSelection = (ex: Executor) =>
  ex
    .selectFrom('receiptingReceipts')
    .select(RECEIPT_COLUMNS.map((c) => `receiptingReceipts.${c}` as const))
    .select([sql<string | null>`receipting_receipts.received_on::text`.as('receivedOn'), sql<string>`receipting_receipts.issued_on::text`.as('issuedOn')]);

export type Receipt = Omit<ReceiptRow, 'receivedOn' | 'issuedOn' | 'amountCents' | 'advantageCents' | 'eligibleAmountCents'> & {
  receivedOn: string | null;
  issuedOn: string;
  amountCents: number;
  advantageCents: number;
  eligibleAmountCents: number;
};

const toReceipt = (r: Omit<ReceiptRow, 'receivedOn' | 'issuedOn'> & { receivedOn: string | null; issuedOn: string }): Receipt => ({
  ...r,
  amountCents: Number(r.amountCents),
  advantageCents: Number(r.advantageCents),
  eligibleAmountCents: Number(r.eligibleAmountCents),
});

export async function findReceipt(ex: Executor, organizationId: string, id: string): Promise<Receipt | undefined> {
  const r = await receiptSelection(ex).where('organizationId', '=', organizationId).where('id', '=', id).executeTakeFirst();
  return r ? toReceipt(r) : undefined;
}

export async function findReceiptsByIds(ex: Executor, organizationId: string, ids: string[]): Promise<Receipt[]> {
  if (ids.length === 0) return [];
  return (await receiptSelection(ex).where('organizationId', '=', organizationId).where('id', 'in', ids).execute()).map(toReceipt);
}

export async function findReceiptById(ex: Executor, id: string): Promise<Receipt | undefined> {
  const r = await receiptSelection(ex).where('id', '=', id).executeTakeFirst();
  return r ? toReceipt(r) : undefined;
}

export async function lockReceipt(trx: Executor, organizationId: string, id: string): Promise<Receipt | undefined> {
  const r = await receiptSelection(trx).where('organizationId', '=', organizationId).where('id', '=', id).forUpdate().executeTakeFirst();
  return r ? toReceipt(r) : undefined;
}

export async function insertReceipt(ex: Executor, row: NewReceiptRow): Promise<Receipt> {
  const r = await ex
    .insertInto('receiptingReceipts')
    .values(row)
    .returning(RECEIPT_COLUMNS)
    .returning([sql<string | null>`received_on::text`.as('receivedOn'), sql<string>`issued_on::text`.as('issuedOn')])
    .executeTakeFirstOrThrow();
  return toReceipt(r);
}

export async function insertReceiptGifts(
  ex: Executor,
  rows: { id: string; receiptId: string; organizationId: string; sourceType: string; sourceId: string; receivedOn: string; amountCents: number; advantageCents: number; advantageCountedCents: number; advantageDescription: string | null; advantageNearCash: boolean; eligibleAmountCents: number }[],
): Promise<void> {
  if (rows.length > 0) await ex.insertInto('receiptingReceiptGifts').values(rows).execute();
}

export type ReceiptGiftLine = { sourceType: string; sourceId: string; receivedOn: string; amountCents: number; advantageCents: number; advantageCountedCents: number; advantageDescription: string | null; advantageNearCash: boolean; eligibleAmountCents: number };

export async function listReceiptGifts(ex: Executor, receiptId: string): Promise<ReceiptGiftLine[]> {
  const rows = await ex
    .selectFrom('receiptingReceiptGifts')
    .select(['sourceType', 'sourceId', 'amountCents', 'advantageCents', 'advantageCountedCents', 'advantageDescription', 'advantageNearCash', 'eligibleAmountCents', sql<string>`received_on::text`.as('receivedOn')])
    .where('receiptId', '=', receiptId)
    .orderBy('receivedOn')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ ...r, amountCents: Number(r.amountCents), advantageCents: Number(r.advantageCents), advantageCountedCents: Number(r.advantageCountedCents), eligibleAmountCents: Number(r.eligibleAmountCents) }));
}

export async function findSourceReceiptIds(ex: Executor, organizationId: string, sources: { type: string; id: string }[]): Promise<{ sourceType: string; sourceId: string; receiptId: string }[]> {
  if (sources.length === 0) return [];
  return ex
    .selectFrom('receiptingSourceReceipts')
    .select(['sourceType', 'sourceId', 'receiptId'])
    .where('organizationId', '=', organizationId)
    .where((eb) => eb.or(sources.map((s) => eb.and([eb('sourceType', '=', s.type), eb('sourceId', '=', s.id)]))))
    .execute();
}

export async function pointSourcesAt(ex: Executor, organizationId: string, sources: { type: string; id: string }[], receiptId: string): Promise<void> {
  if (sources.length === 0) return;
  await ex
    .insertInto('receiptingSourceReceipts')
    .values(sources.map((s) => ({ organizationId, sourceType: s.type, sourceId: s.id, receiptId })))
    .onConflict((oc) => oc.columns(['organizationId', 'sourceType', 'sourceId']).doUpdateSet({ receiptId, updatedAt: new Date() }))
    .execute();
}

export async function markCancelled(ex: Executor, id: string, cancelledBy: string | null, at: Date): Promise<void> {
  await ex.updateTable('receiptingReceipts').set({ status: 'cancelled', cancelledAt: at, cancelledBy }).where('id', '=', id).where('status', '=', 'issued').execute();
}

/** Records the signed document once; false when another worker recorded one first. */
export async function setReceiptPdf(ex: Executor, id: string, pdfObjectId: string, pdfSha256: string): Promise<boolean> {
  const r = await ex.updateTable('receiptingReceipts').set({ pdfObjectId, pdfSha256 }).where('id', '=', id).where('pdfObjectId', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function insertDelivery(ex: Executor, row: { id: string; receiptId: string; organizationId: string; mailMessageId: string; toAddress: string }): Promise<void> {
  await ex.insertInto('receiptingDeliveries').values(row).execute();
}

export const listDeliveries = (ex: Executor, receiptId: string) =>
  ex.selectFrom('receiptingDeliveries').select(['id', 'toAddress', 'createdAt', 'mailMessageId']).where('receiptId', '=', receiptId).orderBy('createdAt', 'desc').execute();

export type RegisterFilter = { organizationId: string; year?: number | undefined; status?: ReceiptStatus | undefined; q?: string | undefined; limit: number; offset: number };

export async function listReceiptsForOrganization(ex: Executor, f: RegisterFilter): Promise<Receipt[]> {
  let q = receiptSelection(ex).where('organizationId', '=', f.organizationId);
  if (f.year) q = q.where(sql<boolean>`extract(year from issued_on) = ${f.year}`);
  if (f.status) q = q.where('status', '=', f.status);
  if (f.q) q = q.where((eb) => eb.or([eb('donorFullName', 'ilike', `%${f.q!.replace(/[\\%_]/g, '\\$&')}%`), eb('serial', '=', f.q!)]));
  const rows = await q.orderBy('series', 'desc').orderBy('number', 'desc').limit(f.limit).offset(f.offset).execute();
  return rows.map(toReceipt);
}

export async function listReceiptsForAccount(ex: Executor, accountId: string): Promise<(Receipt & { orgSlug: string })[]> {
  const rows = await receiptSelection(ex)
    .innerJoin('identityOrganizations as o', 'o.id', 'receiptingReceipts.organizationId')
    .select('o.slug as orgSlug')
    .where('donorAccountId', '=', accountId)
    .orderBy('receiptingReceipts.issuedAt', 'desc')
    .limit(500)
    .execute();
  return rows.map((r) => ({ ...toReceipt(r), orgSlug: r.orgSlug }));
}

export async function listReceiptsForSource(ex: Executor, organizationId: string, source: { type: string; id: string }): Promise<Receipt[]> {
  const rows = await receiptSelection(ex)
    .where('organizationId', '=', organizationId)
    .where('id', 'in', (eb) => eb.selectFrom('receiptingReceiptGifts').select('receiptId').where('organizationId', '=', organizationId).where('sourceType', '=', source.type).where('sourceId', '=', source.id))
    .orderBy('issuedAt')
    .orderBy('id')
    .execute();
  return rows.map(toReceipt);
}
