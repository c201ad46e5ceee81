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

export type Part = { name: string; value: Buffer | string; filename?: string; type?: string };

/** A multipart body as a browser sends it. */
export async function multipartBody(parts: Part[]): Promise<{ payload: Buffer; contentType: string }> {
  const form = new FormData();
  for (const p of parts) {
    if (p.filename !== undefined) form.append(p.name, new Blob([typeof p.value === 'string' ? p.value : new Uint8Array(p.value)], { type: p.type ?? 'application/octet-stream' }), p.filename);
    else form.append(p.name, String(p.value));
  }
  const encoded = new Response(form);
  return { payload: Buffer.from(await encoded.arrayBuffer()), contentType: encoded.headers.get('content-type')! };
}

/** Posts a multipart form with the CSRF token in the action URL, as the pages do. */
export async function postMultipart(c: TestClient, url: string, parts: Part[], opts: { csrf?: boolean } = {}) {
  const { payload, contentType } = await multipartBody(parts);
  const sep = url.includes('?') ? '&' : '?';
  const target = opts.csrf === false ? url : `${url}${sep}_csrf=${encodeURIComponent(await c.csrfToken())}`;
  return c.request({ method: 'POST', url: target, payload, headers: { 'content-type': contentType } });
}

type CountedTable = 'blogBlogs' | 'blogAuthors' | 'blogImages' | 'blogPostAttachments' | 'storageObjects' | 'auditEvents';

export async function countRows(t: TestApp, table: CountedTable): Promise<number> {
  const r = await t.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}
