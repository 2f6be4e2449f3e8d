/**
 * Combines level summaries exactly: counters add, HDR histograms merge, rates are recomputed over
 * the combined window. Two cases: levels run one after another (`sequential`: windows add up) and
 * generators that ran side by side over the same window (`parallel`: the window is the longest).
 */
import type { Histogram } from 'hdr-histogram-js';
import { round } from '../util/num.js';
import { LATENCY_METRICS, PER_MODEL_METRICS, histogramOf, keepMessage, sortedMessages, type LevelSummary, type ModelBreakdown, type PerModelSummary } from './aggregate.js';
import type { ErrorKind } from './record.js';
import { decodeHistogram, encodeHistogram, newHistogram, statsMs } from './histogram.js';

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
  const nonStreamed = sum(parts, (p) => p.requests.non_streamed ?? 0);
  // Distinct prompts add up when every part counted them (exact for prompts unique across parts,
  // an upper bound otherwise: a union cannot be formed from counts).
  const distinct = parts.every((p) => p.requests.distinct_prompts !== undefined) ? sum(parts, (p) => p.requests.distinct_prompts!) : undefined;
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
      ...(distinct !== undefined ? { distinct_prompts: distinct } : {}),
      ...(nonStreamed ? { non_streamed: nonStreamed } : {}),
    },
    error_messages: mergeMessages(parts),
    success_rate: sent ? round(ok / sent, 6) : 0,
    error_rate: sent ? round((sent - ok) / sent, 6) : 0,
    status_codes: addMaps(parts.map((p) => p.status_codes)),
    sent_rps: round(sent / d, 3),
    achieved_rps: round(
      rateOf((p) => p.achieved_rps),
      3,
    ),
    input_tokens: inp,
    output_tokens: out,
    tokens_estimated_requests: sum(parts, (p) => p.tokens_estimated_requests),
    output_tokens_per_s: round(
      rateOf((p) => p.output_tokens_per_s),
      2,
    ),
    total_tokens_per_s: round(
      rateOf((p) => p.total_tokens_per_s),
      2,
    ),
    goodput_rps: round(
      rateOf((p) => p.goodput_rps),
      3,
    ),
    models: mergeModels(parts.map((p) => p.models)),
    output_length: { requested_mean: ok ? round(requestedWeighted / ok, 2) : 0, actual_mean: ok ? round(out / ok, 2) : 0 },
    input_length: mergeInputLength(parts, ok),
    per_model: mergePerModel(parts, mode),
    histograms,
  };
}

/** The first few distinct messages of each kind, parts in order. */
function mergeMessages(parts: LevelSummary[]): Partial<Record<ErrorKind, string[]>> {
  const out: Partial<Record<ErrorKind, string[]>> = {};
  for (const p of parts) for (const [k, list] of Object.entries(p.error_messages ?? {}) as Array<[ErrorKind, string[]]>) for (const m of list) keepMessage((out[k] ??= []), m);
  return sortedMessages(out);
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

/** Means weighted by each part's successful requests (the population both means are over). */
function mergeInputLength(parts: LevelSummary[], ok: number): NonNullable<LevelSummary['input_length']> {
  const w = (f: (x: NonNullable<LevelSummary['input_length']>) => number): number => {
    let num = 0;
    let den = 0;
    for (const p of parts) {
      if (!p.input_length) continue;
      const v = f(p.input_length);
      if (v === 0) continue;
      num += v * p.requests.ok;
      den += p.requests.ok;
    }
    return den ? round(num / den, 2) : 0;
  };
  return ok ? { requested_mean: w((x) => x.requested_mean), actual_mean: w((x) => x.actual_mean) } : { requested_mean: 0, actual_mean: 0 };
}

/**
 * Per model: counters add, histograms merge, rates combine like the level's (added side by side,
 * window-weighted in turn, each part's window being ok / achieved_rps).
 */
function mergePerModel(parts: LevelSummary[], mode: MergeMode): Record<string, PerModelSummary> {
  const byModel = new Map<string, Array<{ m: PerModelSummary; p: LevelSummary }>>();
  for (const p of parts)
    for (const [name, m] of Object.entries(p.per_model ?? {})) {
      let list = byModel.get(name);
      if (!list) byModel.set(name, (list = []));
      list.push({ m, p });
    }
  const out: Record<string, PerModelSummary> = {};
  for (const [name, list] of byModel) {
    const requests = sum(list, (x) => x.m.requests);
    const ok = sum(list, (x) => x.m.ok);
    const window = (x: { m: PerModelSummary; p: LevelSummary }): number => (x.m.achieved_rps > 0 ? x.m.ok / x.m.achieved_rps : x.p.duration_s);
    const rateOf = (f: (m: PerModelSummary) => number): number =>
      mode === 'parallel' ? sum(list, (x) => f(x.m)) : sum(list, (x) => f(x.m) * window(x)) / Math.max(sum(list, window), Number.EPSILON);
    const hist = Object.fromEntries(
      PER_MODEL_METRICS.map((k) => {
        const h = newHistogram();
        for (const x of list) h.add(decodeHistogram(x.m.histograms[k]));
        return [k, h];
      }),
    );
    out[name] = {
      requests,
      ok,
      mismatched: sum(list, (x) => x.m.mismatched),
      mismatched_as: addMaps(list.map((x) => x.m.mismatched_as)),
      error_rate: requests ? round((requests - ok) / requests, 6) : 0,
      achieved_rps: round(
        rateOf((m) => m.achieved_rps),
        3,
      ),
      output_tokens: sum(list, (x) => x.m.output_tokens),
      output_tokens_per_s: round(
        rateOf((m) => m.output_tokens_per_s),
        2,
      ),
      ttft_ms: statsMs(hist.ttft_ms!),
      itl_ms: statsMs(hist.itl_ms!),
      tpot_ms: statsMs(hist.tpot_ms!),
      e2e_ms: statsMs(hist.e2e_ms!),
      histograms: Object.fromEntries(PER_MODEL_METRICS.map((k) => [k, encodeHistogram(hist[k]!)])) as PerModelSummary['histograms'],
    };
  }
  return out;
}
