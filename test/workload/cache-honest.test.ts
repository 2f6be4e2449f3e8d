/**
 * Cache-honest workloads through real HTTP, against the simulator (its own process) with its
 * vLLM-style prefix cache: full 16-token KV blocks keyed by chained content hashes, kept after a
 * request ends and evicted least-recently-used (src/sim/kvcache.ts). The engine's own counters
 * (vllm:prefix_cache_hits_total / _queries_total, scraped per level through server_metrics) are
 * the evidence, not our own idea of what was sent.
 *
 * Engine: `tiny` with a KV cache big enough to keep every prompt of a run (16,384 blocks), at
 * speedup 0.5; prompts of 256 o200k tokens (~360 simulator tokens) and 16 output tokens, so
 * prefill is about half an unloaded request's engine time and cache hits would show. Capacity
 * (estimateCapacity) ≈ 33 req/s without hits; the rate levels 8, 16, 64 sit far from it and the
 * TTFT criterion needs a 500 ms rise, so the saturation found (16) does not depend on scheduling
 * noise of a loaded machine — what could move it is the cache, which is exactly what the hit-rate
 * checks pin down.
 *
 * 1. Two identical gate runs back to back (fresh salt each): the same saturation, and the
 *    engine's prefix hit rate ~0 at every level of both — the second run gets nothing from the
 *    first one's cache.
 * 2. The control, showing the engine would have served repeats: the first run replayed with its
 *    recorded salt (`workload.salt`) hits the cache on most of its prompt tokens.
 * 3. shared_prefix {tokens: 512, share: 0.8}: the engine's hit rate matches the expected
 *    0.8·512 / (0.8·512 + 256) ≈ 0.62, and the report puts the two side by side.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { buildConfig, mergeRaw, type RawConfig } from '../../src/config/parse.js';
import type { Config } from '../../src/config/types.js';
import { executeGate, type GateRun } from '../../src/app/execute.js';
import { allLevels } from '../../src/results/types.js';
import { startSimProcess, type SimProcess } from '../helpers/sim-process.js';
import { tmpOut } from '../app/fixture.js';

const LEVELS = [8, 16, 64];

let sim: SimProcess;
beforeAll(async () => {
  sim = await startSimProcess({ port: 0, speedup: 0.5, profile: { base: 'tiny', kvBlocks: 16384, maxModelLen: 4096, maxWaiting: 256, maxBatchedTokens: 2048 } });
}, 30_000);
afterAll(async () => {
  await sim?.close();
});

function config(workload: RawConfig['workload']): Config {
  const raw: RawConfig = {
    name: 'cache-honest',
    target: { url: sim.url, model: 'tiny', timeouts: { first_byte: '10s', idle: '10s', total: '30s' } },
    workload,
    warmup: { requests: 4, concurrency: 2, timeout: '10s' },
    baseline: { rate: 2, duration: '2s' },
    saturation: { strategy: 'steps', load: 'rate', levels: LEVELS, level_duration: '2s', min_requests: 16, stop_at_first_saturated: true,
      // Judged by what the engine can carry (achieved rate, errors) and by a TTFT rise no
      // scheduling hiccup of a loaded test machine reaches (the overloaded level's is > 1 s).
      criteria: { ttft_min_increase_ms: 500 },
    },
    sla_validation: { enabled: false },
    server_metrics: { target: true, interval: '200ms' },
    // The machine is shared: a late send is not what this test is about.
    run: { out: tmpOut(), seed: 3, max_send_lag_ms: 1000 },
  };
  return buildConfig(mergeRaw({}, raw));
}

const gate = (c: Config): Promise<GateRun> => executeGate(c, new AbortController().signal, { line: () => {}, level: () => {}, bar: () => {} });

/** Levels with enough requests and a scraped engine window, with the engine's prefix hit rate. */
function hitRates(run: GateRun): Array<{ name: string; sent: number; hit: number }> {
  return allLevels(run.result)
    .filter((l) => l.server?.prefix_cache_hit_rate !== undefined)
    .map((l) => ({ name: l.summary.name, sent: l.summary.requests.sent, hit: l.server!.prefix_cache_hit_rate! }));
}

