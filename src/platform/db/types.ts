import type { Kysely, Transaction } from 'kysely';
import type { Database } from './database.js';

/** What every query takes first: the database or an open transaction. */
export type Executor = Kysely<Database> | Transaction<Database>;
export type Db = Kysely<Database>;
