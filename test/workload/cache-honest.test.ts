/**
 * Cache-honest workloads against the simulator's vLLM-style prefix cache: full 16-token KV blocks
 * keyed by chained content hashes, kept after a request ends and evicted least-recently-used
 * (src/sim/kvcache.ts). The engine's own counters (prefix-cache hits / queries per level) are the
 * evidence, not our own idea of what was sent.
 *
 * Engine: `tiny` with a KV cache big enough to keep every prompt of a run (16,384 blocks), at
 * speedup 0.5; prompts of 256 o200k tokens (~330 simulator tokens) and 16 output tokens, so
 * prefill is about half an unloaded request's engine time and cache hits would show. Capacity
 * (estimateCapacity) ≈ 33 req/s without hits; the rate levels 8, 16, 64 sit far from it.
 *
 * On virtual time (SimSender: the same engine model in process, the same prefix cache; the
 * engine's counters read per level through test/helpers/sim-observer.ts and the production window
 * summary):
 * 1. Two identical gate runs back to back on one engine (fresh salt each): the same saturation,
 *    and the engine's prefix hit rate ~0 at every level of both — the second run gets nothing from
 *    the first one's cache.
 * 2. The control, showing the engine would have served repeats: the first run replayed with its
 *    recorded salt (`workload.salt`) hits the cache on most of its prompt tokens, and the report
 *    says the engine's figure is far above what the workload should get.
 * 3. shared_prefix {tokens: 512, share: 0.8}: the engine's hit rate matches the expected
 *    0.8·512 / (0.8·512 + 256) ≈ 0.62.
 *
 * Through real HTTP (issue 9: the simulator in its own process, its /metrics scraped by the
 * server observer): one short gate with unique prompts (hit rate ≈ 0) and one with the shared
 * prefix (≈ the share, side by side with the expected figure in the report).
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { buildConfig, mergeRaw, type RawConfig } from '../../src/config/parse.js';
import type { Config } from '../../src/config/types.js';
import { executeGate, gateReport, saltedConfig, workloadFor, type GateRun } from '../../src/app/execute.js';
import { runGate } from '../../src/app/gate.js';
import { writeGateRun } from '../../src/app/results.js';
import { allLevels, type GateResult } from '../../src/results/types.js';
import { SimSender } from '../../src/load/sim-sender.js';
import type { SimOptions } from '../../src/sim/index.js';
import { prepareWorkload } from '../../src/workload/index.js';
import { VirtualClock } from '../../src/util/virtual-clock.js';
import { startSimProcess, type SimProcess } from '../helpers/sim-process.js';
import { simObserver } from '../helpers/sim-observer.js';
import { tmpOut } from '../app/fixture.js';

// The charts of report.html and plots/*.png are not what this file checks (test/report/html.test.ts
// draws them): drawing them is ~1.5 s of CPU per gate run, so the runs here skip it.
beforeAll(() => {
  vi.stubEnv('LOADGATE_CHARTS', 'off');
});
afterAll(() => {
  vi.unstubAllEnvs();
});

const ENGINE: Partial<SimOptions> = { speedup: 0.5, profile: { base: 'tiny', kvBlocks: 16384, maxModelLen: 4096, maxWaiting: 256, maxBatchedTokens: 2048 } };

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const out = (): string => {
  const d = tmpOut();
  dirs.push(d);
  return d;
};

function config(workload: RawConfig['workload'], over: RawConfig = {}): Config {
  const raw: RawConfig = {
    name: 'cache-honest',
    target: { url: 'http://sim.invalid', model: 'tiny', timeouts: { first_byte: '10s', idle: '10s', total: '30s' } },
    workload,
    warmup: { requests: 4, concurrency: 2, timeout: '10s' },
    baseline: { rate: 2, duration: '2s' },
    saturation: {
      strategy: 'steps',
      load: 'rate',
      levels: [8, 16, 64],
      level_duration: '2s',
      min_requests: 16,
      stop_at_first_saturated: true,
      // Judged by what the engine can carry (achieved rate, errors) and by a TTFT rise of the
      // overloaded level (> 1 s), not by small changes.
      criteria: { ttft_min_increase_ms: 500 },
    },
    sla_validation: { enabled: false },
    server_metrics: { target: true, interval: '200ms' },
    run: { out: out(), seed: 3, max_send_lag_ms: 1000 },
  };
  return buildConfig(mergeRaw(raw, over));
}

/** Levels with a server window, with the engine's prefix hit rate. */
function hitRates(result: GateResult): Array<{ name: string; sent: number; hit: number }> {
  return allLevels(result)
    .filter((l) => l.server?.prefix_cache_hit_rate !== undefined)
    .map((l) => ({ name: l.summary.name, sent: l.summary.requests.sent, hit: l.server!.prefix_cache_hit_rate! }));
}

