/**
 * The one typed Config every command runs from, with its defaults. Built by config/parse.ts from
 * loadgate.yml, CLI flags and (in the action) inputs.
 */
import type { Endpoint, Timeouts } from '../client/openai.js';
import type { Arrival } from '../load/pacer.js';
import type { Tolerances } from '../verdict/compare.js';
import type { WorkloadConfig } from '../workload/config.js';

export type SlaStat = 'p50' | 'p90' | 'p95' | 'p99' | 'max' | 'mean';
export type SlaLatencyMetric = 'ttft_ms' | 'ttfc_ms' | 'itl_ms' | 'tpot_ms' | 'e2e_ms';

/** One SLA rule: a latency percentile, the error rate or the goodput ratio, with its limit. */
export type SlaRule =
  | { key: string; kind: 'latency'; metric: SlaLatencyMetric; stat: SlaStat; max: number }
  | { key: 'error_rate'; kind: 'error_rate'; max: number }
  | { key: 'goodput_ratio'; kind: 'goodput_ratio'; min: number };

export interface SaturationCriteria {
  /** Saturated when P99 TTFT > factor × baseline P99 TTFT. */
  ttftP99Factor: number;
  /** …and by at least this many ms, so a few ms of jitter on a fast endpoint is not saturation. */
  ttftMinIncreaseMs: number;
  maxErrorRate: number;
  /** Saturated when achieved throughput < ratio × offered. */
  minAchievedRatio: number;
  /** Saturated when any SLA rule breaks. */
  sla: boolean;
}

export interface Config {
  name: string;
  mode: 'saturation' | 'capacity-at-sla';
  target: {
    url: string;
    model: string;
    endpoint: Endpoint;
    stream: boolean;
    apiKeyEnv?: string;
    /** Fingerprint parts given by the user: a target label and a hardware note. */
    label: string;
    hardware: string;
    headers: Record<string, string>;
    timeouts: Timeouts;
  };
  workload: WorkloadConfig;
  warmup: { requests: number; concurrency: number; timeoutS: number };
  baseline: { load: 'rate' | 'concurrency'; value: number; durationS: number };
  saturation: {
    /** Closed loop: pause between a user's response and its next request (sessions' think time). */
    thinkMs: number;
    strategy: 'search' | 'steps';
    load: 'rate' | 'concurrency';
    arrival: Arrival;
    levels: number[];
    stopAtFirstSaturated: boolean;
    start: number;
    /** No explicit start: the search starts where one request at a time would (from the baseline). */
    startAuto: boolean;
    max: number;
    precision: number;
    levelDurationS: number;
    /** Duration of each search level (shorter than level_duration: a search level answers yes or no). */
    probeDurationS: number;
    maxLevels: number;
    /** Requests a level must measure to decide; it sends past its duration (to maxLevelDurationS) to get them. */
    minRequests: number;
    /** A search level lasts at least this many unloaded median E2E latencies. */
    minLatencies: number;
    /** Longest a level may send while gathering minRequests. */
    maxLevelDurationS: number;
    criteria: SaturationCriteria;
  };
  slaValidation: { enabled: boolean; operatingPoint: number; rate?: number; concurrency?: number; durationS: number };
  sla: SlaRule[];
  goodput: { ttftMs?: number; tpotMs?: number };
  cost?: { gpus: number; gpuHourUsd: number };
  tolerances: Tolerances;
  /** Prometheus sources scraped per level; empty = none. */
  serverMetrics: { fromTarget: boolean; sources: Array<{ url: string; kind?: 'metrics' | 'prometheus'; query?: Record<string, string> }>; intervalMs: number };
  run: { maxInFlight?: number; seed: number; requestsLog: boolean; out: string; maxSendLagMs: number; drainS: number };
  /** Failure injection under load (app/chaos.ts); absent when the config has no chaos: section. */
  chaos?: ChaosConfig;
  /** The chaos phase's rules in sla: (recovery_s, lost_requests, error_burst); judged only when it runs. */
  chaosSla?: ChaosSla;
}

/** One way to inject (or undo) a fault: exactly one of the three is set. */
export interface ChaosAction {
  /** argv, run without a shell (target/command.ts rules). */
  command?: string[];
  http?: { method: string; url: string; body?: string; headers: Record<string, string> };
  /** A partial fault configuration of the built-in simulator (crashes, errorRate, latencyMs…). */
  sim?: Record<string, unknown>;
}

export interface ChaosConfig {
  enabled: boolean;
  /** The load held; undefined = the gate's operating point. */
  load?: { kind: 'rate' | 'concurrency'; value: number };
  preFaultS: number;
  fault: ChaosAction;
  restore?: ChaosAction;
  /** Run `restore` this long after the injection (under load); undefined = when the phase ends. */
  restoreAfterS?: number;
  /** Longest the load is held after the injection. */
  maxDurationS: number;
  /** Longest a fault/restore command or HTTP call may take. */
  actionTimeoutS: number;
  /** Back within tolerance of the pre-fault window: throughput ≥ (1 − throughput) × pre, P99 TTFT ≤ (1 + ttft_p99) × pre, error rate ≤ pre + error_rate. */
  tolerance: { throughput: number; ttftP99: number; errorRate: number };
  /** Recovered at the first of this many consecutive seconds within tolerance. */
  recoverySeconds: number;
}

export interface ChaosSla {
  recoveryS?: number;
  lostRequests?: number;
  errorBurst?: number;
}
