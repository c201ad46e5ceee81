import type { FastifyInstance } from 'fastify';
import { EmptyBody, OrgParams, parseBody, PreferencesBody } from '../schemas.js';
import type { NoticeService } from '../services/notices.js';
import { toNoticeView, unreadText } from '../presenters.js';
import { NoticesPage } from '../views/notice-pages.js';

const HEARTBEAT_MS = 25_000;

/** In-app notices: the page, marking them read, and a live stream (server-sent events) for open pages. */
export function noticeHtmlRoutes(deps: { notices: NoticeService }) {
  const { notices } = deps;
  return async (app: FastifyInstance) => {
    // Open streams end when the server shuts down, so they do not hold it open.
    const open = new Set<() => void>();
    app.addHook('preClose', async () => {
      for (const end of open) end();
    });
    app.get('/o/:org/notifications', { config: { access: 'signed-in' }, schema: { params: OrgParams } }, async (request, reply) => {
      const { org, notices: rows } = await notices.list(request.actor, (request.params as OrgParams).org);
      const ctx = request.viewCtx();
      const [email, unread] = await Promise.all([notices.preferences(request.actor, org.slug), notices.unreadCount(request.actor, org.slug)]);
      return reply.page(NoticesPage({ ctx, org, notices: rows.map((n) => toNoticeView(ctx, org, n)), unread, email }));
    });

    app.post('/o/:org/notifications/preferences', { config: { access: 'signed-in' }, schema: { params: OrgParams } }, async (request, reply) => {
      const { org } = request.params as OrgParams;
      await notices.setPreferences(request.actor, org, parseBody(PreferencesBody, request.body).email);
      return reply.seeOther(`/o/${org}/notifications`, 'notices.saved');
    });

    app.post('/o/:org/notifications/read', { config: { access: 'signed-in' }, schema: { params: OrgParams, body: EmptyBody } }, async (request, reply) => {
      const { org } = request.params as OrgParams;
      await notices.markRead(request.actor, org);
      return reply.seeOther(`/o/${org}/notifications`, 'notices.communityNoticesRead');
    });

    /**
     * One event per change: the unread count and the latest notices, each checked against the
     * policy as it is sent. The page works without it; the script only fills it in live.
     */
    app.get('/o/:org/notifications/stream', { config: { access: 'signed-in' }, schema: { params: OrgParams } }, async (request, reply) => {
      const { org: orgSlug } = request.params as OrgParams;
      const actor = request.actor;
      const ctx = request.viewCtx();
      const snapshot = async () => {
        const [{ org, notices: rows }, count] = await Promise.all([notices.list(actor, orgSlug), notices.unreadCount(actor, orgSlug)]);
        return { unread: count, unreadText: unreadText(ctx.t, count), latest: rows.filter((n) => n.readAt === null).slice(0, 10).map((n) => toNoticeView(ctx, org, n)) };
      };
      const first = await snapshot();
      reply.hijack();
      const out = reply.raw;
      out.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
      const send = (data: unknown) => out.write(`event: notices\ndata: ${JSON.stringify(data)}\n\n`);
      send(first);
      const onRing = () => {
        snapshot().then(send, (err: unknown) => request.log.warn({ err }, 'notice stream update failed'));
      };
      notices.bell.on(actor.accountId!, onRing);
      const heartbeat = setInterval(() => out.write(': keep-alive\n\n'), HEARTBEAT_MS);
      const close = () => {
        clearInterval(heartbeat);
        notices.bell.off(actor.accountId!, onRing);
      };
      const end = () => {
        close();
        out.end();
      };
      open.add(end);
      request.raw.on('close', close);
      out.on('close', () => {
        close();
        open.delete(end);
      });
    });
  };
}
