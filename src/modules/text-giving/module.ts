import type { FastifyBaseLogger, FastifyPluginAsync } from 'fastify';
import type { JobHandlers } from '../../platform/jobs/queue.js';
import type { TextGivingDeps } from './deps.js';
import { createPhoneHasher } from './phone.js';
import { programHtmlRoutes } from './routes/html-programs.js';
import { webhookRoutes } from './routes/webhook.js';
import { createCredentialCache } from './services/credentials.js';
import { createInboundService, PROCESS_INBOUND_JOB } from './services/inbound.js';
import { createOutboundService, SEND_REPLY_JOB } from './services/outbound.js';
import { createProgramService } from './services/programs.js';
import { createLinkService } from './services/links.js';
import { linkHtmlRoutes } from './routes/html-links.js';
import { settlementHtmlRoutes } from './routes/html-settlements.js';
import { contactHtmlRoutes } from './routes/html-contacts.js';
import { boardHtmlRoutes } from './routes/html-board.js';
import { createBoardService } from './services/board.js';
import { createContactService } from './services/contacts.js';
import { createSettlementService } from './services/settlements.js';
import { createSmsTexts } from './sms-texts.js';
import { createTextGiftService, RECORD_GIFT_JOB } from './services/gifts.js';
import { createReceiptLinkService } from './services/receipt-links.js';
import { receiptHtmlRoutes } from './routes/html-receipts.js';
import { pledgeHtmlRoutes } from './routes/html-pledges.js';
import { createPledgeService } from './services/pledges.js';
import { TEXT_LINK_GIFT_PAID_JOB, TEXT_LINK_GIFT_REVERSED_JOB } from '../fundraising/index.js';

export type TextGivingModule = {
  htmlRoutes: FastifyPluginAsync[];
  apiRoutes: FastifyPluginAsync[];
  jobs: JobHandlers;
};

export function createTextGivingModule(deps: TextGivingDeps & { log?: FastifyBaseLogger }): TextGivingModule {
  const credentials = createCredentialCache(deps);
  const texts = createSmsTexts(deps.i18n);
  const outbound = createOutboundService({ ...deps, credentials, log: deps.log });
  const inbound = createInboundService({ ...deps, credentials, outbound, texts, hashPhone: createPhoneHasher(deps.config.secret) });
  const gifts = createTextGiftService({ ...deps, outbound, texts });
  const programs = createProgramService({ ...deps, onNumberChanged: (id) => inbound.forgetNumber(id) });
  return {
    htmlRoutes: [programHtmlRoutes({ programs }), linkHtmlRoutes({ links: createLinkService(deps) }), settlementHtmlRoutes({ settlements: createSettlementService({ ...deps, outbound, texts }) }), contactHtmlRoutes({ contacts: createContactService(deps) }), boardHtmlRoutes({ board: createBoardService(deps) }), receiptHtmlRoutes({ receipts: createReceiptLinkService(deps) }), pledgeHtmlRoutes({ pledges: createPledgeService(deps) })],
    apiRoutes: [webhookRoutes({ inbound })],
    jobs: {
      [PROCESS_INBOUND_JOB]: (payload) => inbound.runProcessInbound(payload),
      [SEND_REPLY_JOB]: (payload) => outbound.runSendReply(payload),
      [RECORD_GIFT_JOB]: (payload) => gifts.runRecordGift(payload),
      [TEXT_LINK_GIFT_PAID_JOB]: (payload) => gifts.runLinkGiftPaid(payload),
      [TEXT_LINK_GIFT_REVERSED_JOB]: (payload) => gifts.runLinkGiftReversed(payload),
    },
  };
}
