/**
 * Runs one load level: the pacer decides when, the sender sends and times, the accumulator folds.
 * Every request handed to the sender is awaited and counted exactly once, including when the run
 * is cancelled (those end as `cancelled`) or still open when the level's drain bound expires
 * (those end as `incomplete`), so a level's counts always add up and every level ends.
 */
import { createHash } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import type { RequestSpec, SendContext } from '../client/openai.js';
import { LevelAccumulator, type LevelSummary } from '../metrics/aggregate.js';
import { DRAIN_EXPIRED, type GoodputLimits, type RequestRecord } from '../metrics/record.js';
import { arrivalOffsets, offeredOf, type ConcurrencyStage, type RateStage, type Stage } from './pacer.js';
import { realClock, type Clock, type TimerHandle } from '../util/clock.js';
import { DistinctCounter, SteadyWindow } from './level-memory.js';

export type { Clock } from '../util/clock.js';

/** Sends one request and always resolves with its record (see client/openai.ts). */
export interface Sender {
  send(spec: RequestSpec, ctx: SendContext): Promise<RequestRecord>;
}

/** Produces the request to send next. `user` is the closed-loop user index (undefined in open loop). */
export interface Workload {
  next(seq: number, user?: number): RequestSpec;
  /** Told of each finished request, so multi-turn sessions can carry the conversation forward. */
  observe?(record: RequestRecord, user?: number): void;
}

export interface RunOptions {
  sender: Sender;
  workload: Workload;
  /** Open loop only: requests due while this many are in flight are not sent and are counted. */
  maxInFlight?: number;
  goodput?: GoodputLimits;
  /** Stops scheduling and cancels in-flight requests. */
  signal?: AbortSignal;
  /** Every finished record, e.g. for the per-request JSONL log. */
  onRecord?: (r: RequestRecord) => void;
  /** Called about once a second with progress through the level (0..1). */
  onProgress?: (fraction: number, inFlight: number) => void;
  /** Shared sequence counter so ids stay unique across levels. */
  seq?: { next: number };
  seed?: number;
  /** The time source for scheduling and waiting; the real monotonic clock by default. */
  clock?: Clock;
  /**
   * How long requests still in flight may take to end once the level stops sending (after its
   * last send in open loop, at its end time in closed loop). What is still open then is aborted
   * with reason DRAIN_EXPIRED and counted as `incomplete`. Default DEFAULT_DRAIN_MS.
   */
  drainMs?: number;
  /**
   * Ends sending early, as the duration would (then the normal drain): requests in flight are not
   * cancelled. The chaos phase stops holding its load this way once the endpoint has recovered.
   */
  stopSending?: AbortSignal;
}

/** The drain bound when none is given: long enough for any sane completion, short enough that a level ends. */
export const DEFAULT_DRAIN_MS = 30_000;

/** The P99 send lag above which a level measured the generator, not the endpoint (run.max_send_lag_ms's default). */
export const DEFAULT_MAX_SEND_LAG_MS = 50;

/** A level's summary with what the runner knows beyond it. */
export interface LevelRun {
  summary: LevelSummary;
  /** Requests still open when the drain bound expired (ended as `incomplete`). */
  drainExpired: number;
  drainMs: number;
  /** Seconds from the level's start to its last send (how long it actually sent). */
  sendingS: number;
  /** Why sending stopped. */
  stoppedBy: 'samples' | 'duration' | 'budget' | 'cancelled';
}

/** Runs `stage` to completion (or cancellation) and returns its summary. */
export async function runLevel(name: string, stage: Stage, opts: RunOptions): Promise<LevelSummary> {
  return (await runLevelDetailed(name, stage, opts)).summary;
}

/**
 * Runs `stage`: sends until its sizing is met or its duration is up, then drains (bounded), then
 * summarises. Achieved throughput is measured over the steady window (see steadyRate).
 */
