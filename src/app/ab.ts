/**
 * Live A/B capacity: two targets, the same workload, the same levels, run interleaved (A B, then
 * B A at the next level, …) so drift in the machine or the network hits both sides alike. Each
 * side's capacity is the highest level that is not saturated (in capacity-at-sla mode: whose SLA
 * holds); the headline compares the two. The same figures feed the ordinary verdict rules, so a
 * pull request's deployment (B) can be gated against a live deployment of main (A).
 *
 * Prompts: each side has its own sequence counter, and both start every level (and the baseline)
 * at the same number, past everything either side has sent, so the two sides draw the same
 * lengths, classes and order at each level and never a sequence number (prompt) used before.
 */
import type { Config } from '../config/types.js';
import type { Sender, Workload } from '../load/runner.js';
import { stageOf, type Stage } from '../load/pacer.js';
import { LevelPipeline, toLevel, type MeasuredLevel } from './level.js';
import { baselineTtftReference } from './saturation.js';
import type { Clock } from '../util/clock.js';
import type { AbResult, AbSideResult, LevelResult } from '../results/types.js';
import { compareMetrics, overall, verdictSentence, type MetricVerdict } from '../verdict/compare.js';
import { measure } from '../baseline/baseline.js';
import type { GateResult } from '../results/types.js';
import type { ServerObserver } from '../servermetrics/index.js';

export interface AbSide {
  label: string;
  sender: Sender;
  workload: Workload;
  /** The side's engine metrics (KV-cache hit rate per level), when scraped. */
  server?: ServerObserver;
}

export interface AbDeps {
  signal: AbortSignal;
  log: (line: string) => void;
  onLevel?: (side: string, level: LevelResult) => void;
  /** The time source for every level; the real monotonic clock by default. */
  clock?: Clock;
}

/** Which side goes first at level i: A B, B A, A B, … (ABBA order cancels linear drift). */
export function orderAt(i: number): [0 | 1, 0 | 1] {
  return i % 2 === 0 ? [0, 1] : [1, 0];
}

export async function runAb(config: Config, sides: [AbSide, AbSide], deps: AbDeps): Promise<AbResult> {
  const s = config.saturation;
  const results: [AbSideResult, AbSideResult] = [emptySide(sides[0].label), emptySide(sides[1].label)];
  const seqs: [{ next: number }, { next: number }] = [{ next: 0 }, { next: 0 }];
  /** Both sides start the next level at the same sequence number, past all either has used. */
  const align = (): void => {
    seqs[0].next = seqs[1].next = Math.max(seqs[0].next, seqs[1].next);
  };
  // One pipeline per side (its sender, workload, server windows and sequence), both counting load-minutes.
  const pipelines = sides.map(
    (side, i) =>
      new LevelPipeline({
        sender: side.sender,
        workload: side.workload,
        signal: deps.signal,
        run: config.run,
        goodput: config.goodput,
        server: side.server,
        clock: deps.clock,
        seq: seqs[i],
      }),
  );
  const run = (side: AbSide, name: string, stage: Stage): Promise<MeasuredLevel> => pipelines[sides.indexOf(side)]!.measure({ name, stage, seed: config.run.seed });

  align();
  for (const [i, side] of sides.entries()) {
    if (deps.signal.aborted) break;
    deps.log(`${side.label}: baseline`);
    results[i]!.baseline = (
      await run(side, `${side.label}-baseline`, stageOf(config.baseline.load, config.baseline.value, config.baseline.durationS, config.saturation.arrival))
    ).summary;
  }
  const done: [boolean, boolean] = [false, false];
  for (const [li, value] of s.levels.entries()) {
    align();
    for (const k of orderAt(li)) {
      if (deps.signal.aborted || done[k]) continue;
      const side = sides[k];
      // Sized like the gate's steps levels: level_duration at least, then until min_requests samples.
      const maxS = Math.max(s.maxLevelDurationS, s.levelDurationS);
      const m = await run(side, `${side.label}-${value}`, {
        ...stageOf(s.load, value, maxS, s.arrival, s.thinkMs),
        sizing: { minS: s.levelDurationS, minCompletions: s.minRequests },
      });
      const level = toLevel('saturation', m, config, baselineTtftReference(results[k].baseline)?.value);
      results[k].levels.push(level);
      deps.onLevel?.(side.label, level);
      if (level.valid && level.saturated) {
        results[k].breakpoint ??= value;
        if (s.stopAtFirstSaturated) done[k] = true;
      } else if (level.valid && results[k].breakpoint === null) {
        results[k].capacity = value;
        results[k].capacity_rps = m.summary.achieved_rps;
      }
    }
    if (done[0] && done[1]) break;
  }
  const metrics = compareMetrics(measuredOf(config, results[0]), measuredOf(config, results[1]), config.tolerances).map((m) =>
    m.metric === 'saturation_rps' ? withLevelEvidence(m, results, config.tolerances.saturation_rps, s.load) : m,
  );
  const verdict = overall(metrics, true);
  return {
    schema_version: 1,
    kind: 'ab',
    name: config.name,
    status: deps.signal.aborted ? 'cancelled' : 'complete',
    load: s.load,
    sides: results,
    headline: abHeadline(results, s.load, config),
    verdict,
    metrics,
    sentence: verdictSentence(metrics, verdict, true),
    load_minutes: Math.round((pipelines[0]!.loadMinutes + pipelines[1]!.loadMinutes) * 1000) / 1000,
  };
}

