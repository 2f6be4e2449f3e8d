/**
 * settle(): the bounded re-measurement that settles a borderline or failing comparison, driven
 * by an injected `run(name, stage)` that returns scripted LevelSummaries (no network). Saturation
 * is re-checked by holding the baseline's load less the tolerance; latencies by measuring the
 * operating point again and pooling the samples.
 */
import { describe, expect, it } from 'vitest';
import { compareResult, settle } from '../../src/app/compare.js';
import type { Comparison } from '../../src/results/types.js';
import type { GateResult } from '../../src/results/types.js';
import { measure, type Baseline } from '../../src/baseline/baseline.js';
import type { Measured, MetricKey } from '../../src/verdict/measured.js';
import { buildConfig, type RawConfig } from '../../src/config/parse.js';
import type { Config } from '../../src/config/types.js';
import type { Stage } from '../../src/load/pacer.js';
import type { MeasuredLevel } from '../../src/app/level.js';
import type { LevelSummary } from '../../src/metrics/aggregate.js';
import { stats, summary } from '../helpers/level-summary.js';
import { fingerprint, gateResult, rep, sampled, type GateOverrides } from '../verdict/gate-result.js';

/** level_duration 10 s (recheck holds 2 × that), SLA validation 30 s. */
const configOf = (over: RawConfig = {}): Config =>
  buildConfig({ target: { url: 'http://127.0.0.1:1', model: 'm' }, saturation: { level_duration: '10s' }, sla_validation: { duration: '30s' }, ...over });

const NONE: Record<MetricKey, Measured | null> = { saturation_rps: null, ttft_p99_ms: null, itl_p99_ms: null, cost_per_million_tokens: null, error_rate: null };

function baselineOf(metrics: Partial<Record<MetricKey, Measured | null>>, o: Partial<Baseline> = {}): Baseline {
  return {
    schema_version: 1,
    name: 'main',
    recorded_at: '2025-01-01T00:00:00.000Z',
    fingerprint: fingerprint(),
    load: 'rate',
    metrics: { ...NONE, ...metrics },
    operating_point: { load: 'rate', value: 28 },
    saturation: { load_value: 40, bracket: [40, 44] },
    curve: [],
    ...o,
  };
}

/** An unloaded baseline level with P99 TTFT 20 ms (what the saturation criteria compare with). */
const unloaded = summary({ name: 'baseline', ttft_ms: stats({ p50: 20 }) });

/** A scripted run function: answers each call with the next summary and records what it was asked. */
function scripted(...answers: Array<LevelSummary | MeasuredLevel>): { run: (name: string, stage: Stage) => Promise<MeasuredLevel>; calls: Array<{ name: string; stage: Stage }> } {
  const calls: Array<{ name: string; stage: Stage }> = [];
  return {
    calls,
    run: async (name, stage) => {
      calls.push({ name, stage });
      const next = answers.shift();
      if (!next) throw new Error(`unexpected run ${name}`);
      return 'cpu' in next ? next : { summary: next, cpu: 0.1 };
    },
  };
}

function setup(b: Baseline, r: GateOverrides, config = configOf()): { c: Comparison; result: GateResult; config: Config } {
  const result = gateResult({ baseline: unloaded, ...r });
  return { c: compareResult(b, measure(result), fingerprint(), config), result, config };
}

const metric = (c: Comparison, k: MetricKey) => c.metrics.find((m) => m.metric === k)!;

