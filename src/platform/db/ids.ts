import { v7 } from 'uuid';

/** Time-ordered UUIDv7 keys, made in the app so PostgreSQL 15 and PGlite agree. */
export const newId = (): string => v7();

/** Any UUID in its canonical text form (whatever its version: ids here are v7, some made elsewhere). */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Whether a string can name a row by id: anything else finds nothing and is never sent to the database. */
export const isUuid = (value: string): boolean => UUID_PATTERN.test(value);
