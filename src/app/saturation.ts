/**
 * Deciding whether a level is saturated, whether its measurement is valid, and which level to try
 * next. Pure functions of summaries, so each criterion and each search step is testable alone.
 */
import type { Config, SaturationCriteria } from '../config/types.js';
import type { LevelSummary } from '../metrics/aggregate.js';
import { evaluateSla, type SlaCheck } from '../verdict/sla.js';

export interface Judgement {
  saturated: boolean;
  /** Why the level counts as saturated (empty when it is not). */
  reasons: string[];
  sla_checks: SlaCheck[];
}

/** Applies the configured criteria. `baselineTtftP99` is the unloaded P99 TTFT in ms. */
export function judgeLevel(s: LevelSummary, criteria: SaturationCriteria, baselineTtftP99: number | undefined, config: Pick<Config, 'sla'>, slaOnly = false): Judgement {
  const reasons: string[] = [];
  const checks = evaluateSla(config.sla, s);
  if (!slaOnly) {
    if (
      baselineTtftP99 !== undefined &&
      baselineTtftP99 > 0 &&
      s.ttft_ms.p99 > criteria.ttftP99Factor * baselineTtftP99 &&
      s.ttft_ms.p99 - baselineTtftP99 >= criteria.ttftMinIncreaseMs
    )
      reasons.push(`P99 TTFT ${s.ttft_ms.p99.toFixed(1)} ms > ${criteria.ttftP99Factor} × baseline ${baselineTtftP99.toFixed(1)} ms`);
    if (s.error_rate > criteria.maxErrorRate) reasons.push(`error rate ${pct(s.error_rate)} > ${pct(criteria.maxErrorRate)}`);
    if (s.offered.kind === 'rate' && s.achieved_rps < criteria.minAchievedRatio * s.offered.value)
      reasons.push(`achieved ${s.achieved_rps.toFixed(2)} req/s < ${pct(criteria.minAchievedRatio)} of offered ${s.offered.value.toFixed(2)}`);
    if (s.requests.ok === 0) reasons.push('no request succeeded');
  }
  if (criteria.sla || slaOnly)
    for (const c of checks)
      if (!c.pass)
        reasons.push(
          s.requests.ok === 0 && c.rule.endsWith('_ms')
            ? `SLA ${c.rule}: not measured (no request succeeded)`
            : `SLA ${c.rule}: ${c.actual} ${c.bound === 'max' ? '>' : '<'} ${c.limit}`,
        );
  return { saturated: reasons.length > 0, reasons, sla_checks: checks };
}

export interface Validity {
  valid: boolean;
  reason?: string;
}

/**
 * A level is invalid when the client, not the endpoint, was the bottleneck: requests left late
 * (send lag) or the generator's own CPU was pegged. Such a level is re-run or reported, never
 * blamed on the endpoint.
 */
export function levelValidity(s: LevelSummary, maxSendLagMs: number, clientCpuShare: number): Validity {
  if (s.send_lag_ms.p99 > maxSendLagMs)
    return { valid: false, reason: `${CLIENT_LAG} P99 ${s.send_lag_ms.p99.toFixed(1)} ms > ${maxSendLagMs} ms: the load generator could not keep up` };
  if (clientCpuShare > 0.95) return { valid: false, reason: `${CLIENT_CPU} at ${Math.round(clientCpuShare * 100)}% of a core: results would measure the client` };
  return { valid: true };
}

const CLIENT_LAG = 'client send lag';
const CLIENT_CPU = 'load generator CPU';

/** True when an invalid level's reason (from levelValidity) says the load generator was the limit. */
export function isClientLimited(reason: string | undefined): boolean {
  return reason !== undefined && (reason.startsWith(CLIENT_LAG) || reason.startsWith(CLIENT_CPU));
}

/**
 * Requests that count as samples of a level: every request sent that ended in an outcome of the
 * endpoint's making (ok, an error, or `incomplete` — still open after the drain), not those the
 * user cancelled.
 */
export function levelSamples(s: LevelSummary): number {
  return s.requests.sent - (s.requests.errors.cancelled ?? 0);
}

/**
 * The baseline's TTFT figure the saturation criterion compares a level's P99 with: the highest
 * percentile the baseline's sample supports with at least two requests above it, so one cold or
 * stalled request cannot set the threshold — P99 from 200 successful requests, P95 from 40, P90
 * below that.
 */