export async function runLevelDetailed(name: string, stage: Stage, opts: RunOptions): Promise<LevelRun> {
  if (opts.signal) setMaxListeners(0, opts.signal);
  const clock = opts.clock ?? realClock;
  const drainMs = opts.drainMs ?? DEFAULT_DRAIN_MS;
  // Requests get the level's own signal: the user's cancel passes through with its reason, and
  // the drain bound aborts with DRAIN_EXPIRED, which the client counts as `incomplete`.
  const level = new AbortController();
  setMaxListeners(0, level.signal);
  const onUserAbort = (): void => level.abort(opts.signal?.reason);
  if (opts.signal?.aborted) onUserAbort();
  else opts.signal?.addEventListener('abort', onUserAbort, { once: true });
  // Aborted when the level stops sending, so sleeps of the pacer and of closed-loop users end.
  const sending = new AbortController();
  setMaxListeners(0, sending.signal);
  const onSendingAbort = (): void => sending.abort();
  if (level.signal.aborted) sending.abort();
  else level.signal.addEventListener('abort', onSendingAbort, { once: true });

  const acc = new LevelAccumulator(name, offeredOf(stage), opts.goodput);
  const start = clock.now();
  const state: LevelState = {
    acc,
    inFlight: 0,
    ended: 0,
    pending: new Set(),
    firstSend: Infinity,
    lastSend: -Infinity,
    lastEnd: 0,
    steady: new SteadyWindow(),
    prompts: new DistinctCounter(),
    seq: opts.seq ?? { next: 0 },
    requestSignal: level.signal,
    sendingSignal: sending.signal,
    stoppedBy: undefined,
    satisfiedAt: () => false,
    stop: () => {},
  };
  const sizing = stage.sizing;
  const upper = start + stage.durationS * 1000;
  const floor = sizing ? start + Math.min(stage.durationS, sizing.minS) * 1000 : upper;
  const stop = (why: LevelRun['stoppedBy']): void => {
    if (sending.signal.aborted) return;
    state.stoppedBy = why;
    sending.abort();
  };
  // Sized: enough samples once `minCompletions` requests have ended and the floor time has come.
  state.satisfiedAt = (t) => sizing !== undefined && t >= floor && state.ended >= sizing.minCompletions;
  state.stop = stop;
  state.onEnded = sizing
    ? () => {
        if (state.satisfiedAt(clock.now())) stop('samples');
      }
    : undefined;
  const timers: TimerHandle[] = [clock.setTimer(() => stop('duration'), upper - start)];
  const onStopSending = (): void => stop('duration');
  if (opts.stopSending?.aborted) onStopSending();
  else opts.stopSending?.addEventListener('abort', onStopSending, { once: true });
  if (sizing) timers.push(clock.setTimer(() => state.onEnded?.(), floor - start));
  // Progress runs to the level's nominal length (its floor when sized); extending for samples shows as 100 %.
  const progress = startProgress(clock, start, (floor - start) / 1000, state, opts.onProgress);
  let drainExpired = 0;
  try {
    const loop = stage.kind === 'rate' ? runOpenLoop(name, stage, start, state, opts, clock) : runClosedLoop(name, stage, state, opts, clock);
    // Closed-loop users wait for their requests, so the loop may outlast the sending window: the
    // drain starts when sending stops, whichever way it stops.
    const loopDone = loop.then(() => stop(opts.signal?.aborted ? 'cancelled' : stage.kind === 'rate' ? 'duration' : 'budget'));
    await Promise.race([loopDone, sending.signal.aborted ? undefined : new Promise<void>((resolve) => sending.signal.addEventListener('abort', () => resolve(), { once: true }))]);
    if (opts.signal?.aborted) state.stoppedBy = 'cancelled';
    if (state.pending.size > 0 && !level.signal.aborted) {
      const waited = new AbortController();
      const all = Promise.all(state.pending).then(() => waited.abort());
      await clock.sleepUntil(clock.now() + drainMs, AbortSignal.any([waited.signal, level.signal]));
      waited.abort();
      void all;
      if (state.pending.size > 0 && !level.signal.aborted) {
        drainExpired = state.pending.size;
        level.abort(DRAIN_EXPIRED);
      }
    }
    await loop;
    await Promise.all(state.pending);
  } finally {
    progress?.stop();
    for (const t of timers) t.cancel();
    opts.signal?.removeEventListener('abort', onUserAbort);
    opts.stopSending?.removeEventListener('abort', onStopSending);
    level.signal.removeEventListener('abort', onSendingAbort);
  }
  if (state.failure !== undefined) throw state.failure;
  const from = Number.isFinite(state.firstSend) ? state.firstSend : start;
  const to = Math.max(state.lastEnd, from);
  const raw = acc.summary((to - from) / 1000);
  const summary = withSteadyRate(raw, state.steady.rate(state.lastSend));
  summary.requests.distinct_prompts = state.prompts.size;
  const sendingS = Number.isFinite(state.lastSend) ? Math.max(0, (state.lastSend - start) / 1000) : 0;
  return { summary, drainExpired, drainMs, sendingS, stoppedBy: state.stoppedBy ?? 'duration' };
}

