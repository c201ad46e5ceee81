import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * `npm run bench -- NAME` runs bench/NAME.ts. Every benchmark talks only to a server it starts
 * itself on 127.0.0.1, for a bounded time, and stops it before returning. Its figures are
 * printed as one JSON line, last, so runs can be compared by machine.
 */
export type BenchFigures = Record<string, number | string>;
export type Bench = { run(): Promise<BenchFigures> };

const here = path.dirname(fileURLToPath(import.meta.url));
const name = process.argv[2] ?? '';
const file = path.join(here, `${name}.ts`);
if (!/^[a-z0-9-]+$/.test(name) || name === 'run' || name === 'support' || !existsSync(file)) {
  console.error(`Usage: npm run bench -- NAME, where bench/NAME.ts exists (got "${name}")`);
  process.exit(2);
}

const bench = (await import(pathToFileURL(file).href)) as Bench;
const figures = await bench.run();
console.log(
  JSON.stringify({
    bench: name,
    date: new Date().toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    ...figures,
  }),
);
