import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import { NotFoundError } from '../../../platform/http/errors.js';
import { fieldErrorsFromFastify } from '../../../platform/http/validation.js';
import { SearchQuery } from '../manage-schemas.js';
import { OrgParams } from '../schemas.js';
import type { SearchService } from '../services/search.js';
import { searchUrl } from '../views/manage-urls.js';
import { SearchPage } from '../views/search-pages.js';

type Invalid = Error & { validation?: unknown; validationContext?: string };

const pageHref = (org: string, q: SearchQuery, page: number) =>
  `${searchUrl(org)}?${new URLSearchParams({ q: q.q, ...(q.lang ? { lang: q.lang } : {}), ...(page > 1 ? { page: String(page) } : {}) }).toString()}`;

/** Search across the published posts of an organization's blogs, in English and French. */
export function searchHtmlRoutes(deps: { search: SearchService }) {
  const { search } = deps;
  return async (app: FastifyInstance) => {
    app.get(
      '/o/:org/blogs/search',
      { config: { access: 'public' }, schema: { params: OrgParams, querystring: SearchQuery }, attachValidation: true },
      async (request, reply) => {
        const invalid = request.validationError as Invalid | undefined;
        if (invalid?.validationContext === 'params') throw new NotFoundError();
        const { org } = request.params as z.infer<typeof OrgParams>;
        const raw = (request.query ?? {}) as Record<string, unknown>;
        if (invalid) {
          const errors = fieldErrorsFromFastify(invalid.validation as Parameters<typeof fieldErrorsFromFastify>[0], raw);
          return reply.page(SearchPage({ ctx: request.viewCtx(), org: await search.org(org), values: raw, errors, results: null }), 400);
        }
        const query = request.query as SearchQuery;
        const data = await search.search(org, query);
        return reply.page(
          SearchPage({
            ctx: request.viewCtx(),
            org: data.org,
            values: query,
            results: data.results,
            nextHref: data.hasMore ? pageHref(org, query, data.page + 1) : undefined,
            prevHref: data.page > 1 ? pageHref(org, query, data.page - 1) : undefined,
          }),
        );
      },
    );
  };
}
