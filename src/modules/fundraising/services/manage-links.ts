import { createHash } from 'node:crypto';
import { isUuid } from '../../../platform/db/ids.js';
import type { Db } from '../../../platform/db/types.js';
import { formatters, type Lang } from '../../../platform/i18n/i18n.js';
import { enqueueJob } from '../../../platform/jobs/queue.js';
import type { FundraisingDeps } from '../deps.js';
import { findGuestMonthlyGiftOrgSlug, listGuestMonthlyGiftsByEmail } from '../db/monthly-queries.js';
import { findOrganizationById } from '../db/queries.js';
import { monthlyManageLinks } from '../links.js';
import { guestManageMonthlyUrl } from '../views/urls.js';
import { loadOrg } from './campaigns.js';

export const MONTHLY_MANAGE_LINK_JOB = 'fundraising.monthly.manage-link';
export type ManageLinkPayload = { organizationId: string; email: string };

/** One e-mail per address and organization in this window, however often the form is sent. */
export const MANAGE_LINK_WINDOW_MS = 15 * 60_000;

/**
 * "Send me a new manage link": a guest monthly donor gives the e-mail address of their monthly
 * gift and, if the organization has a guest's monthly gift under it, a fresh signed manage link
 * is e-mailed to that address. The request only queues a job, whatever the address, so the
 * answer (and its timing) is the same whether a monthly gift exists or not; the job looks and
 * mails. The job's dedupe key holds one e-mail per address, organization and 15 minutes.
 */
export function createManageLinkService(deps: Pick<FundraisingDeps, 'db' | 'mailer' | 'i18n' | 'config'> & { now?: () => Date }) {
  const { db, mailer, i18n, config } = deps;
  const now = deps.now ?? (() => new Date());
  const links = monthlyManageLinks(config.secret);

  return {
    /** The organization the form is for (404 when there is none). */
    requestPage: (orgSlug: string) => loadOrg(db, orgSlug),

    async requestManageLink(orgSlug: string, email: string): Promise<void> {
      const org = await loadOrg(db, orgSlug);
      const address = email.trim().toLowerCase();
      const window = Math.floor(now().getTime() / MANAGE_LINK_WINDOW_MS);
      const key = createHash('sha256').update(`${org.id}:${address}`).digest('base64url');
      await enqueueJob(db, MONTHLY_MANAGE_LINK_JOB, { organizationId: org.id, email: address } satisfies ManageLinkPayload, { dedupeKey: `${MONTHLY_MANAGE_LINK_JOB}:${key}:${window}` });
    },

    /**
     * The job: one transactional message (no solicitation, so it is sent whatever the address's
     * fundraising consent) listing a fresh link for each of the guest's monthly gifts there.
     */
    async runManageLink(payload: ManageLinkPayload): Promise<void> {
      await sendLinks(db, payload);
    },

    /** The organization of the monthly gift a refused manage link names, so its page can offer the form; a link's id is not trusted for more. */
    async orgOfRefusedLink(token: string): Promise<string | undefined> {
      const id = token.split('.')[0] ?? '';
      return isUuid(id) ? findGuestMonthlyGiftOrgSlug(db, id) : undefined;
    },
  };

  async function sendLinks(ex: Db, payload: ManageLinkPayload): Promise<void> {
    const gifts = await listGuestMonthlyGiftsByEmail(ex, payload.organizationId, payload.email);
    const first = gifts[0];
    if (!first) return;
    const org = await findOrganizationById(ex, payload.organizationId);
    if (!org) return;
    const lang: Lang = first.donorLanguage;
    const t = i18n.t(lang);
    const fr = lang === 'fr';
    const { money } = formatters(lang);
    const lines = gifts.map((g) =>
      t('fundraising-monthly.newLink.mailLine', {
        amount: money(g.amountCents),
        campaign: fr ? g.campaignTitleFr : g.campaignTitleEn,
        link: new URL(guestManageMonthlyUrl(links.token(g.id, now())), config.publicUrl).toString(),
      }),
    );
    const orgName = fr ? org.nameFr : org.nameEn;
    await ex.transaction().execute(async (trx) => {
      await mailer.enqueue(trx, {
        to: first.donorEmail,
        subject: t('fundraising-monthly.newLink.mailSubject', { org: orgName }),
        text: [t('fundraising-monthly.newLink.mailIntro', { name: first.donorFirstName, org: orgName }), ...lines, t('fundraising-monthly.newLink.mailOutro')].join('\n\n'),
        purpose: 'transactional',
        organizationId: payload.organizationId,
      });
    });
  }
}

export type ManageLinkService = ReturnType<typeof createManageLinkService>;
