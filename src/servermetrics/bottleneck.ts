/**
 * Names the server resource that saturates first as offered load grows, from per-level
 * server windows, with one sentence of evidence for the report.
 *
 * Levels are taken in order of offered load; the first level where any resource crosses its
 * threshold wins. Within that level the most specific cause is named:
 *   1. kv_cache    — KV-cache usage max ≥ kvCacheUsage (0.9): the engine is out of blocks;
 *   2. batch_slots — running max ≥ batchSlots, when the batch limit (vLLM max_num_seqs) is given;
 *   3. gpu_compute — GPU utilisation mean ≥ gpuUtilization (0.95). DCGM_FI_DEV_GPU_UTIL reads
 *                    "a kernel was running", which nears 100 % at modest load; raise the
 *                    threshold or export DCGM_FI_PROF_GR_ENGINE_ACTIVE if that names it too early;
 *   4. batch_slots — requests wait (mean ≥ waitingMean) while the running count sits on a
 *                    plateau (mean ≥ runningPlateau × max) and the KV cache has room: the batch
 *                    is full though memory is not;
 *   5. queue       — requests wait (mean ≥ waitingMean) and nothing above explains it.
 * A level marked `saturated` (client side) where the server data crossed nothing gives
 * 'unknown'. Levels without server data (no window or no samples) are skipped.
 */
import type { ServerWindow } from './observer.js';

export type SaturatedResource = 'kv_cache' | 'batch_slots' | 'gpu_compute' | 'queue' | 'unknown';

export interface BottleneckThresholds {
  /** KV-cache usage (0..1) compared with the window max. Default 0.9. */
  kvCacheUsage: number;
  /** Mean waiting requests that count as a sustained queue. Default 1. */
  waitingMean: number;
  /** GPU utilisation (0..1) compared with the window mean. Default 0.95. */
  gpuUtilization: number;
  /** The engine's batch limit (max running sequences), if known. */
  batchSlots?: number;
  /** Running mean / running max at or above which the batch counts as pinned. Default 0.9. */
  runningPlateau: number;
}

export const DEFAULT_BOTTLENECK_THRESHOLDS: Readonly<BottleneckThresholds> = { kvCacheUsage: 0.9, waitingMean: 1, gpuUtilization: 0.95, runningPlateau: 0.9 };

export interface LevelWindow {
  level: string;
  offered: number;
  window?: ServerWindow;
  /** The client-side verdict for the level, if known (enables 'unknown'). */
  saturated?: boolean;
}

export interface Bottleneck {
  resource: SaturatedResource;
  level: string;
  evidence: string;
}

export function firstSaturatedResource(windows: readonly LevelWindow[], thresholds: Partial<BottleneckThresholds> = {}): Bottleneck | undefined {
  const t: BottleneckThresholds = { ...DEFAULT_BOTTLENECK_THRESHOLDS, ...thresholds };
  const ordered = windows.map((w, i) => ({ w, i })).sort((a, b) => a.w.offered - b.w.offered || a.i - b.i);
  for (const { w: lw } of ordered) {
    const w = lw.window;
    if (!w || w.samples === 0) continue;
    const found = judge(lw, w, t);
    if (found) return found;
    if (lw.saturated) {
      return {
        resource: 'unknown',
        level: lw.level,
        evidence: `${at(lw)} the client saw saturation but no server metric crossed its threshold (${readings(w)}).`,
      };
    }
  }
  return undefined;
}

function judge(lw: LevelWindow, w: ServerWindow, t: BottleneckThresholds): Bottleneck | undefined {
  const level = lw.level;
  const { kv_cache_usage: kv, requests_running: run, requests_waiting: wait, gpu_utilization: gpu } = w;
  const queued = wait !== undefined && wait.mean >= t.waitingMean;
  const waitText = wait && wait.mean > 0 ? `, with ${num(wait.mean)} requests waiting on average (max ${num(wait.max)})` : '';
  if (kv && kv.max >= t.kvCacheUsage) {
    return { resource: 'kv_cache', level, evidence: `${at(lw)} the KV cache reached ${pct(kv.max)} full (mean ${pct(kv.mean)})${waitText}.` };
  }
  if (run && t.batchSlots !== undefined && run.max >= t.batchSlots) {
    return { resource: 'batch_slots', level, evidence: `${at(lw)} all ${t.batchSlots} batch slots were in use (running mean ${num(run.mean)})${waitText}.` };
  }
  if (gpu && gpu.mean >= t.gpuUtilization) {
    return { resource: 'gpu_compute', level, evidence: `${at(lw)} GPU utilisation averaged ${pct(gpu.mean)} (max ${pct(gpu.max)})${waitText}.` };
  }
  if (queued && run && run.max > 0 && run.mean >= t.runningPlateau * run.max) {
    const kvText = kv ? ` while the KV cache was at most ${pct(kv.max)} full` : '';
    return {
      resource: 'batch_slots',
      level,
      evidence: `${at(lw)} running requests held at about ${num(run.max)} (mean ${num(run.mean)})${kvText}, and ${num(wait!.mean)} waited on average: the batch limit is reached.`,
    };
  }
  if (queued) {
    return { resource: 'queue', level, evidence: `${at(lw)} ${num(wait!.mean)} requests waited on average (max ${num(wait!.max)}) without a full KV cache, batch or GPU to explain it (${readings(w)}).` };
  }
  return undefined;
}

function at(lw: LevelWindow): string {
  return `At level ${lw.level} (offered ${num(lw.offered)})`;
}

function readings(w: ServerWindow): string {
  const parts: string[] = [];
  if (w.kv_cache_usage) parts.push(`KV cache max ${pct(w.kv_cache_usage.max)}`);
  if (w.requests_running) parts.push(`running max ${num(w.requests_running.max)}`);
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
