/**
 * Folds RequestRecords into a level summary. add() is O(1) in time and memory per record (HDR
 * histograms and counters only), so memory stays flat however long the run.
 */
import type { Histogram } from 'hdr-histogram-js';
import { round } from '../util/num.js';
import { truncate } from '../util/text.js';
import {
  OUTCOMES,
  e2eFromScheduleMs,
  meetsGoodput,
  requestTokensPerSecond,
  sendLagMs,
  ttftFromScheduleMs,
  type ErrorKind,
  type GoodputLimits,
  type RequestRecord,
} from './record.js';
import { encodeHistogram, newHistogram, recordMs, statsMs, decodeHistogram, type Stats } from './histogram.js';

export const LATENCY_METRICS = ['ttft_ms', 'ttfc_ms', 'itl_ms', 'tpot_ms', 'e2e_ms', 'send_lag_ms', 'ttft_from_schedule_ms', 'e2e_from_schedule_ms'] as const;
export type LatencyMetric = (typeof LATENCY_METRICS)[number];

/** Offered load of a level: a request rate (open loop) or a number of users (closed loop). */
export interface Offered {
  kind: 'rate' | 'concurrency';
  value: number;
}

export interface ModelBreakdown {
  requests: number;
  ok: number;
  /** Responses whose model differs from the one requested. */
  mismatched: number;
}

/** Latencies kept per model. */
export const PER_MODEL_METRICS = ['ttft_ms', 'itl_ms', 'tpot_ms', 'e2e_ms'] as const;
export type PerModelMetric = (typeof PER_MODEL_METRICS)[number];

/** Every figure of one requested model (the model named in the request). */
export interface PerModelSummary {
  requests: number;
  ok: number;
  /** Responses that named a different model than the one requested (routing errors). */
  mismatched: number;
  /** Models the responses named when they differed from the request, with counts (at most 10 names). */
  mismatched_as: Record<string, number>;
  error_rate: number;
  achieved_rps: number;
  output_tokens: number;
  output_tokens_per_s: number;
  ttft_ms: Stats;
  itl_ms: Stats;
  tpot_ms: Stats;
  e2e_ms: Stats;
  /** HDR compressed base64 of each latency, for merging. */
  histograms: Record<PerModelMetric, string>;
}

export interface LevelSummary {
  name: string;
  offered: Offered;
  duration_s: number;
  requests: {
    scheduled: number;
    sent: number;
    ok: number;
    errors: Partial<Record<ErrorKind, number>>;
    /** Not sent because the max-in-flight cap was reached (counted, never silently dropped). */
    dropped_overflow: number;
    /** Distinct prompts among the requests sent (optional only so hand-built summaries stay valid). */
    distinct_prompts?: number;
    /**
     * Successful answers to a streaming request that came as one JSON body (no stream): their
     * TTFT equals their E2E. Absent when there were none.
     */
    non_streamed?: number;
  };
  /** The first few messages of each error kind (truncated, secrets scrubbed), for diagnosis. */
  error_messages?: Partial<Record<ErrorKind, string[]>>;
  success_rate: number;
  error_rate: number;
  status_codes: Record<string, number>;
  sent_rps: number;
  achieved_rps: number;
  input_tokens: number;
  output_tokens: number;
  /** Successful requests whose output token count was estimated from chunks (no usage sent). */
  tokens_estimated_requests: number;
  output_tokens_per_s: number;
  total_tokens_per_s: number;
  goodput_rps: number;
  goodput_limits: GoodputLimits;
  ttft_ms: Stats;
  ttfc_ms: Stats;
  itl_ms: Stats;
  tpot_ms: Stats;
  e2e_ms: Stats;
  send_lag_ms: Stats;
  ttft_from_schedule_ms: Stats;
  e2e_from_schedule_ms: Stats;
  request_tokens_per_s: Stats;
  models: Record<string, ModelBreakdown>;
  /** Mean requested vs actual output tokens over successful requests. */
  output_length: { requested_mean: number; actual_mean: number };
  /**
   * Mean requested (the workload's target, requests that had one) vs actual (usage prompt_tokens)
   * input tokens over successful requests. Optional only so hand-built summaries stay valid.
   */
  input_length?: { requested_mean: number; actual_mean: number };
  /** Every figure per requested model. Optional only so hand-built summaries stay valid. */
  per_model?: Record<string, PerModelSummary>;
  /** HDR compressed base64 of each distribution, for merging and re-analysis. */
  histograms: Record<LatencyMetric | 'request_tokens_per_s', string>;
}

