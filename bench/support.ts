import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannonRun from 'autocannon';
import type autocannon from 'autocannon';
import pg from 'pg';
import { allMigrations } from '../src/migrations.js';
import { openPgliteDir, openPostgres } from '../src/platform/db/create-db.js';
import { migrate } from '../src/platform/db/migrator.js';
import type { Db } from '../src/platform/db/types.js';
import { seedDemo } from '../src/seed-demo.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export type RunningServer = { url: string; pid: number; rssMb(): number; stop(): Promise<void> };

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function exited(child: ChildProcess): Promise<number | null> {
  // Already gone (exited, or killed by a signal such as kill -9): its 'exit' event has fired.
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/**
 * The real server (src/main.ts through tsx) in its own process, on loopback, on a fresh PGlite
 * folder with the demo data; its own process so the load generator does not share its event loop.
 */
export async function startServer(env: Record<string, string> = {}): Promise<RunningServer> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'foyer-bench-'));
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/main.ts')], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? os.tmpdir(),
      NODE_ENV: 'development',
      HOST: '127.0.0.1',
      PORT: String(port),
      FOYER_DATA_DIR: dataDir,
      FOYER_SEED_DEMO: 'true',
      FOYER_LOG_LEVEL: 'warn',
      // To profile the server under a benchmark's load: BENCH_NODE_OPTIONS='--cpu-prof --cpu-prof-dir=/tmp/prof'.
      ...(process.env.BENCH_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_NODE_OPTIONS } : {}),
      ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited(child);
    clearTimeout(timer);
    rmSync(dataDir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`The server exited with ${child.exitCode} before it was ready:\n${stderr}`);
    }
    try {
      const res = await fetch(`${url}/readyz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`The server was not ready within 120 s:\n${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    url,
    pid: child.pid!,
    rssMb() {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      return Math.round(kb / 1024);
    },
    stop,
  };
}

export type BenchDatabaseKind = 'pglite' | 'postgres';
export type PreparedDatabase = { kind: BenchDatabaseKind; env: Record<string, string>; cleanup(): Promise<void> };

/** PostgreSQL for benchmarks: BENCH_DATABASE_URL, else the local server the machines run. */
export const BENCH_POSTGRES_URL = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

/**
 * A database made for one benchmark run before the server starts: migrated, with the demo data,
 * then whatever `prepare` adds. PGlite gets a temporary folder; PostgreSQL a throw-away database
 * next to the one in BENCH_POSTGRES_URL, dropped by cleanup().
 */
export async function prepareDatabase<T>(kind: BenchDatabaseKind, prepare: (db: Db) => Promise<T>): Promise<PreparedDatabase & { prepared: T }> {
  if (kind === 'pglite') {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'foyer-bench-'));
    const handle = await openPgliteDir(dataDir);
    const prepared = await seedAndPrepare(handle.db, prepare);
    await handle.close();
    return { kind, prepared, env: { FOYER_DATA_DIR: dataDir }, cleanup: async () => rmSync(dataDir, { recursive: true, force: true }) };
  }
  const name = `foyer_bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: BENCH_POSTGRES_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(BENCH_POSTGRES_URL);
  url.pathname = `/${name}`;
  const handle = openPostgres(url.toString(), 4);
  const prepared = await seedAndPrepare(handle.db, prepare);
  await handle.close();
  return {
    kind,
    prepared,
    env: { DATABASE_URL: url.toString() },
    async cleanup() {
      const c = new pg.Client({ connectionString: BENCH_POSTGRES_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

async function seedAndPrepare<T>(db: Db, prepare: (db: Db) => Promise<T>): Promise<T> {
  await migrate(db, allMigrations, () => undefined);
  await seedDemo(db);
  return prepare(db);
}

/** autocannon's figures, in the shape every benchmark prints. */
export function latencyFigures(result: autocannon.Result) {
  return {
    requests: result.requests.total,
    requestsPerSecMean: Math.round(result.requests.average),
    latencyP50Ms: result.latency.p50,
    latencyP97_5Ms: result.latency.p97_5,
    latencyP99Ms: result.latency.p99,
    latencyMaxMs: result.latency.max,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
  };
}

export type LoadFigures = ReturnType<typeof latencyFigures>;
export type LoadTool = 'wrk' | 'autocannon';

/**
 * The load generator: `--tool=wrk` or `--tool=autocannon`; by default wrk (C, two threads, the
 * tool the targets were set with) when it is installed, else autocannon (runs in this process).
 */
export function loadToolFromArgs(argv: string[] = process.argv.slice(3)): LoadTool {
  const arg = argv.find((a) => a.startsWith('--tool='))?.slice(7);
  if (arg === 'wrk' || arg === 'autocannon') return arg;
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
    return 'wrk';
  } catch (error) {
    // wrk prints its version and exits 1; only a missing program is "not installed".
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'autocannon' : 'wrk';
  }
}

// Prints wrk's summary as one JSON line (latencies in microseconds).
const WRK_REPORT = `done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('WRK_JSON {"requests":%d,"durationUs":%d,"p50":%d,"p975":%d,"p99":%d,"max":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(97.5), latency:percentile(99), latency.max,
    e.connect, e.read, e.write, e.status, e.timeout))
