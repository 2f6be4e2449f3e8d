/**
 * A virtual clock for tests and simulations: time stands still while JavaScript runs and jumps to
 * the next timer only when the job queue is idle, so code that waits only through the clock runs
 * in milliseconds of wall time with exact, repeatable results.
 *
 * Timers sit in a priority queue ordered by (due time, creation order): the same inputs fire the
 * same timers in the same order at the same virtual instants. The driver (`run`, `advanceBy`)
 * lets promise chains settle by awaiting real `setImmediate` turns between timers (each turn runs
 * every queued microtask and process.nextTick), then pops the earliest timer, sets the time to
 * its due instant and calls it.
 *
 * Limits: code under the driver must wait only through this clock. Real I/O (sockets, files)
 * still completes in real time; while it is pending with no virtual timer left, `run` waits for
 * it in real time (up to `idleRealMs`), but a timer that is pending meanwhile fires as soon as
 * the queue looks idle, so results are only repeatable for code without real I/O.
 */
import type { Clock, TimerHandle } from './clock.js';

interface Timer {
  due: number;
  seq: number;
  fn: () => void;
  cancelled: boolean;
}

export interface RunOptions {
  /**
   * Virtual milliseconds after the start of `run` beyond which it gives up with an error (a guard
   * against code that never finishes, e.g. a loop that re-arms a timer forever). Default: 1 day.
   */
  maxVirtualMs?: number;
  /**
   * Real milliseconds `run` waits for outside work (real I/O) when no timer is pending and `fn`
   * has not settled, before it reports a deadlock. Default 5,000.
   */
  idleRealMs?: number;
}

/** Raised by `VirtualClock.run` when `fn` can never settle or runs past its virtual deadline. */
export class VirtualTimeError extends Error {}

export class VirtualClock implements Clock {
  readonly virtual = true;
  private t: number;
  private seq = 0;
  private readonly heap: Timer[] = [];
  private live = 0;
  private fired = 0;
  /** Real setImmediate turns awaited before each timer so promise chains settle. */
  private readonly settleTurns: number;

  /**
   * @param startMs the initial reading of `now()` (default 0)
   * @param settleTurns real event-loop turns awaited between timers (default 2; one turn already
   *   drains every microtask, the second covers callbacks that schedule a setImmediate of their own)
   */
  constructor(startMs = 0, settleTurns = 2) {
    if (!Number.isFinite(startMs)) throw new Error(`VirtualClock: startMs must be a finite number, got ${startMs}`);
    if (!Number.isInteger(settleTurns) || settleTurns < 1) throw new Error(`VirtualClock: settleTurns must be an integer >= 1, got ${settleTurns}`);
    this.t = startMs;
    this.settleTurns = settleTurns;
  }

  now(): number {
    return this.t;
  }

  /** Timers not yet fired nor cancelled. */
  get pending(): number {
    return this.live;
  }

  /** Timers fired so far (a measure of how much work a run did). */
  get firedCount(): number {
    return this.fired;
  }

  setTimer(fn: () => void, ms: number): TimerHandle {
    const delay = Number.isFinite(ms) && ms > 0 ? ms : 0;
    const timer: Timer = { due: this.t + delay, seq: this.seq++, fn, cancelled: false };
    this.push(timer);
    this.live++;
    return {
      cancel: () => {
        if (timer.cancelled) return;
        timer.cancelled = true;
        this.live--;
      },
    };
  }

  sleepUntil(due: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted || due <= this.t) return Promise.resolve();
    return new Promise((resolve) => {
      const onAbort = (): void => {
        handle.cancel();
        resolve();
      };
      const handle = this.setTimer(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, due - this.t);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Resolves after `ms` virtual milliseconds (a convenience for tests). */
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return this.sleepUntil(this.t + ms, signal);
  }

  /**
   * Fires, in order, every timer due within the next `ms` virtual milliseconds (including timers
   * those timers set), then sets the time to now + ms.
   */
  async advanceBy(ms: number): Promise<void> {
    if (!(ms >= 0)) throw new Error(`VirtualClock.advanceBy: ms must be >= 0, got ${ms}`);
    const until = this.t + ms;
    for (;;) {
      await this.settle();
      const next = this.peek();
      if (!next || next.due > until) break;
      this.fireNext();
    }
    this.t = until;
    await this.settle();
  }

  /**
   * Calls `fn` and drives the clock until its promise settles; returns its value or rethrows its
   * error. Throws VirtualTimeError when the virtual deadline passes or when nothing can make
   * progress any more (no timer pending and no outside work for `idleRealMs`).
   */
  async run<T>(fn: () => Promise<T>, opts: RunOptions = {}): Promise<T> {
    const deadline = this.t + (opts.maxVirtualMs ?? 86_400_000);
    const idleRealMs = opts.idleRealMs ?? 5_000;
    let state: { done: false } | { done: true; ok: true; value: T } | { done: true; ok: false; error: unknown } = { done: false };
    fn().then(
      (value) => (state = { done: true, ok: true, value }),
      (error: unknown) => (state = { done: true, ok: false, error }),
    );
    let idleSince: number | undefined;
    for (;;) {
      await this.settle();
      if (state.done) break;
      const next = this.peek();
      if (!next) {
        // Nothing virtual left: either real I/O is pending or fn can never settle.
        idleSince ??= Date.now();
        if (Date.now() - idleSince > idleRealMs) {
          throw new VirtualTimeError(`VirtualClock.run: the function has not settled and no timer is pending (virtual time ${this.t} ms); it waits on something outside the clock`);
        }
        await new Promise((r) => setTimeout(r, 1));
        continue;
      }
      idleSince = undefined;
      if (next.due > deadline) {
        throw new VirtualTimeError(
          `VirtualClock.run: the function did not settle within ${opts.maxVirtualMs ?? 86_400_000} virtual ms (next timer at ${next.due} ms); raise maxVirtualMs or look for a timer re-armed forever`,
        );
      }
      this.fireNext();
    }
    const s = state as { done: true; ok: true; value: T } | { done: true; ok: false; error: unknown };
    if (!s.ok) throw s.error;
    return s.value;
  }

  private async settle(): Promise<void> {
    for (let i = 0; i < this.settleTurns; i++) await new Promise<void>((r) => setImmediate(r));
  }

  /** The earliest live timer, dropping cancelled ones from the top. */
  private peek(): Timer | undefined {
    while (this.heap.length > 0 && this.heap[0]!.cancelled) this.pop();
    return this.heap[0];
  }

  private fireNext(): void {
    const timer = this.pop()!;
    this.live--;
    timer.cancelled = true;
    if (timer.due > this.t) this.t = timer.due;
    this.fired++;
    timer.fn();
  }

  private push(timer: Timer): void {
    const h = this.heap;
    h.push(timer);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(h[i]!, h[parent]!)) break;
      [h[i], h[parent]] = [h[parent]!, h[i]!];
      i = parent;
    }
  }

  private pop(): Timer | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (h.length > 0 && last) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && before(h[l]!, h[m]!)) m = l;
        if (r < h.length && before(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    return top;
  }
}

function before(a: Timer, b: Timer): boolean {
  return a.due < b.due || (a.due === b.due && a.seq < b.seq);
}