describe('settle: saturation', () => {
  // Baseline 40 ± 4 req/s; this run 37 ± 3 (bracket [37, 40]): −7.5 %, noise √(4²+3²)/40 = 12.5 % → inconclusive.
  const borderline = () => setup(baselineOf({ saturation_rps: { value: 40, spread: 4 } }), { rps: 37, load_value: 37, bracket: [37, 40] });

  it('inconclusive, and the recheck saturates → regression with the remeasured note', async () => {
    const { c, result, config } = borderline();
    expect(c.verdict).toBe('inconclusive');
    // At 38 req/s offered it only achieved 30: under 95 % of offered → saturated.
    const { run, calls } = scripted(summary({ offered: { kind: 'rate', value: 38 }, achieved_rps: 30 }));
    const s = await settle(c, baselineOf({ saturation_rps: { value: 40, spread: 4 } }), result, config, run);
    // 40 × (1 − 0.05) = 38 req/s, held for 2 × level_duration.
    expect(calls).toEqual([{ name: 'recheck-saturation', stage: { kind: 'rate', rate: 38, arrival: 'constant', durationS: 20 } }]);
    expect(s.verdict).toBe('regression');
    expect(metric(s, 'saturation_rps').status).toBe('regression');
    expect(metric(s, 'saturation_rps').remeasured).toBe("could not sustain 38 req/s (the baseline's 40 less the 5 % tolerance): achieved 30.00 req/s < 95% of offered 38.00");
    expect(s.remeasured).toEqual(["Saturation was borderline, so the gate held 38 req/s (the baseline's 40 less the 5 % tolerance): it could not."]);
    expect(s.sentence).toBe('This change lowers saturation from 40.0 to 37.0 req/s (−7.5 %).');
    // The input comparison is not mutated.
    expect(metric(c, 'saturation_rps').status).toBe('inconclusive');
  });

  it('inconclusive, and the recheck holds → pass', async () => {
    const { c, result, config } = borderline();
    const { run, calls } = scripted(summary({ offered: { kind: 'rate', value: 38 }, achieved_rps: 38, ttft_ms: stats({ p50: 25 }) }));
    const s = await settle(c, baselineOf({ saturation_rps: { value: 40, spread: 4 } }), result, config, run);
    expect(calls).toHaveLength(1);
    expect(s.verdict).toBe('pass');
    expect(metric(s, 'saturation_rps')).toMatchObject({ status: 'pass', remeasured: "sustained 38 req/s (the baseline's 40 less the 5 % tolerance) for 20 s" });
    expect(s.remeasured[0]).toMatch(/it did\.$/);
    expect(s.sentence).toBe('No change beyond tolerance and noise: capacity, latency, cost and errors hold.');
  });

  it('a re-check whose generator lagged is invalid, not a regression: the metric is inconclusive', async () => {
    const b = baselineOf({ saturation_rps: { value: 40, spread: 1 } });
    const { c, result, config } = setup(b, { rps: 30, load_value: 30, bracket: [30, 31] });
    expect(c.verdict).toBe('regression');
    // The held level "failed" (achieved 20 of 38) — but its sends left 200 ms late at P99: the client was the limit.
    const lagged = summary({ offered: { kind: 'rate', value: 38 }, achieved_rps: 20, send_lag_ms: stats({ p50: 80, p99: 200 }) });
    const s = await settle(c, b, result, config, scripted(lagged).run);
    expect(metric(s, 'saturation_rps').status).toBe('inconclusive');
    expect(metric(s, 'saturation_rps').remeasured).toMatch(/^the re-check at 38 req\/s .* was invalid \(client send lag P99 200\.0 ms > 50 ms/);
    expect(s.remeasured[0]).toMatch(/so it decides nothing\.$/);
    expect(s.verdict).toBe('inconclusive');
    // The same with a pegged generator CPU.
    const busy = await settle(c, b, result, config, scripted({ summary: summary({ offered: { kind: 'rate', value: 38 }, achieved_rps: 20 }), cpu: 0.99 }).run);
    expect(metric(busy, 'saturation_rps').status).toBe('inconclusive');
    expect(metric(busy, 'saturation_rps').remeasured).toContain('load generator CPU at 99%');
  });

  it('a re-check level with too few samples is undecided, not a regression', async () => {
    const b = baselineOf({ saturation_rps: { value: 40, spread: 1 } });
    const { c, result, config } = setup(b, { rps: 30, load_value: 30, bracket: [30, 31] });
    const thin = summary({ offered: { kind: 'rate', value: 38 }, achieved_rps: 20, requests: { sent: 12 } });
    const s = await settle(c, b, result, config, scripted(thin).run);
    expect(metric(s, 'saturation_rps').status).toBe('inconclusive');
    expect(metric(s, 'saturation_rps').remeasured).toContain('undecided: 12 of 50 samples');
  });

  it('an operating-point re-run whose generator lagged leaves the latency inconclusive', async () => {
    const b = baselineOf({ saturation_rps: { value: 40, spread: 1 }, ttft_p99_ms: { value: 100, spread: 5 } });
    const op = (ttft: number[]) => sampled({ ttft_ms: ttft }, { name: 'operating-point', offered: { kind: 'rate', value: 28 }, requests: { sent: ttft.length } });
    const { c, result, config } = setup(b, { op: { value: 28, level: op(rep(130, 100)) } });
    expect(metric(c, 'ttft_p99_ms').status).toBe('regression');
    const again = { ...op(rep(140, 100)), send_lag_ms: stats({ p50: 90, p99: 300 }) };
    const s = await settle(c, b, result, config, scripted(again).run);
    expect(metric(s, 'ttft_p99_ms').status).toBe('inconclusive');
    expect(metric(s, 'ttft_p99_ms').remeasured).toMatch(/^the re-run of the operating point was invalid \(client send lag/);
    expect(s.verdict).toBe('inconclusive');
  });

  it('a clear regression is re-checked too, and the recheck can clear it', async () => {
    // 40 ± 1 → 30 ± 1.0: −25 %, far past the noise.
    const b = baselineOf({ saturation_rps: { value: 40, spread: 1 } });
    const { c, result, config } = setup(b, { rps: 30, load_value: 30, bracket: [30, 31] });
    expect(c.verdict).toBe('regression');
    // The recheck's P99 TTFT 45 ms: over 2 × 20 ms but only +25 ms … equal to the floor → saturated.
    const { run } = scripted(summary({ offered: { kind: 'rate', value: 38 }, ttft_ms: stats({ p50: 30, p99: 45 }) }));
    const s = await settle(c, b, result, config, run);
    expect(s.verdict).toBe('regression');
    expect(metric(s, 'saturation_rps').remeasured).toContain('P99 TTFT 45.0 ms > 2 × baseline 20.0 ms');
    expect(s.remeasured[0]).toMatch(/^Saturation looked lower, so the gate held 38 req\/s/);
    // Same comparison, a recheck that holds: the verdict turns to pass.
    const ok = await settle(c, b, result, config, scripted(summary({ offered: { kind: 'rate', value: 38 }, achieved_rps: 37.9 })).run);
    expect(ok.verdict).toBe('pass');
  });

  it.each([
    // Concurrency: 16 users × 0.95 = 15.2 → 15 whole users.
    {
      name: 'concurrency rounds down to whole users',
      load: 'concurrency' as const,
      loadValue: 16,
      tol: 0.05,
      want: { kind: 'concurrency', users: 15, thinkMs: 0, durationS: 20 },
      what: "15 users (the baseline's 16 less the 5 % tolerance)",
    },
    // Concurrency never drops below one user: 1 × 0.95 → 1.
    {
      name: 'concurrency at least one user',
      load: 'concurrency' as const,
      loadValue: 1,
      tol: 0.05,
      want: { kind: 'concurrency', users: 1, thinkMs: 0, durationS: 20 },
      what: '1 users',
    },
    // Rate: 41.7 × 0.9 = 37.53 req/s (the configured 10 % tolerance), to the millisecond-rate.
    {
      name: 'rate with a 10 % tolerance',
      load: 'rate' as const,
      loadValue: 41.7,
      tol: 0.1,
      want: { kind: 'rate', rate: 37.53, arrival: 'constant', durationS: 20 },
      what: "37.53 req/s (the baseline's 41.7 less the 10 % tolerance)",
    },
  ])('holds baseline load × (1 − tolerance): $name', async ({ load, loadValue, tol, want, what }) => {
    const config = configOf({ tolerances: { saturation_rps: tol }, saturation: { level_duration: '10s', load } });
    // A −50 % capacity: regression whatever the tolerance.
    const b = baselineOf({ saturation_rps: { value: 40, spread: 1 } }, { load, saturation: { load_value: loadValue, bracket: [loadValue, null] } });
    const { c, result } = setup(b, { load, rps: 20, load_value: 20, bracket: [20, 21] }, config);
    const offered = { kind: load, value: want.kind === 'concurrency' ? want.users! : want.rate! };
    const { run, calls } = scripted(summary({ offered, achieved_rps: offered.value }));
    const s = await settle(c, b, result, config, run);
    expect(calls[0]!.stage).toEqual(want);
    expect(metric(s, 'saturation_rps').remeasured).toContain(what);
  });

  it('no baseline saturation load: nothing to hold, the metric stays as it was', async () => {
    const b = baselineOf({ saturation_rps: { value: 40, spread: 4 } }, { saturation: { load_value: null, bracket: [null, null] } });
    const { c, result, config } = setup(b, { rps: 37, load_value: 37, bracket: [37, 40] });
    const { run, calls } = scripted();
    const s = await settle(c, b, result, config, run);
    expect(calls).toEqual([]);
    expect(s.verdict).toBe('inconclusive');
  });

  it('capacity-at-sla: the recheck is judged by the SLA alone', async () => {
    const config = configOf({ mode: 'capacity-at-sla', sla: { ttft_p95_ms: 50 } });
    const b = baselineOf({ saturation_rps: { value: 40, spread: 4 } });
    const { c, result } = setup(b, { rps: 37, load_value: 37, bracket: [37, 40] }, config);
    // Achieved far under offered (would saturate in saturation mode) but the SLA holds: pass.
    const held = await settle(c, b, result, config, scripted(summary({ offered: { kind: 'rate', value: 38 }, achieved_rps: 10, ttft_ms: stats({ p50: 20, p95: 40 }) })).run);
    expect(held.verdict).toBe('pass');
    // P95 TTFT 80 ms > 50: the SLA breaks → regression.
    const broke = await settle(c, b, result, config, scripted(summary({ offered: { kind: 'rate', value: 38 }, ttft_ms: stats({ p50: 20, p95: 80 }) })).run);
    expect(broke.verdict).toBe('regression');
    expect(metric(broke, 'saturation_rps').remeasured).toContain('SLA ttft_p95_ms');
  });
});

describe('settle: latency', () => {
  // Saturation passes in all these (40 ± 1 vs 40 ± 4), so only the latency is re-measured.
  const b = baselineOf({ saturation_rps: { value: 40, spread: 1 }, ttft_p99_ms: { value: 100, spread: 5 } });
  const op = (ttft: number[]) => sampled({ ttft_ms: ttft }, { name: 'operating-point', offered: { kind: 'rate', value: 28 }, requests: { sent: ttft.length } });
  const opStage = { kind: 'rate', rate: 28, arrival: 'constant', durationS: 30 };

  it('inconclusive TTFT: two slow requests of 100; pooled with 900 more, P99 is back at 100 ms → pass', async () => {
    // P99 of 98 × 100 ms + 2 × 500 ms is 500 ms, with a spread of 400 ms over 100 requests:
    // +400 % inside ±400 % of noise → inconclusive.
    const { c, result, config } = setup(b, { op: { value: 28, level: op([...rep(100, 98), 500, 500]) } });
    expect(metric(c, 'ttft_p99_ms').status).toBe('inconclusive');
    const { run, calls } = scripted(op(rep(100, 900)));
    const s = await settle(c, b, result, config, run);
    expect(calls).toEqual([{ name: 'recheck-operating-point', stage: opStage }]);
    // Pooled: 1000 requests, 2 slow → the 990th is 100 ms.
    const t = metric(s, 'ttft_p99_ms');
    expect(Math.abs(t.current!.value - 100)).toBeLessThanOrEqual(0.07);
    expect(t.status).toBe('pass');
    expect(t.remeasured).toMatch(/^pooled 1000 requests over two runs of the operating point \(was 500\.\d+ ± \d/);
    expect(s.remeasured).toEqual(['P99 TTFT at the operating point was borderline, so the gate measured the operating point again and pooled the samples: now pass.']);
    expect(s.verdict).toBe('pass');
  });

  it('a TTFT regression that the second run confirms stays a regression, judged on the pooled value', async () => {
    // 130 ms against 100 ± 5: +30 %, noise √(5² + 6.5²)/100 = 8 % (floor 5 % of 130) → regression.
    const { c, result, config } = setup(b, { op: { value: 28, level: op(rep(130, 100)) } });
    expect(metric(c, 'ttft_p99_ms').status).toBe('regression');
    // The second run is slower still: pooled P99 is the 140 ms of the second run (rank 198 of 200).
    const s = await settle(c, b, result, config, scripted(op(rep(140, 100))).run);
    const t = metric(s, 'ttft_p99_ms');
    expect(t.status).toBe('regression');
    expect(Math.abs(t.current!.value - 140)).toBeLessThanOrEqual(0.07);
    expect(t.remeasured).toMatch(/^pooled 200 requests/);
    expect(s.remeasured[0]).toMatch(/looked worse, .*: now regression\.$/);
    expect(s.verdict).toBe('regression');
  });

  it('a TTFT regression the second run does not confirm becomes inconclusive', async () => {
    // First run 130 ms (a stall), second run back at 100 ms: pooled P99 over 200 requests is still
    // 130 ms (rank 198), but the fresh run alone is a pass, so the regression does not stand.
    const { c, result, config } = setup(b, { op: { value: 28, level: op(rep(130, 100)) } });
    expect(metric(c, 'ttft_p99_ms').status).toBe('regression');
    const s = await settle(c, b, result, config, scripted(op(rep(100, 100))).run);
    const t = metric(s, 'ttft_p99_ms');
    expect(t.status).toBe('inconclusive');
    expect(t.remeasured).toMatch(/the second run alone: pass\)$/);
    expect(s.verdict).toBe('inconclusive');
  });

  it('the re-run lasts long enough for 200 pooled requests', async () => {
    // 20 requests at 2 req/s in the first run: 180 more at 2 req/s need 90 s (> the 30 s default).
    const slow = sampled({ ttft_ms: rep(130, 20) }, { name: 'operating-point', offered: { kind: 'rate', value: 2 }, requests: { sent: 20 }, achieved_rps: 2 });
    const { c, result, config } = setup(b, { op: { value: 2, level: slow } });
    const { run, calls } = scripted(op(rep(130, 180)));
    await settle(c, b, result, config, run);
    expect(calls[0]!.stage).toEqual({ kind: 'rate', rate: 2, arrival: 'constant', durationS: 90 });
  });

  it('saturation and latency both offending: two runs, saturation first', async () => {
    const both = baselineOf({ saturation_rps: { value: 40, spread: 4 }, ttft_p99_ms: { value: 100, spread: 5 } });
    const { c, result, config } = setup(both, { rps: 37, load_value: 37, bracket: [37, 40], op: { value: 28, level: op(rep(130, 100)) } });
    const { run, calls } = scripted(summary({ offered: { kind: 'rate', value: 38 }, achieved_rps: 38 }), op(rep(100, 10_000)));
    const s = await settle(c, both, result, config, run);
    expect(calls.map((x) => x.name)).toEqual(['recheck-saturation', 'recheck-operating-point']);
    expect(s.remeasured).toHaveLength(2);
    expect(s.verdict).toBe('pass');
  });
});

describe('settle: cost per token', () => {
  it('a cost regression from an unlucky search level is judged again at the held load', async () => {
    // $3.60 per GPU-hour: cost per million tokens = 3.6 / (tok/s × 3600) × 10⁶ = 1000 / tok/s.
    const config = configOf({ cost: { gpus: 1, gpu_hour_usd: 3.6 } });
    // Baseline: 40 req/s sustained at 1000 tok/s → $1.00 per M tokens.
    const b = baselineOf({ saturation_rps: { value: 40, spread: 1 }, cost_per_million_tokens: { value: 1, spread: 0.03 } });
    // This run's search stopped low (a glitch): its cost at that level read $2.50 → regression.
    const result = gateResult({ baseline: unloaded });
    const cur = { ...NONE, saturation_rps: { value: 40, spread: 1 }, cost_per_million_tokens: { value: 2.5, spread: 0.1 } };
    const c = compareResult(b, cur, fingerprint(), config);
    expect(metric(c, 'cost_per_million_tokens').status).toBe('regression');
    // Held at 38 req/s (40 less 5 %), it serves 950 tok/s → $1.0526, the baseline's $1 scaled to
    // that load is 1 × 40 / 38 = $1.0526: no change.
    const held = summary({ offered: { kind: 'rate', value: 38 }, achieved_rps: 38, total_tokens_per_s: 950, requests: { sent: 760, ok: 760 } });
    const { run, calls } = scripted(held);
    const s = await settle(c, b, result, config, run);
    expect(calls.map((x) => x.name)).toEqual(['recheck-saturation']);
    const k = metric(s, 'cost_per_million_tokens');
    expect(k.status).toBe('pass');
    expect(k.remeasured).toMatch(/at the held 38 req\/s: 1\.0526 USD per million tokens against the baseline's 1\.0526/);
    expect(s.verdict).toBe('pass');
  });
});

describe('settle: nothing to settle', () => {
  it.each([
    // Pass: 40 → 40.5.
    { name: 'pass', cur: { rps: 40.5, bracket: [40.5, 44] as [number, number] }, verdict: 'pass' },
    // Improvement: 40 ± 1 → 50 ± 1.25.
    { name: 'improvement', cur: { rps: 50, bracket: [50, 51.25] as [number, number] }, verdict: 'improvement' },
  ])('verdict $name: run is never called and the comparison comes back as is', async ({ cur, verdict }) => {
    const b = baselineOf({ saturation_rps: { value: 40, spread: 1 } });
    const { c, result, config } = setup(b, cur);
    expect(c.verdict).toBe(verdict);
    const { run, calls } = scripted();
    expect(await settle(c, b, result, config, run)).toBe(c);
    expect(calls).toEqual([]);
  });

  it('not comparable: untouched, no run', async () => {
    const b = baselineOf({ saturation_rps: { value: 40, spread: 1 } });
    const result = gateResult({ baseline: unloaded, rps: 20, bracket: [20, 21] });
    const config = configOf();
    const c = compareResult(b, measure(result), fingerprint({ hardware: 'a100' }), config);
    expect(c).toMatchObject({ comparable: false, verdict: 'inconclusive', metrics: [] });
    expect(c.notes).toEqual(['hardware differs: baseline "h100", this run "a100"']);
    const { run, calls } = scripted();
    expect(await settle(c, b, result, config, run)).toBe(c);
    expect(calls).toEqual([]);
  });
});
