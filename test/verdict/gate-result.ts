/**
 * Hand-built GateResults and summaries whose stats and HDR histograms come from the same samples,
 * for the verdict, baseline, settle and report tests (measure() and mergeSummaries() decode the
 * histograms, which the plain LevelSummary factory leaves empty).
 */
import type { GateResult, LevelResult } from '../../src/results/types.js';
import type { Fingerprint } from '../../src/results/types.js';
import { LATENCY_METRICS, type LatencyMetric, type LevelSummary } from '../../src/metrics/aggregate.js';
import { encodeHistogram, newHistogram, recordMs, statsMs } from '../../src/metrics/histogram.js';
import { summary, type SummaryOverrides } from '../helpers/level-summary.js';

type Dist = LatencyMetric | 'request_tokens_per_s';

/** `n` copies of `x`. */
export const rep = (x: number, n: number): number[] => Array.from({ length: n }, () => x);
/** a, a+1, …, b. */
export const range = (a: number, b: number): number[] => Array.from({ length: b - a + 1 }, (_, i) => a + i);

/**
 * A summary whose latency stats and histograms are built from samples in ms. A distribution not
 * given is the factory's calm value (its p50), recorded once per successful request.
 */
export function sampled(samples: Partial<Record<Dist, number[]>>, o: SummaryOverrides = {}): LevelSummary {
  const base = summary(o);
  const out: Record<string, unknown> = { ...base };
  const histograms: Record<string, string> = {};
  for (const m of [...LATENCY_METRICS, 'request_tokens_per_s'] as Dist[]) {
    const h = newHistogram();
    for (const x of samples[m] ?? rep(base[m].p50, Math.max(1, base.requests.ok))) recordMs(h, x);
    out[m] = statsMs(h);
    histograms[m] = encodeHistogram(h);
  }
  out.histograms = histograms;
  return out as unknown as LevelSummary;
}

export function level(s: LevelSummary, o: Partial<LevelResult> = {}): LevelResult {
  return { phase: 'saturation', summary: s, saturated: false, reasons: [], valid: true, client_cpu: 0.1, sla_checks: [], ...o };
}

export function fingerprint(o: Partial<Fingerprint> = {}): Fingerprint {
  return { model: 'm', workload_hash: 'w1', sla_hash: 's1', tool_version: '0.1.0', target_label: 'staging', hardware: 'h100', ...o };
}

export interface GateOverrides {
  name?: string;
  load?: 'rate' | 'concurrency';
  levels?: LevelResult[];
  rps?: number | null;
  load_value?: number | null;
  bracket?: [number | null, number | null];
  baseline?: LevelSummary;
  op?: { value: number; level: LevelSummary; load?: 'rate' | 'concurrency' };
  cost?: GateResult['cost'];
}

/** A complete gate result; saturation fields are given, not derived, so each case says what it means. */
export function gateResult(o: GateOverrides = {}): GateResult {
  const load = o.load ?? 'rate';
  return {
    schema_version: 1,
    kind: 'gate',
    tool: { name: 'llm-loadgate', version: '0.1.0' },
    name: o.name ?? 'gate',
    mode: 'saturation',
    status: 'complete',
    target: { url: 'http://127.0.0.1:1', model: 'm', endpoint: 'chat' },
    warmup: { requests: 4, ok: 4, errors: {}, ttft_p50_ms: 20 },
    ...(o.baseline ? { baseline: level(o.baseline, { phase: 'baseline' }) } : {}),
    saturation: {
      strategy: 'steps',
      load,
      rps: o.rps === undefined ? 40 : o.rps,
      load_value: o.load_value === undefined ? 40 : o.load_value,
      bracket: o.bracket ?? [40, 44],
      precision: 0.1,
      levels: o.levels ?? [],
    },
    ...(o.op ? { operating_point: { load: o.op.load ?? load, value: o.op.value, rps: o.op.level.achieved_rps, level: level(o.op.level, { phase: 'operating_point' }) } } : {}),
    sla: { checks: [], pass: null },
    cost: o.cost ?? null,
    load_minutes: 1.5,
    measured: { saturation_rps: null, ttft_p99_ms: null, itl_p99_ms: null, cost_per_million_tokens: null, error_rate: null },
    fingerprint: fingerprint(),
  };
}