/** Messages kept per error kind, and the longest one kept. */
const MAX_ERROR_MESSAGES = 3;
export const MAX_ERROR_MESSAGE_CHARS = 300;

/**
 * Adds `message` to `list` unless it is already there or the list is full: the first few distinct
 * messages of a kind. Messages come from the client with secrets already scrubbed.
 */
export function keepMessage(list: string[], message: string): void {
  if (list.length >= MAX_ERROR_MESSAGES) return;
  const m = truncate(message, MAX_ERROR_MESSAGE_CHARS);
  if (!list.includes(m)) list.push(m);
}

export class LevelAccumulator {
  private readonly h = Object.fromEntries(LATENCY_METRICS.map((m) => [m, newHistogram()])) as Record<LatencyMetric, Histogram>;
  /** Per-request tokens/s, stored ×1000 so 3 significant digits survive the integer histogram. */
  private readonly tokRate = newHistogram();
  private readonly errors: Partial<Record<ErrorKind, number>> = {};
  private readonly messages: Partial<Record<ErrorKind, string[]>> = {};
  private nonStreamed = 0;
  private readonly statuses: Record<string, number> = {};
  private readonly models: Record<string, ModelBreakdown> = {};
  private readonly perModel = new Map<string, ModelAccumulator>();
  private sent = 0;
  private ok = 0;
  private dropped = 0;
  private inputTokens = 0;
  private outputTokens = 0;
  private estimated = 0;
  private goodput = 0;
  private requestedOut = 0;
  private requestedOutCount = 0;
  private requestedIn = 0;
  private requestedInCount = 0;
  private actualIn = 0;
  private actualInCount = 0;
  /** Input tokens of successful requests (tokens served; failed requests' prompts are not). */
  private inputTokensOk = 0;
  private firstOkEnd = Infinity;
  private lastOkEnd = -Infinity;

  constructor(
    readonly name: string,
    readonly offered: Offered,
    private readonly limits: GoodputLimits = {},
  ) {}

  /** Counts a request the pacer wanted to send but could not because of the in-flight cap. */
  addDropped(): void {
    this.dropped++;
  }

  add(r: RequestRecord): void {
    this.sent++;
    recordMs(this.h.send_lag_ms, sendLagMs(r));
    if (r.status !== undefined) this.statuses[r.status] = (this.statuses[r.status] ?? 0) + 1;
    const m = (this.models[r.requestedModel] ??= { requests: 0, ok: 0, mismatched: 0 });
    m.requests++;
    let pm = this.perModel.get(r.requestedModel);
    if (!pm) this.perModel.set(r.requestedModel, (pm = new ModelAccumulator()));
    pm.add(r);
    if (r.responseModel !== undefined && r.responseModel !== r.requestedModel) m.mismatched++;
    if (r.inputTokens !== undefined) this.inputTokens += r.inputTokens;
    if (r.outcome !== 'ok') {
      this.errors[r.outcome] = (this.errors[r.outcome] ?? 0) + 1;
      keepMessage((this.messages[r.outcome] ??= []), r.error ?? r.outcome);
      return;
    }
    this.ok++;
    m.ok++;
    if (r.nonStreamed) this.nonStreamed++;
    if (r.endedAt < this.firstOkEnd) this.firstOkEnd = r.endedAt;
    if (r.endedAt > this.lastOkEnd) this.lastOkEnd = r.endedAt;
    this.addSuccess(r);
  }

