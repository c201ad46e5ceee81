/** The receipting module's only public door. See README.md for the service's contract. */
export { createReceiptingModule, type ReceiptingModule } from './module.js';
export type { ReceiptingService, IssuedReceipt } from './service.js';
export { assessEligibility, deMinimisThresholdCents, type Eligibility, type EligibilityReason, type GiftForAssessment } from './eligibility.js';
export type { IssueReceiptInput, Corrections, SourceRef } from './schemas.js';
export { ReceiptingNotConfiguredError, NotReceiptableError } from './errors.js';
export { receiptingMigrations } from './db/migrations/index.js';
export type { ReceiptingTables } from './db/schema.js';
export { seedReceiptingDemo } from './demo.js';
