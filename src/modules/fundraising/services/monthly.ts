import Stripe from 'stripe';
import type { Actor } from '../../../platform/auth/actor.js';
import { authorize } from '../../../platform/auth/policy.js';
import { recordAudit } from '../../../platform/audit/audit.js';
import { newId } from '../../../platform/db/ids.js';
import { isUniqueViolation } from '../../../platform/db/pg-errors.js';
import type { Executor } from '../../../platform/db/types.js';
import { NotFoundError, ValidationError } from '../../../platform/http/errors.js';
import { enqueueJob } from '../../../platform/jobs/queue.js';
import { NotReceiptableError } from '../../receipting/index.js';
import { todayInToronto } from '../days.js';
import type { FundraisingDeps } from '../deps.js';
import {
  findMonthlyGiftById,
  findMonthlyGiftByIdempotencyKey,
  insertInvoiceGift,
  insertMonthlyChange,
  insertMonthlyGift,
  listAnnualReceiptGifts,
  listMonthlyChanges,
  listMonthlyGiftsForAccount,
  listMonthlyGiftsForOrganization,
  lockMonthlyGift,
  lockMonthlyGiftForEvent,
  updateMonthlyGift,
} from '../db/monthly-queries.js';
import { findInvoiceIntent, lockGiftsForReceipt, recordPaymentEvent, setPaymentEventOutcome, type OrgRef } from '../db/queries.js';
import type { CampaignRow, GatewayKind, GiftRow, MonthlyChangeKind, MonthlyGiftRow, MonthlyStatus, NewMonthlyGiftRow } from '../db/schema.js';
import { type MonthlyEvent, type PaymentEvent, type PaymentGateway } from '../gateways/gateway.js';
import type { MonthlyGateway, SubscriptionState } from '../gateways/stripe-monthly.js';
import type { TestGateway } from '../gateways/test-gateway.js';
import { fundraisingPolicy } from '../policy.js';
import type { GiveBody } from '../schemas.js';
import { monthlyTestCheckoutUrl, monthlyThanksUrl } from '../views/urls.js';
import { hasEnded, loadCampaign, loadOrg } from './campaigns.js';
import { appendConsent } from './consents.js';
import { createRecordTokens, monthlyManageLinks } from '../links.js';
import { applyVerifiedPayment, donorColumns, verifiedEvent, onGiftSucceeded, type WebhookResult } from './gifts.js';
import { GIFT_SOURCE_TYPE, receiptInputFor } from './receipts.js';

/** Test gateway only: charges month `n` of a monthly gift when it comes due. */
export const MONTHLY_TEST_CHARGE_JOB = 'fundraising.monthly.test-charge';
export type MonthlyTestChargePayload = { organizationId: string; monthlyGiftId: string; n: number };
/** The yearly run of annual receipts for one organization and tax year. */
export const MONTHLY_ANNUAL_RECEIPTS_JOB = 'fundraising.monthly.annual-receipts';
export type AnnualReceiptsPayload = { organizationId: string; year: number; requestedBy: string | null };

export type MonthlyOutcome = 'succeeded' | 'failed' | 'updated' | 'ignored' | 'replayed' | 'unknown_gift' | 'no_change';
export type MonthlyResult = { outcome: MonthlyOutcome; giftId: string | null; monthlyGiftId: string | null };
export type AnnualRunResult = { issued: number; alreadyReceipted: number; skipped: number };

const addMonths = (d: Date, n: number) => {
  const next = new Date(d);
  next.setUTCMonth(next.getUTCMonth() + n);
  return next;
};
const hex = (id: string) => id.replaceAll('-', '');

/** What Stripe's subscription status and pause say, in our words; a cancelled monthly gift stays cancelled. */
function statusFrom(current: MonthlyStatus, s: { status: string; paused: boolean }): MonthlyStatus {
  if (current === 'cancelled') return 'cancelled';
  if (s.status === 'canceled' || s.status === 'incomplete_expired') return 'cancelled';
  if (s.paused) return 'paused';
  if (s.status === 'past_due' || s.status === 'unpaid') return 'past_due';
  if (s.status === 'active' || s.status === 'trialing') return 'active';
  return current;
}

