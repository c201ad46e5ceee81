import type { Actor } from '../../../platform/auth/actor.js';
import { authorize } from '../../../platform/auth/policy.js';
import { newId } from '../../../platform/db/ids.js';
import { isUniqueViolation } from '../../../platform/db/pg-errors.js';
import type { Db, Executor } from '../../../platform/db/types.js';
import { NotFoundError, ValidationError } from '../../../platform/http/errors.js';
import { todayInToronto } from '../days.js';
import type { FundraisingDeps } from '../deps.js';
import {
  applyGiftReversal,
  applyGiftSuccess,
  findGiftById,
  findGiftByIdempotencyKey,
  findGiftForEvent,
  recordInvoicePayment,
  recordPaymentEvent,
  setGiftPayment,
  setPaymentEventOutcome,
  succeedGiftFromEvent,
  textRefAlreadyPaid,
  transitionGift,
  upsertDonor,
  type OrgRef,
  type ReversalJobs,
  type SuccessJobs,
} from '../db/queries.js';
import type { CampaignRow, GatewayKind, GiftRow, NewGiftRow } from '../db/schema.js';
import { InvalidSignatureError, type PaymentEvent, type PaymentGateway } from '../gateways/gateway.js';
import type { TestGateway, TestPaymentResult } from '../gateways/test-gateway.js';
import { fundraisingPolicy } from '../policy.js';
import type { GiveBody } from '../schemas.js';
import { testCheckoutUrl } from '../views/urls.js';
import { hasEnded, loadCampaign } from './campaigns.js';
import { GIFT_RECEIPT_CANCEL_JOB, GIFT_RECEIPT_JOB } from './receipts.js';
import { appendConsent } from './consents.js';
import { createRecordTokens, textGiftRefs } from '../links.js';

/** Queued in the transaction that confirms a gift: thanks the donor and asks for the receipt. */
export const GIFT_CONFIRMED_JOB = 'fundraising.gift.confirmed';
export type GiftConfirmedPayload = { giftId: string; organizationId: string };

/**
 * Queued when a gift made through a text message's link (channel `text`, `reference` = the
 * pledge id, paid online) succeeds: text-to-give writes the gift back to its pledge. It is
 * handled by the text-giving module, which owns the pledge.
 */
export const TEXT_LINK_GIFT_PAID_JOB = 'fundraising.text-link-gift.paid';
export type TextLinkGiftPaidPayload = { organizationId: string; campaignId: string; giftId: string; pledgeId: string; amountCents: number };

/**
 * Queued in the transaction that refunds such a gift or records its dispute (once per gift: a
 * gift leaves `succeeded` once): text-to-give takes its pledge off the gifts paid by text.
 */
export const TEXT_LINK_GIFT_REVERSED_JOB = 'fundraising.text-link-gift.reversed';
export type TextLinkGiftReversedPayload = TextLinkGiftPaidPayload & { reason: 'refunded' | 'disputed' };

export type WebhookResult = { outcome: PaymentEvent['outcome'] | 'replayed' | 'unknown_gift' | 'no_change' | 'recorded'; giftId: string | null };

export const giftUrl = (org: string, campaign: string, gift: string) => `/o/${org}/give/${campaign}/gifts/${gift}`;

/** The jobs a gift's success queues, in the statement that records it (db/queries.ts, successMoves). */
const SUCCESS_JOBS: SuccessJobs = { confirmed: GIFT_CONFIRMED_JOB, receipt: GIFT_RECEIPT_JOB, textLinkPaid: TEXT_LINK_GIFT_PAID_JOB };
/** The jobs a gift's refund or dispute queues (payloads GiftReceiptCancelPayload, TextLinkGiftReversedPayload), in the statement that moves its totals (db/queries.ts, applyGiftReversal). */
const REVERSAL_JOBS: ReversalJobs = { receiptCancel: GIFT_RECEIPT_CANCEL_JOB, textLinkReversed: TEXT_LINK_GIFT_REVERSED_JOB };

/**
 * The commonest event, a payment that succeeded for a gift we named, is applied in one statement
 * (db/queries.ts, succeedGiftFromEvent): it needs no transaction of its own.
 */
export const appliesInOneStatement = (event: PaymentEvent): event is PaymentEvent & { giftId: string } =>
  event.outcome === 'succeeded' && event.giftId !== null && !event.invoicePayment;

