import { defineConfig } from 'vitest/config';

// Files run one at a time: several suites measure timing to the millisecond or drive the
// simulator to saturation, and a 2-core CI machine shared between them would make that noise.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 30_000,
    pool: 'forks',
    fileParallelism: false,
    reporters: process.env.CI ? ['default', ['json', { outputFile: '.vitest-report.json' }]] : ['default'],
  },
});
