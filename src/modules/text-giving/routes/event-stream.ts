import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * A Server-Sent Events stream of one kind of totals: the first at once, then every `tickMs`
 * what `load` says, sent only when it changed (a comment keeps the connection alive otherwise).
 * Used by the staff telethon board and by the public campaign page's live totals.
 */
export function streamTotals<T>(request: FastifyRequest, reply: FastifyReply, opts: { first: T; load: () => Promise<T>; data: (value: T) => unknown; tickMs: number }): void {
  reply.hijack();
  reply.raw.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
  let last = '';
  let closed = false;
  const send = (value: T) => {
    const data = JSON.stringify(opts.data(value));
    if (data === last) return reply.raw.write(': still here\n\n');
    last = data;
    return reply.raw.write(`event: totals\ndata: ${data}\n\n`);
  };
  send(opts.first);
  const timer = setInterval(() => {
    opts
      .load()
      .then((v) => !closed && send(v))
      .catch(() => undefined);
  }, opts.tickMs);
  request.raw.on('close', () => {
    closed = true;
    clearInterval(timer);
  });
}
