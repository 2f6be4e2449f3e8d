import { defineConfig } from 'vitest/config';
import InterleavingSequencer from './test/sequencer.js';

/**
 * Three projects (see README "Tests"), in two groups:
 *  - `unit` (group 0): pure functions and whole gates on virtual time (SimSender + VirtualClock).
 *    Files share a worker's module cache (`isolate: false`): importing the sources once per worker
 *    instead of once per file halves the group's CPU. A test that needs fresh module state
 *    (a per-process cache) calls `vi.resetModules()` and imports again.
 *  - `io` (group 0, beside `unit`): tests that need real sockets, child processes or the real clock
 *    but mostly wait (the action's dist/index.js, the CLI, the simulator over HTTP, readiness, the
 *    server observer). Their bounds are relative to what a server logged or generous enough for a
 *    loaded 2-core machine, so they run in parallel with everything else
 *    Not isolated either: each file starts and stops its own servers and restores what it stubs.
 *  - `precise` (group 1, after the others, two files at a time): the few real-clock tests whose
 *    bounds are tight by nature (client timing accuracy against the server's log, pacing over
 *    HTTP, event-loop lag detection). Each uses a fraction of a core, so two of them on the two
 *    cores never wait for each other; nothing CPU-bound runs beside them.
 * Membership was decided by measuring each file (npx vitest run --reporter=verbose); a new test
 * that opens a socket or waits on the real clock belongs in IO (or PRECISE if its bounds are tight).
 */
export const PRECISE = ['test/client/accuracy.test.ts', 'test/client/smoke.test.ts', 'test/client/held-open.test.ts', 'test/load/{counts,blocked-loop,pacing-http}.test.ts'];

export const IO = [
  'test/e2e/**/*.test.ts',
  'test/client/**/*.test.ts',
  'test/load/drain-http.test.ts',
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
  'test/workload/{models,sessions}.test.ts',
  'test/results/schemas.test.ts',
  'test/action/github.test.ts',
];

/** Every file that touches sockets, processes or the real clock (scripts/test-repeat.mjs and docs use it). */
export const REALTIME = [...IO, ...PRECISE];

/**
 * Workers for group 0: the io files mostly wait, so more workers than the 2 cores keeps both busy.
 * Measured on the 2-core machine (vitest alone, one run each): 3 → 65 s, 4 → 58 s, 5 → 49 s,
 * 6 → 50 s, 8 → 49 s; past 5 only the CPU grows (each worker imports the sources once).
 */
const WORKERS = 5;

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 30_000,
    pool: 'forks',
    globalSetup: ['test/global-tmpdir.ts'],
    sequence: { sequencer: InterleavingSequencer },
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
        test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: REALTIME, isolate: false, maxWorkers: WORKERS, sequence: { groupOrder: 0 } },
      },
      {
        extends: true,
        test: { name: 'io', include: IO, exclude: PRECISE, isolate: false, maxWorkers: WORKERS, sequence: { groupOrder: 0 } },
      },
      {
        extends: true,
        test: { name: 'precise', include: PRECISE, maxWorkers: 2, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
