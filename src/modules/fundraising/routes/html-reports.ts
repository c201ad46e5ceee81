import type { FastifyInstance } from 'fastify';
import { fieldErrorsFromZod } from '../../../platform/http/validation.js';
import { GiftListQuery } from '../report-schemas.js';
import { OrgParams } from '../schemas.js';
import type { ReportService } from '../services/reports.js';
import { ReportsPage } from '../views/report-pages.js';
import { z } from 'zod';

/** Fundraisers' reports and the gift list's CSV export. */
export function reportHtmlRoutes(deps: { reports: ReportService }) {
  // The filters are parsed here rather than by the route schema, so a bad filter re-renders the page with the field named.
  const RawQuery = z.record(z.string(), z.union([z.string(), z.array(z.string())]));
  return async (app: FastifyInstance) => {
    app.get('/o/:org/fundraising/reports', { config: { access: 'signed-in' }, schema: { params: OrgParams, querystring: RawQuery } }, async (request, reply) => {
      const raw = request.query as Record<string, unknown>;
      const parsed = GiftListQuery.safeParse(raw);
      const org = (request.params as OrgParams).org;
      if (!parsed.success) {
        const r = await deps.reports.reports(request.actor, org, {});
        return reply.page(ReportsPage({ ctx: request.viewCtx(), r: { ...r, gifts: [] }, values: raw, errors: fieldErrorsFromZod(parsed.error, raw) }), 400);
      }
      return reply.page(ReportsPage({ ctx: request.viewCtx(), r: await deps.reports.reports(request.actor, org, parsed.data), values: raw }));
    });
    app.get('/o/:org/fundraising/reports/gifts.csv', { config: { access: 'signed-in' }, schema: { params: OrgParams, querystring: GiftListQuery } }, async (request, reply) => {
      const { filename, csv } = await deps.reports.giftsCsv(request.actor, (request.params as OrgParams).org, request.query as GiftListQuery);
      return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${filename}"`).header('cache-control', 'no-store').send(csv);
    });
  };
}
