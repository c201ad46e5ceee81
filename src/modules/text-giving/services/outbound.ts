import { sql } from 'kysely';
import type { FastifyBaseLogger } from 'fastify';
import { newId } from '../../../platform/db/ids.js';
import type { Executor } from '../../../platform/db/types.js';
import { enqueueJob } from '../../../platform/jobs/queue.js';
import { findNumberById } from '../db/queries/programs.js';
import { findOutbound, insertOutbound, takeSendSlot, updateOutbound } from '../db/queries/messages.js';
import type { ContactRow, Lang, NumberRow } from '../db/schema.js';
import type { TextGivingDeps } from '../deps.js';
import { TwilioRefusedError } from '../twilio-gateway.js';
import type { CredentialCache } from './credentials.js';

export const SEND_REPLY_JOB = 'text-giving.send-reply';
/** Attempts of one reply before it is marked failed. */
export const SEND_ATTEMPTS = 6;
/** A slot this close is taken now rather than by a new job. */
const SLOT_SLACK_MS = 50;
/** An attempt still `sending` after this long has lost its answer (the SDK gives up after 10 s). */
export const STALE_SENDING_MS = 30_000;

/**
 * Replies leave from the job queue, one row per reply. The row's status makes sending
 * idempotent: `sending` is written and committed before Twilio is called, so a retry after
 * an answer that never came (timeout, crash, 5xx) first asks Twilio whether the message
 * exists, and records its SID instead of sending it again.
 */
export function createOutboundService(deps: TextGivingDeps & { credentials: CredentialCache; log?: FastifyBaseLogger | undefined }) {
  const { db, sealer, credentials, twilio } = deps;

  async function queue(
    trx: Executor,
    r: { number: NumberRow; contact: ContactRow; kind: string; lang: Lang; body: string; dedupeKey: string; evenIfOptedOut?: boolean },
  ): Promise<boolean> {
    if (r.contact.optedOutAt && !r.evenIfOptedOut) return false;
    if (r.contact.erasedAt) return false;
    const id = newId();
    const inserted = await insertOutbound(trx, {
      id, organizationId: r.number.organizationId, numberId: r.number.id, contactId: r.contact.id, kind: r.kind, lang: r.lang, body: r.body, dedupeKey: r.dedupeKey,
      twilioSid: null, lastError: null, sendAfter: null, sendingStartedAt: null, sentAt: null,
    });
    if (inserted) await enqueueJob(trx, SEND_REPLY_JOB, { outboundId: id }, { dedupeKey: `${SEND_REPLY_JOB}:${id}`, maxAttempts: SEND_ATTEMPTS });
    return inserted;
  }

  type Step = { action: 'done' } | { action: 'later'; at: Date } | { action: 'send'; from: string; to: string; body: string; creds: { accountSid: string; authToken: string }; number: NumberRow } | { action: 'check'; from: string; to: string; body: string; since: Date; creds: { accountSid: string; authToken: string }; number: NumberRow };

  /** Decides, under the row's lock, what this attempt does. */
  async function prepare(outboundId: string): Promise<Step> {
    return db.transaction().execute(async (trx): Promise<Step> => {
      const msg = await findOutbound(trx, outboundId);
      if (!msg || msg.status === 'sent' || msg.status === 'cancelled' || msg.status === 'failed') return { action: 'done' };
      const contact = await trx.selectFrom('textGivingContacts').selectAll().where('id', '=', msg.contactId).forUpdate().executeTakeFirst();
      const number = await findNumberById(trx, msg.numberId);
      if (!contact || !number || !contact.phoneSealed || (contact.optedOutAt && msg.kind !== 'opt_out_confirmation' && msg.status === 'queued')) {
        await updateOutbound(trx, msg.id, { status: 'cancelled' });
        return { action: 'done' };
      }
      const creds = credentials.open(number);
      const to = sealer.open(contact.phoneSealed);
      if (msg.status === 'queued' && msg.attempts >= SEND_ATTEMPTS) {
        await updateOutbound(trx, msg.id, { status: 'failed' });
        return { action: 'done' };
      }
      const dbNow = (await sql<{ now: Date }>`select now() as now`.execute(trx)).rows[0]!.now.getTime();
      if (msg.status === 'sending') {
        // Another attempt may still be waiting for Twilio's answer: not ours to judge yet.
        if (dbNow - msg.sendingStartedAt!.getTime() < STALE_SENDING_MS) throw new Error('reply attempt still in flight');
        return { action: 'check', from: creds.phoneNumber, to, body: msg.body, since: new Date(msg.sendingStartedAt!.getTime() - 60_000), creds, number };
      }
      let slot = msg.sendAfter;
      if (!slot) {
        slot = await takeSendSlot(trx, msg.numberId);
        await updateOutbound(trx, msg.id, { sendAfter: slot });
      }
      if (slot.getTime() > dbNow + SLOT_SLACK_MS) {
        await enqueueJob(trx, SEND_REPLY_JOB, { outboundId: msg.id }, { runAt: slot, dedupeKey: `${SEND_REPLY_JOB}:${msg.id}:${slot.getTime()}`, maxAttempts: SEND_ATTEMPTS });
        return { action: 'later', at: slot };
      }
      await updateOutbound(trx, msg.id, { status: 'sending', attempts: msg.attempts + 1, sendingStartedAt: new Date(dbNow) });
      return { action: 'send', from: creds.phoneNumber, to, body: msg.body, creds, number };
    });
  }

  async function markSent(outboundId: string, sid: string) {
    await updateOutbound(db, outboundId, { status: 'sent', twilioSid: sid, sentAt: new Date(), lastError: null });
  }

  /** The job: one attempt at one reply. Throws to have the queue retry with back-off. */
  async function runSendReply(payload: { outboundId: string }): Promise<void> {
    let step = await prepare(payload.outboundId);
    if (step.action === 'check') {
      // The last attempt's answer was lost: did Twilio accept it anyway?
      const { body } = step;
      const found = (await twilio.findSent(step.creds, { from: step.from, to: step.to, since: step.since })).find((m) => m.body === body);
      if (found) {
        await markSent(payload.outboundId, found.sid);
        return;
      }
      await updateOutbound(db, payload.outboundId, { status: 'queued', sendAfter: null });
      step = await prepare(payload.outboundId);
    }
    if (step.action !== 'send') return;
    try {
      const sent = await twilio.send(step.creds, { from: step.from, to: step.to, body: step.body });
      await markSent(payload.outboundId, sent.sid);
    } catch (error) {
      if (error instanceof TwilioRefusedError) {
        // Twilio said no: nothing was accepted, so the row goes back to queued (or fails for good).
        await updateOutbound(db, payload.outboundId, { status: error.permanent ? 'failed' : 'queued', sendAfter: null, lastError: error.message.slice(0, 300) });
        if (error.permanent) return;
        throw error;
      }
      // No answer, or an unclear one: the row stays `sending`, and the retry checks with Twilio first.
      const code = (error as { code?: string | number; status?: number }).status ?? (error as { code?: string }).code ?? 'no_answer';
      const safe = new Error(`twilio send unanswered (${String(code)})`);
      await updateOutbound(db, payload.outboundId, { lastError: safe.message });
      throw safe;
    }
  }

  return { queue, runSendReply };
}
export type OutboundService = ReturnType<typeof createOutboundService>;
