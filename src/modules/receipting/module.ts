import type { FastifyPluginAsync } from 'fastify';
import type { JobHandlers } from '../../platform/jobs/queue.js';
import type { ReceiptingDeps } from './deps.js';
import { receiptingHtmlRoutes } from './routes/html.js';
import { createReceiptingService, SEND_RECEIPT_JOB, type ReceiptingService } from './service.js';

export type ReceiptingModule = {
  service: ReceiptingService;
  htmlRoutes: FastifyPluginAsync[];
  apiRoutes: FastifyPluginAsync[];
  jobs: JobHandlers;
};

export function createReceiptingModule(deps: ReceiptingDeps): ReceiptingModule {
  const service = createReceiptingService(deps);
  return {
    service,
    htmlRoutes: [receiptingHtmlRoutes({ receipting: service })],
    apiRoutes: [],
    jobs: { [SEND_RECEIPT_JOB]: (payload: { receiptId: string }) => service.runSendReceipt(payload) },
  };
}
