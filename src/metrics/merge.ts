/**
 * Combines level summaries exactly: counters add, HDR histograms merge, rates are recomputed over
 * the combined window. Two cases: levels run one after another (`sequential`: windows add up) and
 * generators that ran side by side over the same window (`parallel`: the window is the longest).
 */
import type { Histogram } from 'hdr-histogram-js';
import { round } from '../util/num.js';
import { LATENCY_METRICS, histogramOf, type LevelSummary, type ModelBreakdown } from './aggregate.js';
import { encodeHistogram, newHistogram, statsMs } from './histogram.js';

export type MergeMode = 'sequential' | 'parallel';

export function mergeSummaries(name: string, parts: LevelSummary[], mode: MergeMode): LevelSummary {
  if (parts.length === 0) throw new Error('mergeSummaries needs at least one summary');
  const first = parts[0]!;
  const duration = mode === 'sequential' ? sum(parts, (p) => p.duration_s) : Math.max(...parts.map((p) => p.duration_s));
  const d = duration > 0 ? duration : Number.EPSILON;
  const sent = sum(parts, (p) => p.requests.sent);
  const ok = sum(parts, (p) => p.requests.ok);
  const out = sum(parts, (p) => p.output_tokens);
  const inp = sum(parts, (p) => p.input_tokens);
  // Rates add for generators side by side; for levels in turn they combine over each part's
  // effective window (ok / achieved), the same window the accumulator used.
  const window = (p: LevelSummary): number => (p.achieved_rps > 0 ? p.requests.ok / p.achieved_rps : p.duration_s);
  const rateOf = (f: (p: LevelSummary) => number): number =>
    mode === 'parallel' ? sum(parts, f) : sum(parts, (p) => f(p) * window(p)) / Math.max(sum(parts, window), Number.EPSILON);
  const requestedWeighted = sum(parts, (p) => p.output_length.requested_mean * p.requests.ok);
  const merged: Record<string, Histogram> = {};
  for (const m of [...LATENCY_METRICS, 'request_tokens_per_s'] as const) {
    const h = newHistogram();
    for (const p of parts) h.add(histogramOf(p, m));
    merged[m] = h;
  }
  const stats = Object.fromEntries(Object.entries(merged).map(([k, h]) => [k, statsMs(h)]));
  const histograms = Object.fromEntries(Object.entries(merged).map(([k, h]) => [k, encodeHistogram(h)])) as LevelSummary['histograms'];
  return {
    ...first,
    ...(stats as unknown as Pick<LevelSummary, (typeof LATENCY_METRICS)[number] | 'request_tokens_per_s'>),
    name,
    offered: mode === 'parallel' ? { kind: first.offered.kind, value: sum(parts, (p) => p.offered.value) } : first.offered,
    duration_s: round(duration, 3),
    requests: {
      scheduled: sum(parts, (p) => p.requests.scheduled),
      sent,
      ok,
      errors: addMaps(parts.map((p) => p.requests.errors as Record<string, number>)),
      dropped_overflow: sum(parts, (p) => p.requests.dropped_overflow),
    },
    success_rate: sent ? round(ok / sent, 6) : 0,
    error_rate: sent ? round((sent - ok) / sent, 6) : 0,
    status_codes: addMaps(parts.map((p) => p.status_codes)),
    sent_rps: round(sent / d, 3),
    achieved_rps: round(rateOf((p) => p.achieved_rps), 3),
    input_tokens: inp,
    output_tokens: out,
    tokens_estimated_requests: sum(parts, (p) => p.tokens_estimated_requests),
    output_tokens_per_s: round(rateOf((p) => p.output_tokens_per_s), 2),
    total_tokens_per_s: round(rateOf((p) => p.total_tokens_per_s), 2),
    goodput_rps: round(rateOf((p) => p.goodput_rps), 3),
    models: mergeModels(parts.map((p) => p.models)),
    output_length: { requested_mean: ok ? round(requestedWeighted / ok, 2) : 0, actual_mean: ok ? round(out / ok, 2) : 0 },
    histograms,
  };
}

function sum<T>(xs: T[], f: (x: T) => number): number {
  let s = 0;
  for (const x of xs) s += f(x);
  return s;
}

function addMaps(maps: Record<string, number>[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of maps) for (const [k, v] of Object.entries(m)) out[k] = (out[k] ?? 0) + v;
  return out;
}

function mergeModels(maps: Record<string, ModelBreakdown>[]): Record<string, ModelBreakdown> {
  const out: Record<string, ModelBreakdown> = {};
  for (const m of maps)
    for (const [k, v] of Object.entries(m)) {
      const o = (out[k] ??= { requests: 0, ok: 0, mismatched: 0 });
      o.requests += v.requests;
      o.ok += v.ok;
      o.mismatched += v.mismatched;
    }
  return out;
}
