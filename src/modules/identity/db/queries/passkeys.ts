import type { Executor } from '../../../../platform/db/types.js';
import type { PasskeyRow } from '../schema.js';

// bytea comes back as a Buffer from pg and a Uint8Array from PGlite; bigint as a number from both.
const normalize = (row: PasskeyRow): PasskeyRow => ({ ...row, counter: Number(row.counter), publicKey: Buffer.from(row.publicKey) });

export async function listPasskeysOfAccount(ex: Executor, accountId: string): Promise<PasskeyRow[]> {
  const rows = await ex.selectFrom('identityPasskeys').selectAll().where('accountId', '=', accountId).orderBy('createdAt', 'asc').orderBy('id', 'asc').execute();
  return rows.map(normalize);
}

export async function findPasskeyByCredentialId(ex: Executor, credentialId: string): Promise<PasskeyRow | undefined> {
  const row = await ex.selectFrom('identityPasskeys').selectAll().where('credentialId', '=', credentialId).forUpdate().executeTakeFirst();
  return row && normalize(row);
}

export async function findPasskeyOfAccount(ex: Executor, id: string, accountId: string): Promise<PasskeyRow | undefined> {
  const row = await ex.selectFrom('identityPasskeys').selectAll().where('id', '=', id).where('accountId', '=', accountId).executeTakeFirst();
  return row && normalize(row);
}

export async function insertPasskey(
  ex: Executor,
  p: { id: string; accountId: string; credentialId: string; publicKey: Buffer; counter: number; transports: string[]; name: string },
): Promise<void> {
  await ex.insertInto('identityPasskeys').values({ ...p, lastUsedAt: null }).execute();
}

export async function recordPasskeyUse(ex: Executor, id: string, counter: number): Promise<void> {
  await ex.updateTable('identityPasskeys').set({ counter, lastUsedAt: new Date() }).where('id', '=', id).execute();
}

export async function deletePasskey(ex: Executor, id: string, accountId: string): Promise<boolean> {
  const result = await ex.deleteFrom('identityPasskeys').where('id', '=', id).where('accountId', '=', accountId).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}
