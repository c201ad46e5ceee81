import { v7 } from 'uuid';

/** Time-ordered UUIDv7 keys, made in the app so PostgreSQL 15 and PGlite agree. */
export const newId = (): string => v7();
