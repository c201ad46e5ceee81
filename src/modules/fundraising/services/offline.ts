import type { Actor } from '../../../platform/auth/actor.js';
import { authorize } from '../../../platform/auth/policy.js';
import { recordAudit } from '../../../platform/audit/audit.js';
import { newId } from '../../../platform/db/ids.js';
import type { Executor } from '../../../platform/db/types.js';
import { ValidationError } from '../../../platform/http/errors.js';
import type { FundraisingDeps } from '../deps.js';
import { findCampaignById, listCampaigns, type OrgRef } from '../db/queries.js';
import type { CampaignRow, GiftMethod, GiftRow, NewGiftRow } from '../db/schema.js';
import type { BatchRow, ChequeBatchBody, OfflineGiftBody } from '../offline-schemas.js';
import { fundraisingPolicy } from '../policy.js';
import { loadOrg, type RequestMeta } from './campaigns.js';
import { onGiftSucceeded } from './gifts.js';

type Donor = Pick<BatchRow, 'firstName' | 'middleInitial' | 'lastName' | 'email' | 'addressLine1' | 'addressLine2' | 'city' | 'province' | 'postalCode' | 'language'>;
const donorColumns = (d: Donor) => ({
  donorEmail: d.email ?? '',
  donorFirstName: d.firstName,
  donorMiddleInitial: d.middleInitial?.toUpperCase() ?? null,
  donorLastName: d.lastName,
  donorAddressLine1: d.addressLine1,
  donorAddressLine2: d.addressLine2 ?? null,
  donorCity: d.city,
  donorProvince: d.province,
  donorPostalCode: d.postalCode,
  donorLanguage: d.language,
});

/** Gifts the foundation received itself: cheques, cash, e-Transfers, property. */
export function createOfflineService(deps: Pick<FundraisingDeps, 'db'>) {
  const { db } = deps;

  async function campaignIn(ex: Executor, org: OrgRef, id: string, field = 'campaignId'): Promise<CampaignRow> {
    const c = await findCampaignById(ex, org.id, id);
    if (!c) throw new ValidationError(field, 'invalid_choice');
    return c;
  }

  async function record(trx: Executor, row: NewGiftRow): Promise<GiftRow> {
    const gift = await trx.insertInto('fundraisingGifts').values(row).returningAll().executeTakeFirstOrThrow();
    await onGiftSucceeded(trx, gift);
    return gift;
  }

  return {
    async form(actor: Actor, orgSlug: string): Promise<{ org: OrgRef; campaigns: CampaignRow[] }> {
      const org = await loadOrg(db, orgSlug);
      authorize(fundraisingPolicy, actor, 'gift.recordOffline', { organizationId: org.id });
      return { org, campaigns: await listCampaigns(db, org.id) };
    },

    async recordGift(actor: Actor, orgSlug: string, input: OfflineGiftBody, meta: RequestMeta): Promise<string> {
      return db.transaction().execute(async (trx) => {
        const org = await loadOrg(trx, orgSlug);
        authorize(fundraisingPolicy, actor, 'gift.recordOffline', { organizationId: org.id });
        const campaign = await campaignIn(trx, org, input.campaignId);
        const inKind = input.method === 'in_kind';
        const gift = await record(trx, {
          id: newId(), organizationId: org.id, campaignId: campaign.id, status: 'succeeded', channel: 'offline', method: input.method as GiftMethod,
          kind: inKind ? 'in_kind' : 'cash', amountCents: input.amount, receivedOn: input.receivedOn, reference: input.reference ?? null,
          advantageCents: input.advantage ?? 0, advantageDescription: input.advantage ? (input.advantageDescription ?? null) : null, advantageNearCash: Boolean(input.advantage) && input.advantageNearCash,
          propertyDescription: inKind ? (input.propertyDescription ?? null) : null, appraiserName: inKind ? (input.appraiserName ?? null) : null, appraiserAddress: inKind ? (input.appraiserAddress ?? null) : null,
          wallDisplay: 'hidden', succeededAt: new Date(), recordedBy: actor.accountId, ...donorColumns(input),
        });
        await recordAudit(trx, { action: 'fundraising.gift.recorded', organizationId: org.id, actorAccountId: actor.accountId, targetType: 'fundraising_gift', targetId: gift.id, ip: meta.ip, data: { method: input.method, amountCents: input.amount } });
        return gift.id;
      });
    },

    /** Every row or none: one transaction, and rows are checked before anything is written. */
    async recordChequeBatch(actor: Actor, orgSlug: string, input: ChequeBatchBody, meta: RequestMeta): Promise<string[]> {
      return db.transaction().execute(async (trx) => {
        const org = await loadOrg(trx, orgSlug);
        authorize(fundraisingPolicy, actor, 'gift.recordOffline', { organizationId: org.id });
        const campaign = await campaignIn(trx, org, input.campaignId);
        const batchId = newId();
        const ids: string[] = [];
        for (const row of input.rows) {
          const gift = await record(trx, {
            id: newId(), organizationId: org.id, campaignId: campaign.id, status: 'succeeded', channel: 'offline', method: 'cheque', amountCents: row.amount,
            receivedOn: input.receivedOn, reference: row.reference, wallDisplay: 'hidden', succeededAt: new Date(), recordedBy: actor.accountId, ...donorColumns(row),
          });
          ids.push(gift.id);
        }
        await recordAudit(trx, { action: 'fundraising.cheque_batch.recorded', organizationId: org.id, actorAccountId: actor.accountId, targetType: 'fundraising_cheque_batch', targetId: batchId, ip: meta.ip, data: { gifts: ids.length, totalCents: input.rows.reduce((s, r) => s + r.amount, 0), receivedOn: input.receivedOn } });
        return ids;
      });
    },
  };
}
export type OfflineService = ReturnType<typeof createOfflineService>;
