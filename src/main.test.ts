import { randomUUID } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { prepareDataDir, ROOT, startServerProcess, type ServerProcess } from '../test/support/server-process.js';

const started: ServerProcess[] = [];
const dirs: string[] = [];
afterAll(() => {
  for (const s of started) if (s.child.exitCode === null) s.child.kill('SIGKILL');
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('the server process', () => {
  it('stops cleanly on SIGTERM, exiting 0 and releasing the data folder', { timeout: 120_000 }, async () => {
    const dataDir = await prepareDataDir();
    dirs.push(dataDir);
    const server = startServerProcess({ FOYER_DATA_DIR: dataDir });
    started.push(server);
    const url = await server.listening;
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect(existsSync(path.join(dataDir, 'foyer.lock'))).toBe(true);

    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(server.output()).toContain('shutting down');
    expect(existsSync(path.join(dataDir, 'foyer.lock'))).toBe(false);
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  });

  it('prints one line per bad variable and exits 1 before opening anything', { timeout: 60_000 }, async () => {
    const dataDir = path.join(ROOT, '.tmp', `never-created-${randomUUID()}`);
    const server = startServerProcess({ FOYER_DATA_DIR: dataDir, PORT: 'abc', FOYER_LOG_LEVEL: 'loud' });
    started.push(server);
    expect(await server.exited).toBe(1);
    const lines = server.output().trim().split('\n');
    expect(lines).toEqual(expect.arrayContaining(['PORT: expected a number, got "abc"', expect.stringMatching(/^FOYER_LOG_LEVEL: /)]));
    expect(existsSync(dataDir)).toBe(false);
  });
});
