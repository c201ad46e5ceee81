import type { Generated, Selectable } from 'kysely';

export interface StorageObjectsTable {
  id: string;
  ownerAccountId: string | null;
  contentType: string;
  byteSize: number;
  data: Buffer;
  sha256: string;
  /** Never served by /media/:id: the owning module serves it under its own policy. */
  private: Generated<boolean>;
  createdAt: Generated<Date>;
}
export type StorageObjectRow = Selectable<StorageObjectsTable>;
export type StorageTables = { storageObjects: StorageObjectsTable };
