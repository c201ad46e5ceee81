import { addComments } from './post-page.js';
import { loadOnDatabases } from './support.js';

/** The newsroom's RSS feed, fetched by anonymous readers over 50 connections (no If-None-Match). */
export async function run() {
  return loadOnDatabases({
    path: '/o/demo-hospital/blogs/newsroom/rss.xml',
    connections: 50,
    seconds: 10,
    warmupSeconds: 3,
    prepare: addComments,
    check(body, res) {
      if (!res.ok || !(res.headers.get('content-type') ?? '').includes('xml') || (body.match(/<item>/g) ?? []).length < 3) {
        throw new Error(`The feed is not what readers get: ${res.status} ${res.headers.get('content-type')}`);
      }
    },
  });
}
