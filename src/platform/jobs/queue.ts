import { sql } from 'kysely';
import type { FastifyBaseLogger } from 'fastify';
import { newId } from '../db/ids.js';
import type { Db, Executor } from '../db/types.js';

export type JobHandler = (payload: any) => Promise<void>;
export type JobHandlers = Record<string, JobHandler>;

const LOCK_SECONDS = 300;

/**
 * Adds a job in the caller's transaction, so the job exists if and only if the change that
 * asked for it was committed. A dedupe key makes enqueueing idempotent.
 */
export async function enqueueJob(
  executor: Executor,
  name: string,
  payload: unknown,
  opts: { runAt?: Date; dedupeKey?: string; maxAttempts?: number } = {},
): Promise<void> {
  await executor
    .insertInto('jobsQueue')
    .values({
      id: newId(),
      name,
      payload: JSON.stringify(payload ?? {}),
      ...(opts.runAt ? { runAt: opts.runAt } : {}),
      ...(opts.maxAttempts ? { maxAttempts: opts.maxAttempts } : {}),
      dedupeKey: opts.dedupeKey ?? null,
    })
    .onConflict((oc) => oc.column('dedupeKey').doNothing())
    .execute();
}

type Claimed = { id: string; name: string; payload: unknown; attempts: number; maxAttempts: number };

/** Takes one due job (or one whose worker died past its lock) for this worker. */
async function claimJob(db: Db): Promise<Claimed | undefined> {
  return db.transaction().execute(async (trx) => {
    const row = await sql<Claimed>`
      update jobs_queue set status = 'running', attempts = attempts + 1,
        locked_until = now() + make_interval(secs => ${LOCK_SECONDS})
      where id = (
        select id from jobs_queue
        where (status = 'pending' and run_at <= now()) or (status = 'running' and locked_until < now())
        order by run_at, id
        limit 1
        for update skip locked
      )
      returning id, name, payload, attempts, max_attempts as "maxAttempts"`.execute(trx);
    return row.rows[0];
  });
}

export type Worker = {
  start(): void;
  /** Runs every due job now, one after the other; returns how many ran. For tests and the CLI. */
  drain(): Promise<number>;
  stop(): Promise<void>;
};

export function createWorker(deps: { db: Db; handlers: JobHandlers; pollMs: number; log: FastifyBaseLogger }): Worker {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;

  async function runOne(): Promise<boolean> {
    const job = await claimJob(deps.db);
    if (!job) return false;
    const handler = deps.handlers[job.name];
    try {
      if (!handler) throw new Error(`no handler for job ${job.name}`);
      await handler(job.payload);
      await deps.db
        .updateTable('jobsQueue')
        .set({ status: 'done', finishedAt: new Date(), lockedUntil: null, lastError: null })
        .where('id', '=', job.id)
        .execute();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const giveUp = job.attempts >= job.maxAttempts;
      deps.log.warn({ job: job.name, jobId: job.id, attempts: job.attempts, err: message }, giveUp ? 'job failed for good' : 'job failed, will retry');
      const backoffSeconds = Math.min(3600, 5 * 2 ** job.attempts);
      await deps.db
        .updateTable('jobsQueue')
        .set({
          status: giveUp ? 'failed' : 'pending',
          lockedUntil: null,
          lastError: message.slice(0, 500),
          runAt: sql`now() + make_interval(secs => ${backoffSeconds})`,
          ...(giveUp ? { finishedAt: new Date() } : {}),
        })
        .where('id', '=', job.id)
        .execute();
    }
    return true;
  }

  async function drain(): Promise<number> {
    let count = 0;
    while (!stopped && (await runOne())) count++;
    return count;
  }

  function schedule() {
    if (stopped) return;
    timer = setTimeout(() => {
      running = drain()
        .catch((error: unknown) => deps.log.error({ err: error }, 'job worker error'))
        .finally(schedule);
    }, deps.pollMs);
    timer.unref();
  }

  return {
    start: schedule,
    drain: () => {
      const p = running.then(drain);
      running = p.catch(() => undefined);
      return p;
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
