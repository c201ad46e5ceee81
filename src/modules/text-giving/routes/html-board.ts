import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { OrgParams } from '../schemas.js';
import type { BoardService } from '../services/board.js';
import { BoardPage, boardData, liveData } from '../views/board-pages.js';
import { streamTotals } from './event-stream.js';

const TICK_MS = 2000;
const LiveParams = OrgParams.extend({ campaignId: z.uuid() });
type LiveParams = z.infer<typeof LiveParams>;

/** The staff telethon board, its Server-Sent Events stream of totals, and a campaign's public stream. */
export function boardHtmlRoutes(deps: { board: BoardService; tickMs?: number }) {
  const tick = deps.tickMs ?? TICK_MS;
  return async (app: FastifyInstance) => {
    app.get('/o/:org/text-giving/board', { config: { access: 'signed-in' }, schema: { params: OrgParams } }, async (request, reply) => {
      const board = await deps.board.board(request.actor, (request.params as OrgParams).org);
      return reply.header('cache-control', 'no-store').page(BoardPage({ ctx: request.viewCtx(), board }));
    });
    app.get('/o/:org/text-giving/board/events', { config: { access: 'signed-in' }, schema: { params: OrgParams } }, async (request, reply) => {
      const { org } = request.params as OrgParams;
      const first = await deps.board.board(request.actor, org);
      const fmt = request.viewCtx().fmt;
      streamTotals(request, reply, { first, load: () => deps.board.board(request.actor, org), data: (b) => boardData(b, fmt), tickMs: tick });
    });
    // The public campaign page's live totals (the page shows them without script too).
    app.get('/o/:org/text-giving/live/:campaignId', { config: { access: 'public' }, schema: { params: LiveParams } }, async (request, reply) => {
      const { org, campaignId } = request.params as LiveParams;
      const first = await deps.board.campaignTotals(org, campaignId);
      const ctx = request.viewCtx();
      streamTotals(request, reply, { first, load: () => deps.board.campaignTotals(org, campaignId), data: (c) => liveData(c, ctx), tickMs: tick });
    });
  };
}
