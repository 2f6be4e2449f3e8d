/**
 * One measured level as the phases see it: run it, note how busy the generator itself was, then
 * judge it (saturated? valid?) against the configured criteria. Shared by the gate, the A/B run
 * and the re-measurements.
 */
import type { Config } from '../config/types.js';
import type { LevelSummary } from '../metrics/aggregate.js';
import { levelCost } from '../metrics/cost.js';
import { runLevelDetailed, type LevelRun, type RunOptions } from '../load/runner.js';
import type { Stage } from '../load/pacer.js';
import { judgeLevel, levelSamples, levelValidity } from './saturation.js';
import type { LevelResult } from '../results/types.js';
import type { ServerWindow } from '../servermetrics/index.js';
import { realClock } from '../util/clock.js';

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
 * Judges a measured level. Baseline levels are never saturated. `baseP99` is the baseline's TTFT
 * reference (see baselineTtftReference). A saturation level with fewer than
 * saturation.min_requests samples is undecided: invalid, with the count in its reason.
 */
export function toLevel(phase: LevelResult['phase'], m: MeasuredLevel, config: Config, baseP99: number | undefined): LevelResult {
  const s = m.summary;
  const j = judgeLevel(s, config.saturation.criteria, baseP99, config, config.mode === 'capacity-at-sla');
  let v = levelValidity(s, config.run.maxSendLagMs, m.cpu);
  const samples = levelSamples(s);
  if (v.valid && phase === 'saturation' && samples < config.saturation.minRequests)
    v = {
      valid: false,
      reason: `undecided: ${samples} of ${config.saturation.minRequests} samples in ${s.duration_s.toFixed(1)} s (too few to judge; raise saturation.max_level_duration or lower saturation.min_requests)`,
    };
  const notes: string[] = [];
  const cut = m.run?.drainExpired ?? 0;
  if (cut > 0) notes.push(`${cut} request${cut === 1 ? '' : 's'} still open after the ${fmtS(m.run!.drainMs)} drain: cut and counted as incomplete`);
  const isBaseline = phase === 'baseline';
  return {
    phase,
    summary: s,
    saturated: isBaseline ? false : j.saturated,
    reasons: isBaseline ? [] : j.reasons,
    valid: v.valid,
    invalid_reason: v.reason,
    client_cpu: Math.round(m.cpu * 1000) / 1000,
    sla_checks: j.sla_checks,
    cost: config.cost ? levelCost(s, config.cost) : undefined,
    ...(m.server ? { server: m.server } : {}),
    ...(notes.length ? { notes } : {}),
  };
}

const fmtS = (ms: number): string => `${Math.round(ms / 100) / 10} s`;
