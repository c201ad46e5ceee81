import { sql } from 'kysely';
import { newId } from '../../../platform/db/ids.js';
import { enqueueJob, enqueueJobsSql } from '../../../platform/jobs/queue.js';
import type { Executor } from '../../../platform/db/types.js';
import { ForbiddenError, NotFoundError } from '../../../platform/http/errors.js';
import { findNumberById, findOrganizationById, findKeywordByWord, type OrgRef } from '../db/queries/programs.js';
import {
  cancelOpenPledges,
  cancelQueuedOutbound,
  findAwaitingPledge,
  findInbound,
  insertConsent,
  insertPledge,
  markInboundProcessed,
  setPledgeStatus,
  updateContact,
  upsertContact,
} from '../db/queries/messages.js';
import type { ContactRow, InboundMessageRow, KeywordRow, Lang, NumberRow } from '../db/schema.js';
import type { TextGivingDeps } from '../deps.js';
import { E164, last4 } from '../phone.js';
import { parseIntent } from '../sms-words.js';
import type { SmsTexts } from '../sms-texts.js';
import { validateTwilioSignature } from '../twilio-gateway.js';
import type { CredentialCache } from './credentials.js';
import type { OutboundService } from './outbound.js';
import { newToken } from './tokens.js';

export const PROCESS_INBOUND_JOB = 'text-giving.process-inbound';
/** How long a text waits before looking again whether the donor's earlier text was read. */
const WAIT_TURN_MS = 2_000;

export type InboundParams = Record<string, unknown>;
export type Outcome = 'opted_out' | 'already_opted_out' | 'opted_in' | 'help' | 'pledge_awaiting' | 'pledge_confirmed' | 'pledge_expired' | 'pledge_declined' | 'nothing_to_confirm' | 'link_sent' | 'bad_amount' | 'campaign_closed' | 'unknown' | 'ignored_opted_out' | 'erased' | 'empty';

/** The path Twilio is given for a number's inbound texts; signed against config.publicUrl + this path. */
export const inboundPath = (numberId: string) => `/api/v1/text-giving/numbers/${numberId}/twilio/messages`;

