/**
 * Time as a seam. Everything that reads the monotonic clock or waits (the runner's pacer, the
 * client's timeouts, the gate phases, the simulator) takes a Clock, with `realClock` as the
 * default, so logic can be run on virtual time in tests with exact, repeatable results.
 *
 * Times are milliseconds on a monotonic clock; only differences are meaningful.
 */
import { performance } from 'node:perf_hooks';

export interface TimerHandle {
  cancel(): void;
}

export interface Clock {
  /** Monotonic milliseconds. */
  now(): number;
  /** Calls `fn` once after `ms` (≥ 0) milliseconds, unless cancelled first. */
  setTimer(fn: () => void, ms: number): TimerHandle;
  /**
   * Resolves at `due` (monotonic ms) or when the signal aborts. Never resolves before `due`.
   * `slackMs` lets a real clock spin the last stretch for sub-millisecond precision.
   */
  sleepUntil(due: number, signal?: AbortSignal, slackMs?: number): Promise<void>;
  /** True for virtual clocks: wall-clock-only checks (client CPU share) do not apply. */
  readonly virtual?: boolean;
}

/**
 * Node timers fire on whole milliseconds of the event loop's cached clock, so a timer can wake up
 * to about a millisecond late. sleepUntil sets its timer `slackMs` before `due` and covers the
 * rest by yielding to the event loop (setImmediate, which still runs I/O) until `due` has passed:
 * sub-millisecond precision for at most `slackMs` of busy waiting per sleep.
 */
export const realClock: Clock = {
  now: () => performance.now(),
  setTimer(fn, ms) {
    const t = setTimeout(fn, Math.max(0, ms));
    return { cancel: () => clearTimeout(t) };
  },
  sleepUntil(due, signal, slackMs = 0) {
    return new Promise((resolve) => {
      if (signal?.aborted) return resolve();
      let timer: NodeJS.Timeout | undefined;
      let immediate: NodeJS.Immediate | undefined;
      const onAbort = (): void => {
        clearTimeout(timer);
        clearImmediate(immediate);
        resolve();
      };
      const tick = (): void => {
        const left = due - performance.now();
        if (left <= 0) {
          signal?.removeEventListener('abort', onAbort);
          return resolve();
        }
        if (left > slackMs) timer = setTimeout(tick, left - slackMs);
        else immediate = setImmediate(tick);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      tick();
    });
  },
};