/** The event a delivery carries once its signature checks out; a bad signature is a 400 naming the header. */
export function verifiedEvent(verify: () => PaymentEvent): PaymentEvent {
  try {
    return verify();
  } catch (error) {
    if (error instanceof InvalidSignatureError) throw new ValidationError('stripe-signature', 'signature_invalid');
    throw error;
  }
}

/** A verified one-time payment event: in one statement when it can be, else in a transaction. */
export function applyVerifiedPayment(db: Db, gateway: GatewayKind, event: PaymentEvent): Promise<WebhookResult> {
  if (appliesInOneStatement(event)) return applyPaymentEvent(db, gateway, event);
  return db.transaction().execute((trx) => applyPaymentEvent(trx, gateway, event));
}

/** Gift state changes only here, from a verified event, once per event id and once per transition. */
export async function applyPaymentEvent(trx: Executor, gateway: GatewayKind, event: PaymentEvent): Promise<WebhookResult> {
  if (appliesInOneStatement(event)) {
    const outcome = await succeedGiftFromEvent(trx, { eventId: event.eventId, gateway, type: event.type, giftId: event.giftId, intentId: event.intentId }, SUCCESS_JOBS);
    return { outcome, giftId: outcome === 'unknown_gift' ? null : event.giftId };
  }
  // The gift is named by the payment's metadata or, for refunds and disputes, by its PaymentIntent.
  const giftId = event.giftId ?? (event.intentId ? ((await findGiftForEvent(trx, event))?.id ?? null) : null);
  const fresh = await recordPaymentEvent(trx, { eventId: event.eventId, gateway, type: event.type, giftId, outcome: event.outcome });
  if (!fresh) return { outcome: 'replayed', giftId };
  if (event.invoicePayment) {
    await recordInvoicePayment(trx, { gateway, ...event.invoicePayment, eventId: event.eventId });
    await setPaymentEventOutcome(trx, event.eventId, 'recorded', giftId);
    return { outcome: 'recorded', giftId };
  }
  if (event.outcome === 'ignored') return { outcome: 'ignored', giftId };
  // Each transition names the states it leaves: the row lock makes concurrent or repeated events apply once.
  let changed: GiftRow | undefined;
  if (giftId) {
    switch (event.outcome) {
      case 'succeeded':
        // Named by its PaymentIntent only (a gift we named applied in one statement above).
        changed = await transitionGift(trx, giftId, ['pending', 'failed'], 'succeeded', { succeededAt: new Date(), ...(event.intentId ? { gatewayIntentId: event.intentId } : {}) });
        if (changed) await onGiftSucceeded(trx, changed);
        break;
      case 'failed':
        changed = await transitionGift(trx, giftId, ['pending'], 'failed');
        break;
      case 'refunded':
        changed = await transitionGift(trx, giftId, ['succeeded'], 'refunded');
        if (changed) await onGiftReversed(trx, changed, 'refunded');
        // A disputed gift already left the totals, and its receipt was cancelled then.
        else changed = await transitionGift(trx, giftId, ['disputed'], 'refunded');
        break;
      case 'disputed':
        changed = await transitionGift(trx, giftId, ['succeeded'], 'disputed');
        if (changed) await onGiftReversed(trx, changed, 'disputed');
        break;
    }
  }
  if (changed) return { outcome: event.outcome, giftId };
  const known = giftId ? await findGiftForEvent(trx, { giftId, intentId: null }) : undefined;
  const outcome = known ? 'no_change' : 'unknown_gift';
  await setPaymentEventOutcome(trx, event.eventId, outcome, known ? giftId : null);
  return { outcome, giftId: known ? giftId : null };
}

/**
 * A gift refunded or disputed, in the transaction that says so: off the totals, its receipt (one
 * of its own, or the annual one it is on) cancelled by a durable job, and a text link's pledge told.
 */
async function onGiftReversed(trx: Executor, gift: GiftRow, reason: 'refunded' | 'disputed'): Promise<void> {
  await applyGiftReversal(trx, gift.id, REVERSAL_JOBS, reason);
}

/**
 * In the transaction that recorded a gift as succeeded, in one statement: the durable follow-up
 * jobs (thanks and donor record, receipt; for a gift paid online through a text message's link,
 * the pledge's news; a text gift billed by the carrier was recorded from its pledge already), then
 * the campaign's, page's and team's totals.
 */
export async function onGiftSucceeded(trx: Executor, gift: GiftRow): Promise<void> {
  await applyGiftSuccess(trx, gift.id, SUCCESS_JOBS);
}

