import { sql, type RawBuilder } from 'kysely';
import type { FastifyBaseLogger } from 'fastify';
import { newId } from '../db/ids.js';
import type { Db, Executor } from '../db/types.js';

export type JobHandler = (payload: any) => Promise<void>;
export type JobHandlers = Record<string, JobHandler>;

/**
 * How long a claim lasts unless its worker renews it. A running job's worker renews its lease
 * every third of it, so a long job keeps its lock while a dead worker's jobs are taken over
 * within one lease.
 */
export const DEFAULT_LEASE_SECONDS = 30;

export type NewJob = { name: string; payload: unknown; runAt?: Date; dedupeKey?: string; maxAttempts?: number };

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
  await enqueueJobs(executor, [{ name, payload, ...opts }]);
}

/**
 * Adds many jobs in one statement, as enqueueJob adds one: in the caller's transaction, each
 * job whose dedupe key is already queued (or repeated in the list) skipped.
 */
export async function enqueueJobs(executor: Executor, jobs: NewJob[]): Promise<void> {
  if (jobs.length === 0) return;
  await executor
    .insertInto('jobsQueue')
    .values(
      jobs.map((job) => ({
        id: newId(),
        name: job.name,
        payload: JSON.stringify(job.payload ?? {}),
        ...(job.runAt ? { runAt: job.runAt } : {}),
        ...(job.maxAttempts ? { maxAttempts: job.maxAttempts } : {}),
        dedupeKey: job.dedupeKey ?? null,
      })),
    )
    .onConflict((oc) => oc.column('dedupeKey').doNothing())
    .execute();
}

/**
 * The same as enqueueJob for the rows of a query (columns id, name, payload, dedupe_key), as a
 * part of one statement (a data-modifying CTE, or the statement's own insert after CTEs that
 * make the change): the jobs are queued in the same statement as the change that asks for them,
 * which is then as atomic as that change. A dedupe key already queued is skipped.
 */
export const enqueueJobsSql = (rows: RawBuilder<unknown>): RawBuilder<unknown> =>
  sql`insert into jobs_queue (id, name, payload, dedupe_key) ${rows} on conflict (dedupe_key) do nothing`;

type Claimed = { id: string; name: string; payload: unknown; attempts: number; maxAttempts: number };

/**
 * Takes one due job (or one whose worker's lease ran out) for this worker, in one statement (a
 * single statement is atomic on its own: no transaction, no extra round trips). Every claim
 * counts an attempt and attempts never go down, so the attempt number a claim returns is its
 * fencing token: renewing, finishing or rescheduling the job only touches the row while it is
 * still `running` with that same attempt number, i.e. while no other worker has claimed it since.
 */
async function claimJob(db: Db, leaseSeconds: number): Promise<Claimed | undefined> {
  const row = await sql<Claimed>`
    update jobs_queue set status = 'running', attempts = attempts + 1,
      locked_until = now() + make_interval(secs => ${leaseSeconds})
    where id = (
      select id from jobs_queue
      where (status = 'pending' and run_at <= now()) or (status = 'running' and locked_until < now())
      order by run_at, id
      limit 1
      for update skip locked
    )
    returning id, name, payload, attempts, max_attempts as "maxAttempts"`.execute(db);
  return row.rows[0];
}

export type Worker = {
  start(): void;
  /** Runs every due job now, one after the other; returns how many ran. For tests and the CLI. */
  drain(): Promise<number>;
  stop(): Promise<void>;
};

export type WorkerDeps = {
  db: Db;
  handlers: JobHandlers;
  pollMs: number;
  log: FastifyBaseLogger;
  /** Length of a claim's lease, in seconds (fractions allowed); 30 by default. */
  leaseSeconds?: number;
  /** How often a running job's lease is renewed, in ms; a third of the lease by default. */
  renewEveryMs?: number;
  /**
   * Whether the process is busy answering requests right now. While it is, the running worker
   * (not `drain`) gives way: after each job it waits so that jobs take at most `busyShare` of its
   * time, and requests (a webhook surge, say, whose texts are already stored) keep the rest.
   * Jobs still run, only slower, so a steady load never starves the queue.
   */
  busy?: () => boolean;
  /** The share of the worker's time jobs may take while `busy` says so; 0.2 by default. */
  busyShare?: number;
  /** How the worker waits between jobs while busy; a timer by default. */
  pause?: (ms: number) => Promise<void>;
};

