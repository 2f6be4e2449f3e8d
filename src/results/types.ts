/**
 * What a run produced, as stored in results.json (schema/gate-results.schema.json) and read by the
 * reports, the baseline and the entry points: types only (and allLevels), so every layer may use
 * them without importing the app that computes them.
 */
import type { Config } from '../config/types.js';
import type { LevelSummary } from '../metrics/aggregate.js';
import type { LevelCost } from '../metrics/cost.js';
import type { Bottleneck, ServerWindow } from '../servermetrics/index.js';
import type { SlaCheck } from '../verdict/sla.js';
import type { ChaosResult } from './chaos.js';
import type { Measured, MetricKey } from '../verdict/measured.js';
import type { MetricVerdict, Status } from '../verdict/compare.js';

/** What makes two runs comparable (see baseline/baseline.ts comparabilityNotes). */
export interface Fingerprint {
  model: string;
  workload_hash: string;
  sla_hash: string;
  tool_version: string;
  /** User-given label of the target (e.g. "staging-h100") and a hardware note. */
  target_label: string;
  hardware: string;
}

export interface LevelResult {
  phase: 'baseline' | 'saturation' | 'operating_point';
  summary: LevelSummary;
  saturated: boolean;
  reasons: string[];
  valid: boolean;
  invalid_reason?: string;
  /** Share of one CPU core the load generator used during the level. */
  client_cpu: number;
  sla_checks: SlaCheck[];
  cost?: LevelCost;
  /** What the serving engine's own metrics said during the level (when server_metrics is set). */
  server?: ServerWindow;
  /** What the level itself says about its measurement, e.g. requests cut by the drain bound. */
  notes?: string[];
}

/** Whether a level measured the endpoint, not the generator (app/level.ts checkLevel), as stored beside its summary. */
export interface LevelCheck {
  valid: boolean;
  invalid_reason?: string;
  /** Share of one CPU core the load generator used during the level, rounded to 0.001. */
  client_cpu: number;
  /** What the level says about its own measurement, e.g. requests cut by the drain bound. */
  notes?: string[];
}

/** A level of the `load` command's results.json: its summary with its check. */
export type LoadLevel = LevelSummary & LevelCheck;

export interface GateResult {
  schema_version: 1;
  kind: 'gate';
  tool: { name: 'llm-loadgate'; version: string };
  name: string;
  mode: Config['mode'];
  status: 'complete' | 'cancelled' | 'endpoint_down';
  /** Why the run stopped early (endpoint_down). */
  error?: string;
  target: { url: string; model: string; endpoint: string };
  warmup: {
    requests: number;
    ok: number;
    errors: LevelSummary['requests']['errors'];
    first_error?: string;
    ttft_p50_ms: number;
    /** Extra warmup rounds run until latency settled (see warmup()): requests, and whether it settled. */
    settling?: { requests: number; rounds: number; settled: boolean };
  };
  baseline?: LevelResult;
  saturation: {
    strategy: 'search' | 'steps';
    load: 'rate' | 'concurrency';
    /** Highest sustained throughput (req/s): the last good level's offered rate (rate) or achieved rate (concurrency). */
    rps: number | null;
    /** Offered load of the last good level (req/s or users). */
    load_value: number | null;
    /** [last good, first saturated] in offered-load units; null ends mean "not found". */
    bracket: [number | null, number | null];
    /** Relative width of the bracket, (first saturated − last good) / last good. */
    precision: number | null;
    levels: LevelResult[];
    /** The resource the server metrics show saturating first, when they say. */
    bottleneck?: Bottleneck;
  };
  operating_point?: { load: 'rate' | 'concurrency'; value: number; rps: number; level: LevelResult };
  sla: { checks: SlaCheck[]; pass: boolean | null };
  /** The chaos phase after SLA validation (config chaos: with enabled: true); its rules are in sla.checks too. */
  chaos?: ChaosResult;
  cost: { gpus: number; gpu_hour_usd: number; at_operating_point?: LevelCost; at_saturation?: LevelCost } | null;
  /** Minutes of load applied in all measured phases (the figure CI time and GPU cost follow). */
  load_minutes: number;
  /** The figures a baseline keeps, each with its measured spread (see baseline/baseline.ts). */
  measured: Record<MetricKey, Measured | null>;
  /** What this run may be compared with. */
  fingerprint: Fingerprint;
}

export interface AbSideResult {
  label: string;
  baseline?: LevelSummary;
  levels: LevelResult[];
  /** Highest level (offered load) that held, or null when none did. */
  capacity: number | null;
  /** Achieved req/s at that level. */
  capacity_rps: number | null;
  /** The first level that broke, or null. */
  breakpoint: number | null;
}

export interface AbResult {
  schema_version: 1;
  kind: 'ab';
  name: string;
  status: 'complete' | 'cancelled';
  load: 'rate' | 'concurrency';
  sides: [AbSideResult, AbSideResult];
  headline: string;
  /** B judged against A with the baseline verdict rules. */
  verdict: Status;
  metrics: MetricVerdict[];
  sentence: string;
  load_minutes: number;
}

/** A run judged against a baseline (app/compare.ts). */
export interface Comparison {
  verdict: Status;
  comparable: boolean;
  notes: string[];
  sentence: string;
  metrics: MetricVerdict[];
  /** What was re-measured and what it showed. */
  remeasured: string[];
}

/** Every measured level of a gate run, in order: baseline, saturation levels, operating point. */
export function allLevels(r: GateResult): LevelResult[] {
  return [...(r.baseline ? [r.baseline] : []), ...r.saturation.levels, ...(r.operating_point ? [r.operating_point.level] : [])];
}
