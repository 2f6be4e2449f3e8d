/**
 * Baselines: the figures a pull request is judged against, each with its measured spread, and the
 * fingerprint that says which runs they may be compared with. Versioned; a malformed file is a
 * clear error naming the field.
 */
import { createHash } from 'node:crypto';
import type { Fingerprint, GateResult, LevelResult } from '../results/types.js';
import { METRIC_KEYS, type Measured, type MetricKey } from '../verdict/measured.js';
import { histogramOf } from '../metrics/aggregate.js';
import { latencySpreadFloorMs, percentileSpreadMs, proportionSpread, rateRelativeSpread } from '../verdict/spread.js';
import { stableJson } from '../util/json.js';
import { UserError } from '../util/errors.js';

const BASELINE_SCHEMA_VERSION = 1;

/** One point of the latency-vs-load curve (for the report's chart). */
export interface CurvePoint {
  offered: number;
  achieved_rps: number;
  ttft_p99_ms: number;
  ttft_p50_ms: number;
  saturated: boolean;
}

export interface Baseline {
  schema_version: 1;
  name: string;
  recorded_at: string;
  fingerprint: Fingerprint;
  load: 'rate' | 'concurrency';
  metrics: Record<MetricKey, Measured | null>;
  /** The load the operating point ran at: compare runs hold the same load, so latencies compare. */
  operating_point: { load: 'rate' | 'concurrency'; value: number } | null;
  saturation: { load_value: number | null; bracket: [number | null, number | null] };
  curve: CurvePoint[];
}

export class BaselineError extends UserError {}

/** The figures of a run, with their spreads, in baseline form. */
export function measure(r: GateResult): Record<MetricKey, Measured | null> {
  const op = r.operating_point?.level;
  const sat = r.saturation;
  const satSpread = sat.bracket[0] !== null && sat.bracket[1] !== null && sat.rps !== null ? sat.rps * ((sat.bracket[1] - sat.bracket[0]) / sat.bracket[0]) : (sat.rps ?? 0) * 0.5;
  const lastGood = r.saturation.levels.filter((l) => l.valid && !l.saturated).at(-1);
  const cost = r.cost?.at_saturation?.usd_per_million_tokens ?? null;
  return {
    saturation_rps: sat.rps === null ? null : { value: sat.rps, spread: round(satSpread) },
    ttft_p99_ms: op ? latency(op, 'ttft_ms') : null,
    itl_p99_ms: op ? latency(op, 'itl_ms') : null,
    cost_per_million_tokens: cost === null || !lastGood ? null : { value: cost, spread: round(cost * rateRelativeSpread(lastGood.summary.requests.ok)) },
    error_rate: op ? { value: op.summary.error_rate, spread: round(proportionSpread(op.summary.requests.sent - op.summary.requests.ok, op.summary.requests.sent)) } : null,
  };
}

function latency(l: LevelResult, metric: 'ttft_ms' | 'itl_ms'): Measured | null {
  const s = l.summary;
  // No samples (e.g. ITL of a non-streaming run): nothing measured, so nothing to compare.
  if (s[metric].count === 0) return null;
  // Requests, not tokens, are the independent samples (a request's gaps share its conditions).
  const spread = Math.max(percentileSpreadMs(histogramOf(s, metric), 99, s.requests.ok), latencySpreadFloorMs(s[metric].p99, s.send_lag_ms.p99));
  return { value: s[metric].p99, spread: round(spread) };
}

export function slaHash(rules: unknown): string {
  return createHash('sha256').update(stableJson(rules)).digest('hex').slice(0, 16);
}

export function curveOf(r: GateResult): CurvePoint[] {
  return r.saturation.levels
    .filter((l) => l.valid)
    .map((l) => ({
      offered: l.summary.offered.value,
      achieved_rps: l.summary.achieved_rps,
      ttft_p99_ms: l.summary.ttft_ms.p99,
      ttft_p50_ms: l.summary.ttft_ms.p50,
      saturated: l.saturated,
    }))
    .sort((a, b) => a.offered - b.offered);
}

export function toBaseline(r: GateResult, fingerprint: Fingerprint, recordedAt = new Date()): Baseline {
  return {
    schema_version: 1,
    name: r.name,
    recorded_at: recordedAt.toISOString(),
    fingerprint,
    load: r.saturation.load,
    metrics: measure(r),
    operating_point: r.operating_point ? { load: r.operating_point.load, value: r.operating_point.value } : null,
    saturation: { load_value: r.saturation.load_value, bracket: r.saturation.bracket },
    curve: curveOf(r),
  };
}