/** The row of this claim only: still running under the attempt number it was claimed with. */
const ownClaim = (db: Db, job: Claimed) =>
  db.updateTable('jobsQueue').where('id', '=', job.id).where('status', '=', 'running').where('attempts', '=', job.attempts);

export function createWorker(deps: WorkerDeps): Worker {
  const leaseSeconds = deps.leaseSeconds ?? DEFAULT_LEASE_SECONDS;
  const renewEveryMs = deps.renewEveryMs ?? Math.max(10, Math.floor((leaseSeconds * 1000) / 3));
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;

  /** Renews the lease while the handler runs; stops (and says so) once another worker holds it. */
  function keepLease(job: Claimed): { stop(): Promise<void> } {
    let lost = false;
    let renewing: Promise<void> = Promise.resolve();
    const heartbeat = setInterval(() => {
      renewing = renewing.then(async () => {
        if (lost) return;
        try {
          const result = await ownClaim(deps.db, job)
            .set({ lockedUntil: sql<Date>`now() + make_interval(secs => ${leaseSeconds})` })
            .executeTakeFirst();
          if (result.numUpdatedRows === 0n) {
            lost = true;
            clearInterval(heartbeat);
            deps.log.warn({ job: job.name, jobId: job.id, attempts: job.attempts }, 'job lease lost to another worker');
          }
        } catch (error) {
          deps.log.warn({ job: job.name, jobId: job.id, err: error instanceof Error ? error.message : String(error) }, 'job lease renewal failed');
        }
      });
    }, renewEveryMs);
    heartbeat.unref();
    return {
      async stop() {
        clearInterval(heartbeat);
        await renewing;
      },
    };
  }

  async function runOne(): Promise<boolean> {
    const job = await claimJob(deps.db, leaseSeconds);
    if (!job) return false;
    const handler = deps.handlers[job.name];
    const lease = keepLease(job);
    try {
      if (!handler) throw new Error(`no handler for job ${job.name}`);
      await handler(job.payload);
      await lease.stop();
      const result = await ownClaim(deps.db, job)
        .set({ status: 'done', finishedAt: new Date(), lockedUntil: null, lastError: null })
        .executeTakeFirst();
      if (result.numUpdatedRows === 0n) {
        deps.log.warn({ job: job.name, jobId: job.id, attempts: job.attempts }, 'job finished after its lease was lost; left to the worker that holds it');
      }
    } catch (error) {
      await lease.stop();
      const message = error instanceof Error ? error.message : String(error);
      const giveUp = job.attempts >= job.maxAttempts;
      deps.log.warn({ job: job.name, jobId: job.id, attempts: job.attempts, err: message }, giveUp ? 'job failed for good' : 'job failed, will retry');
      const backoffSeconds = Math.min(3600, 5 * 2 ** job.attempts);
      await ownClaim(deps.db, job)
        .set({
          status: giveUp ? 'failed' : 'pending',
          lockedUntil: null,
          lastError: message.slice(0, 500),
          runAt: sql`now() + make_interval(secs => ${backoffSeconds})`,
          ...(giveUp ? { finishedAt: new Date() } : {}),
        })
        .execute();
    }
    return true;
  }

  const busyShare = Math.min(1, Math.max(0.01, deps.busyShare ?? 0.2));
  const pause = deps.pause ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  /** Runs due jobs one after the other until none is left; the running worker gives way to requests while the process is busy with them. */
  async function drain(giveWay: boolean): Promise<number> {
    let count = 0;
    while (!stopped) {
      const started = performance.now();
      if (!(await runOne())) break;
      count++;
      if (giveWay && deps.busy?.()) {
        const took = performance.now() - started;
        await pause(Math.min(1_000, (took * (1 - busyShare)) / busyShare));
      }
    }
    return count;
  }

  function schedule() {
    if (stopped) return;
    timer = setTimeout(() => {
      running = drain(true)
        .catch((error: unknown) => deps.log.error({ err: error }, 'job worker error'))
        .finally(schedule);
    }, deps.pollMs);
    timer.unref();
  }

  return {
    start: schedule,
    drain: () => {
      const p = running.then(() => drain(false));
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
