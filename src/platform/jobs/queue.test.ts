import { randomBytes } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, reopenableDatabase } from '../../../test/support/test-db.js';
import type { DbHandle } from '../db/create-db.js';
import type { Db } from '../db/types.js';
import { createWorker, enqueueJob, enqueueJobs, type JobHandlers } from './queue.js';

const quiet = { warn() {}, error() {}, info() {}, debug() {} } as unknown as FastifyBaseLogger;
const workerFor = (db: Db, handlers: JobHandlers) => createWorker({ db, handlers, pollMs: 60_000, log: quiet });
const jobsNamed = (db: Db, name: string) => db.selectFrom('jobsQueue').selectAll().where('name', '=', name).orderBy('createdAt').execute();
const unique = (prefix: string) => `${prefix}.${randomBytes(4).toString('hex')}`;

let handle: DbHandle;
let db: Db;
beforeAll(async () => {
  handle = await createTestDb();
  db = handle.db;
});
afterAll(() => handle.close());

describe('the job queue', () => {
  it('never runs a job whose transaction rolled back', async () => {
    const name = unique('test.rolledBack');
    const runs: unknown[] = [];
    await expect(
      db.transaction().execute(async (trx) => {
        await enqueueJob(trx, name, { n: 1 });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await workerFor(db, { [name]: async (p) => void runs.push(p) }).drain()).toBe(0);
    expect(runs).toEqual([]);
    expect(await jobsNamed(db, name)).toEqual([]);
  });

  it('runs a committed job exactly once with its payload', async () => {
    const name = unique('test.once');
    const runs: unknown[] = [];
    await db.transaction().execute((trx) => enqueueJob(trx, name, { greeting: 'bonjour', n: 2 }));
    const worker = workerFor(db, { [name]: async (p) => void runs.push(p) });
    expect(await worker.drain()).toBe(1);
    expect(await worker.drain()).toBe(0);
    expect(runs).toEqual([{ greeting: 'bonjour', n: 2 }]);
    const [job] = await jobsNamed(db, name);
    expect(job).toMatchObject({ status: 'done', attempts: 1, lockedUntil: null, lastError: null });
    expect(job!.finishedAt).toBeInstanceOf(Date);
  });

  it('waits for runAt before running a job', async () => {
    const name = unique('test.later');
    let runs = 0;
    await enqueueJob(db, name, {}, { runAt: new Date(Date.now() + 3600_000) });
    expect(await workerFor(db, { [name]: async () => void runs++ }).drain()).toBe(0);
    expect(runs).toBe(0);
    await db.updateTable('jobsQueue').set({ runAt: new Date(Date.now() - 1000) }).where('name', '=', name).execute();
    expect(await workerFor(db, { [name]: async () => void runs++ }).drain()).toBe(1);
    expect(runs).toBe(1);
  });

  it('retries a failing job with a growing backoff, then marks it failed', async () => {
    const name = unique('test.failing');
    let calls = 0;
    const worker = workerFor(db, {
      [name]: async () => {
        calls++;
        throw new Error(`refused ${calls}`);
      },
    });
    await enqueueJob(db, name, {}, { maxAttempts: 3 });
    const delays: number[] = [];
    for (let attempt = 1; attempt <= 3; attempt++) {
      expect(await worker.drain()).toBe(1);
      const [job] = await jobsNamed(db, name);
      expect(job).toMatchObject({ attempts: attempt, lastError: `refused ${attempt}`, lockedUntil: null });
      if (attempt < 3) {
        expect(job!.status).toBe('pending');
        delays.push(job!.runAt.getTime() - Date.now());
        // Not due yet: a drain now leaves it alone.
        expect(await worker.drain()).toBe(0);
        await db.updateTable('jobsQueue').set({ runAt: new Date(Date.now() - 1000) }).where('name', '=', name).execute();
      } else {
        expect(job!.status).toBe('failed');
        expect(job!.finishedAt).toBeInstanceOf(Date);
      }
    }
    expect(delays[0]).toBeGreaterThan(5_000);
    expect(delays[1]).toBeGreaterThan(delays[0]! + 5_000);
    expect(await worker.drain()).toBe(0);
    expect(calls).toBe(3);
  });

  it('fails a job with no handler instead of losing it', async () => {
    const name = unique('test.unhandled');
    await enqueueJob(db, name, {}, { maxAttempts: 1 });
    expect(await workerFor(db, {}).drain()).toBe(1);
    const [job] = await jobsNamed(db, name);
    expect(job).toMatchObject({ status: 'failed', lastError: `no handler for job ${name}` });
  });

  it('keeps one job per dedupe key', async () => {
    const name = unique('test.dedupe');
    const key = unique('key');
    let runs = 0;
    await db.transaction().execute(async (trx) => {
      await enqueueJob(trx, name, { first: true }, { dedupeKey: key });
      await enqueueJob(trx, name, { first: false }, { dedupeKey: key });
    });
    await enqueueJob(db, name, { first: false }, { dedupeKey: key });
    expect(await jobsNamed(db, name)).toHaveLength(1);
    expect(await workerFor(db, { [name]: async () => void runs++ }).drain()).toBe(1);
    expect(runs).toBe(1);
  });

  it('queues many jobs in one statement, skipping a dedupe key already queued or repeated in the list', async () => {
    const name = unique('test.many');
    const queued = unique('key');
    const repeated = unique('key');
    await enqueueJob(db, name, { n: 0 }, { dedupeKey: queued });
    const later = new Date(Date.now() + 3_600_000);
    await enqueueJobs(db, [
      { name, payload: { n: 1 } },
      { name, payload: { n: 2 }, dedupeKey: queued },
      { name, payload: { n: 3 }, dedupeKey: repeated, runAt: later },
      { name, payload: { n: 4 }, dedupeKey: repeated },
    ]);
    const jobs = await jobsNamed(db, name);
    expect(jobs.map((j) => (j.payload as { n: number }).n).sort()).toEqual([0, 1, 3]);
    expect(jobs.find((j) => j.dedupeKey === repeated)!.runAt.getTime()).toBe(later.getTime());
    expect(jobs.find((j) => (j.payload as { n: number }).n === 1)!.runAt.getTime()).toBeLessThanOrEqual(Date.now());
    // The two due now run (and leave the queue to the tests after this one); the later one waits.
    expect(await workerFor(db, { [name]: async () => undefined }).drain()).toBe(2);
  });
});


describe('the job queue across a restart', () => {
  it('runs a job queued before the restart exactly once, and takes over one whose worker died', { timeout: 60_000 }, async () => {
    const store = await reopenableDatabase(2);
    try {
      const before = await store.open();
      const stopped = workerFor(before.db, {});
      await enqueueJob(before.db, 'test.afterRestart', { n: 1 });
      // Claimed by a worker that died: its lock has run out. Another still holds a fresh lock.
      await enqueueJob(before.db, 'test.orphaned', { n: 2 }, { dedupeKey: 'orphaned' });
      await enqueueJob(before.db, 'test.held', { n: 3 }, { dedupeKey: 'held' });
      await sql`update jobs_queue set status = 'running', attempts = 1, locked_until = now() - interval '1 second' where dedupe_key = 'orphaned'`.execute(before.db);
      await sql`update jobs_queue set status = 'running', attempts = 1, locked_until = now() + interval '1 hour' where dedupe_key = 'held'`.execute(before.db);
      await stopped.stop();
      await before.close();

      const after = await store.open();
      try {
        const runs: string[] = [];
        const worker = workerFor(after.db, {
          'test.afterRestart': async () => void runs.push('afterRestart'),
          'test.orphaned': async () => void runs.push('orphaned'),
          'test.held': async () => void runs.push('held'),
        });
        expect(await worker.drain()).toBe(2);
        expect(await worker.drain()).toBe(0);
        expect(runs.sort()).toEqual(['afterRestart', 'orphaned']);
        const statuses = await after.db.selectFrom('jobsQueue').select(['name', 'status', 'attempts']).orderBy('name').execute();
        expect(statuses).toEqual([
          { name: 'test.afterRestart', status: 'done', attempts: 1 },
          { name: 'test.held', status: 'running', attempts: 1 },
          { name: 'test.orphaned', status: 'done', attempts: 2 },
        ]);
        await worker.stop();
      } finally {
        await after.close();
      }
    } finally {
      await store.remove();
    }
  });
});

describe('the job queue’s leases', () => {
  const gate = () => {
    let open!: () => void;
    const opened = new Promise<void>((resolve) => (open = resolve));
    return { opened, open };
  };
  const jobRow = async (name: string) => (await jobsNamed(db, name))[0]!;
  /** Polls the database until `check` holds; a behaviour, not a duration, is awaited. */
  const until = async (check: () => Promise<boolean>) => {
    for (let i = 0; i < 1000; i++) {
      if (await check()) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error('condition never held');
  };
  const expireLease = (name: string) => sql`update jobs_queue set locked_until = now() - interval '1 second' where name = ${name}`.execute(db);

  it('claims a job under a short lease, not for minutes', async () => {
    const name = unique('test.lease');
    const release = gate();
    await enqueueJob(db, name, {});
    const worker = createWorker({ db, handlers: { [name]: () => release.opened }, pollMs: 60_000, log: quiet, leaseSeconds: 30, renewEveryMs: 60_000 });
    const draining = worker.drain();
    await until(async () => (await jobRow(name)).status === 'running');
    const { lockedUntil } = await jobRow(name);
    const { rows } = await sql<{ now: Date }>`select now() as now`.execute(db);
    expect(lockedUntil!.getTime() - rows[0]!.now.getTime()).toBeLessThanOrEqual(30_000);
    expect(lockedUntil!.getTime()).toBeGreaterThan(rows[0]!.now.getTime());
    // While the lease holds, nobody else takes the job.
    expect(await workerFor(db, { [name]: async () => undefined }).drain()).toBe(0);
    release.open();
    expect(await draining).toBe(1);
    expect(await jobRow(name)).toMatchObject({ status: 'done', attempts: 1, lockedUntil: null });
  });

  it('lets another worker take a job whose worker died once its lease ran out', async () => {
    const name = unique('test.deadWorker');
    await enqueueJob(db, name, { n: 7 });
    // A worker claims the job and dies: its handler never returns and it never renews.
    const dead = createWorker({ db, handlers: { [name]: () => new Promise<void>(() => undefined) }, pollMs: 60_000, log: quiet, renewEveryMs: 3_600_000 });
    void dead.drain();
    await until(async () => (await jobRow(name)).status === 'running');
    const runs: unknown[] = [];
    const other = workerFor(db, { [name]: async (p) => void runs.push(p) });
    expect(await other.drain()).toBe(0);
    await expireLease(name);
    expect(await other.drain()).toBe(1);
    expect(runs).toEqual([{ n: 7 }]);
    expect(await jobRow(name)).toMatchObject({ status: 'done', attempts: 2, lockedUntil: null });
  });

  it('renews the lease of a long job, so no second worker takes it meanwhile', async () => {
    const name = unique('test.longJob');
    const release = gate();
    let runs = 0;
    await enqueueJob(db, name, {});
    const handler = async () => {
      runs++;
      await release.opened;
    };
    const worker = createWorker({ db, handlers: { [name]: handler }, pollMs: 60_000, log: quiet, leaseSeconds: 30, renewEveryMs: 20 });
    const draining = worker.drain();
    await until(async () => (await jobRow(name)).status === 'running');
    const second = workerFor(db, { [name]: handler });
    for (let round = 0; round < 3; round++) {
      // As if the lease had nearly run out: the running worker's heartbeat extends it again.
      await expireLease(name);
      await until(async () => (await jobRow(name)).lockedUntil!.getTime() > Date.now() + 20_000);
      expect(await second.drain()).toBe(0);
    }
    release.open();
    expect(await draining).toBe(1);
    expect(runs).toBe(1);
    expect(await jobRow(name)).toMatchObject({ status: 'done', attempts: 1, lockedUntil: null });
  });

  it('does not let a worker that lost its lease overwrite the new owner’s claim or result', async () => {
    const name = unique('test.lostLease');
    const firstRelease = gate();
    const secondRelease = gate();
    await enqueueJob(db, name, {}, { maxAttempts: 5 });
    const first = createWorker({ db, handlers: { [name]: () => firstRelease.opened }, pollMs: 60_000, log: quiet, renewEveryMs: 3_600_000 });
    const firstDraining = first.drain();
    await until(async () => (await jobRow(name)).status === 'running');
    // The first worker stalls past its lease; a second one claims the job.
    await expireLease(name);
    const second = createWorker({
      db,
      handlers: {
        [name]: async () => {
          await secondRelease.opened;
          throw new Error('the second run failed');
        },
      },
      pollMs: 60_000,
      log: quiet,
      renewEveryMs: 3_600_000,
    });
    const secondDraining = second.drain();
    await until(async () => (await jobRow(name)).attempts === 2);
    const claimedBySecond = await jobRow(name);
    // The first worker comes back and finishes: it must not mark the job done over the new claim.
    firstRelease.open();
    expect(await firstDraining).toBe(1);
    expect(await jobRow(name)).toMatchObject({ status: 'running', attempts: 2, lockedUntil: claimedBySecond.lockedUntil, finishedAt: null });
    // The second worker's own outcome is what the row keeps.
    secondRelease.open();
    expect(await secondDraining).toBe(1);
    expect(await jobRow(name)).toMatchObject({ status: 'pending', attempts: 2, lastError: 'the second run failed', finishedAt: null });
  });

  it('stops renewing a lease another worker has taken', async () => {
    const name = unique('test.renewLost');
    const release = gate();
    await enqueueJob(db, name, {});
    const first = createWorker({ db, handlers: { [name]: () => release.opened }, pollMs: 60_000, log: quiet, renewEveryMs: 20 });
    const firstDraining = first.drain();
    await until(async () => (await jobRow(name)).status === 'running');
    // Another claim of the same row (as a second worker would make after the lease ran out).
    await sql`update jobs_queue set attempts = attempts + 1, locked_until = now() + interval '1 hour' where name = ${name}`.execute(db);
    const taken = await jobRow(name);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await jobRow(name)).lockedUntil).toEqual(taken.lockedUntil);
    release.open();
    expect(await firstDraining).toBe(1);
    expect(await jobRow(name)).toMatchObject({ status: 'running', attempts: 2, lockedUntil: taken.lockedUntil });
  });

  it('gives way to requests while the process is busy, and still runs every job', async () => {
    const name = unique('test.givingWay');
    for (let n = 0; n < 6; n++) await enqueueJob(db, name, { n });
    const ran: number[] = [];
    const pauses: { ms: number; after: number }[] = [];
    let busy = true;
    let finished!: () => void;
    const allDone = new Promise<void>((resolve) => (finished = resolve));
    const worker = createWorker({
      db,
      pollMs: 1,
      log: quiet,
      busyShare: 0.25,
      busy: () => busy,
      pause: async (ms) => {
        pauses.push({ ms, after: ran.length });
        // Requests stop arriving half-way through.
        if (ran.length === 3) busy = false;
      },
      handlers: {
        [name]: async (p: { n: number }) => {
          ran.push(p.n);
          if (ran.length === 6) finished();
        },
      },
    });
    worker.start();
    await allDone;
    await worker.stop();
    expect(ran.sort()).toEqual([0, 1, 2, 3, 4, 5]);
    // One pause after each of the three jobs run while busy (three times each job's own time,
    // for a quarter share), none once requests stopped.
    expect(pauses.map((p) => p.after)).toEqual([1, 2, 3]);
    for (const p of pauses) expect(p.ms).toBeGreaterThan(0);
    // drain (tests, the CLI) never pauses.
    busy = true;
    await enqueueJob(db, name, { n: 6 });
    expect(await worker.drain()).toBe(0); // a stopped worker takes nothing
    const drainer = createWorker({ db, pollMs: 60_000, log: quiet, busy: () => true, pause: async (ms) => void pauses.push({ ms, after: -1 }), handlers: { [name]: async (p: { n: number }) => void ran.push(p.n) } });
    expect(await drainer.drain()).toBe(1);
    expect(pauses).toHaveLength(3);
  });
});
