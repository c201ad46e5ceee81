import type { KyselyPlugin } from 'kysely';
import { accountActor, type Actor } from '../../src/platform/auth/actor.js';
import type { Db } from '../../src/platform/db/types.js';

/**
 * The database with every executed statement counted as its result comes back: for tests that a
 * page or a service runs a bounded number of statements, however much data there is.
 */
export function countingStatements(db: Db): { db: Db; counter: { statements: number } } {
  const counter = { statements: 0 };
  const plugin: KyselyPlugin = {
    transformQuery: (args) => args.node,
    transformResult: (args) => {
      counter.statements++;
      return Promise.resolve(args.result);
    },
  };
  return { db: db.withPlugin(plugin), counter };
}

/** A signed-in member of one organization, as a session would present them, for calling a service directly. */
export function memberActor(account: { id: string; email: string }, org: { id: string; slug: string }, displayName: string): Actor {
  return accountActor({
    accountId: account.id,
    sessionId: '',
    email: account.email,
    displayName,
    locale: null,
    isPlatformAdmin: false,
    memberships: [{ organizationId: org.id, organizationSlug: org.slug, organizationName: { en: `Org ${org.slug}`, fr: `Org ${org.slug} FR` }, roles: ['member'], staffVerified: false }],
  });
}
