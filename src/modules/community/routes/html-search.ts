import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { NotFoundError } from '../../../platform/http/errors.js';
import { fieldErrorsFromZod, optional, plainText } from '../../../platform/http/validation.js';
import { FeedQuery, OrgParams } from '../schemas.js';
import { SEARCH_KINDS, type SearchService } from '../services/search.js';
import { CommunitySearchPage } from '../views/search-pages.js';

export const SearchQuery = z.object({ q: optional(plainText(100)), type: z.enum(SEARCH_KINDS).default('all'), before: FeedQuery.shape.before });

/** Search across the community's posts, groups and people, for members of the organization. */
export function searchHtmlRoutes(deps: { search: SearchService }) {
  const { search } = deps;
  return async (app: FastifyInstance) => {
    app.get('/o/:org/community/search', { config: { access: 'signed-in' } }, async (request, reply) => {
      const params = OrgParams.safeParse(request.params);
      if (!params.success) throw new NotFoundError();
      const raw = (request.query ?? {}) as Record<string, unknown>;
      const query = SearchQuery.safeParse(raw);
      if (!query.success) {
        // The organization is still checked first: a stranger learns nothing from a bad query.
        const page = await search.search(request.actor, params.data.org, { kind: 'all' });
        const q = typeof raw.q === 'string' ? raw.q.slice(0, 100) : '';
        return reply.page(CommunitySearchPage({ ctx: request.viewCtx(), org: page.org, q, kind: 'all', results: null, errors: fieldErrorsFromZod(query.error, raw) }), 400);
      }
      const results = await search.search(request.actor, params.data.org, { q: query.data.q, kind: query.data.type, before: query.data.before });
      return reply.page(CommunitySearchPage({ ctx: request.viewCtx(), org: results.org, q: results.q, kind: results.kind, results: results.q ? results : null }));
    });
  };
}
