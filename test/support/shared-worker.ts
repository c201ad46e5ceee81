import { afterAll, expect, vi } from 'vitest';

/**
 * A worker process runs many test files one after another (isolate: false), so a file must leave
 * the process as it found it. This runs after each file's own hooks and fails that file if it
 * left fake timers installed or changed an environment variable (Vitest's own VITEST_* ones
 * change from file to file).
 */
const key = Symbol.for('foyer.test.environmentAtStart');
const registry = globalThis as { [key]?: Record<string, string | undefined> };
const environment = (): Record<string, string | undefined> => Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('VITEST_')));
registry[key] ??= environment();
const atStart = registry[key];

afterAll(() => {
  expect(vi.isFakeTimers(), 'a test file left fake timers installed').toBe(false);
  expect(environment(), 'a test file changed process.env').toEqual(atStart);
});
