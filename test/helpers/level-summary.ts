/**
 * Hand-built LevelSummary objects for the pure saturation / SLA / cost tests. Every field has a
 * calm default (a healthy level at 10 req/s, no errors, 20 ms TTFT) and a test overrides only what
 * its case is about, so each case reads as "this one thing differs".
 */
import type { LevelSummary } from '../../src/metrics/aggregate.js';
import type { Stats } from '../../src/metrics/histogram.js';
import type { Config } from '../../src/config/types.js';
import { buildConfig } from '../../src/config/parse.js';
import type { ErrorKind } from '../../src/metrics/record.js';

/** Latency stats; give the percentiles a case needs, the rest follow p50 (count defaults to 100). */
export function stats(s: Partial<Stats> = {}): Stats {
  const p50 = s.p50 ?? 10;
  return { count: 100, min: p50, mean: p50, p50, p90: p50, p95: p50, p99: p50, max: p50, ...s };
}

export interface SummaryOverrides extends Partial<Omit<LevelSummary, 'requests' | 'offered'>> {
  offered?: LevelSummary['offered'];
  /** sent / ok / errors; error_rate and success_rate are derived from them unless given. */
  requests?: Partial<LevelSummary['requests']>;
}

export function summary(o: SummaryOverrides = {}): LevelSummary {
  const offered = o.offered ?? { kind: 'rate', value: 10 };
  const sent = o.requests?.sent ?? 100;
  const errors: Partial<Record<ErrorKind, number>> = o.requests?.errors ?? {};
  const errCount = Object.values(errors).reduce((a, b) => a + (b ?? 0), 0);
  const ok = o.requests?.ok ?? sent - errCount;
  const { requests: _r, offered: _o, ...rest } = o;
  return {
    name: 'lvl',
    offered,
    duration_s: 10,
    requests: { scheduled: sent, sent, ok, errors, dropped_overflow: 0, ...o.requests },
    success_rate: sent ? ok / sent : 0,
    error_rate: sent ? (sent - ok) / sent : 0,
    status_codes: {},
    sent_rps: offered.value,
    achieved_rps: offered.kind === 'rate' ? offered.value : 10,
    input_tokens: 0,
    output_tokens: 0,
    tokens_estimated_requests: 0,
    output_tokens_per_s: 0,
    total_tokens_per_s: 0,
    goodput_rps: offered.kind === 'rate' ? offered.value : 10,
    goodput_limits: {},
    ttft_ms: stats({ p50: 20 }),
    ttfc_ms: stats({ p50: 20 }),
    itl_ms: stats({ p50: 5 }),
    tpot_ms: stats({ p50: 5 }),
    e2e_ms: stats({ p50: 200 }),
    send_lag_ms: stats({ p50: 0.2, p99: 1 }),
    ttft_from_schedule_ms: stats({ p50: 20 }),
    e2e_from_schedule_ms: stats({ p50: 200 }),
    request_tokens_per_s: stats({ p50: 100 }),
    models: {},
    output_length: { requested_mean: 0, actual_mean: 0 },
    histograms: {} as LevelSummary['histograms'],
    ...rest,
  };
}

/** The documented defaults (config/parse.ts), so the cases below say only what they change. */
const defaults = (): Config => buildConfig({ target: { url: 'http://127.0.0.1:1', model: 'm' } });

/** Saturation criteria: factor 2, noise floor 25 ms, max error rate 0.5 %, achieved ratio 0.95, sla on. */
export function criteria(o: Partial<Config['saturation']['criteria']> = {}): Config['saturation']['criteria'] {
  return { ...defaults().saturation.criteria, ...o };
}

/** Saturation config for nextSearchLevel: search over rate, start 1, max 1000, precision 0.1, 14 levels. */
export function searchConfig(o: Partial<Config['saturation']> = {}): Config['saturation'] {
  return { ...defaults().saturation, strategy: 'search', ...o };
}
