import { NotFoundError } from '../../../platform/http/errors.js';
import { AppError } from '../../../platform/http/errors.js';
import type { TextGivingDeps } from '../deps.js';
import { hashToken } from './tokens.js';
import { textGiftRefs } from '../../fundraising/index.js';

/** A gift link that was used already or whose time ran out; `giveUrl` is the campaign's own gift form. */
export class GiftLinkGoneError extends AppError {
  override name = 'GiftLinkGoneError';
  override readonly status = 410;
  constructor(readonly giveUrl: string | null = null, readonly campaignTitle: string | null = null) {
    super('gift_link_gone');
  }
}

export type GiftLinkView = { amountCents: number; lang: 'en' | 'fr'; campaignTitle: string; expiresAt: Date };

/**
 * The link a text carries: opening it shows what it is for (link previews open it too), and
 * only the donor's "continue" spends it, once, before it expires, on the way to the gift form.
 */
export function createLinkService(deps: TextGivingDeps) {
  const { db } = deps;
  const refs = textGiftRefs(deps.config.secret);

  async function load(token: string) {
    if (!/^[A-Za-z0-9_-]{16}$/.test(token)) throw new NotFoundError();
    const pledge = await db.selectFrom('textGivingPledges').selectAll().where('linkTokenHash', '=', hashToken(token)).executeTakeFirst();
    if (!pledge) throw new NotFoundError();
    const campaign = deps.campaigns ? await deps.campaigns.findCampaign(pledge.organizationId, pledge.campaignId) : null;
    const org = await db.selectFrom('identityOrganizations').select(['slug', 'nameEn', 'nameFr']).where('id', '=', pledge.organizationId).executeTakeFirstOrThrow();
    const campaignTitle = campaign ? (pledge.lang === 'fr' ? campaign.titleFr : campaign.titleEn) : pledge.lang === 'fr' ? org.nameFr : org.nameEn;
    const gone = () => new GiftLinkGoneError(campaign ? `/o/${org.slug}/give/${campaign.slug}` : null, campaignTitle);
    return { pledge, campaign, org, campaignTitle, gone };
  }

  return {
    async showLink(token: string): Promise<GiftLinkView> {
      const { pledge, campaignTitle, gone } = await load(token);
      if (pledge.status !== 'link_sent' || pledge.expiresAt.getTime() < Date.now()) throw gone();
      return { amountCents: pledge.amountCents, lang: pledge.lang, campaignTitle, expiresAt: pledge.expiresAt };
    },

    /** Spends the link (single use) and returns the gift form's address, pre-filled and attributed to text. */
    async useLink(token: string): Promise<string> {
      const { pledge, campaign, org, gone } = await load(token);
      if (!campaign) throw gone();
      const r = await db
        .updateTable('textGivingPledges')
        .set({ status: 'link_used', updatedAt: new Date() })
        .where('id', '=', pledge.id)
        .where('status', '=', 'link_sent')
        .where('expiresAt', '>', new Date())
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) === 0) throw gone();
      // `ref` is the pledge id signed for fundraising: only it makes the gift a text gift.
      const q = new URLSearchParams({ amount: String(pledge.amountCents), channel: 'text', ref: refs.token(pledge.id), lang: pledge.lang });
      return `/o/${org.slug}/give/${campaign.slug}?${q.toString()}`;
    },
  };
}
export type LinkService = ReturnType<typeof createLinkService>;
