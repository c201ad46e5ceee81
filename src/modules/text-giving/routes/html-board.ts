import type { FastifyInstance } from 'fastify';
import { OrgParams } from '../schemas.js';
import type { BoardService } from '../services/board.js';
import { BoardPage, boardData } from '../views/board-pages.js';

const TICK_MS = 2000;

/** The staff telethon board, and its Server-Sent Events stream of totals. */
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
      reply.hijack();
      reply.raw.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
      let last = '';
      let closed = false;
      const send = (board: typeof first) => {
        const data = JSON.stringify(boardData(board, fmt));
        if (data === last) return reply.raw.write(': still here\n\n');
        last = data;
        return reply.raw.write(`event: totals\ndata: ${data}\n\n`);
      };
      send(first);
      const timer = setInterval(() => {
        deps.board
          .board(request.actor, org)
          .then((b) => !closed && send(b))
          .catch(() => undefined);
      }, tick);
      request.raw.on('close', () => {
        closed = true;
        clearInterval(timer);
      });
    });
  };
}
