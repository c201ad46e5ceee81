import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError, type FieldErrors } from '../../../platform/http/errors.js';
import { OrgParams } from '../schemas.js';
import type { SettlementService } from '../services/settlements.js';
import { SettlementsPage } from '../views/settlement-pages.js';

const UploadQuery = z.object({ _csrf: z.string().max(200).optional() });
const MAX_BYTES = 2 * 1024 * 1024;

/** Reads the one file of the upload form; the file's own problems are the file field's. */
async function readFile(request: FastifyRequest): Promise<{ data: Buffer } | { errors: FieldErrors }> {
  let data: Buffer | null = null;
  try {
    for await (const part of request.parts({ limits: { fileSize: MAX_BYTES, files: 1 } })) {
      if (part.type === 'file' && part.fieldname === 'file' && !data) data = await part.toBuffer();
      else if (part.type === 'file') await part.toBuffer();
    }
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    return { errors: { file: { code: code === 'FST_REQ_FILE_TOO_LARGE' ? 'file_too_large' : 'invalid' } } };
  }
  if (!data || data.byteLength === 0) return { errors: { file: { code: 'required' } } };
  return { data };
}

/** Importing the billing partner's settlement file, and its reconciliation report. */
export function settlementHtmlRoutes(deps: { settlements: SettlementService }) {
  return async (app: FastifyInstance) => {
    app.get('/o/:org/text-giving/settlements', { config: { access: 'signed-in' }, schema: { params: OrgParams } }, async (request, reply) => {
      const page = await deps.settlements.settlementsPage(request.actor, (request.params as OrgParams).org);
      return reply.page(SettlementsPage({ ctx: request.viewCtx(), org: page.org, report: null }));
    });
    app.post('/o/:org/text-giving/settlements', { config: { access: 'signed-in' }, schema: { params: OrgParams, querystring: UploadQuery } }, async (request, reply) => {
      const { org } = request.params as OrgParams;
      const page = await deps.settlements.settlementsPage(request.actor, org);
      if (!request.isMultipart()) return reply.page(SettlementsPage({ ctx: request.viewCtx(), org: page.org, report: null, errors: { file: { code: 'required' } } }), 400);
      const file = await readFile(request);
      if ('errors' in file) return reply.page(SettlementsPage({ ctx: request.viewCtx(), org: page.org, report: null, errors: file.errors }), 400);
      try {
        const { report } = await deps.settlements.importSettlements(request.actor, org, file.data, { ip: request.ip ?? null });
        return reply.page(SettlementsPage({ ctx: request.viewCtx(), org: page.org, report }));
      } catch (error) {
        if (error instanceof AppError && Object.keys(error.fields).length > 0) return reply.page(SettlementsPage({ ctx: request.viewCtx(), org: page.org, report: null, errors: error.fields }), error.status);
        throw error;
      }
    });
  };
}
