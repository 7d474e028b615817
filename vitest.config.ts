import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/scratch/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: index builds and emulator-driven bots are CPU-bound, so run files two at a time.
    maxWorkers: 2,
    reporters: ['default', './test/support/summary-line-reporter.ts'],
  },
});