export type MonthlyServiceDeps = Pick<FundraisingDeps, 'db' | 'config' | 'receipting'> & {
  gateway: PaymentGateway;
  testGateway: TestGateway | null;
  /** Stripe Billing; null when the test gateway takes the gifts. */
  stripeMonthly: MonthlyGateway | null;
};

type Change = { kind: MonthlyChangeKind; actorAccountId: string | null; eventId?: string | null; from: MonthlyGiftRow; toStatus?: MonthlyStatus; toAmountCents?: number; viaLink?: boolean };
/** Which monthly gift a donor acts on: its id (the signed-in donor's), or the signed link e-mailed to a guest. */
export type ManageRef = string | { link: string };

async function recordChange(trx: Executor, c: Change): Promise<void> {
  await insertMonthlyChange(trx, {
    id: newId(),
    organizationId: c.from.organizationId,
    monthlyGiftId: c.from.id,
    kind: c.kind,
    actorAccountId: c.actorAccountId,
    eventId: c.eventId ?? null,
    fromStatus: c.from.status,
    toStatus: c.toStatus ?? c.from.status,
    fromAmountCents: c.from.amountCents,
    toAmountCents: c.toAmountCents ?? c.from.amountCents,
  });
  await recordAudit(trx, {
    action: `fundraising.monthly.${c.kind}`,
    organizationId: c.from.organizationId,
    actorAccountId: c.actorAccountId,
    targetType: 'fundraising.monthly_gift',
    targetId: c.from.id,
    data: { fromStatus: c.from.status, toStatus: c.toStatus ?? c.from.status, fromAmountCents: c.from.amountCents, toAmountCents: c.toAmountCents ?? c.from.amountCents, ...(c.eventId ? { eventId: c.eventId } : {}), ...(c.viaLink ? { via: 'manage_link' } : {}) },
  });
}

