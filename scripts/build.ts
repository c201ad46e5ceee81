import { spawnSync } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Compiles src/ and scripts/ to dist/ and copies what the compiled code reads from disk next
 * to it (the locale files). public/ is found from the project root at run time, so it stays put.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');

rmSync(dist, { recursive: true, force: true });
const tsc = spawnSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
if (tsc.status !== 0) process.exit(tsc.status ?? 1);
cpSync(path.join(root, 'src/platform/i18n/locales'), path.join(dist, 'src/platform/i18n/locales'), { recursive: true });
console.log(`Built into ${path.relative(process.cwd(), dist) || dist}; start it with npm run start:prod.`);