  private addSuccess(r: RequestRecord): void {
    const h = this.h;
    if (r.ttftMs !== undefined) {
      recordMs(h.ttft_ms, r.ttftMs);
      recordMs(h.ttft_from_schedule_ms, ttftFromScheduleMs(r)!);
    }
    if (r.ttfcMs !== undefined) recordMs(h.ttfc_ms, r.ttfcMs);
    if (r.e2eMs !== undefined) {
      recordMs(h.e2e_ms, r.e2eMs);
      recordMs(h.e2e_from_schedule_ms, e2eFromScheduleMs(r)!);
    }
    if (r.tpotMs !== undefined) recordMs(h.tpot_ms, r.tpotMs);
    for (const gap of r.itlMs) recordMs(h.itl_ms, gap);
    const rate = requestTokensPerSecond(r);
    if (rate !== undefined) this.tokRate.recordValue(Math.max(1, Math.round(rate * 1000)));
    this.outputTokens += r.outputTokens ?? 0;
    this.inputTokensOk += r.inputTokens ?? 0;
    if (r.tokensEstimated) this.estimated++;
    if (r.requestedInputTokens !== undefined) {
      this.requestedIn += r.requestedInputTokens;
      this.requestedInCount++;
    }
    if (r.inputTokens !== undefined) {
      this.actualIn += r.inputTokens;
      this.actualInCount++;
    }
    if (r.requestedOutputTokens !== undefined) {
      this.requestedOut += r.requestedOutputTokens;
      this.requestedOutCount++;
    }
    if (meetsGoodput(r, this.limits)) this.goodput++;
  }

  /**
   * Completions per second over the span of successful completions: (ok − 1) / (last − first end).
   * Unlike ok / wall time it is not diluted by the ramp-up and drain tails (one request latency
   * each), so a level that keeps up reports its offered rate and a saturated one its service rate.
   */
  completionRate(durationS: number): number {
    const spanS = (this.lastOkEnd - this.firstOkEnd) / 1000;
    if (this.ok >= 3 && spanS > 0) return (this.ok - 1) / spanS;
    return durationS > 0 ? this.ok / durationS : 0;
  }

  /** The summary over a measuring window of `durationS` seconds (first send → last completion). */
  summary(durationS: number): LevelSummary {
    const d = durationS > 0 ? durationS : Number.EPSILON;
    const achieved = this.completionRate(durationS);
    // Rates derived from completions share the completion-rate window: per-request means × rate.
    const perOk = (x: number): number => (this.ok ? (x / this.ok) * achieved : x / d);
    const errorCount = this.sent - this.ok;
    const stats = Object.fromEntries(LATENCY_METRICS.map((m) => [m, statsMs(this.h[m])])) as Record<LatencyMetric, Stats>;
    const histograms = Object.fromEntries(LATENCY_METRICS.map((m) => [m, encodeHistogram(this.h[m])])) as LevelSummary['histograms'];
    histograms.request_tokens_per_s = encodeHistogram(this.tokRate);
    return {
      name: this.name,
      offered: this.offered,
      duration_s: round(durationS, 3),
      requests: {
        scheduled: this.sent + this.dropped,
        sent: this.sent,
        ok: this.ok,
        errors: sortedErrors(this.errors),
        dropped_overflow: this.dropped,
        ...(this.nonStreamed ? { non_streamed: this.nonStreamed } : {}),
      },
      error_messages: sortedMessages(this.messages),
      success_rate: this.sent ? round(this.ok / this.sent, 6) : 0,
      error_rate: this.sent ? round(errorCount / this.sent, 6) : 0,
      status_codes: { ...this.statuses },
      sent_rps: round(this.sent / d, 3),
      achieved_rps: round(achieved, 3),
      input_tokens: this.inputTokens,
      output_tokens: this.outputTokens,
      tokens_estimated_requests: this.estimated,
      output_tokens_per_s: round(perOk(this.outputTokens), 2),
      total_tokens_per_s: round(perOk(this.outputTokens + this.inputTokensOk), 2),
      goodput_rps: round(perOk(this.goodput), 3),
      goodput_limits: this.limits,
      ...stats,
      request_tokens_per_s: tokRateStats(this.tokRate),
      models: structuredClone(this.models),
      output_length: {
        requested_mean: this.requestedOutCount ? round(this.requestedOut / this.requestedOutCount, 2) : 0,
        actual_mean: this.ok ? round(this.outputTokens / this.ok, 2) : 0,
      },
      input_length: {
        requested_mean: this.requestedInCount ? round(this.requestedIn / this.requestedInCount, 2) : 0,
        actual_mean: this.actualInCount ? round(this.actualIn / this.actualInCount, 2) : 0,
      },
      per_model: Object.fromEntries([...this.perModel].map(([k, a]) => [k, a.summary(durationS)])),
      histograms,
    };
  }
}

