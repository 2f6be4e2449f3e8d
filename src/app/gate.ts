/**
 * The gate pipeline: warmup → baseline → saturation (search or steps) → SLA validation at an
 * operating point. Each phase sees the previous results; a cancelled run returns what it measured.
 * No I/O here beyond the Sender: the caller writes results and renders reports.
 */
import type { Config } from '../config/types.js';
import type { LevelSummary } from '../metrics/aggregate.js';
import type { RequestRecord } from '../metrics/record.js';
import type { Sender, Workload } from '../load/runner.js';
import { stageOf, type Stage } from '../load/pacer.js';
import { bottleneckLine, firstSaturatedResource, type ServerObserver } from '../servermetrics/index.js';
import { LevelPipeline, toLevel, type LevelStep, type PipelinedLevel } from './level.js';
import { evaluateSla, slaPasses, type SlaCheck } from '../verdict/sla.js';
import { baselineTtftReference, bracketPrecision, isClientLimited, nextSearchLevel, updateBracket, type Bracket } from './saturation.js';
import { VERSION } from '../version.js';
import { measure, slaHash } from '../baseline/baseline.js';
import type { Fingerprint } from '../results/types.js';
import { workloadHash } from './fingerprint.js';
import { realClock, type Clock } from '../util/clock.js';
import { redactUrl } from '../util/url.js';
import { runChaos } from './chaos.js';
import type { GateResult, LevelResult } from '../results/types.js';

export interface GateDeps {
  sender: Sender;
  workload: Workload;
  signal: AbortSignal;
  log: (line: string) => void;
  onLevel?: (level: LevelResult) => void;
  onRecord?: (r: RequestRecord) => void;
  onProgress?: (phase: string, fraction: number, inFlight: number) => void;
  /** Scrapes the engine's metrics; each level is one window. */
  server?: ServerObserver;
  /** The time source for every level; the real monotonic clock by default. */
  clock?: Clock;
  /** The chaos phase's `sim:` faults in process (SimSender.setFaults); else POSTed to the target. */
  simFaults?: (f: Record<string, unknown>) => void;
}

/** Raised when warmup shows the endpoint cannot serve at all; the message says what came back. */
class EndpointDownError extends Error {}

export async function runGate(config: Config, deps: GateDeps): Promise<GateResult> {
  const r = emptyResult(config);
  // Every level of the run goes through this one pipeline (app/level.ts): the phases below only say what to run.
  const pipeline = new LevelPipeline({
    sender: deps.sender,
    workload: deps.workload,
    signal: deps.signal,
    run: config.run,
    goodput: config.goodput,
    server: deps.server,
    clock: deps.clock,
    onRecord: deps.onRecord,
    onProgress: deps.onProgress,
  });
  const run: RunFn = (name, stage, step) => pipeline.measure({ name, stage, seed: config.run.seed + pipeline.seq.next, ...step });
  const done = (): GateResult => finish(r, deps, pipeline.loadMinutes);

  try {
    await warmup(config, deps, r, run);
  } catch (e) {
    if (!(e instanceof EndpointDownError)) throw e;
    r.status = 'endpoint_down';
    r.error = e.message;
    return done();
  }
  if (deps.signal.aborted) return done();

  const base = await run('baseline', stageOf(config.baseline.load, config.baseline.value, config.baseline.durationS, config.saturation.arrival));
  r.baseline = toLevel('baseline', base, config, undefined);
  deps.onLevel?.(r.baseline);
  if (deps.signal.aborted) return done();
  // Not the raw P99 of a short baseline: one cold request would set the threshold.
  const baseP99 = baselineTtftReference(r.baseline.summary)?.value ?? 0;

  await saturation(config, deps, r, run, baseP99);
  if (deps.signal.aborted || (!config.slaValidation.enabled && !config.chaos)) return done();

  // The chaos phase holds the operating point too, also when it is not validated (capacity-at-sla).
  const op = operatingPoint(config, r);
  if (op && config.slaValidation.enabled) {
    const m = await run('operating-point', stageOf(op.load, op.value, config.slaValidation.durationS, config.saturation.arrival, config.saturation.thinkMs));
    const level = toLevel('operating_point', m, config, baseP99);
    r.operating_point = { load: op.load, value: op.value, rps: m.summary.achieved_rps, level };
    const checks = evaluateSla(config.sla, m.summary);
    r.sla = { checks, pass: slaPasses(checks) };
    deps.onLevel?.(level);
  }
  if (config.chaos && !deps.signal.aborted) await chaosPhase(config, deps, r, op, pipeline);
  return done();
}