export function createInboundService(
  deps: TextGivingDeps & { credentials: CredentialCache; outbound: OutboundService; texts: SmsTexts; hashPhone: (phone: string) => string },
) {
  const { db, sealer, credentials, outbound, texts } = deps;
  const numberCache = new Map<string, { at: number; row: NumberRow | undefined }>();

  async function loadNumber(id: string): Promise<NumberRow | undefined> {
    const hit = numberCache.get(id);
    if (hit && Date.now() - hit.at < 5_000) return hit.row;
    const row = await findNumberById(db, id);
    numberCache.set(id, { at: Date.now(), row });
    return row;
  }

  /**
   * Checks Twilio's signature over the public URL and the posted fields, with the official SDK.
   * Anything unsigned, or signed for another URL or other fields, is refused before it is read.
   */
  async function verify(numberId: string, signature: string | undefined, urlPath: string, params: InboundParams): Promise<NumberRow> {
    if (!/^[0-9a-f-]{36}$/.test(numberId)) throw new NotFoundError();
    const number = await loadNumber(numberId);
    if (!number) throw new NotFoundError();
    if (!signature) throw new ForbiddenError('signature_invalid');
    const { authToken } = credentials.open(number);
    const url = new URL(urlPath, deps.config.publicUrl).href;
    if (!validateTwilioSignature(authToken, signature, url, params)) throw new ForbiddenError('signature_invalid');
    return number;
  }

  /**
   * Stores the text and its processing job in one statement, before the webhook answers:
   * a retry of the same MessageSid inserts nothing and queues nothing.
   */
  async function record(number: NumberRow, msg: { messageSid: string; from: string; body: string }): Promise<{ stored: boolean }> {
    const id = newId();
    const fromHash = deps.hashPhone(msg.from);
    const fromSealed = sealer.seal(msg.from);
    const jobId = newId();
    const r = await sql<{ id: string }>`
      with m as (
        insert into text_giving_inbound_messages (id, organization_id, number_id, message_sid, from_hash, from_sealed, body)
        values (${id}, ${number.organizationId}, ${number.id}, ${msg.messageSid}, ${fromHash}, ${fromSealed}, ${msg.body})
        on conflict (message_sid) do nothing
        returning id
      )
      ${enqueueJobsSql(sql`select ${jobId}::uuid, ${PROCESS_INBOUND_JOB}::text, jsonb_build_object('messageId', m.id), ${`${PROCESS_INBOUND_JOB}:${id}`}::text from m`)}
      returning id`.execute(db);
    return { stored: r.rows.length > 0 };
  }

  function orgName(org: OrgRef, lang: Lang) {
    return lang === 'fr' ? org.nameFr : org.nameEn;
  }

  type Titles = Map<string, { en: string; fr: string; open: boolean }>;
  const titleCache = new Map<string, { at: number; titles: Titles }>();
  /**
   * Names of the campaigns this number's keywords point at, read through the fundraising service
   * before the processing transaction opens (that service runs its own queries), kept briefly.
   */
  async function campaignTitles(number: NumberRow): Promise<Titles> {
    if (!deps.campaigns) return new Map();
    const ids = [...new Set((await db.selectFrom('textGivingKeywords').select('campaignId').where('numberId', '=', number.id).execute()).map((k) => k.campaignId))];
    // A keyword added since (for a draft, say) is not in the kept names: read them again.
    const hit = titleCache.get(number.id);
    if (hit && Date.now() - hit.at < 30_000 && ids.every((id) => hit.titles.has(id))) return hit.titles;
    const titles: Titles = new Map();
    for (const id of ids) {
      const c = await deps.campaigns.findCampaign(number.organizationId, id);
      titles.set(id, c ? { en: c.titleEn, fr: c.titleFr, open: c.open } : { en: '', fr: '', open: false });
    }
    // Only while every campaign is open: a draft just published takes gifts at once (one just closed, within 30 s).
    if ([...titles.values()].every((c) => c.open)) titleCache.set(number.id, { at: Date.now(), titles });
    else titleCache.delete(number.id);
    return titles;
  }

  type Ctx = { trx: Executor; message: InboundMessageRow; number: NumberRow; contact: ContactRow; org: OrgRef; titles: Titles };

  function campaignTitle(ctx: Ctx, campaignId: string, lang: Lang): string {
    return ctx.titles.get(campaignId)?.[lang] || orgName(ctx.org, lang);
  }

  async function reply(ctx: Ctx, kind: string, lang: Lang, key: string, params: Record<string, string | number> = {}, opts: { evenIfOptedOut?: boolean } = {}) {
    const body = texts.text(lang, key, { org: orgName(ctx.org, lang), ...params });
    await outbound.queue(ctx.trx, { number: ctx.number, contact: ctx.contact, kind, lang, body, dedupeKey: `${ctx.message.id}:${kind}`, evenIfOptedOut: opts.evenIfOptedOut ?? false });
  }

  const evidence = (ctx: Ctx) => ({ messageSid: ctx.message.messageSid, body: ctx.message.body, receivedAt: ctx.message.receivedAt.toISOString(), numberLast4: ctx.number.phoneNumberLast4 });

  async function optOut(ctx: Ctx, lang: Lang): Promise<Outcome> {
    if (ctx.contact.optedOutAt) return 'already_opted_out';
    await cancelOpenPledges(ctx.trx, ctx.contact.id);
    await cancelQueuedOutbound(ctx.trx, ctx.contact.id);
    await updateContact(ctx.trx, ctx.contact.id, { optedOutAt: new Date(), lang });
    await insertConsent(ctx.trx, { id: newId(), organizationId: ctx.org.id, contactId: ctx.contact.id, kind: 'opt_out', inboundMessageId: ctx.message.id, evidence: evidence(ctx) });
    // The one and only message after STOP.
    await reply(ctx, 'opt_out_confirmation', lang, 'optedOut', {}, { evenIfOptedOut: true });
    return 'opted_out';
  }

  async function optIn(ctx: Ctx, lang: Lang): Promise<Outcome> {
    await updateContact(ctx.trx, ctx.contact.id, { optedOutAt: null, lang });
    await insertConsent(ctx.trx, { id: newId(), organizationId: ctx.org.id, contactId: ctx.contact.id, kind: 'opt_in', inboundMessageId: ctx.message.id, evidence: evidence(ctx) });
    ctx.contact = { ...ctx.contact, optedOutAt: null };
    await reply(ctx, 'opt_in_confirmation', lang, 'optedIn');
    return 'opted_in';
  }

  async function confirm(ctx: Ctx, lang: Lang): Promise<Outcome> {
    const pledge = await findAwaitingPledge(ctx.trx, ctx.contact.id);
    if (!pledge) {
      await reply(ctx, 'nothing_to_confirm', lang, 'nothingToConfirm');
      return 'nothing_to_confirm';
    }
    const keyword = pledge.keywordId ? await ctx.trx.selectFrom('textGivingKeywords').select('keyword').where('id', '=', pledge.keywordId).executeTakeFirst() : undefined;
    // The reply's time as Twilio delivered it to us, not the time the queue got to it.
    if (ctx.message.receivedAt.getTime() > pledge.expiresAt.getTime()) {
      await setPledgeStatus(ctx.trx, pledge.id, 'expired');
      await reply(ctx, 'pledge_expired', lang, 'expired', { keyword: keyword?.keyword ?? '' });
      return 'pledge_expired';
    }
    await setPledgeStatus(ctx.trx, pledge.id, 'confirmed', { confirmedMessageId: ctx.message.id });
    await insertConsent(ctx.trx, { id: newId(), organizationId: ctx.org.id, contactId: ctx.contact.id, kind: 'follow_up', inboundMessageId: ctx.message.id, evidence: { ...evidence(ctx), pledgeId: pledge.id, basis: 'confirmed_gift' } });
    const campaign = campaignTitle(ctx, pledge.campaignId, lang);
    await reply(ctx, 'pledge_confirmed', lang, 'confirmed', { amount: texts.money(lang, pledge.amountCents), campaign });
    return 'pledge_confirmed';
  }

  async function decline(ctx: Ctx, lang: Lang): Promise<Outcome> {
    const pledge = await findAwaitingPledge(ctx.trx, ctx.contact.id);
    if (!pledge) {
      await reply(ctx, 'nothing_to_confirm', lang, 'nothingToConfirm');
      return 'nothing_to_confirm';
    }
    await setPledgeStatus(ctx.trx, pledge.id, 'cancelled');
    await reply(ctx, 'pledge_declined', lang, 'declined');
    return 'pledge_declined';
  }

  async function give(ctx: Ctx, keyword: KeywordRow, amountDollars: number | null, amountText: string | null): Promise<Outcome> {
    const lang = keyword.lang;
    // A draft (unpublished) or ended campaign takes no pledge; its name is not told.
    if (ctx.titles.get(keyword.campaignId)?.open === false) {
      await reply(ctx, 'campaign_closed', lang, 'campaignClosed');
      return 'campaign_closed';
    }
    const amountCents = amountDollars !== null ? amountDollars * 100 : amountText === null ? keyword.defaultAmountCents : NaN;
    if (!keyword.amountsCents.includes(amountCents)) {
      const amounts = keyword.amountsCents.map((c) => texts.money(lang, c)).join(', ');
      await reply(ctx, 'bad_amount', lang, 'badAmount', { amounts, keyword: keyword.keyword, example: String(keyword.defaultAmountCents / 100) });
      return 'bad_amount';
    }
    // A new request replaces any older one still waiting for YES.
    const older = await findAwaitingPledge(ctx.trx, ctx.contact.id);
    if (older) await setPledgeStatus(ctx.trx, older.id, 'cancelled');
    const campaign = campaignTitle(ctx, keyword.campaignId, lang);
    const expiresAt = new Date(ctx.message.receivedAt.getTime() + keyword.confirmWindowMinutes * 60_000);
    const pledgeId = newId();
    const token = keyword.flow === 'link' ? newToken() : null;
    await insertPledge(ctx.trx, {
      id: pledgeId, organizationId: ctx.org.id, numberId: ctx.number.id, contactId: ctx.contact.id, keywordId: keyword.id, campaignId: keyword.campaignId,
      flow: keyword.flow, amountCents, lang, status: keyword.flow === 'link' ? 'link_sent' : 'awaiting_confirmation', linkTokenHash: token?.hash ?? null,
      expiresAt, inboundMessageId: ctx.message.id, confirmedMessageId: null, giftId: null,
    });
    await updateContact(ctx.trx, ctx.contact.id, { lang });
    const amount = texts.money(lang, amountCents);
    if (token) {
      const url = new URL(`/g/${token.token}`, deps.config.publicUrl).href;
      await insertConsent(ctx.trx, { id: newId(), organizationId: ctx.org.id, contactId: ctx.contact.id, kind: 'follow_up', inboundMessageId: ctx.message.id, evidence: { ...evidence(ctx), pledgeId, basis: 'keyword_gift_request' } });
      await reply(ctx, 'gift_link', lang, 'link', { amount, campaign, url, minutes: keyword.confirmWindowMinutes });
      return 'link_sent';
    }
    await reply(ctx, 'confirm_prompt', lang, 'confirmPrompt', { amount, campaign, minutes: keyword.confirmWindowMinutes });
    return 'pledge_awaiting';
  }

  /** The job: what the text means, and what answers it. Runs once per stored text. */
  async function runProcessInbound(payload: { messageId: string }): Promise<void> {
    const peek = await findInbound(db, payload.messageId);
    if (!peek || peek.processedAt) return;
    const peekNumber = await loadNumber(peek.numberId);
    const titles = peekNumber ? await campaignTitles(peekNumber) : new Map();
    await db.transaction().execute(async (trx) => {
      const message = await trx.selectFrom('textGivingInboundMessages').selectAll().where('id', '=', payload.messageId).forUpdate().executeTakeFirst();
      if (!message || message.processedAt) return;
      // A donor's texts are read in the order they arrived (GIVE before YES), even when an earlier
      // one is held up, e.g. by the lock of a worker that died; this one waits its turn.
      const earlier = await trx
        .selectFrom('textGivingInboundMessages')
        .select('id')
        .where('numberId', '=', message.numberId)
        .where('fromHash', '=', message.fromHash)
        .where('processedAt', 'is', null)
        .where('id', '<', message.id)
        .limit(1)
        .executeTakeFirst();
      if (earlier) {
        await enqueueJob(trx, PROCESS_INBOUND_JOB, { messageId: message.id }, { runAt: new Date(Date.now() + WAIT_TURN_MS), dedupeKey: `${PROCESS_INBOUND_JOB}:${message.id}:after:${newId()}` });
        return;
      }
      const number = await findNumberById(trx, message.numberId);
      const org = number ? await findOrganizationById(trx, number.organizationId) : undefined;
      if (!number || !org || !message.fromSealed) {
        await markInboundProcessed(trx, message.id, 'erased');
        return;
      }
      const phone = sealer.open(message.fromSealed);
      const contact = await upsertContact(trx, {
        id: newId(), organizationId: org.id, numberId: number.id, phoneHash: message.fromHash, phoneSealed: message.fromSealed, phoneLast4: last4(phone), lang: number.programLang,
      });
      const ctx: Ctx = { trx, message, number, contact, org, titles };
      const intent = parseIntent(message.body);
      let outcome: Outcome;
      if (intent.kind === 'stop') outcome = await optOut(ctx, intent.lang);
      else if (intent.kind === 'start') outcome = await optIn(ctx, intent.lang);
      else if (contact.optedOutAt) outcome = 'ignored_opted_out';
      else if (intent.kind === 'help') {
        if (intent.lang && intent.lang !== contact.lang) await updateContact(trx, contact.id, { lang: intent.lang });
        await reply(ctx, 'help', intent.lang ?? contact.lang, 'help', { support: number.supportNumber });
        outcome = 'help';
      } else if (intent.kind === 'yes') outcome = await confirm(ctx, intent.lang);
      else if (intent.kind === 'no') outcome = await decline(ctx, intent.lang);
      else if (intent.kind === 'empty') outcome = 'empty';
      else {
        const keyword = await findKeywordByWord(trx, number.id, intent.keyword);
        if (keyword) outcome = await give(ctx, keyword, intent.amountDollars, intent.amountText);
        else {
          await reply(ctx, 'unknown', contact.lang, 'unknown');
          outcome = 'unknown';
        }
      }
      await markInboundProcessed(trx, message.id, outcome);
    });
  }

  return {
    verify,
    record,
    runProcessInbound,
    findInbound: (id: string) => findInbound(db, id),
    isE164: (s: string) => E164.test(s),
    forgetNumber: (id: string) => {
      numberCache.delete(id);
      titleCache.delete(id);
    },
  };
}
export type InboundService = ReturnType<typeof createInboundService>;
