import { defineConfig } from 'vitest/config';

/**
 * Two projects (see README "Tests"):
 *  - `realtime`: tests that need real sockets, child processes or the real clock (client accuracy
 *    against a scripted server, the simulator over HTTP, pacing, the action's dist/index.js).
 *    One file at a time, so they never compete with each other for the CPU; their bounds are
 *    relative to what a server logged, not absolute wall-clock figures.
 *  - `unit`: everything else — pure functions and whole gates on virtual time (SimSender +
 *    VirtualClock). Files run in parallel.
 * The two projects run one after the other (sequence.groupOrder): side by side, the CPU-bound unit files
 * (Chromium, tokenizers, dependency-cruiser) starved the real-clock tests on a 2-core machine and
 * a pacing test failed; one after the other, a real-clock test only shares the CPU with itself.
 * Membership was decided by measuring each file (npx vitest run --reporter=verbose); a new test
 * that opens a socket or waits on the real clock belongs in REALTIME.
 */
export const REALTIME = [
  'test/e2e/**/*.test.ts',
  'test/client/**/*.test.ts',
  'test/load/{drain-http,counts,blocked-loop,pacing-http}.test.ts',
  'test/target/**/*.test.ts',
  'test/app/gate-http.test.ts',
  'test/cli/gate-signal.test.ts',
  'test/cli/load.test.ts',
  'test/cli/load-config.test.ts',
  'test/cli/merge.test.ts',
  'test/cli/shard-processes.test.ts',
  'test/load/clock-offset-http.test.ts',
  'test/chaos/chaos-cli.test.ts',
  'test/sim/{cli,determinism,faults,http,in-process,kv,overload}.test.ts',
  'test/server-metrics/observer.test.ts',
  'test/server-metrics/prometheus-api.test.ts',
  'test/server-metrics/gate-bottleneck.test.ts',
  'test/workload/cache-honest.test.ts',
  'test/workload/replay.test.ts',
  'test/action/github.test.ts',
];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 30_000,
    pool: 'forks',
    reporters: process.env.CI ? ['default', ['json', { outputFile: '.vitest-report.json' }]] : ['default'],
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      reporter: ['text-summary', 'json-summary'],
      reportOnFailure: true,
    },
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: REALTIME, sequence: { groupOrder: 0 } },
      },
      {
        extends: true,
        test: { name: 'realtime', include: REALTIME, fileParallelism: false, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