const unique = { mix: { short: { weight: 1, input: 256, output: 16 } } };

test('two identical gate runs give the same saturation, and the engine serves ~0 % of their prompts from its prefix cache; replaying a salt shows the cache would have', async () => {
  const first = await gate(config(unique));
  const second = await gate(config(unique));
  for (const run of [first, second]) {
    expect(run.result.status).toBe('complete');
    const rates = hitRates(run);
    // Baseline and every saturation level have an engine window.
    expect(rates.length).toBeGreaterThanOrEqual(3);
    for (const r of rates) expect(r.hit, `${r.name}: engine prefix hit rate`).toBeLessThan(0.02);
    for (const l of allLevels(run.result)) expect(l.summary.requests.distinct_prompts).toBe(l.summary.requests.sent);
  }
  expect(first.result.saturation.rps).toBe(16);
  expect(second.result.saturation.rps).toBe(first.result.saturation.rps);

  // The salt is recorded (results.json and metadata.json) and differs between the runs…
  const rec = (run: GateRun, file: string) => JSON.parse(readFileSync(join(run.written.dir, file), 'utf8')).workload;
  const salt = rec(first, 'results.json').salt as number;
  expect(rec(first, 'results.json')).toMatchObject({ kind: 'mix', seed: 3, unique_prompts: true, expected_prefix_hit_rate: 0 });
  expect(rec(first, 'metadata.json').salt).toBe(salt);
  expect(rec(second, 'results.json').salt).not.toBe(salt);
  // …but not part of the fingerprint: the runs compare.
  expect(second.result.fingerprint.workload_hash).toBe(first.result.fingerprint.workload_hash);

  // Control: the first run's salt replays its prompts (same seed, same open-loop counts), and the
  // engine, which still holds them, serves most prompt tokens from cache.
  const replay = await gate(config({ ...unique, salt }));
  const replayed = hitRates(replay).filter((r) => r.sent >= 16);
  expect(replayed.length).toBeGreaterThanOrEqual(2);
  for (const r of replayed) expect(r.hit, `${r.name}: replayed prompts should be cache hits`).toBeGreaterThan(0.5);
  // The report says the engine's figure is far above what this workload should get.
  expect(replay.markdown).toContain('### Prompt cache');
  expect(replay.markdown).toMatch(/\*\*Finding:\*\* The engine served up to \d+ % of prompt tokens from its prefix cache/);
  expect(first.markdown).not.toContain('**Finding:**');
}, 120_000);

test('shared_prefix: the engine-side prefix hit rate matches the configured share, next to the expected one in the report', async () => {
  const run = await gate(config({ ...unique, shared_prefix: { tokens: 512, share: 0.8 } }));
  expect(run.result.status).toBe('complete');
  const expected = (0.8 * 512) / (0.8 * 512 + 256);
  const rec = JSON.parse(readFileSync(join(run.written.dir, 'results.json'), 'utf8')).workload;
  expect(rec.expected_prefix_hit_rate).toBeCloseTo(expected, 3);
  // Levels of ≥ 30 requests: the drawn share is within a few points of 0.8 there.
  const big = hitRates(run).filter((r) => r.sent >= 30);
  expect(big.length).toBeGreaterThanOrEqual(1);
  for (const r of big) expect(Math.abs(r.hit - expected), `${r.name}: engine ${r.hit} vs expected ${expected}`).toBeLessThan(0.08);
  expect(run.markdown).toMatch(/\| sat-2 \| (\d+) \| \1 \| 0 \| \d+ % \| 62 % \|/);
  expect(run.markdown).not.toContain('**Finding:**');
}, 60_000);
