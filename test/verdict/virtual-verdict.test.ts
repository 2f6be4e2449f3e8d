/**
 * The verdict on whole gates, on virtual time: record a baseline against the simulator's model,
 * then compare a run of the same endpoint, a degraded one and an improved one — with the gate's
 * own re-measurement (settle) — through the same functions the action uses (runGate, toBaseline,
 * alignOperatingPoint, compareResult, settle). SimSender + VirtualClock make every figure exact and
 * repeatable, so the expectations are exact verdicts, where the real-time end-to-end test can only
 * tolerate noise (test/e2e/action.test.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { workloadFor } from '../../src/app/execute.js';
import { compareResult, settle } from '../../src/app/compare.js';
import type { Comparison } from '../../src/results/types.js';
import { runGate } from '../../src/app/gate.js';
import type { GateResult } from '../../src/results/types.js';
import { runMeasured } from '../../src/app/level.js';
import { alignOperatingPoint } from '../../src/app/regression.js';
import { toBaseline, type Baseline } from '../../src/baseline/baseline.js';
import { buildConfig, mergeRaw } from '../../src/config/parse.js';
import type { Config } from '../../src/config/types.js';
import { SimSender } from '../../src/load/sim-sender.js';
import type { SimOptions } from '../../src/sim/index.js';
import { VirtualClock } from '../../src/util/virtual-clock.js';

const out = mkdtempSync(join(tmpdir(), 'loadgate-vverdict-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

const config: Config = buildConfig(
  mergeRaw(
    {
      name: 'virtual-verdict',
      target: { url: 'http://sim.invalid', model: 'tiny', endpoint: 'completions' },
      workload: { prompt: 'x'.repeat(60), max_tokens: 20, ignore_eos: true },
      warmup: { requests: 4, concurrency: 2, timeout: '10s' },
      baseline: { rate: 2, duration: '5s' },
      saturation: { strategy: 'search', level_duration: '6s', min_requests: 20 },
      sla_validation: { enabled: true, duration: '10s' },
      sla: { ttft_p99_ms: 500 },
      cost: { gpus: 1, gpu_hour_usd: 2 },
      run: { out, seed: 7 },
    },
    {},
  ),
);

const HEALTHY: Partial<SimOptions> = { profile: 'tiny', replicas: 2, routing: 'least-loaded', seed: 11 };

/** One gate (and, when a baseline is given, the comparison with its re-measurement) on one simulator. */
async function gate(sim: Partial<SimOptions>, baseline?: Baseline): Promise<{ result: GateResult; comparison?: Comparison }> {
  const clock = new VirtualClock();
  const sender = new SimSender({ clock, endpoint: 'completions', sim });
  const cfg = alignOperatingPoint(config, baseline);
  const signal = new AbortController().signal;
  try {
    return await clock.run(
      async () => {
        const result = await runGate(cfg, { sender, workload: workloadFor(cfg), signal, log: () => {}, clock });
        if (!baseline) return { result };
        const first = compareResult(baseline, result.measured, result.fingerprint, cfg);
        const comparison = await settle(first, baseline, result, cfg, (name, stage) =>
          runMeasured(name, stage, { sender, workload: workloadFor(cfg, `remeasure-${name}`), goodput: cfg.goodput, signal, clock }),
        );
        return { result, comparison };
      },
      { maxVirtualMs: 3_600_000 },
    );
  } finally {
    await sender.close();
  }
}

describe('the verdict on virtual time', () => {
  let baseline: Baseline;

  it('records a baseline with a saturation figure and an operating point', async () => {
    const { result } = await gate(HEALTHY);
    expect(result.status).toBe('complete');
    baseline = toBaseline(result, result.fingerprint, new Date(0));
    expect(baseline.metrics.saturation_rps?.value).toBeGreaterThan(150);
    expect(baseline.operating_point).toBeDefined();
  });

  it('the same endpoint (another seed: other output lengths, other arrivals) is not a regression', async () => {
    const { comparison } = await gate({ ...HEALTHY, seed: 12 }, baseline);
    expect(comparison!.comparable).toBe(true);
    expect(comparison!.verdict, JSON.stringify(comparison!.metrics)).toBe('pass');
  });

  it('half the replicas: a regression of capacity, confirmed by the re-measurement', async () => {
    const { comparison } = await gate({ ...HEALTHY, replicas: 1 }, baseline);
    expect(comparison!.verdict, JSON.stringify(comparison!.metrics)).toBe('regression');
    const sat = comparison!.metrics.find((m) => m.metric === 'saturation_rps')!;
    expect(sat.status).toBe('regression');
    expect(sat.delta!).toBeLessThan(-0.3);
    expect(comparison!.sentence).toMatch(/^This change lowers saturation/);
  });

  it('a faster engine (twice the speed): an improvement, never a regression', async () => {
    const { comparison } = await gate({ ...HEALTHY, speedup: 2 }, baseline);
    expect(comparison!.verdict, JSON.stringify(comparison!.metrics)).toBe('improvement');
  });

  it('is exactly repeatable', async () => {
    const a = await gate({ ...HEALTHY, replicas: 1 }, baseline);
    const b = await gate({ ...HEALTHY, replicas: 1 }, baseline);
    expect(JSON.parse(JSON.stringify(b.comparison))).toEqual(JSON.parse(JSON.stringify(a.comparison)));
  });
});
