import type { FastifyPluginAsync } from 'fastify';
import type { JobHandlers } from '../../platform/jobs/queue.js';
import type { FundraisingDeps } from './deps.js';
import type { PaymentGateway } from './gateways/gateway.js';
import { createStripeGateway } from './gateways/stripe-gateway.js';
import { createTestGateway, type TestGateway } from './gateways/test-gateway.js';
import { campaignHtmlRoutes } from './routes/html-campaigns.js';
import { giftHtmlRoutes } from './routes/html-gifts.js';
import { webhookApiRoutes } from './routes/webhooks.js';
import { offlineHtmlRoutes } from './routes/html-offline.js';
import { accountHtmlRoutes } from './routes/html-account.js';
import { pageHtmlRoutes } from './routes/html-pages.js';
import { reportHtmlRoutes } from './routes/html-reports.js';
import { unsubscribeHtmlRoutes } from './routes/html-unsubscribe.js';
import { patientHtmlRoutes } from './routes/html-patients.js';
import { imageHtmlRoutes } from './routes/html-images.js';
import { createImageService } from './services/images.js';
import { createPatientService } from './services/patients.js';
import { createEcardService, GIFT_ECARD_JOB } from './services/ecards.js';
import { createOutreach } from './services/outreach.js';
import { createReportService } from './services/reports.js';
import { createPageService } from './services/pages.js';
import { createConsentLedger, type ConsentLedger } from './services/consents.js';
import { createDonorService } from './services/donors.js';
import { createOfflineService } from './services/offline.js';
import { createCampaignService } from './services/campaigns.js';
import { createFollowUpService } from './services/follow-up.js';
import { createGiftService, GIFT_CONFIRMED_JOB, type GiftConfirmedPayload } from './services/gifts.js';
import { createGivingApi, createTextGiftApi, type GivingApi, type TextGiftApi } from './services/giving-api.js';
import { createReceiptRequests, GIFT_RECEIPT_CANCEL_JOB, GIFT_RECEIPT_JOB, type GiftReceiptCancelPayload, type GiftReceiptPayload } from './services/receipts.js';
import { createStripeMonthly } from './gateways/stripe-monthly.js';
import { monthlyHtmlRoutes } from './routes/html-monthly.js';
import { createMonthlyService, MONTHLY_ANNUAL_RECEIPTS_JOB, MONTHLY_TEST_CHARGE_JOB, type AnnualReceiptsPayload, type MonthlyTestChargePayload } from './services/monthly.js';
import { createManageLinkService, MONTHLY_MANAGE_LINK_JOB, type ManageLinkPayload } from './services/manage-links.js';

export type FundraisingModule = {
  htmlRoutes: FastifyPluginAsync[];
  apiRoutes: FastifyPluginAsync[];
  jobs: JobHandlers;
  /** For other modules (text-to-give): find and list campaigns, record a gift, name a text gift's donor. See README. */
  service: GivingApi & TextGiftApi;
  /** The consent ledger (CASL), for every sender: record consents and withdrawals (SMS STOP), ask a person's standing. */
  consents: ConsentLedger;
  /** True when no Stripe key is configured and the test gateway takes the gifts. */
  testMode: boolean;
};

/** Stripe when configured; otherwise the test gateway, which config refuses in production. */
function chooseGateway(deps: FundraisingDeps): { gateway: PaymentGateway; testGateway: TestGateway | null } {
  const stripe = deps.config.stripe;
  if (stripe) return { gateway: createStripeGateway(stripe), testGateway: null };
  if (deps.config.env === 'production') throw new Error('the test payment gateway is refused in production');
  const test = createTestGateway({ secret: deps.config.secret });
  return { gateway: test, testGateway: test };
}

export function createFundraisingModule(deps: FundraisingDeps): FundraisingModule {
  const { gateway, testGateway } = chooseGateway(deps);
  const pages = createPageService(deps);
  const campaigns = createCampaignService({ ...deps, pages });
  const gifts = createGiftService({ ...deps, gateway, testGateway });
  const followUp = createFollowUpService(deps);
  const receipts = createReceiptRequests(deps);
  const ecards = createEcardService(deps);
  const manageLinks = createManageLinkService(deps);
  const monthly = createMonthlyService({ ...deps, gateway, testGateway, stripeMonthly: deps.config.stripe ? createStripeMonthly(deps.config.stripe) : null });
  return {
    htmlRoutes: [campaignHtmlRoutes({ campaigns, gifts, monthly, publicUrl: deps.config.publicUrl, liveTotals: deps.liveTotals }), pageHtmlRoutes({ pages, gifts, monthly, publicUrl: deps.config.publicUrl }), monthlyHtmlRoutes({ monthly, manageLinks }), giftHtmlRoutes({ gifts }), offlineHtmlRoutes({ offline: createOfflineService(deps) }), accountHtmlRoutes({ donors: createDonorService(deps) }), reportHtmlRoutes({ reports: createReportService(deps) }), unsubscribeHtmlRoutes({ outreach: createOutreach(deps) }), patientHtmlRoutes({ patients: createPatientService(deps) }), imageHtmlRoutes({ images: createImageService(deps), campaigns })],
    // One webhook for both: monthly events are applied by the monthly service, the rest by the gifts'.
    apiRoutes: [webhookApiRoutes({ gifts: monthly })],
    jobs: {
      [GIFT_CONFIRMED_JOB]: (payload: GiftConfirmedPayload) => followUp.runGiftConfirmed(payload),
      [GIFT_RECEIPT_JOB]: (payload: GiftReceiptPayload) => receipts.runGiftReceipt(payload),
      [GIFT_RECEIPT_CANCEL_JOB]: (payload: GiftReceiptCancelPayload) => receipts.runReceiptCancel(payload),
      [GIFT_ECARD_JOB]: (payload: GiftConfirmedPayload) => ecards.runEcard(payload),
      [MONTHLY_MANAGE_LINK_JOB]: (payload: ManageLinkPayload) => manageLinks.runManageLink(payload),
      [MONTHLY_TEST_CHARGE_JOB]: (payload: MonthlyTestChargePayload) => monthly.runTestCharge(payload),
      [MONTHLY_ANNUAL_RECEIPTS_JOB]: async (payload: AnnualReceiptsPayload) => {
        await monthly.runAnnualReceipts(payload);
      },
    },
    service: { ...createGivingApi(deps), ...createTextGiftApi(deps) },
    consents: createConsentLedger(deps),
    testMode: gateway.isTest,
  };
}