/** The chaos phase at the operating point (app/chaos.ts); its rules join the SLA checks, a fault that could not be injected fails them. */
async function chaosPhase(config: Config, deps: GateDeps, r: GateResult, op: { load: 'rate' | 'concurrency'; value: number } | undefined, pipeline: LevelPipeline): Promise<void> {
  if (!config.chaos!.enabled) return deps.log('chaos: configured but not run: set chaos.enabled: true to inject the fault');
  const load = config.chaos!.load ?? (op ? { kind: op.load, value: op.value } : undefined);
  if (!load) return deps.log('chaos: skipped: no operating point was found and chaos.rate / chaos.concurrency is not set');
  const c = await runChaos(
    config,
    { sender: deps.sender, workload: deps.workload, signal: deps.signal, log: deps.log, clock: deps.clock, simFaults: deps.simFaults, pipeline },
    load,
  );
  r.chaos = c;
  const failed: SlaCheck[] = c.status === 'fault_failed' ? [{ rule: 'chaos_fault_injected', actual: 0, limit: 1, bound: 'min', pass: false }] : [];
  const checks = [...r.sla.checks, ...c.sla.checks, ...failed];
  if (checks.length > r.sla.checks.length) r.sla = { checks, pass: slaPasses(checks) };
}

/** One plan step through the run's pipeline; the seed follows the sequence so no two levels draw alike. */
type RunFn = (name: string, stage: Stage, step?: Pick<LevelStep, 'onRecord' | 'counted'>) => Promise<PipelinedLevel>;

async function warmup(config: Config, deps: GateDeps, r: GateResult, run: RunFn): Promise<void> {
  if (config.warmup.requests <= 0) return;
  // Closed loop, bounded by count and by the warmup timeout.
  const users = Math.min(config.warmup.concurrency, config.warmup.requests);
  // The first failure's own words (status and server message), so a dead endpoint says why.
  let firstError: string | undefined;
  const onRecord = (rec: RequestRecord): void => {
    if (rec.outcome !== 'ok' && rec.outcome !== 'cancelled' && firstError === undefined) firstError = `${rec.outcome}: ${rec.error ?? 'no detail'}`;
  };
  const start = (deps.clock ?? realClock).now();
  const { summary } = await run(
    'warmup',
    { kind: 'concurrency', users, thinkMs: 0, durationS: config.warmup.timeoutS, maxRequests: config.warmup.requests },
    { onRecord, counted: false },
  );
  r.warmup = {
    requests: summary.requests.sent,
    ok: summary.requests.ok,
    errors: summary.requests.errors,
    ...(firstError !== undefined ? { first_error: firstError } : {}),
    ttft_p50_ms: summary.ttft_ms.p50,
  };
  if (summary.requests.sent > 0 && summary.requests.ok === 0 && !deps.signal.aborted) {
    const kinds = Object.entries(summary.requests.errors)
      .map(([k, n]) => `${k} ×${n}`)
      .join(', ');
    throw new EndpointDownError(
      `warmup: none of ${summary.requests.sent} requests to ${redactUrl(config.target.url)} (model ${config.target.model}) succeeded (${kinds}; first: ${firstError ?? 'none recorded'}). ` +
        'Check that the endpoint is up, the URL and model name are right, and the API key (if any) is valid; the run stops here.',
    );
  }
  await settle(config, deps, r, run, summary, start);
}

/** Extra warmup requests at most, while waiting for latency to settle. */
function settleBudget(requests: number): number {
  return Math.max(8, 2 * requests);
}

/**
 * Warm until latency settles (bounded): a cold engine (first requests of a new length, lazy
 * kernels, an empty cache) answers its first requests slowly, and such a request in the baseline
 * would set the saturation threshold. After the first warmup round, rounds of `concurrency`
 * requests run until one round's slowest TTFT is within 1.5 × the previous round's median (plus the
 * criteria's ttft_min_increase_ms noise floor),
 * at most settleBudget(requests) extra requests and within the warmup timeout.
 */
