/**
 * Every level ends: after its last send, requests still open get a bounded drain, then are cut and
 * counted as `incomplete`. And levels sized by samples: a level stops sending once it has the
 * completions it needs (and its minimum time), never later than its duration.
 *
 * On virtual time (VirtualServer / ScriptedSender on a VirtualClock, test/helpers/virtual-server.ts):
 * every send, completion and cut happens at an exact instant, so the drain bound, the sizing rule
 * and the counts are checked exactly, in milliseconds of wall time. The same drain against real
 * sockets (an endless stream, a server that never sends headers) is drain-http.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { RequestSpec } from '../../src/client/openai.js';
import type { Stage } from '../../src/load/pacer.js';
import { runLevelDetailed, steadyRate, type Workload } from '../../src/load/runner.js';
import { FixedWorkload } from '../../src/load/workload.js';
import type { RequestRecord } from '../../src/metrics/record.js';
import { VirtualClock } from '../../src/util/virtual-clock.js';
import { ScriptedSender, VirtualServer } from '../helpers/virtual-server.js';

const workload = new FixedWorkload({ model: 'm', prompt: 'p', maxTokens: 1_000_000 });

describe('every level ends', () => {
  it('a mixed level: the fast requests are ok, the stuck ones incomplete, every one counted once', async () => {
    const clock = new VirtualClock();
    // Two of every three requests never answer; the third streams 2 tokens in 5 ms.
    const srv = new ScriptedSender(clock, ({ n }) => (n % 3 === 2 ? { ttftMs: 3, tokens: 2, gapMs: 2 } : { never: true }));
    const records: RequestRecord[] = [];
    const stage: Stage = { kind: 'rate', rate: 10, arrival: 'constant', durationS: 1.2 };
    const run = await clock.run(() => runLevelDetailed('m', stage, { sender: srv, workload, clock, drainMs: 400, onRecord: (r) => records.push(r) }));
    const s = run.summary;
    expect(s.requests.sent).toBe(12);
    expect(srv.log).toHaveLength(12);
    expect(s.requests.ok).toBe(4);
    expect(s.requests.errors).toEqual({ incomplete: 8 });
    expect(run.drainExpired).toBe(8);
    // Last send at 1,100 ms: every stuck request is cut at 1,100 + 400 exactly, none earlier.
    expect(records.filter((r) => r.outcome === 'incomplete').map((r) => r.endedAt)).toEqual(Array(8).fill(1500));
    expect(clock.now()).toBe(1500);
    expect(srv.open).toBe(0);
  });

  it("the user's cancel during the drain counts as cancelled, not incomplete", async () => {
    const clock = new VirtualClock();
    const srv = new ScriptedSender(clock, () => ({ never: true }));
    const ac = new AbortController();
    // Sends at 0, 200, 400 ms; sending ends at 600 ms and the (60 s) drain runs; cancel at 700 ms.
    clock.setTimer(() => ac.abort(), 700);
    const stage: Stage = { kind: 'rate', rate: 5, arrival: 'constant', durationS: 0.6 };
    const run = await clock.run(() => runLevelDetailed('x', stage, { sender: srv, workload, clock, drainMs: 60_000, signal: ac.signal }));
    expect(run.summary.requests.sent).toBe(3);
    expect(run.summary.requests.errors).toEqual({ cancelled: 3 });
    expect(run.drainExpired).toBe(0);
    // Sending had ended at the level's duration; the cancel came during the drain and ended it at once.
    expect(run.stoppedBy).toBe('duration');
    expect(clock.now()).toBe(700);
  });

  it('a drain that is not needed costs nothing: all requests end, drainExpired 0', async () => {
    const clock = new VirtualClock();
    const srv = new VirtualServer(clock, 5);
    const run = await clock.run(() => runLevelDetailed('f', { kind: 'rate', rate: 20, arrival: 'constant', durationS: 0.5 }, { sender: srv, workload, clock, drainMs: 60_000 }));
    expect(run.summary.requests.ok).toBe(10);
    expect(run.drainExpired).toBe(0);
    // The level ended with its last completion (450 + 5 ms), not at the drain bound.
    expect(clock.now()).toBe(455);
  });
});

describe('levels sized by samples', () => {
  it('stops sending once it has its completions and its minimum time, well before its duration', async () => {
    const clock = new VirtualClock();
    const srv = new VirtualServer(clock, 5);
    const stage: Stage = { kind: 'rate', rate: 50, arrival: 'constant', durationS: 30, sizing: { minS: 0.5, minCompletions: 40 } };
    const run = await clock.run(() => runLevelDetailed('s', stage, { sender: srv, workload, clock }));
    expect(run.stoppedBy).toBe('samples');
    // Completions at 5, 25, …: the 40th at 785 ms, so the send due at 800 is not made.
    expect(run.summary.requests).toMatchObject({ sent: 40, ok: 40 });
    expect(srv.log.at(-1)!.sentAt).toBe(780);
    expect(run.sendingS).toBe(0.78);
  });

  it('never stops before its minimum time, even with the completions in hand', async () => {
    const clock = new VirtualClock();
    const srv = new VirtualServer(clock, 5);
    const stage: Stage = { kind: 'rate', rate: 50, arrival: 'constant', durationS: 30, sizing: { minS: 1, minCompletions: 5 } };
    const run = await clock.run(() => runLevelDetailed('t', stage, { sender: srv, workload, clock }));
    expect(run.stoppedBy).toBe('samples');
    // The 5 completions were in hand at 85 ms; sends went on to the floor: 0, 20, …, 980 ms.
    expect(run.summary.requests.sent).toBe(50);
    expect(srv.log.at(-1)!.sentAt).toBe(980);
  });

  it('stops at its duration when the completions do not come; the summary shows how few there were', async () => {
    const clock = new VirtualClock();
    const srv = new VirtualServer(clock, 5);
    const stage: Stage = { kind: 'rate', rate: 10, arrival: 'constant', durationS: 0.5, sizing: { minS: 0.2, minCompletions: 50 } };
    const run = await clock.run(() => runLevelDetailed('u', stage, { sender: srv, workload, clock }));
    expect(run.stoppedBy).toBe('duration');
    expect(run.summary.requests).toMatchObject({ sent: 5, ok: 5 });
  });

  it('closed loop: the same rule, users stop when the level has its samples', async () => {
    const clock = new VirtualClock();
    const srv = new VirtualServer(clock, 5);
    const stage: Stage = { kind: 'concurrency', users: 2, thinkMs: 0, durationS: 30, sizing: { minS: 0.2, minCompletions: 30 } };
    const run = await clock.run(() => runLevelDetailed('cl', stage, { sender: srv, workload, clock }));
    expect(run.stoppedBy).toBe('samples');
    // Two users, 5 ms per request: 2 completions every 5 ms; the 30 are in hand at 75 ms, the
    // floor holds the users to 200 ms: 40 rounds of 2, and no user starts another after it.
    expect(run.summary.requests).toMatchObject({ sent: 80, ok: 80 });
    expect(Math.max(...srv.log.map((x) => x.sentAt))).toBeLessThan(200);
    expect(clock.now()).toBe(200);
  });
});

describe('per-level distinct prompts', () => {
  it('counts distinct prompt texts (prompt or messages), not requests', async () => {
    const clock = new VirtualClock();
    const srv = new VirtualServer(clock, 5);
    const texts = ['a', 'b', 'c'];
    const w: Workload = { next: (seq): RequestSpec => ({ model: 'm', messages: [{ role: 'user', content: texts[seq % 3]! }], maxTokens: 2 }) };
    const run = await clock.run(() => runLevelDetailed('p', { kind: 'rate', rate: 20, arrival: 'constant', durationS: 0.5 }, { sender: srv, workload: w, clock }));
    expect(run.summary.requests.sent).toBe(10);
    expect(run.summary.requests.distinct_prompts).toBe(3);
    const fixed = await clock.run(() => runLevelDetailed('q', { kind: 'rate', rate: 20, arrival: 'constant', durationS: 0.2 }, { sender: srv, workload, clock }));
    expect(fixed.summary.requests.distinct_prompts).toBe(1);
  });
});

describe('steady-window throughput', () => {
  it('an evenly paced level reads its rate exactly; the drain tail is left out', () => {
    // Sends every 100 ms from 0 to 900; each takes 250 ms: ends 250..1150. Window [250, 850]
    // (the last completion at or before the last send at 900): 7 completions, 6 intervals, 600 ms.
    const ends = Array.from({ length: 10 }, (_, i) => 250 + 100 * i);
    expect(steadyRate(ends, 900)).toBeCloseTo(10, 9);
    // 4 req/s for 1 s, 100 ms each: ends 100, 350, 600, 850 → 4 req/s, not 3 / 0.9 s.
    expect(steadyRate([100, 350, 600, 850], 750)).toBeCloseTo(4, 9);
    expect(steadyRate([100, 350, 600, 850], 850)).toBeCloseTo(4, 9);
  });
  it('a saturated level reads the service rate, not the offered one, and not the burst after the last send', () => {
    // Offered 20 req/s for 1 s, served one every 100 ms; after the last send (950) the queue
    // drains in a burst every 10 ms (as if the load fell away) — excluded.
    const ends = [...Array.from({ length: 10 }, (_, i) => 100 + 100 * i).filter((e) => e <= 950), 960, 970, 980, 990, 1000];
    expect(steadyRate(ends, 950)).toBeCloseTo(10, 9);
  });
  it('undefined when the window is too short to say (a level shorter than a request)', () => {
    expect(steadyRate([500, 600], 400)).toBeUndefined();
    expect(steadyRate([], 400)).toBeUndefined();
    expect(steadyRate([100, 150], 200)).toBeUndefined();
    expect(steadyRate([100, 150, 180], -Infinity)).toBeUndefined();
  });
});
