/**
 * Names the resource that limits capacity first as offered load grows, from per-level server
 * windows and the client's own figures, with one sentence of evidence quoting the numbers.
 *
 * Levels are taken in order of offered load. At each level the server-side rules are tried,
 * most specific first; they name a resource on their own (a "clear" finding):
 *   1. batch_slots — the engine's slot count is known (llama.cpp /props total_slots or /slots,
 *                    TGI /info max_batch_size, or thresholds.batchSlots) and the running count
 *                    sits at it while requests are deferred/waiting;
 *   2. kv_cache    — KV-cache usage max ≥ kvCacheUsage (0.9), or the engine preempted requests
 *                    (vLLM num_preemptions_total rose): it is out of blocks;
 *   3. gpu_compute — GPU utilisation mean ≥ gpuUtilization (0.95) (DCGM). DCGM_FI_DEV_GPU_UTIL reads
 *                    "a kernel was running", which nears 100 % at modest load; raise the
 *                    threshold or export DCGM_FI_PROF_GR_ENGINE_ACTIVE if that names it too early;
 *   4. batch_slots — slot count unknown (vLLM, SGLang, TGI): requests wait (mean ≥ waitingMean)
 *                    while the running count sits on a plateau (mean ≥ runningPlateau × max);
 *   5. queue       — requests wait (mean ≥ waitingMean) and nothing above explains it.
 * A level the generator could not drive (`clientLimited`: send lag or client CPU) with no
 * clear server finding names the client: the endpoint was not measured beyond that load.
 * At the first level the client judged saturated, weaker evidence is enough, in this order:
 * slots full with any request deferred; a running plateau (mean ≥ 0.95 × max) with any request waiting; the
 * decode step (`compute`: ITL p50 or TPOT p50 rose ≥ decodeSlowdown × against the lowest level
 * while the queue stayed empty or short, mean < waitingMean); anything waiting (`queue`); else 'unknown', whose evidence says which
 * metrics are missing and would decide it. A saturated level without server data gives 'unknown'
 * with that advice, unless a higher level shows a clear finding. Invalid levels that are not client-limited, and
 * levels above the first saturated one, are not judged.
 */
import type { LevelSummary } from '../metrics/aggregate.js';
import type { ServerWindow } from './observer.js';

export const SATURATED_RESOURCES = ['batch_slots', 'kv_cache', 'compute', 'gpu_compute', 'queue', 'client', 'unknown'] as const;
export type SaturatedResource = (typeof SATURATED_RESOURCES)[number];

export interface BottleneckThresholds {
  /** KV-cache usage (0..1) compared with the window max. Default 0.9. */
  kvCacheUsage: number;
  /** Mean waiting requests that count as a sustained queue. Default 1. */
  waitingMean: number;
  /** GPU utilisation (0..1) compared with the window mean. Default 0.95. */
  gpuUtilization: number;
  /** The engine's batch limit (max running sequences), when known from outside; the engine's own figure (ServerWindow.batch_slots) wins. */
  batchSlots?: number;
  /** Running mean / running max (or / slots) at or above which the batch counts as pinned. Default 0.9. */
  runningPlateau: number;
  /** ITL p50 or TPOT p50 against the lowest level at or above which the decode step counts as slowed. Default 1.3. */
  decodeSlowdown: number;
}

const DEFAULT_BOTTLENECK_THRESHOLDS: Readonly<BottleneckThresholds> = { kvCacheUsage: 0.9, waitingMean: 1, gpuUtilization: 0.95, runningPlateau: 0.9, decodeSlowdown: 1.3 };

export interface LevelWindow {
  level: string;
  offered: number;
  window?: ServerWindow;
  /** The client-side verdict for the level, if known (enables the weaker rules and 'unknown'). */
  saturated?: boolean;
  /** The client's figures for the level (ITL/TPOT for 'compute', send lag for 'client'). */
  summary?: LevelSummary;
  /** The level was invalid because the load generator lagged or was CPU-bound. */
  clientLimited?: boolean;
  /** False for a level not used to judge the endpoint (skipped unless clientLimited). Default true. */
  valid?: boolean;
  /** Why the level is invalid, quoted in the 'client' evidence (e.g. LevelResult.invalid_reason). */
  reason?: string;
}

