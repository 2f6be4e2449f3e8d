/**
 * The one level pipeline. Every measured level — warmup, baseline, search and steps levels, SLA
 * validation, re-checks, each A/B side, the chaos phase's level and every level of the `load`
 * command — goes through LevelPipeline.measure, in this order:
 *
 *   run (load/runner.ts, the generator's CPU share beside it) → validity (checkLevel: send lag,
 *   generator CPU, the drain) → server-metric window (when an observer is given) → requests log
 *   (the run's onRecord) → summary → load-minutes (the pipeline's running total).
 *
 * A phase is a plan step that says what to run (name, stage, seed); the pipeline is the one place
 * that says how a level is run and checked. toLevel then judges a measured level for the gate's
 * phases (saturated? within the SLA? enough samples?).
 */
import type { Config } from '../config/types.js';
import type { LevelSummary } from '../metrics/aggregate.js';
import { levelCost } from '../metrics/cost.js';
import type { GoodputLimits, RequestRecord } from '../metrics/record.js';
import { runLevelDetailed, type LevelRun, type RunOptions, type Sender, type Workload } from '../load/runner.js';
import type { Stage } from '../load/pacer.js';
import { judgeLevel, levelSamples, levelValidity } from './saturation.js';
import type { LevelCheck, LevelResult } from '../results/types.js';
import type { ServerObserver, ServerWindow } from '../servermetrics/index.js';
import { realClock, type Clock } from '../util/clock.js';

export interface MeasuredLevel {
  summary: LevelSummary;
  /**
   * Share of one CPU core the load generator used during the level. Measured on a real clock
   * only: on a virtual clock wall time means nothing, so it is 0 (not judged).
   */
  cpu: number;
  /** The engine's own metrics over the level, when scraped. */
  server?: ServerWindow;
  /** What the runner knows beyond the summary (drain, why sending stopped), when it ran here. */
  run?: Omit<LevelRun, 'summary'>;
}

/** A level as the pipeline hands it back: measured and checked. */
export interface PipelinedLevel extends MeasuredLevel {
  check: LevelCheck;
}

/** What every level of one run shares. */
export interface PipelineDeps {
  sender: Sender;
  workload: Workload;
  signal?: AbortSignal;
  /** config.run's limits: in-flight cap, the send-lag bound of validity, the drain bound. */
  run: Pick<Config['run'], 'maxInFlight' | 'maxSendLagMs' | 'drainS'>;
  goodput?: GoodputLimits;
  /** Scrapes the engine's metrics: each level is one window. */
  server?: ServerObserver;
  /** The time source for every level; the real monotonic clock by default. */
  clock?: Clock;
  /** The requests log: every finished record of every level. */
  onRecord?: (r: RequestRecord) => void;
  onProgress?: (level: string, fraction: number, inFlight: number) => void;
  /** Sequence counter shared across levels so request ids (and prompts) stay unique; one per pipeline by default. */
  seq?: { next: number };
}

/** One plan step: what to run. */
export interface LevelStep {
  name: string;
  stage: Stage;
  /** The level's arrival/workload seed; the runner's default when omitted. */
  seed?: number;
  /** Sees this level's records before the requests log does. */
  onRecord?: (r: RequestRecord) => void;
  /** Ends sending early (the chaos phase, once recovered); in-flight requests are not cancelled. */
  stopSending?: AbortSignal;
  /** Sends through this instead of the run's sender (the chaos phase counts open requests per second). */
  sender?: Sender;
  /** Counted in load-minutes; false for warmup, which is not a measured phase. Default true. */
  counted?: boolean;
}

export class LevelPipeline {
  private minutes = 0;
  readonly seq: { next: number };

  constructor(private readonly deps: PipelineDeps) {
    this.seq = deps.seq ?? { next: 0 };
  }

  /** Minutes of load applied by the counted levels so far (unrounded; results.json rounds to 0.001). */
  get loadMinutes(): number {
    return this.minutes;
  }

