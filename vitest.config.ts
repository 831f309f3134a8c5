import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Every temp file the tests make goes into one folder per run, removed at the end.
    globalSetup: ['scripts/vitest-temp-dir.ts'],
  },
});