/** The donor record a confirmed gift belongs to, found or made from the gift's snapshot. */
export async function linkDonor(trx: Executor, gift: GiftRow): Promise<string> {
  const donorId = await upsertDonor(trx, {
    id: newId(),
    organizationId: gift.organizationId,
    accountId: gift.accountId,
    email: gift.donorEmail,
    firstName: gift.donorFirstName,
    middleInitial: gift.donorMiddleInitial,
    lastName: gift.donorLastName,
    addressLine1: gift.donorAddressLine1,
    addressLine2: gift.donorAddressLine2,
    city: gift.donorCity,
    province: gift.donorProvince,
    postalCode: gift.donorPostalCode,
    country: gift.donorCountry,
    language: gift.donorLanguage,
  });
  await trx.updateTable('fundraisingGifts').set({ donorId }).where('id', '=', gift.id).execute();
  return donorId;
}

export type GiftServiceDeps = Pick<FundraisingDeps, 'db' | 'config'> & { gateway: PaymentGateway; testGateway: TestGateway | null };

/** Online gifts: the form, the gateway, the verified confirmations, the thank-you page. */
/** The donor's name, address, language and donor-wall choice as the gift form gave them, as gift (or monthly gift) columns. */
export function donorColumns(input: GiveBody) {
  return {
    donorEmail: input.email,
    donorFirstName: input.firstName,
    donorMiddleInitial: input.middleInitial?.toUpperCase() ?? null,
    donorLastName: input.lastName,
    donorAddressLine1: input.addressLine1,
    donorAddressLine2: input.addressLine2 ?? null,
    donorCity: input.city,
    donorProvince: input.province,
    donorPostalCode: input.postalCode,
    donorLanguage: input.language,
    wallDisplay: input.wallDisplay,
    wallName: input.wallDisplay === 'name' ? (input.wallName ?? `${input.firstName} ${input.lastName}`) : null,
    wallMessage: input.wallDisplay === 'hidden' ? null : (input.wallMessage ?? null),
  };
}