const MAX_MISMATCH_NAMES = 10;

/** The per-model part of a level: four histograms and a few counters, O(1) per request. */
class ModelAccumulator {
  private readonly h = Object.fromEntries(PER_MODEL_METRICS.map((m) => [m, newHistogram()])) as Record<PerModelMetric, Histogram>;
  private requests = 0;
  private ok = 0;
  private mismatched = 0;
  private readonly mismatchedAs: Record<string, number> = {};
  private outputTokens = 0;
  private firstOkEnd = Infinity;
  private lastOkEnd = -Infinity;

  add(r: RequestRecord): void {
    this.requests++;
    if (r.responseModel !== undefined && r.responseModel !== r.requestedModel) {
      this.mismatched++;
      const names = this.mismatchedAs;
      const key = r.responseModel in names || Object.keys(names).length < MAX_MISMATCH_NAMES ? r.responseModel : '(other)';
      names[key] = (names[key] ?? 0) + 1;
    }
    if (r.outcome !== 'ok') return;
    this.ok++;
    if (r.endedAt < this.firstOkEnd) this.firstOkEnd = r.endedAt;
    if (r.endedAt > this.lastOkEnd) this.lastOkEnd = r.endedAt;
    this.outputTokens += r.outputTokens ?? 0;
    if (r.ttftMs !== undefined) recordMs(this.h.ttft_ms, r.ttftMs);
    if (r.e2eMs !== undefined) recordMs(this.h.e2e_ms, r.e2eMs);
    if (r.tpotMs !== undefined) recordMs(this.h.tpot_ms, r.tpotMs);
    for (const gap of r.itlMs) recordMs(this.h.itl_ms, gap);
  }

  /** Same completion-rate rule as the level (see LevelAccumulator.completionRate). */
  summary(durationS: number): PerModelSummary {
    const spanS = (this.lastOkEnd - this.firstOkEnd) / 1000;
    const achieved = this.ok >= 3 && spanS > 0 ? (this.ok - 1) / spanS : durationS > 0 ? this.ok / durationS : 0;
    const d = durationS > 0 ? durationS : Number.EPSILON;
    return {
      requests: this.requests,
      ok: this.ok,
      mismatched: this.mismatched,
      mismatched_as: { ...this.mismatchedAs },
      error_rate: this.requests ? round((this.requests - this.ok) / this.requests, 6) : 0,
      achieved_rps: round(achieved, 3),
      output_tokens: this.outputTokens,
      output_tokens_per_s: round(this.ok ? (this.outputTokens / this.ok) * achieved : this.outputTokens / d, 2),
      ttft_ms: statsMs(this.h.ttft_ms),
      itl_ms: statsMs(this.h.itl_ms),
      tpot_ms: statsMs(this.h.tpot_ms),
      e2e_ms: statsMs(this.h.e2e_ms),
      histograms: Object.fromEntries(PER_MODEL_METRICS.map((m) => [m, encodeHistogram(this.h[m])])) as Record<PerModelMetric, string>,
    };
  }
}

function tokRateStats(h: Histogram): Stats {
  // statsMs divides by 1000, which undoes the ×1000 scaling used when recording.
  return statsMs(h);
}

/** Error messages in the order of OUTCOMES (copies: the summary must not change with later adds). */
export function sortedMessages(e: Partial<Record<ErrorKind, string[]>>): Partial<Record<ErrorKind, string[]>> {
  const out: Partial<Record<ErrorKind, string[]>> = {};
  for (const k of OUTCOMES) if (k !== 'ok' && e[k]?.length) out[k] = [...e[k]];
  return out;
}

function sortedErrors(e: Partial<Record<ErrorKind, number>>): Partial<Record<ErrorKind, number>> {
  const out: Partial<Record<ErrorKind, number>> = {};
  for (const k of OUTCOMES) if (k !== 'ok' && e[k]) out[k] = e[k];
  return out;
}

/** Re-reads a summary's encoded histogram (for merging levels measured by several generators). */
export function histogramOf(s: LevelSummary, metric: LatencyMetric | 'request_tokens_per_s'): Histogram {
  return decodeHistogram(s.histograms[metric]);
}
