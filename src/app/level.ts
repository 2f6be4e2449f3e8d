/**
 * One measured level as the phases see it: run it, note how busy the generator itself was, then
 * judge it (saturated? valid?) against the configured criteria. Shared by the gate, the A/B run
 * and the re-measurements.
 */
import type { Config } from '../config/types.js';
import type { LevelSummary } from '../metrics/aggregate.js';
import { levelCost } from '../metrics/cost.js';
import { runLevel, type RunOptions } from '../load/runner.js';
import type { Stage } from '../load/pacer.js';
import { judgeLevel, levelValidity } from './saturation.js';
import type { LevelResult } from './gate.js';
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
}

export async function runMeasured(name: string, stage: Stage, opts: RunOptions): Promise<MeasuredLevel> {
  const clock = opts.clock ?? realClock;
  const cpu0 = process.cpuUsage();
  const t0 = clock.now();
  const summary = await runLevel(name, stage, opts);
  if (clock.virtual) return { summary, cpu: 0 };
  const c = process.cpuUsage(cpu0);
  const wallUs = (clock.now() - t0) * 1000;
  return { summary, cpu: wallUs > 0 ? (c.user + c.system) / wallUs : 0 };
}

/** Judges a measured level. Baseline levels are never saturated. */
export function toLevel(phase: LevelResult['phase'], m: MeasuredLevel, config: Config, baseP99: number | undefined): LevelResult {
  const s = m.summary;
  const j = judgeLevel(s, config.saturation.criteria, baseP99, config, config.mode === 'capacity-at-sla');
  const v = levelValidity(s, config.run.maxSendLagMs, m.cpu);
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
  };
}