export function createGiftService(deps: GiftServiceDeps) {
  const { db, gateway } = deps;
  const { tokenFor, holds: holdsToken } = createRecordTokens(deps.config.secret, 'fundraising-gift');
  const absolute = (path: string) => new URL(path, deps.config.publicUrl).toString();
  const textRefs = textGiftRefs(deps.config.secret);

  async function loadGiftFor(actor: Actor, p: { org: string; campaign: string; gift: string }, token: string | undefined): Promise<{ org: OrgRef; campaign: CampaignRow; gift: GiftRow }> {
    const { org, campaign } = await loadCampaign(db, p.org, p.campaign);
    const gift = await findGiftById(db, org.id, p.gift);
    if (!gift || gift.campaignId !== campaign.id) throw new NotFoundError();
    authorize(fundraisingPolicy, actor, 'gift.view', gift, { holdsToken: holdsToken(gift.id, token) });
    return { org, campaign, gift };
  }

  async function handleVerified(kind: GatewayKind, verify: () => PaymentEvent): Promise<WebhookResult> {
    return applyVerifiedPayment(db, kind, verifiedEvent(verify));
  }

  return {
    isTest: gateway.isTest,
    tokenFor,

    async giveForm(actor: Actor, orgSlug: string, campaignSlug: string): Promise<{ org: OrgRef; campaign: CampaignRow; idempotencyKey: string }> {
      const { org, campaign } = await loadCampaign(db, orgSlug, campaignSlug);
      authorize(fundraisingPolicy, actor, 'gift.give', campaign);
      return { org, campaign, idempotencyKey: newId() };
    },

    /** Records the pending gift and starts the payment; the same form posted twice gives the same payment. */
    async startGift(actor: Actor, orgSlug: string, campaignSlug: string, input: GiveBody, opts: { page?: { id: string; campaignId: string }; consentWording?: string } = {}): Promise<{ redirectUrl: string }> {
      const { org, campaign } = await loadCampaign(db, orgSlug, campaignSlug);
      authorize(fundraisingPolicy, actor, 'gift.give', campaign);
      if (hasEnded(campaign)) throw new ValidationError('amount', 'campaign_ended');
      let gift = await findGiftByIdempotencyKey(db, org.id, input.idempotencyKey);
      // A text message's link: only a ref signed by text-to-give marks the gift as given by text.
      const signedRef = !opts.page && input.channel === 'text' && input.ref ? textRefs.open(input.ref) : null;
      // The link makes one text gift: once one is paid, a further gift from the same page is a web gift.
      const textRef = signedRef && !gift && !(await textRefAlreadyPaid(db, org.id, signedRef)) ? signedRef : null;
      if (!gift) {
        const row: NewGiftRow = {
          id: newId(),
          organizationId: org.id,
          campaignId: campaign.id,
          accountId: actor.accountId,
          status: 'pending',
          channel: opts.page ? 'peer_to_peer' : textRef ? 'text' : 'web',
          pageId: opts.page && opts.page.campaignId === campaign.id ? opts.page.id : null,
          attributionChannel: input.via ?? (textRef ? 'text' : null),
          ...(textRef ? { reference: textRef } : {}),
          method: 'card',
          frequency: 'one_time',
          kind: 'cash',
          amountCents: input.amountCents,
          advantageCents: Math.min(campaign.defaultAdvantageCents, input.amountCents),
          advantageDescription: campaign.defaultAdvantageCents > 0 ? campaign.defaultAdvantageDescription : null,
          ...donorColumns(input),
          tributeKind: input.tribute === 'none' ? null : input.tribute,
          tributeName: input.tribute === 'none' ? null : (input.tributeName ?? null),
          gateway: gateway.kind,
          idempotencyKey: input.idempotencyKey,
          receivedOn: todayInToronto(),
        };
        try {
          await db.transaction().execute(async (trx) => {
            await trx.insertInto('fundraisingGifts').values(row).execute();
            if (row.tributeKind && input.ecardEmail && input.ecardName)
              await trx
                .insertInto('fundraisingEcards')
                .values({ id: newId(), organizationId: org.id, giftId: row.id, recipientName: input.ecardName, recipientEmail: input.ecardEmail, recipientLanguage: input.ecardLanguage ?? input.language, message: input.ecardMessage ?? null, showSender: input.ecardShowSender })
                .execute();
            if (input.emailConsent)
              await appendConsent(trx, { organizationId: org.id, channel: 'email', address: input.email, basis: 'express', granted: true, source: 'gift_form', evidence: { wording: opts.consentWording ?? '', page: `/o/${org.slug}/give/${campaign.slug}` } });
          });
        } catch (error) {
          // The same form posted twice at once: the second meets the first's key.
          if (!isUniqueViolation(error)) throw error;
        }
        gift = await findGiftByIdempotencyKey(db, org.id, input.idempotencyKey);
        if (!gift) throw new Error('gift vanished after insert');
      }
      if (gift.status !== 'pending') return { redirectUrl: `${giftUrl(org.slug, campaign.slug, gift.id)}?t=${tokenFor(gift.id)}` };
      const thanks = absolute(`${giftUrl(org.slug, campaign.slug, gift.id)}?t=${tokenFor(gift.id)}`);
      const started = await gateway.startPayment({
        giftId: gift.id,
        amountCents: gift.amountCents,
        currency: 'CAD',
        email: gift.donorEmail,
        description: gift.donorLanguage === 'fr' ? `Don — ${campaign.titleFr}` : `Gift — ${campaign.titleEn}`,
        locale: gift.donorLanguage,
        idempotencyKey: `fundraising-gift-${gift.id}`,
        successUrl: thanks,
        cancelUrl: absolute(`/o/${org.slug}/give/${campaign.slug}`),
        localCheckoutUrl: testCheckoutUrl(org.slug, campaign.slug, gift.id, tokenFor(gift.id)),
      });
      if (gift.gatewayPaymentId !== started.paymentId) await setGiftPayment(db, gift.id, started.paymentId);
      return { redirectUrl: started.redirectUrl };
    },

    async giftPage(actor: Actor, p: { org: string; campaign: string; gift: string }, token: string | undefined) {
      return loadGiftFor(actor, p, token);
    },

    /** The test gateway's "payment page" result, through the same verification as a webhook. */
    async completeTestCheckout(actor: Actor, p: { org: string; campaign: string; gift: string }, token: string, result: TestPaymentResult): Promise<WebhookResult> {
      const test = deps.testGateway;
      if (!test) throw new NotFoundError();
      const { gift } = await loadGiftFor(actor, p, token);
      if (!gift.gatewayPaymentId || gift.gateway !== 'test') throw new NotFoundError();
      const signed = test.signCheckoutResult({ giftId: gift.id, paymentId: gift.gatewayPaymentId, amountCents: gift.amountCents, result });
      return handleVerified('test', () => test.verifyEvent(signed.body, signed.signature));
    },

  };
}
export type GiftService = ReturnType<typeof createGiftService>;