/**
 * Achieved throughput over the steady window of a level, in completions per second. The window
 * runs from the first successful completion (the end of the fill tail: before it the endpoint had
 * produced nothing yet) to the last successful completion at or before the last send (the start of
 * the drain tail: after the last send the offered load falls away, and completions speed up or
 * trickle). The rate is (completions in the window − 1) / its length: intervals between
 * completions over their total time, exact for an evenly paced stream. Undefined when the window
 * holds fewer than 3 completions (a level not much longer than one request latency): the
 * accumulator's completion span over the whole level is used then.
 */
export function steadyRate(okEnds: readonly number[], lastSend: number): number | undefined {
  if (!Number.isFinite(lastSend)) return undefined;
  let t0 = Infinity;
  let t1 = -Infinity;
  let n = 0;
  for (const e of okEnds) {
    if (e > lastSend) continue;
    n++;
    if (e < t0) t0 = e;
    if (e > t1) t1 = e;
  }
  if (n < 3 || t1 <= t0) return undefined;
  return ((n - 1) * 1000) / (t1 - t0);
}

/** The summary with achieved_rps replaced, and the rates derived from it scaled alike. */
function withSteadyRate(s: LevelSummary, rate: number | undefined): LevelSummary {
  if (rate === undefined || s.achieved_rps <= 0) return s;
  const k = rate / s.achieved_rps;
  const r = (x: number, d: number): number => Math.round(x * k * 10 ** d) / 10 ** d;
  return {
    ...s,
    requests: { ...s.requests },
    achieved_rps: Math.round(rate * 1000) / 1000,
    output_tokens_per_s: r(s.output_tokens_per_s, 2),
    total_tokens_per_s: r(s.total_tokens_per_s, 2),
    goodput_rps: r(s.goodput_rps, 3),
  };
}

interface LevelState {
  acc: LevelAccumulator;
  inFlight: number;
  /** Requests that have ended, whatever their outcome. */
  ended: number;
  pending: Set<Promise<unknown>>;
  firstSend: number;
  lastSend: number;
  lastEnd: number;
  /** Sends and successful ends, for the steady-window throughput (steadyRate, in bounded memory). */
  steady: SteadyWindow;
  /** Fingerprints of the prompt texts sent. */
  prompts: DistinctCounter;
  /** The first error thrown while recording a finished request (raised after the level drains). */
  failure?: unknown;
  seq: { next: number };
  /** Given to every request: aborted by the user's cancel or by the drain bound. */
  requestSignal: AbortSignal;
  /** Aborted when the level stops sending. */
  sendingSignal: AbortSignal;
  stoppedBy: LevelRun['stoppedBy'] | undefined;
  onEnded?: () => void;
  /** True when a send due at `t` would be past what the level needs (its sizing is met). */
  satisfiedAt: (t: number) => boolean;
  stop: (why: LevelRun['stoppedBy']) => void;
}

/** A cheap, stable identity of a request's prompt text (the prompt, or the messages' content). */
function promptKey(spec: RequestSpec): Buffer {
  const text = spec.prompt ?? JSON.stringify(spec.messages ?? []);
  return createHash('sha1').update(text).digest();
}

