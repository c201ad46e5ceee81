import { parse } from 'csv-parse/sync';
import type { Actor } from '../../../platform/auth/actor.js';
import { authorize } from '../../../platform/auth/policy.js';
import { recordAudit } from '../../../platform/audit/audit.js';
import { NotFoundError, ValidationError } from '../../../platform/http/errors.js';
import { findNumberById, findOrganizationBySlug, type OrgRef } from '../db/queries/programs.js';
import { hasFollowUpConsent, setPledgeStatus } from '../db/queries/messages.js';
import type { TextGivingDeps } from '../deps.js';
import { textGivingPolicy } from '../policy.js';
import type { SmsTexts } from '../sms-texts.js';
import type { OutboundService } from './outbound.js';
import { enqueueJob } from '../../../platform/jobs/queue.js';
import { RECORD_GIFT_JOB, type RecordGiftPayload } from './gifts.js';
import { UUID_PATTERN as UUID } from '../../../platform/db/ids.js';

export const SETTLEMENT_MAX_ROWS = 20_000;
export type UnmatchedReason = 'invalid_row' | 'unknown_reference' | 'amount_mismatch' | 'not_confirmed' | 'conflicting';
export type SettlementReport = { rows: number; paid: number; failed: number; alreadySettled: number; unmatched: { line: number; reference: string; reason: UnmatchedReason }[] };

const AMOUNT = /^\d{1,5}(\.\d{2})?$/;

/**
 * The billing partner's settlement file: one line per confirmed pledge it billed, by our
 * pledge reference, `paid` or `failed`, with the amount. Reconciled in one transaction.
 */
export function createSettlementService(deps: TextGivingDeps & { outbound: OutboundService; texts: SmsTexts }) {
  const { db, outbound, texts } = deps;

  async function orgFor(actor: Actor, slug: string): Promise<OrgRef> {
    const org = await findOrganizationBySlug(db, slug);
    if (!org) throw new NotFoundError();
    authorize(textGivingPolicy, actor, 'settlement.import', { organizationId: org.id });
    return org;
  }

  function readCsv(csv: Buffer): Record<string, string>[] {
    let rows: Record<string, string>[];
    try {
      rows = parse(csv, { columns: (h: string[]) => h.map((x) => x.trim().toLowerCase()), skip_empty_lines: true, trim: true, bom: true, relax_column_count: true, to: SETTLEMENT_MAX_ROWS + 1 });
    } catch {
      throw new ValidationError('file', 'csv_invalid');
    }
    if (rows.length > SETTLEMENT_MAX_ROWS) throw new ValidationError('file', 'csv_too_many_rows', { max: SETTLEMENT_MAX_ROWS });
    const first = rows[0];
    if (!first || !['reference', 'status', 'amount'].every((c) => c in first)) throw new ValidationError('file', 'csv_columns');
    return rows;
  }

  return {
    async settlementsPage(actor: Actor, slug: string) {
      return { org: await orgFor(actor, slug) };
    },

    async importSettlements(actor: Actor, slug: string, csv: Buffer, meta: { ip: string | null }): Promise<{ org: OrgRef; report: SettlementReport }> {
      const org = await orgFor(actor, slug);
      const rows = readCsv(csv);
      const report: SettlementReport = { rows: rows.length, paid: 0, failed: 0, alreadySettled: 0, unmatched: [] };
      await db.transaction().execute(async (trx) => {
        for (const [i, row] of rows.entries()) {
          const line = i + 2;
          const reference = row.reference ?? '';
          const status = (row.status ?? '').toLowerCase();
          if (!UUID.test(reference) || !['paid', 'failed'].includes(status) || !AMOUNT.test(row.amount ?? '')) {
            report.unmatched.push({ line, reference: reference.slice(0, 40), reason: 'invalid_row' });
            continue;
          }
          const pledge = await trx.selectFrom('textGivingPledges').selectAll().where('organizationId', '=', org.id).where('id', '=', reference).forUpdate().executeTakeFirst();
          if (!pledge) {
            report.unmatched.push({ line, reference, reason: 'unknown_reference' });
            continue;
          }
          if (Math.round(Number(row.amount) * 100) !== pledge.amountCents) {
            report.unmatched.push({ line, reference, reason: 'amount_mismatch' });
            continue;
          }
          if (pledge.status === status) {
            report.alreadySettled++;
            continue;
          }
          if (pledge.status === 'paid' || pledge.status === 'failed') {
            report.unmatched.push({ line, reference, reason: 'conflicting' });
            continue;
          }
          if (pledge.status !== 'confirmed') {
            report.unmatched.push({ line, reference, reason: 'not_confirmed' });
            continue;
          }
          await setPledgeStatus(trx, pledge.id, status as 'paid' | 'failed');
          // A paid pledge becomes a fundraising gift, once (the job's key and fundraising's own).
          if (status === 'paid') await enqueueJob(trx, RECORD_GIFT_JOB, { pledgeId: pledge.id } satisfies RecordGiftPayload, { dedupeKey: `${RECORD_GIFT_JOB}:${pledge.id}` });
          if (status === 'paid') report.paid++;
          else report.failed++;
          // Only within the consent the donor gave (CASL), and never after STOP.
          const contact = await trx.selectFrom('textGivingContacts').selectAll().where('id', '=', pledge.contactId).executeTakeFirst();
          const number = await findNumberById(trx, pledge.numberId);
          if (status === 'failed' && contact && number && !contact.optedOutAt && (await hasFollowUpConsent(trx, contact.id))) {
            const body = texts.text(pledge.lang, 'failed', { org: pledge.lang === 'fr' ? org.nameFr : org.nameEn, amount: texts.money(pledge.lang, pledge.amountCents) });
            await outbound.queue(trx, { number, contact, kind: 'settlement_failed', lang: pledge.lang, body, dedupeKey: `${pledge.id}:settlement_failed` });
          }
        }
        await recordAudit(trx, { action: 'text-giving.settlements.imported', organizationId: org.id, actorAccountId: actor.accountId, ip: meta.ip, data: { rows: report.rows, paid: report.paid, failed: report.failed, unmatched: report.unmatched.length } });
      });
      return { org, report };
    },
  };
}
export type SettlementService = ReturnType<typeof createSettlementService>;