async function settle(config: Config, deps: GateDeps, r: GateResult, run: RunFn, first: LevelSummary, start: number): Promise<void> {
  const clock = deps.clock ?? realClock;
  const users = Math.max(1, Math.min(config.warmup.concurrency, config.warmup.requests));
  const budget = settleBudget(config.warmup.requests);
  let prev = first;
  let used = 0;
  let rounds = 0;
  let settled = false;
  while (!deps.signal.aborted && prev.ttft_ms.count > 0) {
    const left = config.warmup.timeoutS - (clock.now() - start) / 1000;
    if (used + users > budget || left <= 0) break;
    const { summary } = await run('warmup', { kind: 'concurrency', users, thinkMs: 0, durationS: left, maxRequests: users }, { counted: false });
    used += summary.requests.sent;
    rounds++;
    if (summary.ttft_ms.count === 0) break;
    if (summary.ttft_ms.max <= 1.5 * prev.ttft_ms.p50 + config.saturation.criteria.ttftMinIncreaseMs) {
      settled = true;
      r.warmup.ttft_p50_ms = summary.ttft_ms.p50;
      break;
    }
    prev = summary;
  }
  if (rounds > 0) r.warmup.settling = { requests: used, rounds, settled };
}

async function saturation(config: Config, deps: GateDeps, r: GateResult, run: RunFn, baseP99: number): Promise<void> {
  const s = { ...config.saturation, start: searchStart(config, r.baseline?.summary) };
  const size = levelSize(config, r.baseline?.summary);
  let bracket: Bracket = {};
  const queue = s.strategy === 'steps' ? [...s.levels] : [];
  // A search level too thin to decide (fewer than min_requests samples at its upper bound) says
  // nothing about the endpoint, and running it again would say nothing either: below any
  // saturated level the search moves up (a higher load gathers samples faster); otherwise it stops.
  let skipTo: number | undefined;
  for (let i = 0; i < (s.strategy === 'steps' ? s.levels.length : s.maxLevels); i++) {
    if (deps.signal.aborted) return;
    const value = s.strategy === 'steps' ? queue.shift() : (skipTo ?? nextSearchLevel(bracket, s));
    skipTo = undefined;
    if (value === undefined) break;
    const stage = { ...stageOf(s.load, value, size.maxS, s.arrival, s.thinkMs), sizing: { minS: size.minS, minCompletions: s.minRequests } };
    const m = await run(`sat-${i + 1}`, stage);
    const level = toLevel('saturation', m, config, baseP99);
    r.saturation.levels.push(level);
    deps.onLevel?.(level);
    if (deps.signal.aborted) return;
    if (!level.valid) {
      deps.log(`level ${value}: invalid (${level.invalid_reason}); not used to judge the endpoint`);
      if (s.strategy === 'search' && level.invalid_reason?.startsWith('undecided')) {
        const up = s.load === 'concurrency' ? value * 2 : Math.round(value * 2 * 1000) / 1000;
        if (bracket.firstSaturated === undefined && bracket.lastGood === undefined && value < s.max) skipTo = Math.min(s.max, up);
        else break;
      }
      continue;
    }
    bracket = updateBracket(bracket, value, level.saturated, m.summary.achieved_rps);
    if (s.strategy === 'steps' && level.saturated && s.stopAtFirstSaturated) break;
  }
  r.saturation.bracket = [bracket.lastGood ?? null, bracket.firstSaturated ?? null];
  r.saturation.precision = bracketPrecision(bracket) ?? null;
  r.saturation.load_value = bracket.lastGood ?? null;
  if (bracket.lastGood !== undefined) r.saturation.rps = s.load === 'rate' ? bracket.lastGood : (bracket.lastGoodAchieved ?? null);
}

/**
 * How long a saturation level sends. It sends for at least `minS` and then until it has
 * saturation.min_requests completions, but never longer than `maxS` (see LevelSizing). A search
 * level answers a yes/no question, so its minimum is probe_duration — but never less than
 * min_latencies (default 5) unloaded median E2E latencies: a level only a latency or two long
 * measures the batch filling up, not the rate the endpoint sustains. A steps level's minimum is
 * level_duration. The upper bound is max_level_duration, and never below that minimum.
 */
export function levelSize(config: Config, baseline: LevelSummary | undefined): { minS: number; maxS: number } {
  const s = config.saturation;
  const maxS = Math.max(s.maxLevelDurationS, s.levelDurationS, s.probeDurationS);
  if (s.strategy === 'steps') return { minS: s.levelDurationS, maxS };
  return { minS: Math.min(maxS, probeSeconds(config, baseline)), maxS };
}

/** The shortest a search level runs: probe_duration, or min_latencies × the unloaded median E2E when longer. */
export function probeSeconds(config: Config, baseline: LevelSummary | undefined): number {
  const s = config.saturation;
  const e2eS = baseline && baseline.e2e_ms.count > 0 ? baseline.e2e_ms.p50 / 1000 : 0;
  return Math.max(s.probeDurationS, s.minLatencies * e2eS);
}

