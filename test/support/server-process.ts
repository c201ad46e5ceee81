import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { inject } from 'vitest';

export const ROOT = path.resolve(import.meta.dirname, '../..');

/**
 * A fresh data folder for a real server process. On PGlite runs it is filled from the migrated
 * template, which opens in about a second where creating a folder from nothing takes ten.
 */
export async function prepareDataDir(): Promise<string> {
  mkdirSync(path.join(ROOT, '.tmp'), { recursive: true });
  const dir = mkdtempSync(path.join(ROOT, '.tmp', 'server-'));
  const templatePath = inject('pgliteTemplatePath');
  if (templatePath) {
    const pglite = await PGlite.create(path.join(dir, 'pg'), { loadDataDir: new Blob([readFileSync(templatePath)]) });
    await pglite.close();
  }
  return dir;
}

export type ServerProcess = {
  child: ChildProcess;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** The base URL once the server logs that it listens; rejects if it exits first. */
  listening: Promise<string>;
  /** Exit code (or signal name) once the process has ended. */
  exited: Promise<number | string>;
};

/**
 * Runs src/main.ts through tsx in its own process, on loopback, with a port the system picks and
 * only the environment given here, so the test run's own settings (DATABASE_URL) do not leak in.
 */
export function startServerProcess(env: Record<string, string>): ServerProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/main.ts')], {
    cwd: ROOT,
    env: {
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: '0',
      FOYER_LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
  const listening = new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) resolve(m[1]!);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then((code) => reject(new Error(`server exited with ${code} before listening:\n${out}`)));
  });
  listening.catch(() => undefined);
  return { child, output: () => out, listening, exited };
}
