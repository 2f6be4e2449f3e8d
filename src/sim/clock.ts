/**
 * The simulator's time source. A structural type of its own so src/sim imports nothing from the
 * rest of src/; the project's Clock (util/clock.ts, and the VirtualClock) satisfies it, so the
 * engine can run on virtual time in process (load/sim-sender.ts) as well as on the real clock
 * behind HTTP (index.ts).
 */
import { performance } from 'node:perf_hooks';

export interface SimTimer {
  cancel(): void;
}

export interface SimClock {
  /** Monotonic milliseconds. */
  now(): number;
  /** Calls `fn` once after `ms` milliseconds (≤ 0: as soon as possible), unless cancelled. */
  setTimer(fn: () => void, ms: number): SimTimer;
}

/**
 * The real clock. Delays of half a millisecond or less use setImmediate (a setTimeout would wait
 * a whole millisecond), so sub-millisecond engine steps at high speedups keep their pace.
 */
export const realSimClock: SimClock = {
  now: () => performance.now(),
  setTimer(fn, ms) {
    if (ms > 0.5) {
      const t = setTimeout(fn, ms);
      return { cancel: () => clearTimeout(t) };
    }
    const i = setImmediate(fn);
    return { cancel: () => clearImmediate(i) };
  },
};
