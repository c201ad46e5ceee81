import type { Actor } from '../../../platform/auth/actor.js';
import { authorize, can } from '../../../platform/auth/policy.js';
import { recordAudit } from '../../../platform/audit/audit.js';
import { newId } from '../../../platform/db/ids.js';
import { isUniqueViolation } from '../../../platform/db/pg-errors.js';
import { ConflictError, NotFoundError, ValidationError } from '../../../platform/http/errors.js';
import { deleteKeyword, findNumber, findOrganizationBySlug, insertKeyword, insertNumber, listKeywords, listNumbers, type OrgRef } from '../db/queries/programs.js';
import type { KeywordRow, NumberRow } from '../db/schema.js';
import type { CampaignRef, TextGivingDeps } from '../deps.js';
import { last4 } from '../phone.js';
import { textGivingPolicy } from '../policy.js';
import type { AddKeywordBody, ConnectNumberBody } from '../schemas.js';
import { inboundPath } from './inbound.js';

type Meta = { ip: string | null };
export type NumberView = { id: string; label: string; last4: string; supportNumber: string; programLang: 'en' | 'fr'; sendsPerSecond: number; webhookUrl: string };

/** Numbers and keywords: the pages where a foundation sets up giving by text. */
export function createProgramService(deps: TextGivingDeps & { onNumberChanged(id: string): void }) {
  const { db, sealer } = deps;

  async function orgFor(actor: Actor, slug: string, action: 'program.view' | 'number.manage' | 'keyword.manage'): Promise<OrgRef> {
    const org = await findOrganizationBySlug(db, slug);
    if (!org) throw new NotFoundError();
    // People outside the organization do not learn whether it gives by text.
    if (!actor.isMemberOf(org.id)) authorize(textGivingPolicy, actor, 'program.view', { organizationId: org.id });
    authorize(textGivingPolicy, actor, action, { organizationId: org.id });
    return org;
  }

  const toNumberView = (n: NumberRow): NumberView => ({
    id: n.id, label: n.label, last4: n.phoneNumberLast4, supportNumber: n.supportNumber, programLang: n.programLang, sendsPerSecond: n.sendsPerSecond,
    webhookUrl: new URL(inboundPath(n.id), deps.config.publicUrl).href,
  });

  /** The campaigns the keywords point at, through the fundraising service. */
  async function campaignsOf(org: OrgRef, keywords: KeywordRow[]): Promise<CampaignRef[]> {
    if (!deps.campaigns) return [];
    const ids = [...new Set(keywords.map((k) => k.campaignId))];
    const found = await Promise.all(ids.map((id) => deps.campaigns!.findCampaign(org.id, id)));
    return found.filter((c): c is CampaignRef => c !== null);
  }

  return {
    async numbersPage(actor: Actor, slug: string) {
      const org = await orgFor(actor, slug, 'program.view');
      const numbers = await listNumbers(db, org.id);
      return { org, numbers: numbers.map(toNumberView), canManageNumbers: can(textGivingPolicy, actor, 'number.manage', { organizationId: org.id }) };
    },

    async connectNumber(actor: Actor & { accountId: string | null }, slug: string, body: ConnectNumberBody, meta: Meta): Promise<string> {
      const org = await orgFor(actor, slug, 'number.manage');
      const existing = await listNumbers(db, org.id);
      for (const n of existing) if (sealer.open(n.phoneNumberSealed) === body.phoneNumber) throw new ConflictError('already_exists', 'phoneNumber');
      const id = newId();
      await db.transaction().execute(async (trx) => {
        await insertNumber(trx, {
          id, organizationId: org.id, label: body.label, phoneNumberSealed: sealer.seal(body.phoneNumber), phoneNumberLast4: last4(body.phoneNumber),
          accountSidSealed: sealer.seal(body.accountSid), authTokenSealed: sealer.seal(body.authToken), supportNumber: body.supportNumber,
          programLang: body.programLang, sendsPerSecond: body.sendsPerSecond,
        });
        await recordAudit(trx, { action: 'text-giving.number.connected', organizationId: org.id, actorAccountId: actor.accountId, targetType: 'text_giving_number', targetId: id, ip: meta.ip, data: { label: body.label, last4: last4(body.phoneNumber) } });
      });
      return id;
    },

    async numberPage(actor: Actor, slug: string, numberId: string) {
      const org = await orgFor(actor, slug, 'program.view');
      const number = await findNumber(db, org.id, numberId);
      if (!number) throw new NotFoundError();
      const keywords = await listKeywords(db, org.id, number.id);
      const campaigns = await campaignsOf(org, keywords);
      // The keyword form's campaign picker: every campaign of the organization.
      const campaignChoices = deps.campaigns ? await deps.campaigns.listCampaigns(org.id) : null;
      return { org, number: toNumberView(number), keywords, campaigns, campaignChoices, canManageKeywords: can(textGivingPolicy, actor, 'keyword.manage', { organizationId: org.id }) };
    },

    async addKeyword(actor: Actor & { accountId: string | null }, slug: string, numberId: string, body: AddKeywordBody, meta: Meta): Promise<void> {
      const org = await orgFor(actor, slug, 'keyword.manage');
      const number = await findNumber(db, org.id, numberId);
      if (!number) throw new NotFoundError();
      if (deps.campaigns && !(await deps.campaigns.findCampaign(org.id, body.campaignId))) throw new ValidationError('campaignId', 'not_found');
      const id = newId();
      try {
        await db.transaction().execute(async (trx) => {
          await insertKeyword(trx, {
            id, organizationId: org.id, numberId: number.id, campaignId: body.campaignId, keyword: body.keyword, lang: body.lang, flow: body.flow,
            amountsCents: [...new Set(body.amounts)].sort((a, b) => a - b).map((d) => d * 100), defaultAmountCents: body.defaultAmount * 100, confirmWindowMinutes: body.confirmWindowMinutes,
          });
          await recordAudit(trx, { action: 'text-giving.keyword.added', organizationId: org.id, actorAccountId: actor.accountId, targetType: 'text_giving_keyword', targetId: id, ip: meta.ip, data: { keyword: body.keyword, campaignId: body.campaignId } });
        });
      } catch (error) {
        if (isUniqueViolation(error, 'text_giving_keywords_number_keyword_key')) throw new ConflictError('already_exists', 'keyword');
        throw error;
      }
      deps.onNumberChanged(number.id);
    },

    async removeKeyword(actor: Actor & { accountId: string | null }, slug: string, numberId: string, keywordId: string, meta: Meta): Promise<void> {
      const org = await orgFor(actor, slug, 'keyword.manage');
      await db.transaction().execute(async (trx) => {
        if ((await deleteKeyword(trx, org.id, numberId, keywordId)) === 0) throw new NotFoundError();
        await recordAudit(trx, { action: 'text-giving.keyword.removed', organizationId: org.id, actorAccountId: actor.accountId, targetType: 'text_giving_keyword', targetId: keywordId, ip: meta.ip });
      });
    },
  };
}
export type ProgramService = ReturnType<typeof createProgramService>;
export type { KeywordRow };
