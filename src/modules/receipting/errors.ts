import { AppError, type FieldErrors } from '../../platform/http/errors.js';

/** Issuing is refused until the foundation's receipting settings and CRA registration number are on file. */
export class ReceiptingNotConfiguredError extends AppError {
  override name = 'ReceiptingNotConfiguredError';
  override readonly status = 409;
  constructor(readonly missing: string[]) {
    super('receipting_not_configured', Object.fromEntries(missing.map((m) => [m, { code: 'required' }])) as FieldErrors);
  }
}

/** The gift is not receiptable (advantage over 80%, no eligible amount); `reason` says why. */
export class NotReceiptableError extends AppError {
  override name = 'NotReceiptableError';
  override readonly status = 400;
  constructor(readonly reason: string, field: string) {
    super('gift_not_receiptable', { [field]: { code: reason } });
  }
}
