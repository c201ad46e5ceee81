import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { stringify } from 'csv-stringify/sync';
import type { Actor } from '../../platform/auth/actor.js';
import { authorize, can } from '../../platform/auth/policy.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { newId, UUID_PATTERN as UUID } from '../../platform/db/ids.js';
import type { Executor } from '../../platform/db/types.js';
import { NotFoundError, ValidationError, ConflictError } from '../../platform/http/errors.js';
import { fieldErrorsFromZod } from '../../platform/http/validation.js';
import type { Lang } from '../../platform/i18n/i18n.js';
import { enqueueJob } from '../../platform/jobs/queue.js';
import { deleteObject, getObject, putObject } from '../../platform/storage/storage.js';
import type { ReceiptingDeps } from './deps.js';
import {
  findOrganizationById,
  findOrganizationBySlug,
  findReceipt,
  findReceiptById,
  findReceiptsByIds,
  findSettings,
  findSigningKey,
  findSourceReceiptIds,
  insertDelivery,
  insertReceipt,
  insertReceiptGifts,
  insertSigningKeyIfAbsent,
  replaceSigningKey,
  listDeliveries,
  listReceiptGifts,
  listReceiptsForAccount,
  listReceiptsForOrganization,
  listReceiptsForSource,
  lockReceipt,
  markCancelled,
  pointSourcesAt,
  setReceiptPdf,
  takeNextNumber,
  giveBackNumber,
  setSignatureObject,
  upsertSettings,
  type OrgRef,
  type Receipt,
  type ReceiptGiftLine,
} from './db/queries.js';
import type { ReceiptSettingsRow } from './db/schema.js';
import { assessEligibility, type Eligibility, type GiftForAssessment } from './eligibility.js';
import { NotReceiptableError, ReceiptingNotConfiguredError } from './errors.js';
import { renderReceiptPdf } from './pdf.js';
import { receiptingPolicy } from './policy.js';
import { Corrections, IssueReceiptInput, type IssueReceiptData, type RegisterQuery, type SettingsBody, type SourceRef } from './schemas.js';
import { createSelfSignedIdentity, describeCertificate, inspectSigningBundle, signPdf, type SigningIdentity } from './signing.js';

export const SEND_RECEIPT_JOB = 'receipting.send-receipt';
const SIGNATURE_MAX_INPUT_PIXELS = 25_000_000;

/**
 * Re-encodes an uploaded signature as a PNG of at most 900×300 on white: only the pixels
 * survive (no metadata), and pdfkit embeds PNG as it is.
 */
async function signaturePng(input: Buffer): Promise<Buffer> {
  if (input.byteLength === 0) throw new ValidationError('signature', 'required');
  try {
    const image = sharp(input, { limitInputPixels: SIGNATURE_MAX_INPUT_PIXELS, failOn: 'error' });
    const { format } = await image.metadata();
    if (!format || !['jpeg', 'png', 'webp', 'gif'].includes(format)) throw new ValidationError('signature', 'image_invalid');
    return await image.flatten({ background: '#ffffff' }).resize({ width: 900, height: 300, fit: 'inside', withoutEnlargement: true }).png().toBuffer();
  } catch (error) {
    if (error instanceof ValidationError) throw error;
    throw new ValidationError('signature', 'image_invalid');
  }
}
const PAGE_SIZE = 50;

/** What a caller learns about a receipt it asked for. */
export type IssuedReceipt = {
  id: string;
  organizationId: string;
  serial: string;
  status: 'issued' | 'cancelled';
  eligibleAmountCents: number;
  /** False when the source already had a receipt: that one is returned, nothing new is issued. */
  created: boolean;
};

/** Ids handed to the service by other modules are checked before they reach a uuid column. */
const knownId = (id: string) => {
  if (!UUID.test(id)) throw new NotFoundError();
  return id;
};

const summary = (r: Receipt, created: boolean): IssuedReceipt => ({ id: r.id, organizationId: r.organizationId, serial: r.serial, status: r.status, eligibleAmountCents: r.eligibleAmountCents, created });

/** The calendar day in Toronto (where the foundation's books are kept) as YYYY-MM-DD. */
const DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Toronto', year: 'numeric', month: '2-digit', day: '2-digit' });
export const dayOf = (d: Date): string => DAY.format(d);

export const formatSerial = (series: string, n: number) => `${series}-${String(n).padStart(6, '0')}`;
export const seriesFor = (prefix: string, year: number) => (prefix ? `${prefix}-${year}` : String(year));

const charityAddress = (s: ReceiptSettingsRow) => [s.addressLine1, s.addressLine2, `${s.city} ${s.province}  ${s.postalCode}`].filter(Boolean).join(', ');