export interface Bottleneck {
  resource: SaturatedResource;
  level: string;
  evidence: string;
}

/** What would decide the bottleneck when no server metric does. */
export const METRICS_ADVICE =
  "set server_metrics.target: true to scrape the engine's /metrics (vLLM, SGLang, TGI, llama-server --metrics: running and waiting requests, KV-cache usage) and add a DCGM exporter source for GPU utilisation";

export function firstSaturatedResource(windows: readonly LevelWindow[], thresholds: Partial<BottleneckThresholds> = {}): Bottleneck | undefined {
  const t: BottleneckThresholds = { ...DEFAULT_BOTTLENECK_THRESHOLDS, ...thresholds };
  const ordered = windows
    .map((w, i) => ({ w, i }))
    .sort((a, b) => a.w.offered - b.w.offered || a.i - b.i)
    .map((x) => x.w)
    .filter((w) => w.valid !== false || w.clientLimited);
  const reference = ordered.find((w) => w.valid !== false && !w.clientLimited && w.summary && w.summary.requests.ok > 0);
  // Past a saturated level that had no server data, only a clear finding at a higher level may still name it.
  let pending: Bottleneck | undefined;
  for (const lw of ordered) {
    const w = hasData(lw.window) ? lw.window : undefined;
    const found = w ? clear(lw, w, t) : undefined;
    if (found) return found;
    if (pending) continue;
    if (lw.clientLimited) return clientBottleneck(lw);
    if (!lw.saturated) continue;
    if (w) return weak(lw, w, reference, t);
    pending = {
      resource: 'unknown',
      level: lw.level,
      evidence: lw.window
        ? `${at(lw)} the client saw saturation but no server metrics were scraped during the level${lw.window.scrape_errors ? ` (${lw.window.scrape_errors} scrapes failed: see the level's server column and results.json server.last_error)` : ''}.`
        : `${at(lw)} the client saw saturation but no server metrics were available to name the resource; ${METRICS_ADVICE}.`,
    };
  }
  return pending;
}

function hasData(w: ServerWindow | undefined): w is ServerWindow {
  return w !== undefined && w.samples > 0;
}

/** Slot count: the engine's own figure, else the caller's. */
function slotsOf(w: ServerWindow, t: BottleneckThresholds): { n: number; from: string } | undefined {
  if (w.batch_slots !== undefined && w.batch_slots > 0) return { n: w.batch_slots, from: "the engine's slot count" };
  if (t.batchSlots !== undefined && t.batchSlots > 0) return { n: t.batchSlots, from: 'the configured batch limit' };
  return undefined;
}

/** Server evidence strong enough to name a resource at any level. */
function clear(lw: LevelWindow, w: ServerWindow, t: BottleneckThresholds): Bottleneck | undefined {
  const level = lw.level;
  const { kv_cache_usage: kv, requests_running: run, requests_waiting: wait, gpu_utilization: gpu } = w;
  const queued = wait !== undefined && wait.mean >= t.waitingMean;
  const waitText = wait && wait.max > 0 ? `, with ${num(wait.mean)} requests waiting on average (max ${num(wait.max)})` : '';
  const slots = slotsOf(w, t);
  if (slots && run && wait && run.max >= slots.n && (queued || (wait.max > 0 && run.mean >= t.runningPlateau * slots.n))) {
    return { resource: 'batch_slots', level, evidence: `${at(lw)} ${slotsText(slots, run)}${waitText}: the batch slots are the limit.` };
  }
  const pre = w.preemptions !== undefined && w.preemptions > 0 ? w.preemptions : undefined;
  if ((kv && kv.max >= t.kvCacheUsage) || pre !== undefined) {
    const parts: string[] = [];
    if (kv) parts.push(`the KV cache reached ${pct(kv.max)} full (mean ${pct(kv.mean)})`);
    if (pre !== undefined) parts.push(`the engine preempted ${num(pre)} request${pre === 1 ? '' : 's'}`);
    return { resource: 'kv_cache', level, evidence: `${at(lw)} ${parts.join(' and ')}${waitText}.` };
  }
  if (gpu && gpu.mean >= t.gpuUtilization) {
    return { resource: 'gpu_compute', level, evidence: `${at(lw)} GPU utilisation averaged ${pct(gpu.mean)} (max ${pct(gpu.max)})${waitText}.` };
  }
  if (queued && run && run.max > 0 && run.mean >= t.runningPlateau * run.max) {
    return { resource: 'batch_slots', level, evidence: plateauText(lw, w) };
  }
  if (queued) {
    return {
      resource: 'queue',
      level,
      evidence: `${at(lw)} ${num(wait!.mean)} requests waited on average (max ${num(wait!.max)}) without a full KV cache, batch or GPU to explain it (${readings(w)}).`,
    };
  }
  return undefined;
}

/** At the first client-saturated level: the best explanation the evidence supports. */
function weak(lw: LevelWindow, w: ServerWindow, ref: LevelWindow | undefined, t: BottleneckThresholds): Bottleneck {
  const level = lw.level;
  const { requests_running: run, requests_waiting: wait } = w;
  const deferred = wait !== undefined && wait.max > 0;
  const slots = slotsOf(w, t);
  if (slots && run && deferred && run.max >= slots.n) {
    return {
      resource: 'batch_slots',
      level,
      evidence: `${at(lw)} ${slotsText(slots, run)}, and up to ${num(wait.max)} requests waited (mean ${num(wait.mean)}): the batch slots are the limit.`,
    };
  }
  // Without a known ceiling, a batch that merely fluctuates near its max is not a plateau: stricter here.
  if (!slots && run && deferred && run.max > 0 && run.mean >= Math.max(0.95, t.runningPlateau) * run.max) {
    return { resource: 'batch_slots', level, evidence: plateauText(lw, w) };
  }
  const decode = decodeSlowdown(lw, ref, t);
  // The queue stayed empty, or short and passing (a request now and then waiting for the next step).
  if (decode && wait && wait.mean < t.waitingMean) {
    const batch =
      run && ref?.window?.requests_running
        ? ` while the batch grew from ${num(ref.window.requests_running.mean)} to ${num(run.mean)} running requests (max ${num(run.max)})`
        : run
          ? ` with ${num(run.mean)} requests running (max ${num(run.max)})`
          : '';
    const queue = deferred ? `the queue stayed short (${num(wait.mean)} waiting on average, max ${num(wait.max)})` : 'no request waited';
    const kv = w.kv_cache_usage ? `, the KV cache at most ${pct(w.kv_cache_usage.max)} full` : '';
    return { resource: 'compute', level, evidence: `${at(lw)} ${decode}${batch}, and ${queue}${kv}: the decode step is the limit.` };
  }
  if (deferred) {
    return {
      resource: 'queue',
      level,
      evidence: `${at(lw)} up to ${num(wait.max)} requests waited (mean ${num(wait.mean)}) without a full KV cache, batch or GPU to explain it (${readings(w)}).`,
    };
  }
  return {
    resource: 'unknown',
    level,
    evidence: `${at(lw)} the client saw saturation but no server metric explains it (${readings(w)}${decode ? `; ${decode}` : ''}); ${missingAdvice(w, slots !== undefined)}.`,
  };
}

/** "ITL p50 7.6 → 19 ms and TPOT p50 … from level a to b", when the decode step slowed enough. */
function decodeSlowdown(lw: LevelWindow, ref: LevelWindow | undefined, t: BottleneckThresholds): string | undefined {
  const s = lw.summary;
  const r = ref?.summary;
  if (!s || !r || ref === lw || s.requests.ok === 0) return undefined;
  const rise = (a: number, b: number) => (a > 0 && b > 0 ? b / a : 0);
  const itl = rise(r.itl_ms.p50, s.itl_ms.p50);
  const tpot = rise(r.tpot_ms.p50, s.tpot_ms.p50);
  if (Math.max(itl, tpot) < t.decodeSlowdown) return undefined;
  const parts: string[] = [];
  if (itl > 0) parts.push(`ITL p50 ${ms(r.itl_ms.p50)} → ${ms(s.itl_ms.p50)} ms (p99 ${ms(r.itl_ms.p99)} → ${ms(s.itl_ms.p99)} ms)`);
  if (tpot > 0) parts.push(`TPOT p50 ${ms(r.tpot_ms.p50)} → ${ms(s.tpot_ms.p50)} ms`);
  return `${parts.join(' and ')} from level ${ref!.level}`;
}

function clientBottleneck(lw: LevelWindow): Bottleneck {
  const s = lw.summary;
  const figures: string[] = [];
  if (lw.reason) figures.push(lw.reason);
  else if (s) figures.push(`send lag P99 ${ms(s.send_lag_ms.p99)} ms`);
  if (s && s.offered.kind === 'rate' && s.offered.value > 0) figures.push(`${num(s.sent_rps)} of ${num(s.offered.value)} req/s sent`);
  const why = figures.length ? ` (${figures.join('; ')})` : '';
  return {
    resource: 'client',
    level: lw.level,
    evidence: `${at(lw)} the load generator could not keep up${why}, so the endpoint was not measured beyond this load: run the generator on a machine with more free CPU, or lower run.max_in_flight.`,
  };
}

function slotsText(slots: { n: number; from: string }, run: { mean: number; max: number }): string {
  return `${num(Math.min(run.max, slots.n))} of ${num(slots.n)} slots were busy (${slots.from}; running mean ${num(run.mean)})`;
}

function plateauText(lw: LevelWindow, w: ServerWindow): string {
  const run = w.requests_running!;
  const wait = w.requests_waiting!;
  const kvText = w.kv_cache_usage ? ` while the KV cache was at most ${pct(w.kv_cache_usage.max)} full` : '';
  return `${at(lw)} running requests held at about ${num(run.max)} (mean ${num(run.mean)})${kvText}, and ${num(wait.mean)} waited on average (max ${num(wait.max)}): the batch limit is reached.`;
}

/** Which missing metrics would decide the bottleneck, for this engine. */
function missingAdvice(w: ServerWindow, slotsKnown: boolean): string {
  const missing: string[] = [];
  if (!w.requests_running || !w.requests_waiting)
    missing.push('running and waiting requests (vLLM num_requests_running/num_requests_waiting, llama.cpp requests_processing/requests_deferred)');
  if (w.engine.includes('llamacpp') && !slotsKnown) missing.push("the slot count (llama-server's /props or /slots endpoint)");
  if (!w.kv_cache_usage && !w.engine.includes('llamacpp')) missing.push('KV-cache usage (vLLM kv_cache_usage_perc, SGLang token_usage)');
  if (!w.gpu_utilization) missing.push('GPU utilisation (scrape a DCGM exporter as a server_metrics source)');
  return missing.length
    ? `metrics that would decide it: ${missing.join('; ')}`
    : 'every mapped metric was below its threshold; the limit may lie outside the engine (network, proxy, rate limiter)';
}

function at(lw: LevelWindow): string {
  return `At level ${lw.level} (offered ${num(lw.offered)})`;
}

function readings(w: ServerWindow): string {
  const parts: string[] = [];
  if (w.kv_cache_usage) parts.push(`KV cache max ${pct(w.kv_cache_usage.max)}`);
  if (w.requests_running) parts.push(`running max ${num(w.requests_running.max)}`);
  if (w.batch_slots !== undefined) parts.push(`${num(w.batch_slots)} slots`);
  if (w.requests_waiting) parts.push(`waiting mean ${num(w.requests_waiting.mean)}`);
  if (w.gpu_utilization) parts.push(`GPU mean ${pct(w.gpu_utilization.mean)}`);
  return parts.length ? parts.join(', ') : 'no usable server metrics';
}

function pct(x: number): string {
  return `${Math.round(x * 100)}%`;
}

function num(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(1);
}

function ms(x: number): string {
  return x >= 100 ? x.toFixed(0) : x.toFixed(1);
}