/** Monthly gifts: the start through the gateway, the verified subscription events, the donor's changes, annual receipts. */
export function createMonthlyService(deps: MonthlyServiceDeps) {
  const { db, gateway } = deps;
  const { tokenFor, holds: holdsToken } = createRecordTokens(deps.config.secret, 'fundraising-monthly');
  const absolute = (path: string) => new URL(path, deps.config.publicUrl).toString();
  const manageLinks = monthlyManageLinks(deps.config.secret);

  /** A verified event about a monthly gift, applied once per event id in the caller's transaction. */
  async function applyMonthlyEvent(trx: Executor, kind: GatewayKind, event: PaymentEvent & { monthly: MonthlyEvent }): Promise<MonthlyResult> {
    const m = event.monthly;
    const fresh = await recordPaymentEvent(trx, { eventId: event.eventId, gateway: kind, type: event.type, giftId: null, outcome: 'monthly' });
    if (!fresh) return { outcome: 'replayed', giftId: null, monthlyGiftId: m.monthlyGiftId };
    const plan = await lockMonthlyGiftForEvent(trx, kind, m);
    const done = async (outcome: MonthlyOutcome, giftId: string | null = null): Promise<MonthlyResult> => {
      await setPaymentEventOutcome(trx, event.eventId, outcome, giftId);
      return { outcome, giftId, monthlyGiftId: plan?.id ?? null };
    };
    if (!plan) return done('unknown_gift');
    const change = (c: Omit<Change, 'actorAccountId' | 'eventId' | 'from'>) => recordChange(trx, { ...c, actorAccountId: null, eventId: event.eventId, from: plan });
    switch (m.kind) {
      case 'started': {
        const ids = { gatewaySubscriptionId: plan.gatewaySubscriptionId ?? m.subscriptionId, gatewayCustomerId: plan.gatewayCustomerId ?? m.customerId };
        if (plan.status !== 'pending') {
          if (ids.gatewaySubscriptionId === plan.gatewaySubscriptionId && ids.gatewayCustomerId === plan.gatewayCustomerId) return done('no_change');
          await updateMonthlyGift(trx, plan.id, ids);
          return done('updated');
        }
        await updateMonthlyGift(trx, plan.id, { ...ids, status: 'active', activatedAt: new Date() });
        await change({ kind: 'activated', toStatus: 'active' });
        return done('updated');
      }
      case 'expired': {
        if (plan.status !== 'pending') return done('no_change');
        await updateMonthlyGift(trx, plan.id, { status: 'cancelled', cancelledAt: new Date() });
        await change({ kind: 'cancelled', toStatus: 'cancelled' });
        return done('updated');
      }
      case 'invoice_paid': {
        if (m.amountCents <= 0 || !m.invoiceId) return done('ignored');
        // Current API versions name the PaymentIntent in `invoice_payment.paid`, which may come first.
        const intentId = m.intentId ?? (await findInvoiceIntent(trx, kind, m.invoiceId));
        const gift = await insertInvoiceGift(trx, giftRowFor(plan, kind, { ...m, intentId }));
        if (!gift) return done('no_change');
        const toStatus: MonthlyStatus = plan.status === 'pending' || plan.status === 'past_due' ? 'active' : plan.status;
        await updateMonthlyGift(trx, plan.id, {
          status: toStatus,
          lastChargedAt: gift.succeededAt,
          chargeCountPlusOne: true,
          ...(plan.activatedAt ? {} : { activatedAt: new Date() }),
          ...(plan.gatewaySubscriptionId ? {} : { gatewaySubscriptionId: m.subscriptionId }),
        });
        await change({ kind: 'charged', toStatus, toAmountCents: plan.amountCents });
        await onGiftSucceeded(trx, gift);
        // The test gateway's next month, when it comes due (a job, like Stripe's own schedule).
        if (kind === 'test') {
          const n = plan.chargeCount + 2;
          await enqueueJob(trx, MONTHLY_TEST_CHARGE_JOB, { organizationId: plan.organizationId, monthlyGiftId: plan.id, n } satisfies MonthlyTestChargePayload, { runAt: addMonths(gift.succeededAt ?? new Date(), 1), dedupeKey: `${MONTHLY_TEST_CHARGE_JOB}:${plan.id}:${n}` });
        }
        return done('succeeded', gift.id);
      }
      case 'invoice_failed': {
        if (plan.status !== 'active') return done('no_change');
        await updateMonthlyGift(trx, plan.id, { status: 'past_due' });
        await change({ kind: 'payment_failed', toStatus: 'past_due' });
        return done('failed');
      }
      case 'subscription': {
        const toStatus = statusFrom(plan.status, m);
        const toAmount = m.amountCents && m.amountCents > 0 ? m.amountCents : plan.amountCents;
        if (toStatus === plan.status && toAmount === plan.amountCents) return done('no_change');
        await updateMonthlyGift(trx, plan.id, { status: toStatus, amountCents: toAmount, ...(toStatus === 'cancelled' && !plan.cancelledAt ? { cancelledAt: new Date() } : {}) });
        await change({ kind: 'synced', toStatus, toAmountCents: toAmount });
        return done('updated');
      }
    }
  }

  function giftRowFor(plan: MonthlyGiftRow, kind: GatewayKind, m: Extract<MonthlyEvent, { kind: 'invoice_paid' }>) {
    return {
      id: newId(),
      organizationId: plan.organizationId,
      campaignId: plan.campaignId,
      accountId: plan.accountId,
      status: 'succeeded' as const,
      channel: plan.pageId ? ('peer_to_peer' as const) : ('web' as const),
      pageId: plan.pageId,
      attributionChannel: plan.attributionChannel,
      method: 'card' as const,
      frequency: 'monthly' as const,
      kind: 'cash' as const,
      amountCents: m.amountCents,
      advantageCents: 0,
      advantageDescription: null,
      donorEmail: plan.donorEmail,
      donorFirstName: plan.donorFirstName,
      donorMiddleInitial: plan.donorMiddleInitial,
      donorLastName: plan.donorLastName,
      donorAddressLine1: plan.donorAddressLine1,
      donorAddressLine2: plan.donorAddressLine2,
      donorCity: plan.donorCity,
      donorProvince: plan.donorProvince,
      donorPostalCode: plan.donorPostalCode,
      donorCountry: plan.donorCountry,
      donorLanguage: plan.donorLanguage,
      wallDisplay: plan.wallDisplay,
      wallName: plan.wallName,
      wallMessage: plan.wallMessage,
      tributeKind: null,
      tributeName: null,
      gateway: kind,
      gatewayPaymentId: m.invoiceId,
      gatewayIntentId: m.intentId,
      idempotencyKey: null,
      receivedOn: todayInToronto(m.paidAt),
      succeededAt: m.paidAt,
      monthlyGiftId: plan.id,
      receiptAnnually: plan.receiptAnnually,
    };
  }

  /** A verified delivery: monthly events here, every other one to the one-time gifts' code. */
  async function handleVerified(kind: GatewayKind, verify: () => PaymentEvent): Promise<MonthlyResult | WebhookResult> {
    const event = verifiedEvent(verify);
    const monthly = event.monthly;
    if (monthly) return db.transaction().execute((trx) => applyMonthlyEvent(trx, kind, { ...event, monthly }));
    return applyVerifiedPayment(db, kind, event);
  }

  /** The test gateway's invoice for month `n`, signed and verified like Stripe's. */
  async function chargeTest(plan: MonthlyGiftRow, n: number): Promise<MonthlyResult | WebhookResult> {
    const test = deps.testGateway;
    if (!test || plan.gateway !== 'test') throw new NotFoundError();
    const signed = test.signEvent('invoice.paid', {
      id: `in_test_${hex(plan.id).slice(-20)}_${String(n).padStart(4, '0')}`,
      object: 'invoice',
      status: 'paid',
      amount_paid: plan.amountCents,
      currency: 'cad',
      status_transitions: { paid_at: Math.floor(Date.now() / 1000) },
      parent: { type: 'subscription_details', subscription_details: { subscription: plan.gatewaySubscriptionId, metadata: { monthlyGiftId: plan.id } } },
    });
    return handleVerified('test', () => test.verifyEvent(signed.body, signed.signature));
  }

  /** The signed-in donor's monthly gift by its id, or a guest's by the signed link of its e-mail. */
  async function loadOwned(actor: Actor, ref: ManageRef): Promise<MonthlyGiftRow> {
    const viaLink = typeof ref !== 'string';
    let id = ref as string;
    if (viaLink) {
      const opened = manageLinks.open(ref.link);
      if (!('id' in opened)) throw new NotFoundError();
      id = opened.id;
    }
    const plan = await findMonthlyGiftById(db, id);
    if (!plan) throw new NotFoundError();
    authorize(fundraisingPolicy, actor, 'monthly.manage', plan, { holdsManageLink: viaLink });
    return plan;
  }

  async function loadForPage(actor: Actor, p: { org: string; campaign: string; monthly: string }, token: string | undefined): Promise<{ org: OrgRef; campaign: CampaignRow; monthly: MonthlyGiftRow }> {
    const { org, campaign } = await loadCampaign(db, p.org, p.campaign);
    const monthly = await findMonthlyGiftById(db, p.monthly);
    if (!monthly || monthly.organizationId !== org.id || monthly.campaignId !== campaign.id) throw new NotFoundError();
    authorize(fundraisingPolicy, actor, 'monthly.view', monthly, { holdsToken: holdsToken(monthly.id, token) });
    return { org, campaign, monthly };
  }

  /**
   * A donor's change: through Stripe's API first (its answer is what the subscription now is),
   * then recorded with who asked, in one transaction with the audit row.
   */
  async function applyDonorChange(
    actor: Actor,
    id: ManageRef,
    kind: 'amount_changed' | 'paused' | 'resumed' | 'cancelled',
    check: (plan: MonthlyGiftRow) => void,
    viaStripe: (subscriptionId: string, key: string) => Promise<SubscriptionState>,
    local: (plan: MonthlyGiftRow) => { status: MonthlyStatus; amountCents: number },
  ): Promise<MonthlyGiftRow> {
    const plan = await loadOwned(actor, id);
    check(plan);
    const changeId = newId();
    let target = local(plan);
    if (plan.gateway === 'stripe') {
      if (!deps.stripeMonthly || !plan.gatewaySubscriptionId) throw new ValidationError('monthly', 'monthly_not_started');
      // The key follows the monthly gift as it stands: a double click sends Stripe one change, a later change a new one.
      const key = `fundraising-monthly-${plan.id}-${kind}-${target.amountCents}-${plan.updatedAt.getTime()}`;
      let answered: SubscriptionState;
      try {
        answered = await viaStripe(plan.gatewaySubscriptionId, key);
      } catch (error) {
        if (error instanceof Stripe.errors.StripeInvalidRequestError) throw new ValidationError('monthly', 'monthly_gateway_refused');
        throw error;
      }
      target = { status: statusFrom(plan.status, answered), amountCents: answered.amountCents ?? target.amountCents };
    }
    return db.transaction().execute(async (trx) => {
      const current = (await lockMonthlyGift(trx, plan.id))!;
      check(current);
      await updateMonthlyGift(trx, current.id, { status: target.status, amountCents: target.amountCents, ...(target.status === 'cancelled' ? { cancelledAt: new Date() } : {}) });
      await recordChange(trx, { kind, actorAccountId: actor.accountId, from: current, toStatus: target.status, toAmountCents: target.amountCents, viaLink: typeof id !== 'string' });
      // The test gateway's schedule resumes from now.
      if (kind === 'resumed' && current.gateway === 'test') {
        const n = current.chargeCount + 1;
        await enqueueJob(trx, MONTHLY_TEST_CHARGE_JOB, { organizationId: current.organizationId, monthlyGiftId: current.id, n } satisfies MonthlyTestChargePayload, { runAt: addMonths(new Date(), 1), dedupeKey: `${MONTHLY_TEST_CHARGE_JOB}:${current.id}:${n}:resumed:${changeId}` });
      }
      return { ...current, status: target.status, amountCents: target.amountCents };
    });
  }

  const mustBe = (...allowed: MonthlyStatus[]) => (plan: MonthlyGiftRow) => {
    if (!allowed.includes(plan.status)) throw new ValidationError('monthly', 'monthly_state');
  };

  return {
    isTest: gateway.isTest,
    tokenFor,
    applyMonthlyEvent,
    /** Whether a guest's manage link opens (before anything is loaded): a refused one gets its own page. */
    checkManageLink: (token: string): 'ok' | 'invalid' | 'expired' => {
      const opened = manageLinks.open(token);
      return 'id' in opened ? 'ok' : opened.refused;
    },

    /** Records the pending monthly gift and starts its subscription; the same form posted twice is one monthly gift. */
    async startMonthly(actor: Actor, orgSlug: string, campaignSlug: string, input: GiveBody, opts: { page?: { id: string; campaignId: string }; consentWording?: string } = {}): Promise<{ redirectUrl: string }> {
      const { org, campaign } = await loadCampaign(db, orgSlug, campaignSlug);
      authorize(fundraisingPolicy, actor, 'gift.give', campaign);
      if (hasEnded(campaign)) throw new ValidationError('amount', 'campaign_ended');
      if (input.tribute !== 'none') throw new ValidationError('tribute', 'monthly_no_tribute');
      let plan = await findMonthlyGiftByIdempotencyKey(db, org.id, input.idempotencyKey);
      if (!plan) {
        const row: NewMonthlyGiftRow = {
          id: newId(),
          organizationId: org.id,
          campaignId: campaign.id,
          pageId: opts.page && opts.page.campaignId === campaign.id ? opts.page.id : null,
          attributionChannel: input.via ?? null,
          accountId: actor.accountId,
          status: 'pending',
          amountCents: input.amountCents,
          receiptAnnually: input.annualReceipt,
          ...donorColumns(input),
          gateway: gateway.kind,
          idempotencyKey: input.idempotencyKey,
        };
        try {
          await db.transaction().execute(async (trx) => {
            await insertMonthlyGift(trx, row);
            const created = (await findMonthlyGiftById(trx, row.id))!;
            await recordChange(trx, { kind: 'created', actorAccountId: actor.accountId, from: created });
            if (input.emailConsent)
              await appendConsent(trx, { organizationId: org.id, channel: 'email', address: input.email, basis: 'express', granted: true, source: 'gift_form', evidence: { wording: opts.consentWording ?? '', page: `/o/${org.slug}/give/${campaign.slug}` } });
          });
        } catch (error) {
          if (!isUniqueViolation(error)) throw error;
        }
        plan = await findMonthlyGiftByIdempotencyKey(db, org.id, input.idempotencyKey);
        if (!plan) throw new Error('monthly gift vanished after insert');
      }
      const thanks = monthlyThanksUrl(org.slug, campaign.slug, plan.id, tokenFor(plan.id));
      if (plan.status !== 'pending') return { redirectUrl: thanks };
      if (gateway.kind === 'test') return { redirectUrl: monthlyTestCheckoutUrl(org.slug, campaign.slug, plan.id, tokenFor(plan.id)) };
      if (!deps.stripeMonthly) throw new Error('Stripe is configured without its monthly gateway');
      const started = await deps.stripeMonthly.startMonthly({
        monthlyGiftId: plan.id,
        amountCents: plan.amountCents,
        email: plan.donorEmail,
        description: plan.donorLanguage === 'fr' ? `Don mensuel — ${campaign.titleFr}` : `Monthly gift — ${campaign.titleEn}`,
        locale: plan.donorLanguage,
        idempotencyKey: `fundraising-monthly-${plan.id}`,
        successUrl: absolute(thanks),
        cancelUrl: absolute(`/o/${org.slug}/give/${campaign.slug}`),
      });
      if (plan.gatewaySessionId !== started.sessionId) await updateMonthlyGift(db, plan.id, { gatewaySessionId: started.sessionId });
      return { redirectUrl: started.redirectUrl };
    },

    monthlyPage: (actor: Actor, p: { org: string; campaign: string; monthly: string }, token: string | undefined) => loadForPage(actor, p, token),

    /** The test gateway's "payment page" result: a subscription started (and its first month paid), or declined. */
    async completeTestCheckout(actor: Actor, p: { org: string; campaign: string; monthly: string }, token: string, result: 'paid' | 'declined'): Promise<void> {
      const test = deps.testGateway;
      if (!test) throw new NotFoundError();
      const { monthly } = await loadForPage(actor, p, token);
      if (monthly.gateway !== 'test') throw new NotFoundError();
      if (monthly.status !== 'pending') return;
      const session = { id: `cs_test_m_${hex(monthly.id).slice(-24)}`, object: 'checkout.session', mode: 'subscription', metadata: { monthlyGiftId: monthly.id } };
      if (result === 'declined') {
        const signed = test.signEvent('checkout.session.expired', { ...session, status: 'expired', payment_status: 'unpaid' });
        await handleVerified('test', () => test.verifyEvent(signed.body, signed.signature));
        return;
      }
      const subscription = `sub_test_${hex(monthly.id).slice(-24)}`;
      const signed = test.signEvent('checkout.session.completed', { ...session, status: 'complete', payment_status: 'paid', subscription, customer: `cus_test_${hex(monthly.id).slice(-24)}` });
      await handleVerified('test', () => test.verifyEvent(signed.body, signed.signature));
      const started = (await findMonthlyGiftById(db, monthly.id))!;
      await chargeTest(started, 1);
    },

    /** A webhook delivery: verified over the raw body, then applied once (monthly or one-time). */
    handleWebhook: (rawBody: Buffer | string, signature: string) => handleVerified(gateway.kind, () => gateway.verifyEvent(rawBody, signature)),

    /** The test gateway's job: month `n` comes due. A paused month is skipped, and the schedule goes on. */
    async runTestCharge(payload: MonthlyTestChargePayload): Promise<void> {
      if (!deps.testGateway) return;
      const plan = await findMonthlyGiftById(db, payload.monthlyGiftId);
      if (!plan || plan.gateway !== 'test' || plan.status === 'cancelled' || plan.status === 'pending') return;
      if (plan.chargeCount >= payload.n) return;
      if (plan.status === 'paused') {
        await enqueueJob(db, MONTHLY_TEST_CHARGE_JOB, payload, { runAt: addMonths(new Date(), 1), dedupeKey: `${MONTHLY_TEST_CHARGE_JOB}:${plan.id}:${payload.n}:paused:${todayInToronto()}` });
        return;
      }
      await chargeTest(plan, payload.n);
    },

    /** TEST — no money moves: the donor (or a tester) makes this month's charge happen now. */
    async testChargeNow(actor: Actor, id: ManageRef): Promise<void> {
      const plan = await loadOwned(actor, id);
      if (plan.gateway !== 'test' || !deps.testGateway) throw new NotFoundError();
      mustBe('active', 'past_due')(plan);
      await chargeTest(plan, plan.chargeCount + 1);
    },

    async listOwn(actor: Actor) {
      authorize(fundraisingPolicy, actor, 'monthly.listOwn', undefined);
      return listMonthlyGiftsForAccount(db, actor.accountId!);
    },

    /** One of the donor's monthly gifts, its history of changes and the gifts it made. */
    async manage(actor: Actor, id: ManageRef) {
      const plan = await loadOwned(actor, id);
      const [changes, gifts, campaign] = await Promise.all([
        listMonthlyChanges(db, plan.id),
        db.selectFrom('fundraisingGifts').selectAll().where('monthlyGiftId', '=', plan.id).orderBy('succeededAt', 'desc').limit(120).execute(),
        db.selectFrom('fundraisingCampaigns').select(['slug', 'titleEn', 'titleFr']).where('id', '=', plan.campaignId).executeTakeFirstOrThrow(),
      ]);
      return { monthly: plan, changes, gifts, campaign };
    },

    changeAmount: (actor: Actor, id: ManageRef, amountCents: number) =>
      applyDonorChange(
        actor, id, 'amount_changed',
        (p) => {
          mustBe('active', 'paused', 'past_due')(p);
          if (p.amountCents === amountCents) throw new ValidationError('amount', 'monthly_same_amount');
        },
        (sub, key) => deps.stripeMonthly!.changeAmount(sub, amountCents, key),
        (p) => ({ status: p.status, amountCents }),
      ),
    pause: (actor: Actor, id: ManageRef) =>
      applyDonorChange(actor, id, 'paused', mustBe('active', 'past_due'), (sub, key) => deps.stripeMonthly!.pause(sub, key), (p) => ({ status: 'paused', amountCents: p.amountCents })),
    resume: (actor: Actor, id: ManageRef) =>
      applyDonorChange(actor, id, 'resumed', mustBe('paused'), (sub, key) => deps.stripeMonthly!.resume(sub, key), (p) => ({ status: 'active', amountCents: p.amountCents })),
    cancel: (actor: Actor, id: ManageRef) =>
      applyDonorChange(actor, id, 'cancelled', mustBe('active', 'paused', 'past_due'), (sub, key) => deps.stripeMonthly!.cancel(sub, key), (p) => ({ status: 'cancelled', amountCents: p.amountCents })),

    /** One receipt per month, or one for the year: applies to the months given from now on. */
    async setReceiptPreference(actor: Actor, id: ManageRef, annual: boolean): Promise<void> {
      const plan = await loadOwned(actor, id);
      if (plan.receiptAnnually === annual) return;
      await db.transaction().execute(async (trx) => {
        const current = (await lockMonthlyGift(trx, plan.id))!;
        await updateMonthlyGift(trx, current.id, { receiptAnnually: annual });
        await recordChange(trx, { kind: 'receipt_preference', actorAccountId: actor.accountId, from: current, viaLink: typeof id !== 'string' });
      });
    },

    /** The foundation's list of monthly gifts. */
    async listForOrganization(actor: Actor, orgSlug: string) {
      const org = await loadOrg(db, orgSlug);
      authorize(fundraisingPolicy, actor, 'monthly.list', { organizationId: org.id });
      return { org, monthly: await listMonthlyGiftsForOrganization(db, org.id, ['active', 'paused', 'past_due', 'cancelled'], 500) };
    },

    /** Staff ask for a tax year's annual receipts: the run is a job (it may be long). */
    async requestAnnualReceipts(actor: Actor, orgSlug: string, year: number): Promise<void> {
      const org = await loadOrg(db, orgSlug);
      authorize(fundraisingPolicy, actor, 'monthly.issueAnnualReceipts', { organizationId: org.id });
      if (year > Number(todayInToronto().slice(0, 4))) throw new ValidationError('year', 'annual_year_future');
      await db.transaction().execute(async (trx) => {
        await enqueueJob(trx, MONTHLY_ANNUAL_RECEIPTS_JOB, { organizationId: org.id, year, requestedBy: actor.accountId } satisfies AnnualReceiptsPayload);
        await recordAudit(trx, { action: 'fundraising.monthly.annual_receipts_requested', organizationId: org.id, actorAccountId: actor.accountId, targetType: 'identity.organization', targetId: org.id, data: { year } });
      });
    },

    /**
     * One official receipt per donor for every monthly gift of the tax year given under the
     * annual-receipt choice and not yet receipted, through receipting's own issuing (serial,
     * PDF, signature, e-mail). Running it again issues nothing new.
     */
    async runAnnualReceipts(payload: AnnualReceiptsPayload): Promise<AnnualRunResult> {
      const gifts = await listAnnualReceiptGifts(db, payload.organizationId, payload.year);
      const byDonor = new Map<string, GiftRow[]>();
      for (const g of gifts) {
        const key = g.accountId ? `account:${g.accountId}` : `email:${g.donorEmail.toLowerCase()}`;
        byDonor.set(key, [...(byDonor.get(key) ?? []), g]);
      }
      const result: AnnualRunResult = { issued: 0, alreadyReceipted: 0, skipped: 0 };
      for (const donorGifts of byDonor.values()) {
        const open: GiftRow[] = [];
        for (const g of donorGifts) if (!(await deps.receipting.findReceiptForSource(g.organizationId, { type: GIFT_SOURCE_TYPE, id: g.id }))) open.push(g);
        if (open.length === 0) {
          result.alreadyReceipted++;
          continue;
        }
        const latest = receiptInputFor(open[open.length - 1]!);
        const lines = open.map((g) => receiptInputFor(g)?.gifts[0]).filter((line) => line !== undefined);
        if (!latest || lines.length !== open.length) {
          result.skipped++;
          continue;
        }
        try {
          // The gifts are held until the receipt is committed: one refunded meanwhile is left out
          // now, or waits for this receipt and then cancels and replaces it.
          const issued = await db.transaction().execute(async (trx) => {
            const held = new Set((await lockGiftsForReceipt(trx, open.map((g) => g.id))).filter((g) => g.status === 'succeeded').map((g) => g.id));
            const standing = lines.filter((line) => held.has(line.source.id));
            return standing.length === 0 ? null : deps.receipting.issueReceipt(trx, { ...latest, gifts: standing, issuedBy: payload.requestedBy });
          });
          if (!issued) result.skipped++;
          else if (issued.created) result.issued++;
          else result.alreadyReceipted++;
        } catch (error) {
          if (error instanceof NotReceiptableError) {
            result.skipped++;
            continue;
          }
          throw error;
        }
      }
      return result;
    },
  };
}
export type MonthlyService = ReturnType<typeof createMonthlyService>;