/**
 * Where the exponential probe starts. Given explicitly, `saturation.start`. Otherwise (open loop)
 * the rate one request at a time would sustain, 1 / unloaded E2E from the baseline: any engine
 * serves at least that (a batching one far more), so the levels below it need not be run.
 */
function searchStart(config: Config, baseline: LevelSummary | undefined): number {
  const s = config.saturation;
  if (!s.startAuto || s.load !== 'rate' || !baseline || baseline.e2e_ms.count === 0 || baseline.e2e_ms.p50 <= 0) return s.start;
  const serial = 1000 / baseline.e2e_ms.p50;
  return Math.max(s.start, Math.min(s.max / 2, Math.floor(serial * 100) / 100));
}

function operatingPoint(config: Config, r: GateResult): { load: 'rate' | 'concurrency'; value: number } | undefined {
  const v = config.slaValidation;
  if (v.rate !== undefined) return { load: 'rate', value: v.rate };
  if (v.concurrency !== undefined) return { load: 'concurrency', value: v.concurrency };
  const sat = r.saturation.load_value;
  if (sat === null) return undefined;
  const value = config.saturation.load === 'concurrency' ? Math.max(1, Math.round(sat * v.operatingPoint)) : Math.round(sat * v.operatingPoint * 1000) / 1000;
  return { load: config.saturation.load, value };
}

export function emptyResult(config: Config): GateResult {
  return {
    schema_version: 1,
    kind: 'gate',
    tool: { name: 'llm-loadgate', version: VERSION },
    name: config.name,
    mode: config.mode,
    status: 'complete',
    target: { url: redactUrl(config.target.url), model: config.target.model, endpoint: config.target.endpoint },
    warmup: { requests: 0, ok: 0, errors: {}, ttft_p50_ms: 0 },
    saturation: { strategy: config.saturation.strategy, load: config.saturation.load, rps: null, load_value: null, bracket: [null, null], precision: null, levels: [] },
    sla: { checks: [], pass: null },
    cost: config.cost ? { gpus: config.cost.gpus, gpu_hour_usd: config.cost.gpuHourUsd } : null,
    load_minutes: 0,
    measured: { saturation_rps: null, ttft_p99_ms: null, itl_p99_ms: null, cost_per_million_tokens: null, error_rate: null },
    fingerprint: fingerprintOf(config),
  };
}

export function fingerprintOf(config: Config): Fingerprint {
  return {
    model: config.target.model,
    workload_hash: workloadHash(config),
    sla_hash: slaHash(config.sla),
    tool_version: VERSION,
    target_label: config.target.label,
    hardware: config.target.hardware,
  };
}

/** Closes a gate result: status, load-minutes (unrounded, e.g. a LevelPipeline's), cost, the measured figures, the bottleneck. */
export function finish(r: GateResult, deps: Pick<GateDeps, 'signal' | 'log'>, loadMinutes: number): GateResult {
  if (deps.signal.aborted) r.status = 'cancelled';
  r.load_minutes = Math.round(loadMinutes * 1000) / 1000;
  if (r.cost) {
    if (r.operating_point?.level.cost) r.cost.at_operating_point = r.operating_point.level.cost;
    const lastGood = r.saturation.levels.filter((l) => l.valid && !l.saturated).at(-1);
    if (lastGood?.cost) r.cost.at_saturation = lastGood.cost;
  }
  r.measured = measure(r);
  // Every level with its client figures; invalid ones count only when the generator was the limit (levelValidity's reasons).
  const clientLimited = (l: LevelResult) => !l.valid && isClientLimited(l.invalid_reason);
  // The baseline comes first by offered load: the reference the decode-step (compute) rule compares ITL/TPOT with.
  const windows = [...(r.baseline ? [r.baseline] : []), ...r.saturation.levels].map((l) => ({
    level: l.summary.name,
    offered: l.summary.offered.value,
    window: l.server,
    saturated: l.saturated,
    summary: l.summary,
    valid: l.valid,
    clientLimited: clientLimited(l),
    reason: l.invalid_reason,
  }));
  const bottleneck = firstSaturatedResource(windows);
  if (bottleneck) {
    r.saturation.bottleneck = bottleneck;
    deps.log(bottleneckLine(bottleneck));
  }
  return r;
}
