import { createHash } from 'node:crypto';
import type pg from 'pg';

/** Uses of the same statement text before it is prepared on each connection. */
const PREPARE_AFTER_USES = 3;
/** The most statement texts one process prepares; anything past that runs unnamed. */
const MAX_NAMED = 2_000;
/** The most texts counted while waiting to reach PREPARE_AFTER_USES; the count starts over past it. */
const MAX_COUNTED = 20_000;
const DML = /^\s*(select|insert|update|delete|with)\b/i;

/**
 * Prepares the statements a process runs again and again (its queries' texts, with their
 * parameters bound) once per connection, as named statements: PostgreSQL then parses and
 * analyses each text once per connection instead of on every request, and may keep its plan.
 * A text is named after it has been seen a few times, so one-off statements (DDL, migrations,
 * texts built with a varying number of parameters) never fill the server's statement cache.
 *
 * A schema change under a prepared `select *` makes PostgreSQL refuse it ("cached plan must not
 * change result type"); that text is then run unnamed from then on, and the statement retried
 * once unnamed.
 */
export function nameRepeatedStatements(pool: pg.Pool): void {
  const counts = new Map<string, number>();
  const names = new Map<string, string>();
  const unnamed = new Set<string>();

  function nameFor(text: string): string | undefined {
    const name = names.get(text);
    if (name !== undefined) return name;
    if (unnamed.has(text) || names.size >= MAX_NAMED || !DML.test(text)) return undefined;
    const uses = (counts.get(text) ?? 0) + 1;
    if (uses < PREPARE_AFTER_USES) {
      if (counts.size >= MAX_COUNTED) counts.clear();
      counts.set(text, uses);
      return undefined;
    }
    counts.delete(text);
    const created = `foyer_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
    names.set(text, created);
    return created;
  }

  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    const replacement = (config: unknown, values?: unknown, callback?: unknown): unknown => {
      if (typeof config !== 'string' || !Array.isArray(values) || values.length === 0 || callback !== undefined) return query(config, values, callback);
      const name = nameFor(config);
      if (name === undefined) return query(config, values);
      return (query({ name, text: config, values }) as Promise<pg.QueryResult>).catch((error: { code?: string; message?: string }) => {
        if (error?.code !== '0A000' || !/cached plan/.test(error.message ?? '')) throw error;
        names.delete(config);
        unnamed.add(config);
        return query(config, values);
      });
    };
    (client as unknown as { query: typeof replacement }).query = replacement;
  });
}