const unique = { mix: { short: { weight: 1, input: 256, output: 16 } } };
const expectedShared = (0.8 * 512) / (0.8 * 512 + 256);

describe('on virtual time, one engine for all runs', () => {
  const clock = new VirtualClock();
  const sender = new SimSender({ clock, endpoint: 'chat', sim: { ...ENGINE, seed: 5 } });
  afterAll(() => sender.close());

  /** executeGate's wiring (salt, workload, report, run directory) with the in-process engine. */
  async function gate(unsalted: Config): Promise<GateRun> {
    const c = saltedConfig(unsalted);
    await prepareWorkload(c.workload);
    const server = simObserver(sender, clock, 200);
    const startedAt = new Date();
    const result = await clock.run(() => runGate(c, { sender, workload: workloadFor(c), signal: new AbortController().signal, log: () => {}, server, clock }), {
      maxVirtualMs: 3_600_000,
    });
    await server.stop();
    const markdown = gateReport(c, result);
    const dir = join(c.run.out, 'run');
    return { result, markdown, written: writeGateRun(dir, c, result, markdown, startedAt) };
  }

  test('two identical gate runs give the same saturation, and the engine serves ~0 % of their prompts from its prefix cache; replaying a salt shows the cache would have', async () => {
    const first = await gate(config(unique));
    const second = await gate(config(unique));
    for (const run of [first, second]) {
      expect(run.result.status).toBe('complete');
      const rates = hitRates(run.result);
      // Warmup aside, the baseline and every saturation level have an engine window.
      expect(rates.length).toBeGreaterThanOrEqual(3);
      for (const r of rates) expect(r.hit, `${r.name}: engine prefix hit rate`).toBeLessThan(0.02);
      for (const l of allLevels(run.result)) expect(l.summary.requests.distinct_prompts).toBe(l.summary.requests.sent);
    }
    // 8 req/s holds, 64 is far over the ~33 req/s capacity; 16 holds without cache hits.
    expect(first.result.saturation.rps).toBe(16);
    expect(second.result.saturation.rps).toBe(first.result.saturation.rps);
    expect(second.result.saturation.levels.map((l) => l.saturated)).toEqual(first.result.saturation.levels.map((l) => l.saturated));

    // The salt is recorded (results.json and metadata.json) and differs between the runs…
    const rec = (run: GateRun, file: string) => JSON.parse(readFileSync(join(run.written.dir, file), 'utf8')).workload;
    const salt = rec(first, 'results.json').salt as number;
    expect(rec(first, 'results.json')).toMatchObject({ kind: 'mix', seed: 3, unique_prompts: true, expected_prefix_hit_rate: 0 });
    expect(rec(first, 'metadata.json').salt).toBe(salt);
    expect(rec(second, 'results.json').salt).not.toBe(salt);
    // …but not part of the fingerprint: the runs compare.
    expect(second.result.fingerprint.workload_hash).toBe(first.result.fingerprint.workload_hash);

    // Control: the first run's salt replays its prompts (same seed, same open-loop schedule), and
    // the engine, which still holds them, serves most prompt tokens from cache.
    const replay = await gate(config({ ...unique, salt }));
    const replayed = hitRates(replay.result).filter((r) => r.sent >= 16);
    expect(replayed.length).toBeGreaterThanOrEqual(2);
    for (const r of replayed) expect(r.hit, `${r.name}: replayed prompts should be cache hits`).toBeGreaterThan(0.5);
    // The report says the engine's figure is far above what this workload should get.
    expect(replay.markdown).toContain('### Prompt cache');
    expect(replay.markdown).toMatch(/\*\*Finding:\*\* The engine served up to \d+ % of prompt tokens from its prefix cache/);
    expect(first.markdown).not.toContain('**Finding:**');
  });

  test('shared_prefix: the engine-side prefix hit rate matches the configured share', async () => {
    const run = await gate(config({ ...unique, shared_prefix: { tokens: 512, share: 0.8 } }));
    expect(run.result.status).toBe('complete');
    const rec = JSON.parse(readFileSync(join(run.written.dir, 'results.json'), 'utf8')).workload;
    expect(rec.expected_prefix_hit_rate).toBeCloseTo(expectedShared, 3);
    // Levels of ≥ 30 requests: the drawn share is within a few points of 0.8 there.
    const big = hitRates(run.result).filter((r) => r.sent >= 30);
    expect(big.length).toBeGreaterThanOrEqual(1);
    for (const r of big) expect(Math.abs(r.hit - expectedShared), `${r.name}: engine ${r.hit} vs expected ${expectedShared}`).toBeLessThan(0.08);
    expect(run.markdown).not.toContain('**Finding:**');
  });
});