/**
 * The interleaved levels are direct evidence, sharper than either side's spread: when B broke at a
 * level A held, B's capacity is below A's by at least 1 − (B's breakpoint ÷ A's capacity); when B
 * held a level A broke at, it is above by at least (B's capacity ÷ A's breakpoint) − 1. A bound
 * past the tolerance decides the saturation verdict; otherwise the spreads do, as for a baseline.
 */
export function withLevelEvidence(m: MetricVerdict, sides: [AbSideResult, AbSideResult], tolerance: number, load: 'rate' | 'concurrency'): MetricVerdict {
  const [a, b] = sides;
  const unit = load === 'concurrency' ? 'users' : 'req/s';
  if (b.breakpoint !== null && a.capacity !== null && b.breakpoint <= a.capacity) {
    const drop = 1 - b.breakpoint / a.capacity;
    if (drop > tolerance)
      return { ...m, status: 'regression', remeasured: `${b.label} broke at ${b.breakpoint} ${unit}, which ${a.label} held: at least ${(drop * 100).toFixed(0)} % lower` };
  }
  if (a.breakpoint !== null && b.capacity !== null && b.capacity >= a.breakpoint) {
    const gain = b.capacity / a.breakpoint - 1;
    if (gain > tolerance)
      return {
        ...m,
        status: 'improvement',
        remeasured: `${b.label} held ${b.capacity} ${unit}, where ${a.label} broke at ${a.breakpoint}: at least ${(gain * 100).toFixed(0)} % higher`,
      };
  }
  return m;
}

/** The side's figures in baseline form, so the ordinary verdict rules apply to B against A. */
function measuredOf(config: Config, side: AbSideResult): ReturnType<typeof measure> {
  const pseudo = {
    saturation: {
      rps: config.saturation.load === 'rate' ? side.capacity : side.capacity_rps,
      bracket: [side.capacity, side.breakpoint],
      levels: side.levels,
      load: config.saturation.load,
    },
    cost: config.cost ? { at_saturation: side.levels.filter((l) => l.valid && !l.saturated).at(-1)?.cost } : null,
  } as unknown as GateResult;
  return measure(pseudo);
}

/** "B sustains 40 % more concurrent sessions than A at TTFT p95 ≤ 400 ms (56 vs 40)." */
export function abHeadline(sides: [AbSideResult, AbSideResult], load: 'rate' | 'concurrency', config: Pick<Config, 'sla' | 'mode'>): string {
  const [a, b] = sides;
  const unit = load === 'concurrency' ? 'concurrent sessions' : 'req/s';
  const at = config.sla.length
    ? ` at ${config.sla.map((r) => (r.kind === 'latency' ? `${r.metric.replace('_ms', '').toUpperCase()} ${r.stat} ≤ ${r.max} ms` : r.kind === 'error_rate' ? `error rate ≤ ${Number((r.max * 100).toFixed(6))} %` : `goodput ≥ ${Number((r.min * 100).toFixed(6))} %`)).join(', ')}`
    : '';
  if (a.capacity === null && b.capacity === null) return `Neither ${a.label} nor ${b.label} held the lowest level${at}.`;
  if (a.capacity === null) return `${b.label} sustains ${b.capacity} ${unit}${at}; ${a.label} did not hold even the lowest level.`;
  if (b.capacity === null) return `${a.label} sustains ${a.capacity} ${unit}${at}; ${b.label} did not hold even the lowest level.`;
  const diff = ((b.capacity - a.capacity) / a.capacity) * 100;
  const open = (x: AbSideResult): string => (x.breakpoint === null ? ' (no breakpoint within the levels tried: at least)' : '');
  if (Math.abs(diff) < 0.5) return `${b.label} and ${a.label} both sustain ${a.capacity} ${unit}${at}.`;
  const [hi, lo] = diff > 0 ? [b, a] : [a, b];
  const more = ((hi.capacity! - lo.capacity!) / lo.capacity!) * 100;
  return `${hi.label} sustains ${more.toFixed(0)} % more ${unit} than ${lo.label}${at} (${hi.capacity} vs ${lo.capacity}${open(lo) ? `; ${lo.label}${open(lo)}` : ''}${open(hi) ? `; ${hi.label}${open(hi)}` : ''}).`;
}

function emptySide(label: string): AbSideResult {
  return { label, levels: [], capacity: null, capacity_rps: null, breakpoint: null };
}
