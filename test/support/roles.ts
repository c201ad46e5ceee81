import { randomBytes } from 'node:crypto';
import type { Role } from '../../src/platform/auth/actor.js';
import type { TestApp } from './build-test-app.js';
import type { TestClient } from './client.js';
import { createAccount, createOrganization } from './factories/identity.js';
import { signIn } from './sign-in.js';

/** Every role that does not administer an organization, as seeded for a member of it. */
export const NON_ADMIN_ROLES: Record<string, Role[]> = {
  member: ['member'],
  staff: ['staff', 'member'],
  fundraiser: ['fundraiser', 'member'],
  moderator: ['moderator', 'member'],
  communicator: ['communicator', 'member'],
};

export type Signed = { id: string; email: string; client: TestClient };

export async function signedInWith(t: TestApp, opts: Parameters<typeof createAccount>[1] = {}): Promise<Signed> {
  const account = await createAccount(t.db, opts);
  return { id: account.id, email: account.email, client: await signIn(t.app, account) };
}

/**
 * One signed-in client per kind of person who must not administer `org`: each non-admin role,
 * the administrator of another organization, and (unless the action is theirs) an operator.
 */
export async function outsiders(t: TestApp, org: { id: string }, opts: { platformAdmin?: boolean } = {}): Promise<[string, TestClient][]> {
  const out: [string, TestClient][] = [];
  for (const [name, roles] of Object.entries(NON_ADMIN_ROLES)) out.push([name, (await signedInWith(t, { org, roles })).client]);
  const other = await createOrganization(t.db);
  out.push(['admin of another organization', (await signedInWith(t, { org: other, roles: ['admin', 'member'] })).client]);
  if (opts.platformAdmin) out.push(['platform admin', (await signedInWith(t, { platformAdmin: true })).client]);
  return out;
}

/** A multipart/form-data body with one file, as a browser's file input sends it. */
export function multipartFile(field: string, filename: string, contentType: string, data: Buffer): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----foyer${randomBytes(8).toString('hex')}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([head, data, tail]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

export async function countRows(t: TestApp, table: 'identityOrganizations' | 'identityMemberships' | 'identityInvitations' | 'auditEvents' | 'storageObjects' | 'mailMessages'): Promise<number> {
  const r = await t.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}