/** What is missing before a receipt can be issued, as setting names. */
export function missingForIssuing(org: OrgRef, settings: ReceiptSettingsRow | undefined): string[] {
  const missing: string[] = [];
  if (!org.craRegistrationNumber) missing.push('registrationNumber');
  if (!settings) missing.push('legalName', 'addressLine1', 'city', 'province', 'postalCode', 'placeOfIssue', 'signatoryName', 'signatoryTitle');
  return missing;
}

function parseIssueInput(input: IssueReceiptInput): IssueReceiptData {
  const parsed = IssueReceiptInput.safeParse(input);
  if (!parsed.success) {
    const e = new ValidationError(fieldErrorsFromZod(parsed.error, input));
    throw e;
  }
  return parsed.data;
}

type AssessedGift = IssueReceiptData['gifts'][number] & { assessed: Eligibility };

/** Checks the gifts make one receipt (one gift in kind, or cash gifts of one year) and each is receiptable. */
function assessGifts(data: IssueReceiptData): { gifts: AssessedGift[]; kind: 'single' | 'annual' } {
  const gifts = data.gifts.map((g, i) => {
    const forAssessment: GiftForAssessment = { kind: g.kind, amountCents: g.amountCents, fairMarketValueCents: g.fairMarketValueCents, advantageCents: g.advantageCents, advantageNearCash: g.advantageNearCash };
    const assessed = assessEligibility(forAssessment);
    if (g.kind === 'in_kind') {
      if (!g.propertyDescription) throw new ValidationError(`gifts.${i}.propertyDescription`, 'required');
      if (g.fairMarketValueCents == null) throw new ValidationError(`gifts.${i}.fairMarketValueCents`, 'required');
    }
    if (!assessed.receiptable) throw new NotReceiptableError(assessed.reason, `gifts.${i}.${assessed.reason === 'advantage_over_80_percent' ? 'advantageCents' : 'amountCents'}`);
    if (assessed.advantageCountedCents > 0 && !g.advantageDescription) throw new ValidationError(`gifts.${i}.advantageDescription`, 'required');
    return { ...g, assessed };
  });
  if (gifts.length > 1) {
    if (gifts.some((g) => g.kind !== 'cash')) throw new ValidationError('gifts', 'receipt_in_kind_alone');
    const years = new Set(gifts.map((g) => g.dateReceived.slice(0, 4)));
    if (years.size > 1) throw new ValidationError('gifts', 'receipt_one_year');
    const keys = new Set(gifts.map((g) => `${g.source.type}\u0000${g.source.id}`));
    if (keys.size !== gifts.length) throw new ValidationError('gifts', 'receipt_duplicate_source');
  }
  return { gifts, kind: gifts.length > 1 ? 'annual' : 'single' };
}