  /** Runs one step through the pipeline (see the module header). */
  async measure(step: LevelStep): Promise<PipelinedLevel> {
    const d = this.deps;
    const log = d.onRecord;
    const own = step.onRecord;
    const onRecord = own && log ? (r: RequestRecord) => (own(r), log(r)) : (own ?? log);
    d.server?.beginWindow(step.name);
    const opts = {
      sender: step.sender ?? d.sender,
      workload: d.workload,
      maxInFlight: d.run.maxInFlight,
      goodput: d.goodput,
      signal: d.signal,
      onRecord,
      onProgress: d.onProgress ? (f: number, n: number) => d.onProgress!(step.name, f, n) : undefined,
      seq: this.seq,
      seed: step.seed,
      clock: d.clock,
      drainMs: d.run.drainS * 1000,
      stopSending: step.stopSending,
    };
    let m: MeasuredLevel;
    try {
      m = await runMeasured(step.name, step.stage, opts);
    } catch (e) {
      // A level that threw still closes its window, so the observer does not scrape for nothing.
      await d.server?.endWindow(step.name);
      throw e;
    }
    const window = await d.server?.endWindow(step.name);
    if (window) m = { ...m, server: window };
    if (step.counted !== false) this.minutes += m.summary.duration_s / 60;
    return { ...m, check: checkLevel(m, d.run.maxSendLagMs) };
  }
}

/** The pipeline's first step alone: runs a level and notes the generator's CPU share beside it. */
export async function runMeasured(name: string, stage: Stage, opts: RunOptions): Promise<MeasuredLevel> {
  const clock = opts.clock ?? realClock;
  const cpu0 = process.cpuUsage();
  const t0 = clock.now();
  const { summary, ...run } = await runLevelDetailed(name, stage, opts);
  if (clock.virtual) return { summary, cpu: 0, run };
  const c = process.cpuUsage(cpu0);
  const wallUs = (clock.now() - t0) * 1000;
  return { summary, cpu: wallUs > 0 ? (c.user + c.system) / wallUs : 0, run };
}

/**
 * The validity every level gets, whatever phase asked for it: a level whose sends left late (P99
 * send lag over run.max_send_lag_ms) or whose generator used a whole core measured the client,
 * not the endpoint; requests the drain bound cut are noted.
 */
function checkLevel(m: MeasuredLevel, maxSendLagMs: number): LevelCheck {
  const v = levelValidity(m.summary, maxSendLagMs, m.cpu);
  const notes: string[] = [];
  const cut = m.run?.drainExpired ?? 0;
  if (cut > 0) notes.push(`${cut} request${cut === 1 ? '' : 's'} still open after the ${fmtS(m.run!.drainMs)} drain: cut and counted as incomplete`);
  return { valid: v.valid, ...(v.reason !== undefined ? { invalid_reason: v.reason } : {}), client_cpu: Math.round(m.cpu * 1000) / 1000, ...(notes.length ? { notes } : {}) };
}

/**
 * Judges a measured level. Baseline levels are never saturated. `baseP99` is the baseline's TTFT
 * reference (see baselineTtftReference). A saturation level with fewer than
 * saturation.min_requests samples is undecided: invalid, with the count in its reason.
 */
export function toLevel(phase: LevelResult['phase'], m: MeasuredLevel, config: Config, baseP99: number | undefined): LevelResult {
  const s = m.summary;
  const j = judgeLevel(s, config.saturation.criteria, baseP99, config, config.mode === 'capacity-at-sla');
  const check = checkLevel(m, config.run.maxSendLagMs);
  let v: { valid: boolean; reason?: string } = { valid: check.valid, reason: check.invalid_reason };
  const samples = levelSamples(s);
  if (v.valid && phase === 'saturation' && samples < config.saturation.minRequests)
    v = {
      valid: false,
      reason: `undecided: ${samples} of ${config.saturation.minRequests} samples in ${s.duration_s.toFixed(1)} s (too few to judge; raise saturation.max_level_duration or lower saturation.min_requests)`,
    };
  const isBaseline = phase === 'baseline';
  return {
    phase,
    summary: s,
    saturated: isBaseline ? false : j.saturated,
    reasons: isBaseline ? [] : j.reasons,
    valid: v.valid,
    invalid_reason: v.reason,
    client_cpu: check.client_cpu,
    sla_checks: j.sla_checks,
    cost: config.cost ? levelCost(s, config.cost) : undefined,
    ...(m.server ? { server: m.server } : {}),
    ...(check.notes ? { notes: check.notes } : {}),
  };
}

const fmtS = (ms: number): string => `${Math.round(ms / 100) / 10} s`;
