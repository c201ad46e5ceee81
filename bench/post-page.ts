import { newId } from '../src/platform/db/ids.js';
import type { Db } from '../src/platform/db/types.js';
import { loadOnDatabases } from './support.js';

const COMMENTS = 20;
const SLUG = 'new-paediatric-wing-opens';

/** The demo's newsroom post with 20 approved comments, five of them replies. */
export async function addComments(db: Db) {
  const post = await db.selectFrom('blogPosts').select(['id', 'organizationId']).where('slug', '=', SLUG).executeTakeFirstOrThrow();
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
}

/** A published post page with 20 approved comments, read by anonymous visitors over 50 connections. */
export async function run() {
  const figures = await loadOnDatabases({
    path: `/o/demo-hospital/blogs/newsroom/${SLUG}`,
    connections: 50,
    seconds: 10,
    warmupSeconds: 3,
    prepare: addComments,
    check(body) {
      const shown = (body.match(/Comment number \d+:/g) ?? []).length;
      if (shown !== COMMENTS) throw new Error(`The post page shows ${shown} comments, not ${COMMENTS}`);
    },
  });
  return { ...figures, comments: COMMENTS };
}