export function createReceiptingService(deps: ReceiptingDeps) {
  const { db, i18n, mailer, sealer } = deps;
  const now = deps.now ?? (() => new Date());

  async function loadOrgBySlug(slug: string): Promise<OrgRef> {
    const org = await findOrganizationBySlug(db, slug);
    if (!org) throw new NotFoundError();
    return org;
  }

  async function inTransaction<T>(executor: Executor | undefined, work: (trx: Executor) => Promise<T>): Promise<T> {
    if (executor && executor.isTransaction) return work(executor);
    return (executor ?? db).transaction().execute(work);
  }

  /** A signing identity as `receipting_signing_keys` keeps it: the bundle and its passphrase sealed together. */
  const sealedKey = (organizationId: string, identity: SigningIdentity, selfSigned: boolean) => ({
    organizationId,
    p12Sealed: sealer.seal(JSON.stringify({ p12: identity.p12.toString('base64'), passphrase: identity.passphrase })),
    certificatePem: identity.certificatePem,
    selfSigned,
  });

  /** The organization's signing identity, made (self-signed) the first time it is needed. */
  async function signingIdentity(org: OrgRef): Promise<{ p12: Buffer; passphrase: string }> {
    let key = await findSigningKey(db, org.id);
    if (!key) {
      const made = createSelfSignedIdentity({ commonName: org.nameEn, registrationNumber: org.craRegistrationNumber ?? '' });
      await insertSigningKeyIfAbsent(db, sealedKey(org.id, made, true));
      key = (await findSigningKey(db, org.id))!;
    }
    const opened = JSON.parse(sealer.open(key.p12Sealed)) as { p12: string; passphrase: string };
    return { p12: Buffer.from(opened.p12, 'base64'), passphrase: opened.passphrase };
  }

  /** Renders, signs and keeps a receipt's PDF once; later calls return the very bytes kept. */
  async function ensurePdf(receipt: Receipt): Promise<Buffer> {
    if (receipt.pdfObjectId) {
      const kept = await getObject(db, receipt.pdfObjectId);
      if (!kept) throw new Error('receipt document missing from storage');
      return Buffer.from(kept.data);
    }
    const org = (await findOrganizationById(db, receipt.organizationId))!;
    const gifts = await listReceiptGifts(db, receipt.id);
    const signature = receipt.signatureObjectId ? await getObject(db, receipt.signatureObjectId) : undefined;
    const unsigned = await renderReceiptPdf(
      { ...receipt, signatureImage: signature?.data ?? null, gifts },
      (lang: Lang) => i18n.t(lang),
    );
    const signed = await signPdf(unsigned, await signingIdentity(org), {
      name: receipt.charityName,
      location: receipt.placeOfIssue,
      reason: `${i18n.t('en')('receipting.pdf.statement')} ${receipt.serial}`,
      contactInfo: receipt.charityAddress,
      signingTime: receipt.issuedAt,
    });
    const sha256 = createHash('sha256').update(signed).digest('hex');
    const objectId = await putObject(db, { contentType: 'application/pdf', data: signed, private: true });
    if (await setReceiptPdf(db, receipt.id, objectId, sha256)) return signed;
    // Another worker kept its copy first: that one is the document.
    await deleteObject(db, objectId);
    return ensurePdf((await findReceiptById(db, receipt.id))!);
  }

  async function queueEmail(ex: Executor, receipt: Receipt, opts: { dedupeKey?: string } = {}): Promise<boolean> {
    if (!receipt.donorEmail) return false;
    await enqueueJob(ex, SEND_RECEIPT_JOB, { receiptId: receipt.id }, opts.dedupeKey ? { dedupeKey: opts.dedupeKey } : {});
    return true;
  }

  /** The receipt that already acknowledges exactly these sources; a conflict when only some are receipted. */
  async function existingReceiptFor(ex: Executor, organizationId: string, sources: { type: string; id: string }[]): Promise<Receipt | undefined> {
    const existing = await findSourceReceiptIds(ex, organizationId, sources);
    if (existing.length === 0) return undefined;
    const ids = new Set(existing.map((e) => e.receiptId));
    const found = ids.size === 1 && existing.length === sources.length ? await findReceipt(ex, organizationId, [...ids][0]!) : undefined;
    if (found && (await listReceiptGifts(ex, found.id)).length === sources.length) return found;
    throw new ConflictError('receipt_source_already_receipted', 'gifts');
  }

  async function issueInTransaction(trx: Executor, data: IssueReceiptData, extra: { replaces?: Receipt; reason?: string } = {}): Promise<{ receipt: Receipt; created: boolean }> {
    const { gifts, kind } = assessGifts(data);
    const org = await findOrganizationById(trx, data.organizationId);
    if (!org) throw new ValidationError('organizationId', 'not_found');
    const settings = await findSettings(trx, org.id);
    const missing = missingForIssuing(org, settings);
    if (missing.length > 0 || !settings || !org.craRegistrationNumber) throw new ReceiptingNotConfiguredError(missing);

    const issuedAt = data.issuedAt ?? now();
    const issuedOn = dayOf(issuedAt);
    const series = seriesFor(settings.seriesPrefix, Number(issuedOn.slice(0, 4)));
    const sources = gifts.map((g) => g.source);
    // A replay (retried webhook, double click) is answered without waiting for the series lock.
    const replay = extra.replaces ? undefined : await existingReceiptFor(trx, org.id, sources);
    if (replay) return { receipt: replay, created: false };

    const number = await takeNextNumber(trx, org.id, series);
    // Under the series lock, a concurrent request for the same gift has committed: look again.
    if (!extra.replaces) {
      const raced = await existingReceiptFor(trx, org.id, sources).catch(async (error: unknown) => {
        await giveBackNumber(trx, org.id, series);
        throw error;
      });
      if (raced) {
        await giveBackNumber(trx, org.id, series);
        return { receipt: raced, created: false };
      }
    }
    const id = newId();
    const first = gifts[0]!;
    const total = (f: (g: AssessedGift) => number) => gifts.reduce((sum, g) => sum + f(g), 0);
    const inKind = first.kind === 'in_kind';
    const advantageDescriptions = [...new Set(gifts.filter((g) => g.assessed.advantageCountedCents > 0).map((g) => g.advantageDescription!))];
    const receipt = await insertReceipt(trx, {
      id,
      organizationId: org.id,
      series,
      number,
      serial: formatSerial(series, number),
      kind,
      giftKind: inKind ? 'in_kind' : 'cash',
      language: data.donor.language,
      donorAccountId: data.donor.accountId ?? null,
      donorFullName: data.donor.fullName,
      donorAddressLines: data.donor.addressLines,
      donorCity: data.donor.city,
      donorProvince: data.donor.province,
      donorPostalCode: data.donor.postalCode.toUpperCase(),
      donorCountry: data.donor.country,
      donorEmail: data.donor.email ?? null,
      charityName: settings.legalName,
      charityAddress: charityAddress(settings),
      registrationNumber: org.craRegistrationNumber,
      placeOfIssue: settings.placeOfIssue,
      signatoryName: settings.signatoryName,
      signatoryTitle: settings.signatoryTitle,
      signatureObjectId: settings.signatureObjectId,
      receivedOn: kind === 'single' ? first.dateReceived : null,
      receivedYear: Number(first.dateReceived.slice(0, 4)),
      amountCents: total((g) => g.assessed.giftValueCents),
      advantageCents: total((g) => g.assessed.advantageCountedCents),
      advantageDescription: advantageDescriptions.length ? advantageDescriptions.join('; ') : null,
      eligibleAmountCents: total((g) => g.assessed.eligibleAmountCents),
      propertyDescription: inKind ? (first.propertyDescription ?? null) : null,
      appraiserName: inKind ? (first.appraiser?.name ?? null) : null,
      appraiserAddress: inKind ? (first.appraiser?.address ?? null) : null,
      issuedAt,
      issuedOn,
      replacesReceiptId: extra.replaces?.id ?? null,
      replacesSerial: extra.replaces?.serial ?? null,
      replacementReason: extra.reason ?? null,
      cancelledAt: null,
      cancelledBy: null,
      pdfObjectId: null,
      pdfSha256: null,
      issuedBy: data.issuedBy ?? null,
    });
    await insertReceiptGifts(
      trx,
      gifts.map((g) => ({
        id: newId(),
        receiptId: id,
        organizationId: org.id,
        sourceType: g.source.type,
        sourceId: g.source.id,
        receivedOn: g.dateReceived,
        amountCents: g.assessed.giftValueCents,
        advantageCents: g.assessed.advantageCents,
        advantageCountedCents: g.assessed.advantageCountedCents,
        advantageDescription: g.advantageDescription ?? null,
        advantageNearCash: g.advantageNearCash,
        eligibleAmountCents: g.assessed.eligibleAmountCents,
      })),
    );
    await pointSourcesAt(trx, org.id, sources, id);
    await recordAudit(trx, {
      action: extra.replaces ? 'receipting.receipt.replaced' : 'receipting.receipt.issued',
      organizationId: org.id,
      actorAccountId: data.issuedBy ?? null,
      targetType: 'receipting.receipt',
      targetId: id,
      data: { serial: formatSerial(series, number), ...(extra.replaces ? { replaces: extra.replaces.serial } : {}) },
    });
    if (data.sendEmail) await queueEmail(trx, receipt, { dedupeKey: `receipting:send:${id}` });
    return { receipt, created: true };
  }

  /**
   * Corrects an issued receipt: the original is marked cancelled (and kept, otherwise
   * unchanged), and a replacement with a new serial states it cancels and replaces it.
   */
  async function cancelAndReplace(receiptId: string, corrections: Corrections, actor: Actor): Promise<{ cancelled: IssuedReceipt; replacement: IssuedReceipt }> {
    const parsed = Corrections.safeParse(corrections);
    if (!parsed.success) throw new ValidationError(fieldErrorsFromZod(parsed.error, corrections));
    const found = await findReceiptById(db, knownId(receiptId));
    if (!found) throw new NotFoundError();
    authorize(receiptingPolicy, actor, 'receipt.replace', found);
    const result = await db.transaction().execute(async (trx) => {
      const original = (await lockReceipt(trx, found.organizationId, receiptId))!;
      if (original.status !== 'issued') throw new ConflictError('receipt_already_cancelled');
      const lines = await listReceiptGifts(trx, original.id);
      const donor = { ...parsed.data.donor };
      const data = parseIssueInput({
        organizationId: original.organizationId,
        issuedBy: actor.accountId,
        donor: {
          fullName: donor.fullName ?? original.donorFullName,
          addressLines: donor.addressLines ?? original.donorAddressLines,
          city: donor.city ?? original.donorCity,
          province: donor.province ?? original.donorProvince,
          postalCode: donor.postalCode ?? original.donorPostalCode,
          country: donor.country ?? original.donorCountry,
          email: donor.email === undefined ? original.donorEmail : donor.email,
          language: donor.language ?? original.language,
          accountId: original.donorAccountId,
        },
        gifts: lines.map((l) => giftFromLine(l, original)),
      });
      const at = now();
      await markCancelled(trx, original.id, actor.accountId, at);
      const { receipt } = await issueInTransaction(trx, { ...data, issuedAt: at }, { replaces: original, reason: parsed.data.reason });
      const cancelled = (await findReceipt(trx, original.organizationId, original.id))!;
      return { cancelled: summary(cancelled, false), replacement: summary(receipt, true) };
    });
    return result;
  }

  /**
   * The gift (source) was given back — refunded, or taken back by a dispute: the receipt that
   * acknowledges it is marked cancelled (kept). When that receipt acknowledges other gifts too
   * (an annual receipt), a replacement for the others is issued in the same transaction, stating
   * that it cancels and replaces the original. Nothing to do when no issued receipt names it.
   */
  async function cancelForSource(organizationId: string, source: SourceRef, opts: { reason: string }): Promise<{ cancelled: IssuedReceipt | null; replacement: IssuedReceipt | null }> {
    knownId(organizationId);
    return db.transaction().execute(async (trx) => {
      const [link] = await findSourceReceiptIds(trx, organizationId, [source]);
      const original = link ? await lockReceipt(trx, organizationId, link.receiptId) : undefined;
      if (!original || original.status !== 'issued') return { cancelled: null, replacement: null };
      const lines = await listReceiptGifts(trx, original.id);
      const others = lines.filter((l) => !(l.sourceType === source.type && l.sourceId === source.id));
      const at = now();
      await markCancelled(trx, original.id, null, at);
      await recordAudit(trx, { action: 'receipting.receipt.cancelled', organizationId, actorAccountId: null, targetType: 'receipting.receipt', targetId: original.id, data: { serial: original.serial, sourceType: source.type, sourceId: source.id, reason: opts.reason } });
      let replacement: IssuedReceipt | null = null;
      if (others.length > 0) {
        const data = parseIssueInput({
          organizationId,
          issuedBy: null,
          donor: {
            fullName: original.donorFullName,
            addressLines: original.donorAddressLines,
            city: original.donorCity,
            province: original.donorProvince,
            postalCode: original.donorPostalCode,
            country: original.donorCountry,
            email: original.donorEmail,
            language: original.language,
            accountId: original.donorAccountId,
          },
          gifts: others.map((l) => giftFromLine(l, original)),
        });
        const { receipt } = await issueInTransaction(trx, { ...data, issuedAt: at }, { replaces: original, reason: opts.reason });
        replacement = summary(receipt, true);
      }
      const cancelled = (await findReceipt(trx, organizationId, original.id))!;
      return { cancelled: summary(cancelled, false), replacement };
    });
  }

  const presentSettings = (s: ReceiptSettingsRow | undefined, org: OrgRef) => ({
    legalName: s?.legalName ?? org.nameEn,
    addressLine1: s?.addressLine1 ?? '',
    addressLine2: s?.addressLine2 ?? '',
    city: s?.city ?? '',
    province: s?.province ?? '',
    postalCode: s?.postalCode ?? '',
    placeOfIssue: s?.placeOfIssue ?? '',
    signatoryName: s?.signatoryName ?? '',
    signatoryTitle: s?.signatoryTitle ?? '',
    seriesPrefix: s?.seriesPrefix ?? '',
  });

  return {
    assessEligibility,

    /**
     * Issues an official receipt for one gift, or one annual receipt for several cash gifts of
     * one year. Idempotent per source: asking again for the same gift(s) returns the receipt
     * already issued (`created: false`). Pass the caller's transaction to issue atomically with
     * the gift; otherwise the module opens its own.
     */
    async issueReceipt(executor: Executor | undefined, input: IssueReceiptInput): Promise<IssuedReceipt> {
      const data = parseIssueInput(input);
      const { receipt, created } = await inTransaction(executor, (trx) => issueInTransaction(trx, data));
      return summary(receipt, created);
    },

    cancelAndReplace,
    cancelForSource,

    /** Queues the e-mail of a receipt's PDF to its donor (again). */
    async queueReceiptEmail(executor: Executor | undefined, receiptId: string): Promise<boolean> {
      const ex = executor ?? db;
      const receipt = await findReceiptById(ex, knownId(receiptId));
      if (!receipt) throw new NotFoundError();
      return queueEmail(ex, receipt);
    },

    /** The job: keeps the signed PDF (once) and sends it as an attachment, recording the delivery. */
    async runSendReceipt(payload: { receiptId: string }): Promise<void> {
      const receipt = await findReceiptById(db, payload.receiptId);
      if (!receipt || !receipt.donorEmail) return;
      await ensurePdf(receipt);
      const kept = (await findReceiptById(db, receipt.id))!;
      const langs: Lang[] = kept.language === 'both' ? ['en', 'fr'] : [kept.language];
      const fmtParams = { serial: kept.serial, charity: kept.charityName, name: kept.donorFullName };
      const subject = langs.map((l) => i18n.t(l)('receipting.mail.subject', fmtParams)).join(' / ');
      const text = langs.map((l) => i18n.t(l)('receipting.mail.body', { ...fmtParams, url: new URL('/account/receipts', deps.config.publicUrl).toString() })).join('\n\n---\n\n');
      await db.transaction().execute(async (trx) => {
        const mailId = await mailer.enqueue(trx, {
          to: kept.donorEmail!,
          subject,
          text,
          purpose: 'transactional',
          organizationId: kept.organizationId,
          attachments: [{ filename: `receipt-${kept.serial}.pdf`, contentType: 'application/pdf', storageObjectId: kept.pdfObjectId! }],
        });
        await insertDelivery(trx, { id: newId(), receiptId: kept.id, organizationId: kept.organizationId, mailMessageId: mailId, toAddress: kept.donorEmail! });
      });
    },

    /** Receipts issued to a donor account, newest first (for the fundraising module's account pages too). */
    listReceiptsForDonorAccount: (accountId: string) => listReceiptsForAccount(db, knownId(accountId)),

    /** Every receipt (issued or cancelled) that acknowledges a source, oldest first. */
    listReceiptsForSource: (organizationId: string, source: SourceRef) => listReceiptsForSource(db, knownId(organizationId), source),

    /** The current receipt for a source, if any. */
    async findReceiptForSource(organizationId: string, source: SourceRef): Promise<IssuedReceipt | undefined> {
      const [link] = await findSourceReceiptIds(db, knownId(organizationId), [source]);
      const r = link ? await findReceipt(db, organizationId, link.receiptId) : undefined;
      return r ? summary(r, false) : undefined;
    },

    /** The current receipt of each source that has one, in one read (a staff list of gifts). */
    async findReceiptsForSources(organizationId: string, sources: SourceRef[]): Promise<{ source: SourceRef; receipt: IssuedReceipt }[]> {
      const links = await findSourceReceiptIds(db, knownId(organizationId), sources.filter((s) => UUID.test(s.id)));
      const receipts = new Map((await findReceiptsByIds(db, organizationId, [...new Set(links.map((l) => l.receiptId))])).map((r) => [r.id, r]));
      return links.flatMap((l) => {
        const r = receipts.get(l.receiptId);
        return r ? [{ source: { type: l.sourceType, id: l.sourceId }, receipt: summary(r, false) }] : [];
      });
    },

    /** Whether the organization can issue receipts now, and what is missing if not. */
    async readiness(organizationId: string): Promise<{ ready: boolean; missing: string[] }> {
      const org = await findOrganizationById(db, knownId(organizationId));
      if (!org) throw new NotFoundError();
      const missing = missingForIssuing(org, await findSettings(db, org.id));
      return { ready: missing.length === 0, missing };
    },

    /** The signed PDF of a receipt, for its donor or the foundation's bookkeepers: the very bytes sent. */
    async receiptPdf(actor: Actor, orgSlug: string, receiptId: string): Promise<{ filename: string; data: Buffer }> {
      const org = await loadOrgBySlug(orgSlug);
      const receipt = await findReceipt(db, org.id, receiptId);
      if (!receipt) throw new NotFoundError();
      authorize(receiptingPolicy, actor, 'receipt.view', receipt);
      return { filename: `receipt-${receipt.serial}.pdf`, data: await ensurePdf(receipt) };
    },

    // ---- Pages ----

    async settingsForm(actor: Actor, orgSlug: string) {
      const org = await loadOrgBySlug(orgSlug);
      authorize(receiptingPolicy, actor, 'settings.manage', { organizationId: org.id });
      const settings = await findSettings(db, org.id);
      return { org, values: presentSettings(settings, org), missing: missingForIssuing(org, settings), hasSignature: !!settings?.signatureObjectId, hasSettings: !!settings, canManageSigning: can(receiptingPolicy, actor, 'signing.manage', { organizationId: org.id }) };
    },

    /**
     * Replaces the signature image printed on new receipts. The previous image is kept: receipts
     * issued with it may not be rendered yet, and each prints the image of its day.
     */
    async replaceSignatureImage(actor: Actor, orgSlug: string, upload: Buffer, meta: { ip: string | null }): Promise<void> {
      const org = await loadOrgBySlug(orgSlug);
      authorize(receiptingPolicy, actor, 'settings.manage', { organizationId: org.id });
      if (!(await findSettings(db, org.id))) throw new ValidationError('signature', 'receipting_settings_first');
      const png = await signaturePng(upload);
      await db.transaction().execute(async (trx) => {
        const objectId = await putObject(trx, { contentType: 'image/png', data: png, private: true });
        await setSignatureObject(trx, org.id, objectId, actor.accountId);
        await recordAudit(trx, { action: 'receipting.signature.replaced', organizationId: org.id, actorAccountId: actor.accountId, targetType: 'organization', targetId: org.id, ip: meta.ip });
      });
    },

    /** The signing certificate page: what receipts are signed with now (nothing until the first receipt is signed). */
    async signingPage(actor: Actor, orgSlug: string) {
      const org = await loadOrgBySlug(orgSlug);
      authorize(receiptingPolicy, actor, 'signing.manage', { organizationId: org.id });
      const key = await findSigningKey(db, org.id);
      return { org, current: key ? { ...describeCertificate(key.certificatePem), selfSigned: key.selfSigned, installedAt: key.createdAt } : null };
    },

    /** Refuses, before an upload is read, anyone who may not install a signing certificate. */
    async checkCanManageSigning(actor: Actor, orgSlug: string): Promise<void> {
      const org = await loadOrgBySlug(orgSlug);
      authorize(receiptingPolicy, actor, 'signing.manage', { organizationId: org.id });
    },

    /**
     * Installs a CA-issued signing certificate (a PKCS#12 bundle and its passphrase) in place of
     * the current identity: receipts signed from now on carry it; documents already signed keep
     * the signature they were sent with. Every refusal names its field and writes nothing.
     */
    async installSigningCertificate(actor: Actor, orgSlug: string, upload: { data: Buffer; passphrase: string }, meta: { ip: string | null }): Promise<void> {
      const org = await loadOrgBySlug(orgSlug);
      authorize(receiptingPolicy, actor, 'signing.manage', { organizationId: org.id });
      const inspected = inspectSigningBundle(upload.data, upload.passphrase, now());
      if (!inspected.ok) throw new ValidationError(inspected.refusal.field, inspected.refusal.code);
      const cert = describeCertificate(inspected.identity.certificatePem);
      await db.transaction().execute(async (trx) => {
        await replaceSigningKey(trx, sealedKey(org.id, inspected.identity, false));
        await recordAudit(trx, {
          action: 'receipting.signing_certificate.installed',
          organizationId: org.id,
          actorAccountId: actor.accountId,
          targetType: 'organization',
          targetId: org.id,
          ip: meta.ip,
          data: { subject: cert.subjectCommonName, issuer: cert.issuer, fingerprint: cert.sha256Fingerprint, validTo: cert.validTo.toISOString() },
        });
      });
    },

    async removeSignatureImage(actor: Actor, orgSlug: string, meta: { ip: string | null }): Promise<void> {
      const org = await loadOrgBySlug(orgSlug);
      authorize(receiptingPolicy, actor, 'settings.manage', { organizationId: org.id });
      await db.transaction().execute(async (trx) => {
        await setSignatureObject(trx, org.id, null, actor.accountId);
        await recordAudit(trx, { action: 'receipting.signature.removed', organizationId: org.id, actorAccountId: actor.accountId, targetType: 'organization', targetId: org.id, ip: meta.ip });
      });
    },

    async saveSettings(actor: Actor, orgSlug: string, body: SettingsBody, meta: { ip: string | null }): Promise<void> {
      const org = await loadOrgBySlug(orgSlug);
      authorize(receiptingPolicy, actor, 'settings.manage', { organizationId: org.id });
      await db.transaction().execute(async (trx) => {
        await upsertSettings(trx, org.id, {
          legalName: body.legalName,
          addressLine1: body.addressLine1,
          addressLine2: body.addressLine2 ?? null,
          city: body.city,
          province: body.province,
          postalCode: body.postalCode.toUpperCase(),
          placeOfIssue: body.placeOfIssue,
          signatoryName: body.signatoryName,
          signatoryTitle: body.signatoryTitle,
          seriesPrefix: body.seriesPrefix ?? '',
          updatedBy: actor.accountId,
        });
        await recordAudit(trx, { action: 'receipting.settings.updated', organizationId: org.id, actorAccountId: actor.accountId, targetType: 'organization', targetId: org.id, ip: meta.ip });
      });
    },

    async register(actor: Actor, orgSlug: string, q: RegisterQuery) {
      const org = await loadOrgBySlug(orgSlug);
      authorize(receiptingPolicy, actor, 'register.view', { organizationId: org.id });
      const rows = await listReceiptsForOrganization(db, { organizationId: org.id, year: q.year, status: q.status, q: q.q, limit: PAGE_SIZE + 1, offset: (q.page - 1) * PAGE_SIZE });
      const settings = await findSettings(db, org.id);
      return { org, receipts: rows.slice(0, PAGE_SIZE), hasMore: rows.length > PAGE_SIZE, missing: missingForIssuing(org, settings) };
    },

    /** The register as CSV for the annual information return (T3010), with the filters of the page. */
    async registerCsv(actor: Actor, orgSlug: string, q: RegisterQuery): Promise<{ filename: string; csv: string }> {
      const org = await loadOrgBySlug(orgSlug);
      authorize(receiptingPolicy, actor, 'register.view', { organizationId: org.id });
      const all: Receipt[] = [];
      for (let offset = 0; ; offset += 1000) {
        const batch = await listReceiptsForOrganization(db, { organizationId: org.id, year: q.year, status: q.status, q: q.q, limit: 1000, offset });
        all.push(...batch);
        if (batch.length < 1000) break;
      }
      const dollars = (c: number) => (c / 100).toFixed(2);
      const csv = stringify(
        all.map((r) => [r.serial, r.issuedOn, r.receivedOn ?? String(r.receivedYear), cell(r.donorFullName), cell([...r.donorAddressLines, r.donorCity, r.donorProvince, r.donorPostalCode, r.donorCountry].join(', ')), r.giftKind, dollars(r.amountCents), dollars(r.advantageCents), dollars(r.eligibleAmountCents), r.status, r.replacesSerial ?? '']),
        { header: true, columns: ['serial', 'date_issued', 'date_received', 'donor', 'donor_address', 'gift_kind', 'amount', 'advantage', 'eligible_amount', 'status', 'replaces'] },
      );
      return { filename: `receipts-${org.slug}${q.year ? `-${q.year}` : ''}.csv`, csv };
    },

    async receiptPage(actor: Actor, orgSlug: string, receiptId: string) {
      const org = await loadOrgBySlug(orgSlug);
      const receipt = await findReceipt(db, org.id, receiptId);
      if (!receipt) throw new NotFoundError();
      authorize(receiptingPolicy, actor, 'receipt.replace', receipt);
      const [gifts, deliveries, replacedBy] = await Promise.all([listReceiptGifts(db, receipt.id), listDeliveries(db, receipt.id), findReplacement(receipt)]);
      return { org, receipt, gifts, deliveries, replacedBy };
    },

    async resend(actor: Actor, orgSlug: string, receiptId: string): Promise<boolean> {
      const org = await loadOrgBySlug(orgSlug);
      const receipt = await findReceipt(db, org.id, receiptId);
      if (!receipt) throw new NotFoundError();
      authorize(receiptingPolicy, actor, 'receipt.send', receipt);
      if (receipt.status !== 'issued') throw new ConflictError('receipt_already_cancelled');
      return queueEmail(db, receipt);
    },

    async replaceFromForm(actor: Actor, orgSlug: string, receiptId: string, body: { fullName: string; addressLine1: string; addressLine2?: string | undefined; city: string; province: string; postalCode: string; country: string; reason: string }) {
      const org = await loadOrgBySlug(orgSlug);
      const receipt = await findReceipt(db, org.id, receiptId);
      if (!receipt) throw new NotFoundError();
      return cancelAndReplace(
        receipt.id,
        { donor: { fullName: body.fullName, addressLines: [body.addressLine1, body.addressLine2].filter((x): x is string => !!x), city: body.city, province: body.province, postalCode: body.postalCode, country: body.country }, reason: body.reason },
        actor,
      );
    },

    async myReceipts(actor: Actor) {
      authorize(receiptingPolicy, actor, 'receipt.listOwn', undefined);
      return listReceiptsForAccount(db, actor.accountId!);
    },
  };

  async function findReplacement(receipt: Receipt): Promise<Receipt | undefined> {
    if (receipt.status !== 'cancelled') return undefined;
    const sources = await listReceiptGifts(db, receipt.id);
    const first = sources[0];
    if (!first) return undefined;
    const all = await listReceiptsForSource(db, receipt.organizationId, { type: first.sourceType, id: first.sourceId });
    return all.find((r) => r.replacesReceiptId === receipt.id);
  }
}

function giftFromLine(l: ReceiptGiftLine, original: Receipt) {
  const inKind = original.giftKind === 'in_kind';
  return {
    source: { type: l.sourceType, id: l.sourceId },
    dateReceived: l.receivedOn,
    kind: original.giftKind,
    amountCents: l.amountCents,
    advantageCents: l.advantageCents,
    advantageDescription: l.advantageDescription,
    advantageNearCash: l.advantageNearCash,
    propertyDescription: inKind ? original.propertyDescription : null,
    appraiser: inKind && original.appraiserName ? { name: original.appraiserName, address: original.appraiserAddress ?? '' } : null,
    fairMarketValueCents: inKind ? l.amountCents : null,
  };
}

/** Spreadsheet formula injection: a text cell starting with = + - @ gets a leading apostrophe. */
const cell = (s: string) => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);

export type ReceiptingService = ReturnType<typeof createReceiptingService>;
