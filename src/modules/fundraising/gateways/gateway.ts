import type { GatewayKind } from '../db/schema.js';

/** What a verified payment event means for a gift; anything else is acknowledged and ignored. */
export type PaymentOutcome = 'succeeded' | 'failed' | 'refunded' | 'disputed' | 'ignored';

export type PaymentEvent = {
  /** The gateway's event id: recorded once, so a replay changes nothing. */
  eventId: string;
  type: string;
  outcome: PaymentOutcome;
  /** From the payment's metadata, when the event carries it. */
  giftId: string | null;
  /** The PaymentIntent the event is about, when it names one. */
  intentId: string | null;
  /** Set when the event is about a monthly gift (subscription, its invoices): see monthly.ts. */
  monthly?: MonthlyEvent;
  /** Set by `invoice_payment.paid`: the PaymentIntent that paid a (monthly gift's) invoice. */
  invoicePayment?: { invoiceId: string; intentId: string };
};

/** What a verified subscription event says about a monthly gift. */
export type MonthlyEvent =
  | { kind: 'started'; monthlyGiftId: string | null; sessionId: string | null; subscriptionId: string | null; customerId: string | null }
  | { kind: 'expired'; monthlyGiftId: string | null; sessionId: string | null; subscriptionId: null }
  | { kind: 'invoice_paid'; monthlyGiftId: string | null; subscriptionId: string | null; invoiceId: string; amountCents: number; paidAt: Date; intentId: string | null }
  | { kind: 'invoice_failed'; monthlyGiftId: string | null; subscriptionId: string | null; invoiceId: string }
  | { kind: 'subscription'; monthlyGiftId: string | null; subscriptionId: string | null; status: string; paused: boolean; amountCents: number | null };

export type StartPaymentInput = {
  giftId: string;
  amountCents: number;
  currency: 'CAD';
  email: string;
  description: string;
  locale: 'en' | 'fr';
  /** The same key always yields the same payment, so a double click or a retry never charges twice. */
  idempotencyKey: string;
  successUrl: string;
  cancelUrl: string;
  /** Where a gateway without a payment page of its own (the test gateway) sends the person. */
  localCheckoutUrl: string;
};

export type StartedPayment = { paymentId: string; redirectUrl: string };

/** A way to take money online. Gift state changes only through `verifyEvent`'s output. */
export interface PaymentGateway {
  readonly kind: GatewayKind;
  /** The test gateway: every page it touches says so. */
  readonly isTest: boolean;
  startPayment(input: StartPaymentInput): Promise<StartedPayment>;
  /** Checks the signature over the raw body; throws InvalidSignatureError when it does not match. */
  verifyEvent(rawBody: string | Buffer, signatureHeader: string): PaymentEvent;
}

export class InvalidSignatureError extends Error {
  override name = 'InvalidSignatureError';
}
