import { defineConfig } from 'vitest/config';

export default defineConfig({
  oxc: { jsx: { runtime: 'automatic', importSource: '@kitajs/html' } },
  test: {
    include: ['src/**/*.test.{ts,tsx}', 'test/**/*.test.{ts,tsx}'],
    globalSetup: ['test/support/global-setup.ts'],
    setupFiles: ['test/support/no-network.ts'],
    pool: 'forks',
    maxWorkers: 2,
    // Browser journeys walk a dozen pages with axe on each: on two busy cores that can pass 30 s.
    testTimeout: 120_000,
    hookTimeout: 90_000,
    reporters: ['default'],
  },
});
