/**
 * A whole gate on virtual time: warmup, baseline, the saturation search and SLA validation run
 * against the simulator's model in process (SimSender on a VirtualClock), so the search's answer
 * can be held to the model's closed-form capacity with exact, repeatable results — in well under a
 * second of wall time instead of a real-time run's minute (test/app/search-vs-ramp.test.ts, at
 * speedup 0.5 with the load-minutes comparison, now runs on virtual time too).
 *
 * Endpoint: `tiny` profile at speedup 1, /v1/completions, a 60-character prompt = 15 prompt
 * tokens, max_tokens 20 with ignore_eos → exactly 20 output tokens. estimateCapacity:
 * B = min(8, floor(128 / ceil(35/16))) = 8; per request 20·2/8 + 0.02·15 + 0.25·20 = 10.3 ms of
 * engine time → 97.09 req/s.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildConfig, mergeRaw, type RawConfig } from '../../src/config/parse.js';
import type { Config } from '../../src/config/types.js';
import { workloadFor } from '../../src/app/execute.js';
import { runGate } from '../../src/app/gate.js';
import type { GateResult } from '../../src/results/types.js';
import { SimSender } from '../../src/load/sim-sender.js';
import type { SimOptions } from '../../src/sim/index.js';
import { estimateCapacity } from '../../src/sim/index.js';
import { VirtualClock } from '../../src/util/virtual-clock.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const estimate = estimateCapacity('tiny', { promptTokens: 15, outputTokens: 20 }).rps;

function config(over: RawConfig = {}): Config {
  const out = mkdtempSync(join(tmpdir(), 'loadgate-vgate-'));
  dirs.push(out);
  const base: RawConfig = {
    name: 'virtual-gate',
    target: { url: 'http://sim.invalid', model: 'tiny', endpoint: 'completions', timeouts: { first_byte: '5s', idle: '5s', total: '20s' } },
    workload: { prompt: 'x'.repeat(60), max_tokens: 20, ignore_eos: true },
    warmup: { requests: 4, concurrency: 2, timeout: '10s' },
    baseline: { rate: 1, duration: '5s' },
    saturation: { strategy: 'search', level_duration: '6s', min_requests: 20 },
    sla_validation: { enabled: false },
    run: { out, seed: 7 },
  };
  return buildConfig(mergeRaw(base, over));
}

interface Run {
  result: GateResult;
  virtualMs: number;
  timers: number;
  sim: ReturnType<SimSender['stats']>;
}

async function virtualGate(cfg: Config, sim: Partial<SimOptions> = {}): Promise<Run> {
  const clock = new VirtualClock();
  const sender = new SimSender({ clock, endpoint: 'completions', sim: { profile: 'tiny', seed: 11, ...sim } });
  try {
    const result = await clock.run(() => runGate(cfg, { sender, workload: workloadFor(cfg), signal: new AbortController().signal, log: () => {}, clock }), {
      maxVirtualMs: 3_600_000,
    });
    return { result, virtualMs: clock.now(), timers: clock.firedCount, sim: sender.stats() };
  } finally {
    await sender.close();
  }
}

describe(`a whole gate on virtual time vs the model's capacity (${estimate.toFixed(2)} req/s)`, () => {
  let first: Run;

  it('finds saturation within ±10 % of the estimate, with a bracket no wider than the precision', async () => {
    const cfg = config();
    first = await virtualGate(cfg);
    const r = first.result;
    expect(r.status).toBe('complete');
    const s = r.saturation;
    expect(s.rps).not.toBeNull();
    expect(Math.abs(s.rps! / estimate - 1)).toBeLessThanOrEqual(0.1);
    const [good, sat] = s.bracket;
    expect(good).toBe(s.rps);
    expect(sat!).toBeGreaterThan(good!);
    expect(s.precision!).toBeLessThanOrEqual(0.1);
    // The estimate lies in the bracket, give or take the ±10 % the search is held to (a level a
    // hair above capacity may not queue enough within its duration to look saturated).
    expect(good!).toBeLessThanOrEqual(estimate * 1.1);
    expect(sat!).toBeGreaterThanOrEqual(estimate * 0.9);
    // On virtual time the generator never lags: every level is valid.
    for (const l of s.levels) expect(l.valid, l.invalid_reason).toBe(true);
    // Saturated levels far above capacity served about the capacity: the endpoint's own limit.
    for (const l of s.levels.filter((x) => x.saturated && x.summary.offered.value > estimate * 1.2)) {
      expect(l.summary.achieved_rps / estimate).toBeGreaterThan(0.9);
      expect(l.summary.achieved_rps / estimate).toBeLessThan(1.1);
    }
    // Every request the gate sent is one the simulator saw, in exactly one outcome.
    const levels = [r.baseline!, ...s.levels];
    for (const l of levels) {
      const q = l.summary.requests;
      expect(q.sent).toBe(q.ok + Object.values(q.errors).reduce<number>((a, b) => a + (b ?? 0), 0));
    }
    // the baseline at 1 req/s: one request at a time, TTFT = one prefill step of 15 tokens + 1 decode
    expect(r.baseline!.summary.ttft_ms.p50).toBeCloseTo(2 + 0.02 * 15 + 0.25, 1);
  });

  it('is exactly repeatable: the same config and seed give a deep-equal result', async () => {
    const again = await virtualGate(config());
    const strip = (x: GateResult): unknown => JSON.parse(JSON.stringify({ ...x, config: undefined }));
    expect(strip(again.result)).toEqual(strip(first.result));
    expect(again.virtualMs).toBe(first.virtualMs);
    expect(again.timers).toBe(first.timers);
    expect(again.sim).toEqual(first.sim);
  });

  it('a steps ramp with SLA validation against two replicas: the knee doubles', async () => {
    const cfg = config({
      saturation: { strategy: 'steps', levels: [50, 100, 150, 200, 250], level_duration: '4s', stop_at_first_saturated: true },
      sla_validation: { enabled: true, duration: '4s' },
      sla: { ttft_p99_ms: 200 },
    });
    const two = await virtualGate(cfg, { replicas: 2, routing: 'least-loaded' });
    const r = two.result;
    expect(r.status).toBe('complete');
    const knee = r.saturation.rps!;
    // 2 × 97.09 req/s: the last good step is 150 (saturation lies between 150 and 200)
    expect(knee).toBe(150);
    expect(r.saturation.levels.map((l) => l.saturated)).toEqual([false, false, false, true]);
    // SLA validation held the operating point for its duration and judged the P99 TTFT limit.
    expect(r.operating_point!.value).toBeGreaterThan(0);
    expect(r.operating_point!.value).toBeLessThanOrEqual(150);
    expect(r.sla.checks.length).toBeGreaterThan(0);
    expect(r.sla.pass).toBe(true);
  });
});
