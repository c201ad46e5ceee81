import { newId } from '../../../src/platform/db/ids.js';
import type { Db } from '../../../src/platform/db/types.js';

/** A comment written straight to the database, for tests that need one in a given state. */
export async function createComment(
  db: Db,
  c: { organizationId: string; postId: string } & Partial<{
    parentId: string | null;
    accountId: string | null;
    guestName: string;
    guestEmail: string;
    body: string;
    lang: 'en' | 'fr';
    status: 'held' | 'approved' | 'rejected' | 'spam';
    holdReasons: string[];
    createdAt: Date;
  }>,
) {
  const id = newId();
  const accountId = c.accountId ?? null;
  await db
    .insertInto('blogComments')
    .values({
      id,
      organizationId: c.organizationId,
      postId: c.postId,
      parentId: c.parentId ?? null,
      accountId,
      guestName: accountId ? null : (c.guestName ?? 'Guest Reader'),
      guestEmail: accountId ? null : (c.guestEmail ?? `guest-${id.slice(-8)}@example.ca`),
      body: c.body ?? 'A kind word.',
      lang: c.lang ?? 'en',
      status: c.status ?? 'approved',
      holdReasons: c.holdReasons ?? [],
      ipHash: null,
      ...(c.createdAt ? { createdAt: c.createdAt } : {}),
    })
    .execute();
  return { id };
}
