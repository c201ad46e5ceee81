import type { Actor } from '../../../platform/auth/actor.js';
import { authorize, can } from '../../../platform/auth/policy.js';
import { recordAudit } from '../../../platform/audit/audit.js';
import { newId } from '../../../platform/db/ids.js';
import { isUniqueViolation } from '../../../platform/db/pg-errors.js';
import type { Executor } from '../../../platform/db/types.js';
import { ConflictError, NotFoundError } from '../../../platform/http/errors.js';
import type { FundraisingDeps } from '../deps.js';
import { findCampaignBySlug, findOrganizationBySlug, insertCampaign, listCampaigns, listWall, updateCampaign, type OrgRef, type WallEntry } from '../db/queries.js';
import type { CampaignRow } from '../db/schema.js';
import { fundraisingPolicy } from '../policy.js';
import type { CampaignBody, CreateCampaignBody } from '../schemas.js';
import type { PageService } from './pages.js';
import type { PageRow } from '../db/schema.js';

/** A campaign's end day, two days' grace past it (a link shared on its last evening still works). */
export const hasEnded = (c: Pick<CampaignRow, 'endsOn'>, now = Date.now()) => c.endsOn !== null && c.endsOn.getTime() + 86_400_000 * 2 < now;
/** Whether a campaign takes gifts now: published (a draft takes none) and not ended. */
export const takesGifts = (c: Pick<CampaignRow, 'endsOn' | 'publishedAt'>, now = Date.now()) => c.publishedAt !== null && !hasEnded(c, now);

export type RequestMeta = { ip: string | null };
export const WALL_SIZE = 50;

export async function loadOrg(ex: Executor, slug: string): Promise<OrgRef> {
  const org = await findOrganizationBySlug(ex, slug);
  if (!org) throw new NotFoundError();
  return org;
}

export async function loadCampaign(ex: Executor, orgSlug: string, campaignSlug: string): Promise<{ org: OrgRef; campaign: CampaignRow }> {
  const org = await loadOrg(ex, orgSlug);
  const campaign = await findCampaignBySlug(ex, org.id, campaignSlug);
  if (!campaign) throw new NotFoundError();
  return { org, campaign };
}

const columns = (b: CampaignBody) => ({
  titleEn: b.titleEn,
  titleFr: b.titleFr,
  storyEn: b.storyEn,
  storyFr: b.storyFr,
  goalCents: b.goal,
  startsOn: b.startsOn,
  endsOn: b.endsOn ?? null,
  suggestedAmountsCents: JSON.stringify(b.suggestedAmounts ?? []),
  defaultAdvantageCents: b.defaultAdvantage ?? 0,
  defaultAdvantageDescription: b.defaultAdvantage ? (b.defaultAdvantageDescription ?? null) : null,
});

/** Campaigns: their public page, and the fundraisers' pages to create and edit them. */
export function createCampaignService(deps: Pick<FundraisingDeps, 'db'> & { pages: PageService }) {
  const { db } = deps;
  return {
    async publicPage(actor: Actor, orgSlug: string, campaignSlug: string): Promise<{ org: OrgRef; campaign: CampaignRow; wall: WallEntry[]; canEdit: boolean; leaders: { people: PageRow[]; teams: PageRow[] } }> {
      const { org, campaign } = await loadCampaign(db, orgSlug, campaignSlug);
      authorize(fundraisingPolicy, actor, 'campaign.view', campaign);
      const [wall, leaders] = await Promise.all([listWall(db, org.id, campaign.id, WALL_SIZE), deps.pages.leaderboards(org, campaign)]);
      return { org, campaign, wall, leaders, canEdit: can(fundraisingPolicy, actor, 'campaign.update', campaign) };
    },

    async listPublic(orgSlug: string): Promise<{ org: OrgRef; campaigns: CampaignRow[] }> {
      const org = await loadOrg(db, orgSlug);
      // Drafts are not listed to the public.
      return { org, campaigns: (await listCampaigns(db, org.id)).filter((c) => c.publishedAt !== null) };
    },

    async desk(actor: Actor, orgSlug: string): Promise<{ org: OrgRef; campaigns: CampaignRow[] }> {
      const org = await loadOrg(db, orgSlug);
      authorize(fundraisingPolicy, actor, 'campaign.manage', { organizationId: org.id });
      return { org, campaigns: await listCampaigns(db, org.id) };
    },

    async newForm(actor: Actor, orgSlug: string): Promise<{ org: OrgRef }> {
      const org = await loadOrg(db, orgSlug);
      authorize(fundraisingPolicy, actor, 'campaign.create', { organizationId: org.id });
      return { org };
    },

    async editForm(actor: Actor, orgSlug: string, campaignSlug: string): Promise<{ org: OrgRef; campaign: CampaignRow }> {
      const found = await loadCampaign(db, orgSlug, campaignSlug);
      authorize(fundraisingPolicy, actor, 'campaign.update', found.campaign);
      return found;
    },

    async createCampaign(actor: Actor, orgSlug: string, input: CreateCampaignBody, meta: RequestMeta): Promise<string> {
      try {
        return await db.transaction().execute(async (trx) => {
          const org = await loadOrg(trx, orgSlug);
          authorize(fundraisingPolicy, actor, 'campaign.create', { organizationId: org.id });
          if (await findCampaignBySlug(trx, org.id, input.slug)) throw new ConflictError('already_exists', 'slug');
          const id = newId();
          await insertCampaign(trx, { id, organizationId: org.id, slug: input.slug, createdBy: actor.accountId, ...columns(input) });
          await recordAudit(trx, { action: 'fundraising.campaign.created', organizationId: org.id, actorAccountId: actor.accountId, targetType: 'fundraising_campaign', targetId: id, ip: meta.ip, data: { slug: input.slug } });
          return input.slug;
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw new ConflictError('already_exists', 'slug');
        throw error;
      }
    },

    async updateCampaign(actor: Actor, orgSlug: string, campaignSlug: string, input: CampaignBody, meta: RequestMeta): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const { org, campaign } = await loadCampaign(trx, orgSlug, campaignSlug);
        authorize(fundraisingPolicy, actor, 'campaign.update', campaign);
        await updateCampaign(trx, org.id, campaign.id, columns(input));
        await recordAudit(trx, { action: 'fundraising.campaign.updated', organizationId: org.id, actorAccountId: actor.accountId, targetType: 'fundraising_campaign', targetId: campaign.id, ip: meta.ip });
      });
    },
  };
}
export type CampaignService = ReturnType<typeof createCampaignService>;