/** Checks a parsed baseline document; throws BaselineError listing every problem with its field. */
export function validateBaseline(doc: unknown, source: string): Baseline {
  const p: string[] = [];
  const d = doc as Partial<Baseline> | null;
  if (!d || typeof d !== 'object') throw new BaselineError(`${source}: not a JSON object; a baseline is written by "llm-loadgate gate --record" or the action in record mode`);
  if (d.schema_version !== BASELINE_SCHEMA_VERSION)
    p.push(`schema_version ${JSON.stringify(d.schema_version)}: expected ${BASELINE_SCHEMA_VERSION} (re-record the baseline with this version of llm-loadgate)`);
  if (typeof d.name !== 'string') p.push('name: missing or not a string');
  const f = d.fingerprint as Partial<Fingerprint> | undefined;
  if (!f || typeof f !== 'object') p.push('fingerprint: missing');
  else
    for (const k of ['model', 'workload_hash', 'sla_hash', 'tool_version', 'target_label', 'hardware'] as const)
      if (typeof f[k] !== 'string') p.push(`fingerprint.${k}: missing or not a string`);
  if (d.load !== 'rate' && d.load !== 'concurrency') p.push(`load ${JSON.stringify(d.load)}: expected rate or concurrency`);
  if (!d.metrics || typeof d.metrics !== 'object') p.push('metrics: missing');
  else
    for (const k of METRIC_KEYS) {
      const m = (d.metrics as Record<string, unknown>)[k] as Measured | null | undefined;
      if (m === null) continue;
      if (!m || typeof m.value !== 'number' || typeof m.spread !== 'number' || !Number.isFinite(m.value))
        p.push(`metrics.${k}: expected {value: number, spread: number} or null, got ${JSON.stringify(m)?.slice(0, 60)}`);
    }
  if (!Array.isArray(d.curve)) p.push('curve: expected an array');
  // Read by the report (recorded_at) and by the saturation re-check (saturation.load_value).
  if (typeof d.recorded_at !== 'string') p.push('recorded_at: missing or not a string');
  const sat = d.saturation as Partial<Baseline['saturation']> | undefined;
  if (!sat || typeof sat !== 'object' || (sat.load_value !== null && typeof sat.load_value !== 'number'))
    p.push(`saturation.load_value: expected a number or null, got ${JSON.stringify(sat?.load_value)}`);
  if (p.length) throw new BaselineError(`${source}: ${p.length} problem${p.length > 1 ? 's' : ''} in the baseline:\n  - ${p.join('\n  - ')}`);
  return d as Baseline;
}

export function parseBaseline(text: string, source: string): Baseline {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new BaselineError(`${source}: not valid JSON (${(e as Error).message}); restore it from git or re-record it`);
  }
  return validateBaseline(doc, source);
}

/** Why two fingerprints are not comparable (empty when they are). Tool versions compare by major.minor. */
export function comparabilityNotes(base: Fingerprint, run: Fingerprint): string[] {
  const notes: string[] = [];
  const mm = (v: string): string => v.split('.').slice(0, 2).join('.');
  if (base.model !== run.model) notes.push(`model differs: baseline ${base.model}, this run ${run.model}`);
  if (base.workload_hash !== run.workload_hash)
    notes.push(`workload differs (hash ${base.workload_hash} vs ${run.workload_hash}): prompt, max_tokens, endpoint or streaming changed`);
  if (base.sla_hash !== run.sla_hash) notes.push(`SLA rules differ (hash ${base.sla_hash} vs ${run.sla_hash})`);
  if (mm(base.tool_version) !== mm(run.tool_version)) notes.push(`llm-loadgate version differs: baseline ${base.tool_version}, this run ${run.tool_version}`);
  if (base.target_label !== run.target_label) notes.push(`target label differs: baseline "${base.target_label}", this run "${run.target_label}"`);
  if (base.hardware !== run.hardware) notes.push(`hardware differs: baseline "${base.hardware}", this run "${run.hardware}"`);
  return notes;
}

const round = (x: number): number => Math.round(x * 10000) / 10000;
