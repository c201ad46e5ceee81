import { stringify } from 'csv-stringify/sync';
import type { Actor } from '../../../platform/auth/actor.js';
import { authorize } from '../../../platform/auth/policy.js';
import { isoDay } from '../days.js';
import type { FundraisingDeps } from '../deps.js';
import { listCampaigns, listGifts, totalsByAttribution, totalsByCampaign, totalsByChannel, totalsByDay, type GiftListRow, type OrgRef, type Tally } from '../db/queries.js';
import type { CampaignRow } from '../db/schema.js';
import { fundraisingPolicy } from '../policy.js';
import type { GiftListQuery } from '../report-schemas.js';
import { loadOrg } from './campaigns.js';

export const REPORT_DAYS = 30;
export const LIST_LIMIT = 200;
const EXPORT_LIMIT = 100_000;

export type Reports = { org: OrgRef; campaigns: CampaignRow[]; byCampaign: Tally[]; byChannel: Tally[]; byDay: Tally[]; byAttribution: Tally[]; gifts: GiftListRow[] };

/** What raised what: totals by campaign, channel, page and day; the gift list and its CSV. */
export function createReportService(deps: Pick<FundraisingDeps, 'db'>) {
  const { db } = deps;
  const filter = (q: GiftListQuery) => ({ campaignId: q.campaign, channel: q.channel, status: q.status, from: q.from, to: q.to });
  return {
    async reports(actor: Actor, orgSlug: string, q: GiftListQuery): Promise<Reports> {
      const org = await loadOrg(db, orgSlug);
      authorize(fundraisingPolicy, actor, 'gift.list', { organizationId: org.id });
      const [campaigns, byCampaign, byChannel, byDay, byAttribution, gifts] = await Promise.all([
        listCampaigns(db, org.id), totalsByCampaign(db, org.id), totalsByChannel(db, org.id), totalsByDay(db, org.id, REPORT_DAYS), totalsByAttribution(db, org.id), listGifts(db, org.id, filter(q), LIST_LIMIT),
      ]);
      return { org, campaigns, byCampaign, byChannel, byDay, byAttribution, gifts };
    },

    async giftsCsv(actor: Actor, orgSlug: string, q: GiftListQuery): Promise<{ filename: string; csv: string }> {
      const org = await loadOrg(db, orgSlug);
      authorize(fundraisingPolicy, actor, 'gift.list', { organizationId: org.id });
      const rows = await listGifts(db, org.id, filter(q), EXPORT_LIMIT);
      const csv = stringify(
        rows.map((g) => [g.id, isoDay(g.receivedOn), g.status, g.channel, g.method, (g.amountCents / 100).toFixed(2), (g.advantageCents / 100).toFixed(2), g.campaignTitleEn, g.pageTitle ?? '', g.attributionChannel ?? '', g.donorFirstName, g.donorMiddleInitial ?? '', g.donorLastName, g.donorEmail, g.reference ?? '', g.tributeKind ?? '', g.tributeName ?? '']),
        { header: true, columns: ['gift_id', 'received_on', 'status', 'channel', 'method', 'amount_cad', 'advantage_cad', 'campaign', 'page', 'share_channel', 'first_name', 'middle_initial', 'last_name', 'email', 'reference', 'tribute', 'tribute_name'], cast: { string: (v) => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v) } },
      );
      return { filename: `gifts-${org.slug}.csv`, csv };
    },
  };
}
export type ReportService = ReturnType<typeof createReportService>;
