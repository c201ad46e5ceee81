import type { Actor } from '../../../platform/auth/actor.js';
import { authorize } from '../../../platform/auth/policy.js';
import { NotFoundError } from '../../../platform/http/errors.js';
import { findOrganizationBySlug, type OrgRef } from '../db/queries/programs.js';
import type { TextGivingDeps } from '../deps.js';
import { textGivingPolicy } from '../policy.js';

export type BoardRow = {
  campaignId: string;
  titleEn: string;
  titleFr: string;
  /** Every channel, as the fundraising module counts its gifts. */
  allCents: number;
  allCount: number;
  /** Pledges by text that were confirmed (or paid by the carrier). */
  textCents: number;
  textCount: number;
  /** Texts waiting for YES right now. */
  awaiting: number;
};
export type Board = { org: OrgRef; rows: BoardRow[]; at: string };
/** One campaign's public totals: the campaign's own (every channel), and text pledges confirmed but not yet paid. */
export type CampaignTotals = { raisedCents: number; goalCents: number; giftCount: number; pledgedCents: number; pledgedCount: number };
/** Public totals are shared by every open page for this long, so viewers do not multiply queries. */
const PUBLIC_TTL_MS = 1_000;

/** The telethon board: per campaign with keywords, the totals as texts arrive. */
export function createBoardService(deps: TextGivingDeps) {
  const { db } = deps;
  const publicCache = new Map<string, { at: number; totals: Promise<CampaignTotals> }>();

  async function loadCampaignTotals(orgSlug: string, campaignId: string): Promise<CampaignTotals> {
    const org = await findOrganizationBySlug(db, orgSlug);
    const campaign = org && deps.campaigns ? await deps.campaigns.findCampaign(org.id, campaignId) : null;
    if (!org || !campaign) throw new NotFoundError();
    // Confirmed pledges are not in the campaign's total until the carrier pays them.
    const pledged = await db
      .selectFrom('textGivingPledges')
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('amountCents').as('cents')])
      .where('organizationId', '=', org.id)
      .where('campaignId', '=', campaign.id)
      .where('status', '=', 'confirmed')
      .executeTakeFirst();
    return { raisedCents: campaign.raisedCents, goalCents: campaign.goalCents, giftCount: campaign.giftCount, pledgedCents: Number(pledged?.cents ?? 0), pledgedCount: Number(pledged?.n ?? 0) };
  }

  return {
    /** The public live totals of a campaign (no sign-in: only what its page shows). */
    campaignTotals(orgSlug: string, campaignId: string): Promise<CampaignTotals> {
      const key = `${orgSlug}:${campaignId}`;
      const hit = publicCache.get(key);
      if (hit && Date.now() - hit.at < PUBLIC_TTL_MS) return hit.totals;
      const totals = loadCampaignTotals(orgSlug, campaignId);
      publicCache.set(key, { at: Date.now(), totals });
      totals.catch(() => publicCache.delete(key));
      if (publicCache.size > 1000) publicCache.delete(publicCache.keys().next().value!);
      return totals;
    },

    async board(actor: Actor, slug: string): Promise<Board> {
      const org = await findOrganizationBySlug(db, slug);
      if (!org) throw new NotFoundError();
      authorize(textGivingPolicy, actor, 'board.view', { organizationId: org.id });
      const campaignIds = [...new Set((await db.selectFrom('textGivingKeywords').select('campaignId').where('organizationId', '=', org.id).execute()).map((k) => k.campaignId))];
      const pledges = campaignIds.length
        ? await db
            .selectFrom('textGivingPledges')
            .select(['campaignId', 'status'])
            .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('amountCents').as('cents')])
            .where('organizationId', '=', org.id)
            .where('campaignId', 'in', campaignIds)
            .where('status', 'in', ['confirmed', 'paid', 'awaiting_confirmation'])
            .groupBy(['campaignId', 'status'])
            .execute()
        : [];
      const rows: BoardRow[] = [];
      for (const id of campaignIds) {
        const c = deps.campaigns ? await deps.campaigns.findCampaign(org.id, id) : null;
        const mine = pledges.filter((p) => p.campaignId === id);
        const counted = mine.filter((p) => p.status !== 'awaiting_confirmation');
        rows.push({
          campaignId: id,
          titleEn: c?.titleEn ?? id,
          titleFr: c?.titleFr ?? id,
          allCents: c?.raisedCents ?? 0,
          allCount: c?.giftCount ?? 0,
          textCents: counted.reduce((a, p) => a + Number(p.cents), 0),
          textCount: counted.reduce((a, p) => a + Number(p.n), 0),
          awaiting: Number(mine.find((p) => p.status === 'awaiting_confirmation')?.n ?? 0),
        });
      }
      return { org, rows, at: new Date().toISOString() };
    },
  };
}
export type BoardService = ReturnType<typeof createBoardService>;
