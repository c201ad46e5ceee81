import { defineConfig } from 'vitest/config';

export default defineConfig({
  oxc: { jsx: { runtime: 'automatic', importSource: '@kitajs/html' } },
  test: {
    include: ['src/**/*.test.{ts,tsx}', 'test/**/*.test.{ts,tsx}'],
    globalSetup: ['test/support/global-setup.ts'],
    setupFiles: ['test/support/no-network.ts', 'test/support/shared-worker.ts'],
    pool: 'forks',
    maxWorkers: 2,
    // Each worker process runs many files one after another instead of starting a new process,
    // and loading the whole app again, for every file: that start-up was a third of the run.
    // Files share no state: each builds its own app on its own database, and
    // test/support/shared-worker.ts fails a file that finds state another file left behind.
    isolate: false,
    // Browser journeys walk a dozen pages with axe on each: on two busy cores that can pass 30 s.
    testTimeout: 120_000,
    hookTimeout: 90_000,
    // A form post that resizes an image can take seconds on two busy cores; the default second is too short.
    expect: { poll: { timeout: 10_000 } },
    reporters: ['default'],
  },
});
