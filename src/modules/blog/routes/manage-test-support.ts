import type { Role } from '../../../platform/auth/actor.js';
import type { TestApp } from '../../../../test/support/build-test-app.js';
import type { TestClient } from '../../../../test/support/client.js';
import { createAccount, createOrganization } from '../../../../test/support/factories/identity.js';
import { signIn } from '../../../../test/support/sign-in.js';

export type Signed = { id: string; email: string; client: TestClient };

export async function signedInWith(t: TestApp, opts: Parameters<typeof createAccount>[1] = {}): Promise<Signed> {
  const account = await createAccount(t.db, opts);
  return { id: account.id, email: account.email, client: await signIn(t.app, account) };
}

/** Roles of the organization that do not manage blogs. */
export const NON_COMMUNICATOR_ROLES: Record<string, Role[]> = {
  member: ['member'],
  staff: ['staff', 'member'],
  fundraiser: ['fundraiser', 'member'],
  moderator: ['moderator', 'member'],
};

/** One signed-in client per kind of person who is neither communicator nor administrator of `org`. */
export async function nonCommunicators(t: TestApp, org: { id: string }): Promise<[string, TestClient][]> {
  const out: [string, TestClient][] = [];
  for (const [name, roles] of Object.entries(NON_COMMUNICATOR_ROLES)) out.push([name, (await signedInWith(t, { org, roles })).client]);
  const other = await createOrganization(t.db);
  out.push(['communicator of another organization', (await signedInWith(t, { org: other, roles: ['communicator', 'admin', 'member'] })).client]);
  return out;
}

export { multipartBody, postMultipart, type Part } from '../../../../test/support/multipart.js';

type CountedTable = 'blogBlogs' | 'blogAuthors' | 'blogImages' | 'blogPostAttachments' | 'storageObjects' | 'auditEvents';

export async function countRows(t: TestApp, table: CountedTable): Promise<number> {
  const r = await t.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}
