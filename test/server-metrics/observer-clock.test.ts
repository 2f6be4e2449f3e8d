/** The observer on an injected clock: scrapes happen on its ticks, only while a window is open. */
import { afterEach, expect, test } from 'vitest';
import type { Clock, TimerHandle } from '../../src/util/clock.js';
import { startServerObserver } from '../../src/servermetrics/observer.js';
import { prometheusTextParser, type MetricsTextParser } from '../../src/servermetrics/parse.js';
import { serveText, sleep, type TestServer } from './servers.js';

/** A clock that moves only when the test says so. */
function manualClock(): Clock & { advance(ms: number): void; pending(): number } {
  let t = 0;
  let timers: { due: number; fn: () => void; live: boolean }[] = [];
  return {
    virtual: true,
    now: () => t,
    setTimer(fn, ms): TimerHandle {
      const timer = { due: t + ms, fn, live: true };
      timers.push(timer);
      return { cancel: () => void (timer.live = false) };
    },
    sleepUntil: async (due) => {
      while (t < due) await sleep(1);
    },
    advance(ms) {
      t += ms;
      const due = timers.filter((x) => x.live && x.due <= t);
      timers = timers.filter((x) => x.live && x.due > t);
      for (const x of due) x.fn();
    },
    pending: () => timers.filter((x) => x.live).length,
  };
}

let srv: TestServer | undefined;
afterEach(async () => {
  await srv?.close();
  srv = undefined;
});

/** Pages the observer has parsed: after the parse only microtasks remain before it is idle again. */
let parsed = 0;
const countingParser: MetricsTextParser = {
  parse(text, o) {
    parsed++;
    return prometheusTextParser.parse(text, o);
  },
};

/** Waits (bounded) until the observer has read `n` pages and is idle again; returns the server's count. */
async function hits(n: number): Promise<number> {
  for (let i = 0; i < 2000 && parsed < n; i++) await sleep(5);
  await sleep(0);
  return srv!.hits.length;
}

/** No new request arrives (a negative check: a slow machine can only make it pass, never fail wrongly). */
async function quiet(): Promise<number> {
  await sleep(50);
  return srv!.hits.length;
}

test('one scrape at begin, one per tick of the injected clock, one at the end; no timer while no window is open', async () => {
  let running = 0;
  srv = await serveText(() => `vllm:num_requests_running ${running}\nvllm:num_requests_waiting 0\n`);
  const clock = manualClock();
  parsed = 0;
  const obs = startServerObserver([{ url: `${srv.url}/metrics` }], { intervalMs: 1000, clock, parser: countingParser });
  expect(clock.pending()).toBe(0);

  obs.beginWindow('level');
  expect(await hits(1)).toBe(1);
  expect(clock.pending()).toBe(1);
  for (const r of [2, 4, 6]) {
    running = r;
    const before = srv.hits.length;
    clock.advance(999);
    expect(await quiet()).toBe(before); // not due yet
    clock.advance(1);
    expect(await hits(before + 1)).toBe(before + 1);
  }
  expect(srv.hits.length).toBe(4);
  clock.advance(500); // the window ends between ticks: it asks for one last reading
  const w = (await obs.endWindow('level'))!;
  expect(srv.hits.length).toBe(5); // the closing scrape
  expect(w.samples).toBe(5);
  expect(w.requests_running).toEqual({ mean: (0 + 2 + 4 + 6 + 6) / 5, max: 6 });
  expect(clock.pending()).toBe(0);
  clock.advance(10_000);
  expect(await quiet()).toBe(5); // no window, no scrape
  await obs.stop();
});