/** Sends one request and books its record; resolves with whether it succeeded (never rejects). */
function dispatch(name: string, scheduledAt: number, state: LevelState, opts: RunOptions, user?: number): Promise<boolean> {
  const id = state.seq.next++;
  const spec = opts.workload.next(id, user);
  state.prompts.add(promptKey(spec));
  state.inFlight++;
  let ok = false;
  const p: Promise<boolean> = opts.sender
    .send(spec, { id, phase: name, scheduledAt, signal: state.requestSignal })
    .then((r) => {
      ok = r.outcome === 'ok';
      if (r.sentAt < state.firstSend) state.firstSend = r.sentAt;
      if (r.sentAt > state.lastSend) state.lastSend = r.sentAt;
      if (r.endedAt > state.lastEnd) state.lastEnd = r.endedAt;
      state.steady.sent(r.sentAt);
      if (r.outcome === 'ok') state.steady.ok(r.endedAt);
      state.acc.add(r);
      opts.workload.observe?.(r, user);
      opts.onRecord?.(r);
    })
    // A failure in our own bookkeeping (a log that cannot be written, a workload bug) must not
    // become an unhandled rejection that kills the run without results: keep the first one and
    // let runLevel raise it once every request has ended.
    .catch((e: unknown) => {
      state.failure ??= e;
    })
    .finally(() => {
      state.inFlight--;
      state.ended++;
      state.pending.delete(p);
      state.onEnded?.();
    })
    .then(() => ok);
  state.pending.add(p);
  return p;
}

async function runOpenLoop(name: string, stage: RateStage, start: number, state: LevelState, opts: RunOptions, clock: Clock): Promise<void> {
  const cap = opts.maxInFlight ?? Infinity;
  const slack = slackFor(Math.max(stage.rate, stage.rateEnd ?? 0));
  for (const offset of arrivalOffsets(stage, opts.seed)) {
    const due = start + offset;
    if (due > clock.now()) await clock.sleepUntil(due, state.sendingSignal, slack);
    if (state.sendingSignal.aborted) return;
    // Checked at the send itself, so a send due exactly at the floor does not race its timer.
    if (state.satisfiedAt(due)) return state.stop('samples');
    if (state.inFlight >= cap) {
      state.acc.addDropped();
      continue;
    }
    void dispatch(name, due, state, opts);
  }
}

async function runClosedLoop(name: string, stage: ConcurrencyStage, state: LevelState, opts: RunOptions, clock: Clock): Promise<void> {
  const budget = { left: stage.maxRequests ?? Infinity };
  const user = async (u: number): Promise<void> => {
    let failures = 0;
    while (!state.sendingSignal.aborted && budget.left-- > 0) {
      if (state.satisfiedAt(clock.now())) return state.stop('samples');
      failures = (await dispatch(name, clock.now(), state, opts, u)) ? 0 : failures + 1;
      // A user whose request failed waits before the next one (10 ms, doubling to 1 s, until one
      // succeeds), as a real client backs off: an endpoint that refuses at once (a full queue's 503,
      // a refused connection) would otherwise get thousands of requests a second from each user,
      // and on a virtual clock no time would pass at all.
      const pause = Math.max(stage.thinkMs, failures > 0 ? Math.min(FAILED_USER_MAX_PAUSE_MS, FAILED_USER_PAUSE_MS * 2 ** (failures - 1)) : 0);
      if (pause > 0 && !state.sendingSignal.aborted) await clock.sleepUntil(clock.now() + pause, state.sendingSignal);
    }
  };
  await Promise.all(Array.from({ length: stage.users }, (_, u) => user(u)));
}

/** A closed-loop user's pause after a failed request, doubling per failure in a row up to the maximum. */
const FAILED_USER_PAUSE_MS = 10;
const FAILED_USER_MAX_PAUSE_MS = 1000;

/** How much of each open-loop sleep the real clock may busy-wait (see util/clock.ts). */
const MAX_SLACK_MS = 1.5;

/** Open loop: spin at most ~10 % of the mean gap (1 ms at 100 req/s, 0.1 ms at 1,000 req/s). */
function slackFor(rate: number): number {
  return Math.min(MAX_SLACK_MS, 100 / rate);
}

/** Reports progress about once a second of the level's clock, until stopped. */
function startProgress(clock: Clock, start: number, durationS: number, state: LevelState, cb?: (f: number, inFlight: number) => void): { stop(): void } | undefined {
  if (!cb) return undefined;
  let handle: TimerHandle | undefined;
  let stopped = false;
  const tick = (): void => {
    if (stopped) return;
    cb(Math.min(1, (clock.now() - start) / (durationS * 1000)), state.inFlight);
    arm();
  };
  const arm = (): void => {
    handle = clock.setTimer(tick, 1000);
  };
  arm();
  return {
    stop() {
      stopped = true;
      handle?.cancel();
    },
  };
}