end
`;

/** One load run against `url` with the chosen tool, in the shape every benchmark prints. */
export async function loadRun(tool: LoadTool, url: string, connections: number, seconds: number, headers: Record<string, string> = {}): Promise<LoadFigures> {
  if (tool === 'autocannon') return latencyFigures(await autocannonRun({ url, connections, duration: seconds, headers }));
  const dir = mkdtempSync(path.join(os.tmpdir(), 'foyer-wrk-'));
  const script = path.join(dir, 'report.lua');
  writeFileSync(script, WRK_REPORT);
  try {
    const headerArgs = Object.entries(headers).flatMap(([name, value]) => ['-H', `${name}: ${value}`]);
    const out = await new Promise<string>((resolve, reject) =>
      execFile('wrk', ['-t2', `-c${connections}`, `-d${seconds}s`, '--timeout', '10s', ...headerArgs, '-s', script, url], { maxBuffer: 1 << 20 }, (error, stdout) =>
        error ? reject(error) : resolve(stdout),
      ),
    );
    const line = out.split('\n').find((l) => l.startsWith('WRK_JSON '));
    if (!line) throw new Error(`wrk printed no summary:\n${out}`);
    const r = JSON.parse(line.slice(9)) as Record<string, number>;
    const ms = (us: number) => Math.round(us / 100) / 10;
    return {
      requests: r.requests!,
      requestsPerSecMean: Math.round(r.requests! / (r.durationUs! / 1e6)),
      latencyP50Ms: ms(r.p50!),
      latencyP97_5Ms: ms(r.p975!),
      latencyP99Ms: ms(r.p99!),
      latencyMaxMs: ms(r.max!),
      errors: r.connect! + r.read! + r.write!,
      timeouts: r.timeout!,
      non2xx: r.status!,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The databases a run measures: `--db=pglite`, `--db=postgres`, or both (the default). */
export function databasesFromArgs(argv: string[] = process.argv.slice(3)): BenchDatabaseKind[] {
  const arg = argv.find((a) => a.startsWith('--db='))?.slice(5);
  if (arg === 'pglite' || arg === 'postgres') return [arg];
  return ['postgres', 'pglite'];
}

/**
 * Starts the server on each database the run asks for (prepared by `prepare`), checks the page
 * with `check`, warms it up, then loads `path` with autocannon; figures are prefixed by database.
 */
export async function loadOnDatabases(opts: {
  path: string;
  connections: number;
  seconds: number;
  warmupSeconds: number;
  prepare: (db: Db) => Promise<unknown>;
  check: (body: string, res: Response) => void;
}): Promise<Record<string, number | string>> {
  const tool = loadToolFromArgs();
  const figures: Record<string, number | string> = { target: `GET ${opts.path}`, tool, seconds: opts.seconds, connections: opts.connections };
  for (const kind of databasesFromArgs()) {
    const database = await prepareDatabase(kind, opts.prepare);
    const server = await startServer(database.env);
    try {
      const url = `${server.url}${opts.path}`;
      const res = await fetch(url);
      opts.check(await res.text(), res);
      console.log(`[${kind}] warming up ${opts.path} for ${opts.warmupSeconds} s`);
      await loadRun(tool, url, opts.connections, opts.warmupSeconds);
      console.log(`[${kind}] measuring for ${opts.seconds} s with ${opts.connections} connections (${tool})`);
      const result = await loadRun(tool, url, opts.connections, opts.seconds);
      for (const [key, value] of Object.entries(result)) figures[`${kind}.${key}`] = value;
      figures[`${kind}.serverRssMb`] = server.rssMb();
      console.log(`[${kind}] ${figures[`${kind}.requestsPerSecMean`]} req/s, p50 ${figures[`${kind}.latencyP50Ms`]} ms, p99 ${figures[`${kind}.latencyP99Ms`]} ms`);
    } finally {
      await server.stop();
      await database.cleanup();
    }
  }
  return figures;
}

export type OpenLoopRequest = { method: string; path: string; headers: Record<string, string>; body?: string };
export type OpenLoopFigures = { rate: number; achieved: number; p50: number; p99: number; max: number; non2xx: number; errors: number; total: number };

/**
 * An open-loop load: request i is due at start + i / rate, whatever became of the earlier ones
 * (as wrk2 does), over at most `connections` keep-alive connections. Latency is counted from
 * when a request was due, not from when a free connection sent it, so a server that falls
 * behind shows it in its percentiles instead of slowing the generator down. Sends are spread
 * over each millisecond, not bunched at the start of each second.
 */
export async function openLoop(opts: { origin: string; connections: number; rate: number; seconds: number; next: () => OpenLoopRequest; drainSeconds?: number }): Promise<OpenLoopFigures> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.connections, maxFreeSockets: opts.connections });
  const { hostname, port } = new URL(opts.origin);
  const total = Math.round(opts.rate * opts.seconds);
  const latencies = new Float64Array(total);
  let sent = 0;
  let done = 0;
  let ok = 0;
  let non2xx = 0;
  let errors = 0;
  let lastDoneAt = 0;
  const start = performance.now();
  const finished = new Promise<void>((resolve) => {
    const fire = (i: number) => {
      const due = start + (i * 1000) / opts.rate;
      const r = opts.next();
      const req = http.request({ agent, hostname, port, method: r.method, path: r.path, headers: { ...r.headers, ...(r.body === undefined ? {} : { 'content-length': Buffer.byteLength(r.body) }) } }, (res) => {
        res.resume();
        res.on('end', () => {
          const now = performance.now();
          latencies[i] = now - due;
          if (res.statusCode !== undefined && res.statusCode >= 200 && res.statusCode < 300) ok++;
          else non2xx++;
          settle(now);
        });
      });
      req.on('error', () => {
        latencies[i] = Number.NaN;
        errors++;
        settle(performance.now());
      });
      req.end(r.body);
    };
    const settle = (now: number) => {
      done++;
      lastDoneAt = now;
      if (done === total) resolve();
    };
    const tick = () => {
      const due = Math.min(total, Math.floor(((performance.now() - start) * opts.rate) / 1000) + 1);
      while (sent < due) fire(sent++);
      if (sent < total) setTimeout(tick, 1);
    };
    tick();
  });
  const drainMs = (opts.drainSeconds ?? 10) * 1000;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([finished, new Promise<void>((resolve) => (timer = setTimeout(resolve, opts.seconds * 1000 + drainMs)))]);
  clearTimeout(timer);
  agent.destroy();
  const unanswered = total - done;
  const answered = Array.from(latencies.subarray(0, total)).filter((l, i) => i < sent && Number.isFinite(l) && l > 0).sort((a, b) => a - b);
  const pct = (p: number) => (answered.length === 0 ? 0 : Math.round(answered[Math.min(answered.length - 1, Math.floor((answered.length * p) / 100))]! * 10) / 10);
  const elapsedSeconds = Math.max(opts.seconds, (lastDoneAt - start) / 1000);
  return {
    rate: opts.rate,
    achieved: Math.round(ok / elapsedSeconds),
    p50: pct(50),
    p99: pct(99),
    max: answered.length === 0 ? 0 : Math.round(answered.at(-1)! * 10) / 10,
    non2xx,
    errors: errors + unanswered,
    total: ok + non2xx,
  };
}
