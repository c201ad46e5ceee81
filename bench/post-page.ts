import autocannon from 'autocannon';
import { newId } from '../src/platform/db/ids.js';
import { databasesFromArgs, latencyFigures, prepareDatabase, startServer } from './support.js';

const WARMUP_SECONDS = 3;
const SECONDS = 10;
const CONNECTIONS = 50;
const COMMENTS = 20;
const PATH = '/o/demo-hospital/blogs/newsroom/new-paediatric-wing-opens';

/**
 * A published post with 20 approved comments (five of them replies), read by anonymous visitors
 * over 50 connections, on PostgreSQL and on PGlite.
 */
export async function run() {
  const figures: Record<string, number | string> = { target: `GET ${PATH}`, seconds: SECONDS, connections: CONNECTIONS, comments: COMMENTS };
  for (const kind of databasesFromArgs()) {
    const database = await prepareDatabase(kind, async (db) => {
      const post = await db.selectFrom('blogPosts').select(['id', 'organizationId']).where('slug', '=', 'new-paediatric-wing-opens').executeTakeFirstOrThrow();
      const ids: string[] = [];
      const start = Date.now() - COMMENTS * 60_000;
      const rows = Array.from({ length: COMMENTS }, (_, i) => {
        const id = newId();
        ids.push(id);
        return {
          id,
          organizationId: post.organizationId,
          postId: post.id,
          parentId: i % 4 === 3 ? ids[i - 1]! : null,
          accountId: null,
          guestName: `Reader ${i + 1}`,
          guestEmail: `reader-${i + 1}@example.ca`,
          body: `Comment number ${i + 1}: thank you to the team and to every donor who made the new wing possible. We spent three weeks on the old ward last year.`,
          lang: 'en' as const,
          status: 'approved' as const,
          holdReasons: [],
          ipHash: null,
          createdAt: new Date(start + i * 60_000),
        };
      });
      await db.insertInto('blogComments').values(rows).execute();
    });
    const server = await startServer(database.env);
    try {
      const page = await (await fetch(`${server.url}${PATH}`)).text();
      const shown = (page.match(/Comment number \d+:/g) ?? []).length;
      if (shown !== COMMENTS) throw new Error(`The post page shows ${shown} comments, not ${COMMENTS}`);
      console.log(`[${kind}] warming up ${PATH} for ${WARMUP_SECONDS} s`);
      await autocannon({ url: `${server.url}${PATH}`, connections: CONNECTIONS, duration: WARMUP_SECONDS });
      console.log(`[${kind}] measuring for ${SECONDS} s with ${CONNECTIONS} connections`);
      const result = await autocannon({ url: `${server.url}${PATH}`, connections: CONNECTIONS, duration: SECONDS });
      for (const [key, value] of Object.entries(latencyFigures(result))) figures[`${kind}.${key}`] = value;
      figures[`${kind}.serverRssMb`] = server.rssMb();
      console.log(`[${kind}] ${figures[`${kind}.requestsPerSecMean`]} req/s, p50 ${figures[`${kind}.latencyP50Ms`]} ms, p99 ${figures[`${kind}.latencyP99Ms`]} ms`);
    } finally {
      await server.stop();
      await database.cleanup();
    }
  }
  return figures;
}