export function baselineTtftReference(s: LevelSummary | undefined): { value: number; stat: 'p99' | 'p95' | 'p90' } | undefined {
  if (!s || s.ttft_ms.count === 0) return undefined;
  const n = s.ttft_ms.count;
  const stat = n >= 200 ? 'p99' : n >= 40 ? 'p95' : 'p90';
  return { value: s.ttft_ms[stat], stat };
}

/** State of a saturation search: the bracket so far. */
export interface Bracket {
  lastGood?: number;
  firstSaturated?: number;
  /** Achieved throughput at the first saturated level (req/s), a hint of the true capacity. */
  saturatedAchieved?: number;
  lastGoodAchieved?: number;
  /** Levels run since the bracket closed (the throughput hint is used for the first one only). */
  inside?: number;
}

/** Relative width of the bracket, or undefined while it is open. */
export function bracketPrecision(b: Bracket): number | undefined {
  if (b.lastGood === undefined || b.firstSaturated === undefined) return undefined;
  return (b.firstSaturated - b.lastGood) / b.lastGood;
}

/**
 * The next level of the search, or undefined when done. Exponential probe (×2) until a level
 * saturates, then a guided bisection: the first probe inside the bracket goes to the throughput
 * the saturated level actually achieved (where the endpoint itself says its limit is), later ones
 * to the middle. Concurrency levels are whole users.
 */
export function nextSearchLevel(b: Bracket, s: Config['saturation']): number | undefined {
  const integer = s.load === 'concurrency';
  const fix = (x: number): number => (integer ? Math.round(x) : Math.round(x * 1000) / 1000);
  if (b.firstSaturated === undefined) {
    if (b.lastGood === undefined) return fix(s.start);
    if (b.lastGood >= s.max) return undefined;
    return fix(Math.min(s.max, b.lastGood * 2));
  }
  if (b.lastGood === undefined) {
    // Saturated at the very first level: probe downwards.
    const down = fix(b.firstSaturated / 2);
    return down < (integer ? 1 : s.start / 64) || down === b.firstSaturated ? undefined : down;
  }
  const precision = bracketPrecision(b)!;
  if (precision <= s.precision) return undefined;
  let next = (b.lastGood + b.firstSaturated) / 2;
  const hint = s.load === 'rate' && !b.inside ? b.saturatedAchieved : undefined;
  const gap = b.firstSaturated - b.lastGood;
  if (hint !== undefined && hint > b.lastGood + 0.1 * gap && hint < b.firstSaturated - 0.1 * gap) next = hint;
  // The endpoint sustained what it said its limit was: its capacity lies just above, so the next
  // probe goes just inside the precision above it (closing the bracket at once if it saturates)
  // rather than to the middle of a bracket still as wide as the exponential step.
  const hintHeld = s.load === 'rate' && b.inside === 1 && b.saturatedAchieved !== undefined && b.lastGood === fix(b.saturatedAchieved);
  if (hintHeld) next = Math.min(next, b.lastGood * (1 + 0.95 * s.precision));
  next = fix(next);
  if (next <= b.lastGood || next >= b.firstSaturated) return undefined;
  return next;
}

/** Folds a judged level into the bracket. */
export function updateBracket(prev: Bracket, level: number, saturated: boolean, achievedRps: number): Bracket {
  const closed = prev.lastGood !== undefined && prev.firstSaturated !== undefined;
  const b = closed ? { ...prev, inside: (prev.inside ?? 0) + 1 } : prev;
  if (saturated) {
    if (b.firstSaturated === undefined || level < b.firstSaturated) return { ...b, firstSaturated: level, saturatedAchieved: achievedRps };
    return b;
  }
  // A good level at or above the first saturated one (steps without stop_at_first_saturated, after
  // a transient) does not move the knee: the bracket stays [last good below it, first saturated].
  if (b.firstSaturated !== undefined && level >= b.firstSaturated) return b;
  if (b.lastGood === undefined || level > b.lastGood) return { ...b, lastGood: level, lastGoodAchieved: achievedRps };
  return b;
}

const pct = (x: number): string => `${(x * 100).toFixed(2).replace(/\.?0+$/, '')}%`;
