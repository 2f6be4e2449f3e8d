/**
 * Runs one load level: the pacer decides when, the sender sends and times, the accumulator folds.
 * Every request handed to the sender is awaited and counted exactly once, including when the run
 * is cancelled (those end as `cancelled`), so a level's counts always add up.
 */
import { setMaxListeners } from 'node:events';
import type { RequestSpec, SendContext } from '../client/openai.js';
import { LevelAccumulator, type LevelSummary } from '../metrics/aggregate.js';
import type { GoodputLimits, RequestRecord } from '../metrics/record.js';
import { arrivalOffsets, offeredOf, type ConcurrencyStage, type RateStage, type Stage } from './pacer.js';
import { realClock, type Clock, type TimerHandle } from '../util/clock.js';

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
}

/** Runs `stage` to completion (or cancellation) and returns its summary. */
export async function runLevel(name: string, stage: Stage, opts: RunOptions): Promise<LevelSummary> {
  if (opts.signal) setMaxListeners(0, opts.signal);
  const acc = new LevelAccumulator(name, offeredOf(stage), opts.goodput);
  const state: LevelState = { acc, inFlight: 0, pending: new Set(), firstSend: Infinity, lastEnd: 0, seq: opts.seq ?? { next: 0 } };
  const clock = opts.clock ?? realClock;
  const start = clock.now();
  const progress = startProgress(clock, start, stage.durationS, state, opts.onProgress);
  try {
    if (stage.kind === 'rate') await runOpenLoop(name, stage, start, state, opts, clock);
    else await runClosedLoop(name, stage, start, state, opts, clock);
    await Promise.all(state.pending);
  } finally {
    progress?.stop();
  }
  if (state.failure !== undefined) throw state.failure;
  const from = Number.isFinite(state.firstSend) ? state.firstSend : start;
  const to = Math.max(state.lastEnd, from);
  return acc.summary((to - from) / 1000);
}

interface LevelState {
  acc: LevelAccumulator;
  inFlight: number;
  pending: Set<Promise<void>>;
  firstSend: number;
  lastEnd: number;
  /** The first error thrown while recording a finished request (raised after the level drains). */
  failure?: unknown;
  seq: { next: number };
}

function dispatch(name: string, scheduledAt: number, state: LevelState, opts: RunOptions, user?: number): Promise<void> {
  const id = state.seq.next++;
  const spec = opts.workload.next(id, user);
  state.inFlight++;
  const p: Promise<void> = opts.sender
    .send(spec, { id, phase: name, scheduledAt, signal: opts.signal })
    .then((r) => {
      if (r.sentAt < state.firstSend) state.firstSend = r.sentAt;
      if (r.endedAt > state.lastEnd) state.lastEnd = r.endedAt;
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
      state.pending.delete(p);
    });
  state.pending.add(p);
  return p;
}

async function runOpenLoop(name: string, stage: RateStage, start: number, state: LevelState, opts: RunOptions, clock: Clock): Promise<void> {
  const cap = opts.maxInFlight ?? Infinity;
  const slack = slackFor(stage.rate);
  for (const offset of arrivalOffsets(stage, opts.seed)) {
    const due = start + offset;
    if (due > clock.now()) await clock.sleepUntil(due, opts.signal, slack);
    if (opts.signal?.aborted) return;
    if (state.inFlight >= cap) {
      state.acc.addDropped();
      continue;
    }
    void dispatch(name, due, state, opts);
  }
}

async function runClosedLoop(name: string, stage: ConcurrencyStage, start: number, state: LevelState, opts: RunOptions, clock: Clock): Promise<void> {
  const end = start + stage.durationS * 1000;
  const budget = { left: stage.maxRequests ?? Infinity };
  const user = async (u: number): Promise<void> => {
    while (clock.now() < end && !opts.signal?.aborted && budget.left-- > 0) {
      await dispatch(name, clock.now(), state, opts, u);
      if (stage.thinkMs > 0) await clock.sleepUntil(Math.min(end, clock.now() + stage.thinkMs), opts.signal);
    }
  };
  await Promise.all(Array.from({ length: stage.users }, (_, u) => user(u)));
}

/** How much of each open-loop sleep the real clock may busy-wait (see util/clock.ts). */
const MAX_SLACK_MS = 1.5;

/** Open loop: spin at most ~10 % of the mean gap (1 ms at 100 req/s, 0.1 ms at 1,000 req/s). */
function slackFor(rate: number): number {
  return Math.min(MAX_SLACK_MS, 100 / rate);
}

/**
 * Resolves at `due` (monotonic ms) or when the signal aborts, on the real clock. Never resolves
 * before `due`, so sends are never ahead of schedule; kept for callers of the old export.
 */
export function sleepUntil(due: number, signal?: AbortSignal, slackMs = 0): Promise<void> {
  return realClock.sleepUntil(due, signal, slackMs);
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
