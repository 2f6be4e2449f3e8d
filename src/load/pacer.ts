/**
 * When to send. A stage is either open loop (requests arrive at a rate, whether or not earlier ones
 * finished — the only honest way to measure latency under a given load) or closed loop (a fixed
 * number of users, each sending its next request when the last one ends).
 */
import { seededRandom } from '../util/random.js';

export type Arrival = 'constant' | 'poisson';

/**
 * A level sized by what it must decide: it keeps sending until at least `minS` seconds have
 * passed AND at least `minCompletions` requests have ended, or until the stage's `durationS`
 * (the upper bound), whichever comes first. Without it a stage sends for exactly `durationS`.
 */
export interface LevelSizing {
  minS: number;
  minCompletions: number;
}

export interface RateStage {
  kind: 'rate';
  /** Requests per second (at the stage start, when `rateEnd` is set). */
  rate: number;
  /** A ramp: the rate changes continuously (linearly) from `rate` to `rateEnd` over `durationS`. */
  rateEnd?: number;
  arrival: Arrival;
  /** How long the stage sends (the upper bound when `sizing` is given). */
  durationS: number;
  sizing?: LevelSizing;
  /** Stop after this many sends (a blast of N requests); `durationS` stays the upper bound. */
  maxRequests?: number;
}

export interface ConcurrencyStage {
  kind: 'concurrency';
  users: number;
  /** Pause between a user's response and its next request. */
  thinkMs: number;
  /** How long the stage sends (the upper bound when `sizing` is given). */
  durationS: number;
  sizing?: LevelSizing;
  /** Optional bound on requests for the whole stage (e.g. warmup: a few requests, then stop). */
  maxRequests?: number;
}

export type Stage = RateStage | ConcurrencyStage;

/**
 * Send offsets in milliseconds from the stage start, in increasing order, for an open-loop stage.
 * Constant arrivals are evenly spaced; Poisson arrivals have exponential gaps with the same mean,
 * drawn from a seeded generator so runs are repeatable.
 */
export function* arrivalOffsets(stage: RateStage, seed = 1): Generator<number> {
  const max = stage.maxRequests ?? Infinity;
  let n = 0;
  for (const t of stage.rateEnd === undefined || stage.rateEnd === stage.rate ? steadyOffsets(stage, seed) : rampOffsets(stage, stage.rateEnd, seed)) {
    if (n++ >= max) return;
    yield t;
  }
}

function* steadyOffsets(stage: RateStage, seed: number): Generator<number> {
  const horizon = stage.durationS * 1000;
  if (stage.rate <= 0) return;
  const meanGap = 1000 / stage.rate;
  if (stage.arrival === 'constant') {
    for (let i = 0; i * meanGap < horizon; i++) yield i * meanGap;
    return;
  }
  const rand = seededRandom(seed);
  for (let t = 0; t < horizon; t += -Math.log(1 - rand()) * meanGap) yield t;
}

/**
 * A linear ramp r(t) = r0 + (r1 − r0)·t/T. The expected count by t is Λ(t) = r0·t + (r1 − r0)·t²/2T;
 * the k-th send is at Λ⁻¹(k) (constant: k = 0, 1, 2…; Poisson: k = cumulative unit-rate exponential
 * gaps, i.e. a Poisson process of rate r(t) by time change), so the rate changes continuously.
 */
function* rampOffsets(stage: RateStage, r1: number, seed: number): Generator<number> {
  const T = stage.durationS;
  const r0 = stage.rate;
  if (T <= 0 || (r0 <= 0 && r1 <= 0)) return;
  const a = (r1 - r0) / (2 * T);
  const total = r0 * T + a * T * T; // Λ(T)
  const inverse = (k: number): number => (Math.abs(a) < 1e-12 ? k / r0 : (-r0 + Math.sqrt(Math.max(0, r0 * r0 + 4 * a * k))) / (2 * a));
  const rand = stage.arrival === 'poisson' ? seededRandom(seed) : undefined;
  for (let k = 0; k < total; k += rand ? -Math.log(1 - rand()) : 1) {
    const t = inverse(k) * 1000;
    if (t >= T * 1000) return;
    yield t;
  }
}

/** Describes a stage as its offered load, for summaries. */
export function offeredOf(stage: Stage): { kind: 'rate' | 'concurrency'; value: number } {
  // A ramp offers its mean rate over the stage.
  return stage.kind === 'rate' ? { kind: 'rate', value: stage.rateEnd === undefined ? stage.rate : (stage.rate + stage.rateEnd) / 2 } : { kind: 'concurrency', value: stage.users };
}

/** A linear ramp expressed as equal steps (each `stepS` long) from `from` to `to` req/s. */
export function rampStages(from: number, to: number, steps: number, stepS: number, arrival: Arrival = 'constant'): RateStage[] {
  if (steps < 1) return [];
  if (steps === 1) return [{ kind: 'rate', rate: to, arrival, durationS: stepS }];
  return Array.from({ length: steps }, (_, i) => ({ kind: 'rate' as const, rate: from + ((to - from) * i) / (steps - 1), arrival, durationS: stepS }));
}

/** A stage at `value` of the given kind of load (req/s for rate, users for concurrency). */
export function stageOf(load: 'rate' | 'concurrency', value: number, durationS: number, arrival: Arrival = 'constant', thinkMs = 0): Stage {
  return load === 'rate' ? { kind: 'rate', rate: value, arrival, durationS } : { kind: 'concurrency', users: value, thinkMs, durationS };
}
