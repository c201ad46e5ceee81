import type { FastifyPluginAsync } from 'fastify';
import type { JobHandlers } from '../../platform/jobs/queue.js';
import type { FundraisingDeps } from './deps.js';
import type { PaymentGateway } from './gateways/gateway.js';
import { createStripeGateway } from './gateways/stripe-gateway.js';
import { createTestGateway, type TestGateway } from './gateways/test-gateway.js';
import { campaignHtmlRoutes } from './routes/html-campaigns.js';
import { giftHtmlRoutes } from './routes/html-gifts.js';
import { webhookApiRoutes } from './routes/webhooks.js';
import { createCampaignService } from './services/campaigns.js';
import { createFollowUpService } from './services/follow-up.js';
import { createGiftService, GIFT_CONFIRMED_JOB, type GiftConfirmedPayload } from './services/gifts.js';
import { createGivingApi, type GivingApi } from './services/giving-api.js';

export type FundraisingModule = {
  htmlRoutes: FastifyPluginAsync[];
  apiRoutes: FastifyPluginAsync[];
  jobs: JobHandlers;
  /** For other modules (text-to-give): find a campaign, record a gift. See README. */
  service: GivingApi;
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
  const campaigns = createCampaignService(deps);
  const gifts = createGiftService({ ...deps, gateway, testGateway });
  const followUp = createFollowUpService(deps);
  return {
    htmlRoutes: [campaignHtmlRoutes({ campaigns, gifts }), giftHtmlRoutes({ gifts })],
    apiRoutes: [webhookApiRoutes({ gifts })],
    jobs: { [GIFT_CONFIRMED_JOB]: (payload: GiftConfirmedPayload) => followUp.runGiftConfirmed(payload) },
    service: createGivingApi(deps),
    testMode: gateway.isTest,
  };
}
