import type { Actor } from '../../../platform/auth/actor.js';
import { authorize } from '../../../platform/auth/policy.js';
import { newId } from '../../../platform/db/ids.js';
import { isUniqueViolation } from '../../../platform/db/pg-errors.js';
import { ConflictError, NotFoundError, ValidationError } from '../../../platform/http/errors.js';
import type { FundraisingDeps } from '../deps.js';
import { findPageById, findPageBySlug, insertPage, listLeaders, listPageWall, listTeams, type OrgRef, type WallEntry } from '../db/queries.js';
import type { CampaignRow, PageRow } from '../db/schema.js';
import { fundraisingPolicy } from '../policy.js';
import type { CreatePageBody } from '../schemas.js';
import { loadCampaign } from './campaigns.js';

export const LEADERBOARD_SIZE = 10;

/** Peer-to-peer: supporters' personal pages and team pages, and their leaderboards. */
export function createPageService(deps: Pick<FundraisingDeps, 'db'>) {
  const { db } = deps;
  return {
    async leaderboards(org: OrgRef, campaign: CampaignRow): Promise<{ people: PageRow[]; teams: PageRow[] }> {
      const [people, teams] = await Promise.all([listLeaders(db, org.id, campaign.id, 'personal', LEADERBOARD_SIZE), listLeaders(db, org.id, campaign.id, 'team', LEADERBOARD_SIZE)]);
      return { people, teams };
    },

    async page(actor: Actor, orgSlug: string, campaignSlug: string, pageSlug: string): Promise<{ org: OrgRef; campaign: CampaignRow; page: PageRow; team: PageRow | null; wall: WallEntry[] }> {
      const { org, campaign } = await loadCampaign(db, orgSlug, campaignSlug);
      authorize(fundraisingPolicy, actor, 'campaign.view', campaign);
      const page = await findPageBySlug(db, org.id, campaign.id, pageSlug);
      if (!page) throw new NotFoundError();
      const team = page.teamId ? ((await findPageById(db, page.teamId)) ?? null) : null;
      return { org, campaign, page, team, wall: await listPageWall(db, org.id, page.id, 50) };
    },

    async newForm(actor: Actor, orgSlug: string, campaignSlug: string): Promise<{ org: OrgRef; campaign: CampaignRow; teams: PageRow[] }> {
      const { org, campaign } = await loadCampaign(db, orgSlug, campaignSlug);
      authorize(fundraisingPolicy, actor, 'page.create', campaign);
      return { org, campaign, teams: await listTeams(db, org.id, campaign.id) };
    },

    async createPage(actor: Actor, orgSlug: string, campaignSlug: string, input: CreatePageBody): Promise<string> {
      try {
        return await db.transaction().execute(async (trx) => {
          const { org, campaign } = await loadCampaign(trx, orgSlug, campaignSlug);
          authorize(fundraisingPolicy, actor, 'page.create', campaign);
          let teamId: string | null = null;
          if (input.teamId && input.kind === 'personal') {
            const team = await findPageById(trx, input.teamId);
            if (!team || team.campaignId !== campaign.id || team.kind !== 'team') throw new ValidationError('teamId', 'invalid_choice');
            teamId = team.id;
          }
          if (await findPageBySlug(trx, org.id, campaign.id, input.slug)) throw new ConflictError('already_exists', 'slug');
          await insertPage(trx, { id: newId(), organizationId: org.id, campaignId: campaign.id, ownerAccountId: actor.accountId, kind: input.kind, teamId, slug: input.slug, title: input.title, story: input.story, goalCents: input.goal });
          return input.slug;
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw new ConflictError('already_exists', 'slug');
        throw error;
      }
    },
  };
}
export type PageService = ReturnType<typeof createPageService>;