describe('through real HTTP: the simulator in its own process, its /metrics scraped', () => {
  let sim: SimProcess;
  beforeAll(async () => {
    // Speedup 2: capacity ≈ 130 req/s without hits, far above the levels (only the cache is measured here).
    sim = await startSimProcess({ ...ENGINE, port: 0, speedup: 2 });
  }, 30_000);
  afterAll(async () => {
    await sim?.close();
  });

  /** A short gate: a 1 s baseline and one 1 s level of ≥ 40 requests, scraped every 100 ms. */
  const short = (workload: RawConfig['workload']): Config =>
    config(workload, {
      target: { url: sim.url },
      warmup: { requests: 2 },
      baseline: { rate: 4, duration: '1s' },
      saturation: { levels: [40], level_duration: '1s', min_requests: 40 },
      server_metrics: { interval: '100ms' },
    });
  const gate = (c: Config): Promise<GateRun> => executeGate(c, new AbortController().signal, { line: () => {}, level: () => {}, bar: () => {} });

  test('unique prompts: the engine serves ~0 % from its prefix cache; a shared prefix: about the share, next to the expected figure in the report', async () => {
    const u = await gate(short(unique));
    expect(u.result.status).toBe('complete');
    const rates = hitRates(u.result);
    expect(rates.length).toBeGreaterThanOrEqual(2);
    for (const r of rates) expect(r.hit, `${r.name}: engine prefix hit rate`).toBeLessThan(0.02);

    const s = await gate(short({ ...unique, shared_prefix: { tokens: 512, share: 0.8 } }));
    expect(s.result.status).toBe('complete');
    const big = hitRates(s.result).filter((r) => r.sent >= 30);
    expect(big.length).toBe(1);
    for (const r of big) expect(Math.abs(r.hit - expectedShared), `${r.name}: engine ${r.hit} vs expected ${expectedShared}`).toBeLessThan(0.08);
    expect(s.markdown).toMatch(/\| sat-1 \| (\d+) \| \1 \| 0 \| \d+ % \| 62 % \|/);
    expect(s.markdown).not.toContain('**Finding:**');
  }, 60_000);
});
