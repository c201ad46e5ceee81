import { createHash } from 'node:crypto';
import { newId } from '../db/ids.js';
import type { Executor } from '../db/types.js';
import type { StorageObjectRow } from './schema.js';

/** Small binary objects (avatars, logos) kept in the database, so every instance sees them. */
export async function putObject(
  executor: Executor,
  input: { contentType: string; data: Buffer; ownerAccountId?: string | null; private?: boolean },
): Promise<string> {
  const id = newId();
  await executor
    .insertInto('storageObjects')
    .values({
      id,
      ownerAccountId: input.ownerAccountId ?? null,
      contentType: input.contentType,
      byteSize: input.data.byteLength,
      data: input.data,
      sha256: createHash('sha256').update(input.data).digest('hex'),
      private: input.private ?? false,
    })
    .execute();
  return id;
}

export async function getObject(executor: Executor, id: string): Promise<StorageObjectRow | undefined> {
  return executor.selectFrom('storageObjects').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function deleteObject(executor: Executor, id: string): Promise<void> {
  await executor.deleteFrom('storageObjects').where('id', '=', id).execute();
}
